"""newsgrep's posting codec: Whoosh's W3 codec with compact posting blocks and positions.

Whoosh pickles each posting block's tuples of document numbers, weights and
values: a float per weight, a pickled bytes object per value, some thirty
bytes of pickled header per block, and each document's positions as a
pickled list behind a four-byte count. Here a document number gap or a word
count is usually one byte, the header is fixed-size, and positions are
variable-length byte deltas. Index files pickle :class:`NewsCodec` and
:class:`PackedPositions` by their class paths (see :mod:`newsgrep.engine`).
"""

from __future__ import annotations

import struct
import sys
import zlib
from array import array
from itertools import accumulate
from operator import sub

from . import shims

with shims.loading():
    from whoosh.codec.whoosh3 import W3Codec, W3LeafMatcher, W3PostingsWriter
    from whoosh.formats import Positions
    from whoosh.matching import ListMatcher
    from whoosh.util.numeric import byte_to_length, length_to_byte


class PackedPositions(Positions):
    """A word's positions in a document as variable-length deltas: one byte each
    in a paragraph of under 128 words.

    Whoosh's own encoding pickles the list behind a four-byte count, about ten
    bytes for a word that occurs once, which made the positions half of the
    index. The count is the number of deltas, so it needs no bytes of its own.
    """

    def encode(self, poslist) -> bytes:
        out = bytearray()
        base = 0
        for pos in poslist:
            delta = pos - base
            base = pos
            while delta >= 0x80:
                out.append(delta & 0x7F | 0x80)
                delta >>= 7
            out.append(delta)
        return bytes(out)

    def decode_positions(self, valuestring: bytes) -> list[int]:
        positions = []
        pos = delta = shift = 0
        for byte in valuestring:
            delta |= (byte & 0x7F) << shift
            if byte & 0x80:
                shift += 7
            else:
                pos += delta
                positions.append(pos)
                delta = shift = 0
        return positions

    def decode_frequency(self, valuestring: bytes) -> int:
        return sum(byte < 0x80 for byte in valuestring)


# A posting block: its length, a fixed header, then the block's arrays,
# compressed together. The header holds the number of postings, the last
# document number, the largest weight, the smallest and largest field length
# (as bytes), whether the arrays are compressed, and the type codes of the
# arrays of document number gaps, weights and value sizes.
BLOCK_INFO = struct.Struct("<IIfBBBBBB")
BLOCK_LENGTH = struct.Struct("!i")  # as StructFile.write_int writes it
_NO_ARRAY = 0  # a type code byte: the array is left out (weights all 1, no values)
_FIXED_SIZE = 1  # values of the format's fixed size, one after the other
LITTLE = sys.byteorder == "little"


def _smallest_array(values, floats: bool = False) -> array:
    """``values`` in the narrowest array that holds them exactly."""
    if floats:
        try:
            ints = array("I", map(int, values))
        except (OverflowError, ValueError):  # negative, huge or not a number
            return array("f", values)
        if ints != values:  # fractions
            return array("f", values)
        values = ints
    top = max(values, default=0)
    code = "B" if top < 1 << 8 else "H" if top < 1 << 16 else "I"
    return array(code, values)


def _array_bytes(arr: array) -> bytes:
    if not LITTLE:
        arr = array(arr.typecode, arr)
        arr.byteswap()
    return arr.tobytes()


def _array_from(code: str, data, start: int, count: int) -> tuple[array, int]:
    try:
        arr = array(code)
    except ValueError:
        raise struct.error(f"a posting block has an unknown type code {code!r}") from None
    end = start + count * arr.itemsize
    if end > len(data):
        raise struct.error("a posting block is cut short")
    arr.frombytes(data[start:end])
    if not LITTLE:
        arr.byteswap()
    return arr, end


class _BlockWriter(W3PostingsWriter):
    """Writes posting blocks as typed arrays rather than as Whoosh's pickles.

    Whoosh pickles each block's tuples of document numbers, weights and
    values: a float per weight, a pickled bytes object per value, some thirty
    bytes of pickled header per block. Here a document number delta or a
    word count is usually one byte, and the header is fixed-size.
    """

    def _write_block(self, last: bool = False) -> None:
        if self._byteids:  # term vectors, which newsgrep does not keep
            return super()._write_block(last)
        if not self._blockcount:
            self._postfile.write(b"W3Bl")
        self._terminfo.add_block(self)
        self._postfile.write(
            block_bytes(
                self._ids,
                self._weights,
                self._values,
                self._format,
                self._compression,
                self._maxweight,
                self._minlength,
                self._maxlength,
                last,
            )
        )
        self._blockcount += 1
        self._new_block()


def block_bytes(
    ids, weights, values, format_, compression, maxweight, minlength, maxlength, last
) -> bytes:
    """One posting block as :class:`_BlockWriter` writes it, its length first."""
    deltas = [ids[0]]
    deltas += map(sub, ids[1:], ids)
    deltas = _smallest_array(deltas)
    ones = weights.count(1.0) == len(weights)
    weight_arr = None if ones else _smallest_array(weights, True)
    parts = [_array_bytes(deltas)]
    if weight_arr is not None:
        parts.append(_array_bytes(weight_arr))
    value_codes = _NO_ARRAY
    fixed = format_.fixed_value_size()
    if fixed and fixed > 0:
        value_codes = _FIXED_SIZE
        parts.append(b"".join(values))
    elif fixed != 0 and any(values):
        sizes = _smallest_array(list(map(len, values)))
        value_codes = ord(sizes.typecode)
        parts.append(_array_bytes(sizes))
        parts.append(b"".join(values))
    data = b"".join(parts)
    comp = compression if len(data) >= 20 else 0
    if comp:
        data = zlib.compress(data, comp)
    info = BLOCK_INFO.pack(
        len(ids),
        ids[-1],
        maxweight,
        length_to_byte(minlength),
        length_to_byte(maxlength),
        bool(comp),
        ord(deltas.typecode),
        _NO_ARRAY if weight_arr is None else ord(weight_arr.typecode),
        value_codes,
    )
    length = len(info) + len(data)
    return BLOCK_LENGTH.pack(-length if last else length) + info + data


class _BlockMatcher(W3LeafMatcher):
    """Reads the blocks :class:`_BlockWriter` writes."""

    def _goto(self, position: int) -> None:
        postfile = self._postfile
        self._data = self._ids = self._weights = self._values = None
        self._i = 0
        length = postfile.get_int(position)
        self._lastblock = length < 0
        length = abs(length)
        self._nextoffset = position + 4 + length
        info = BLOCK_INFO.unpack(postfile.get(position + 4, BLOCK_INFO.size))
        (
            self._blocklength,
            self._maxid,
            self._maxweight,
            mnlen,
            mxlen,
            self._compression,
            *self._codes,
        ) = info
        self._dataoffset = position + 4 + BLOCK_INFO.size
        self._minlength = byte_to_length(mnlen)
        self._maxlength = byte_to_length(mxlen)

    def _read_data(self) -> None:
        data = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)
        if self._compression:
            data = zlib.decompress(data)
        count = self._blocklength
        id_code, weight_code, _values_code = self._codes
        deltas, at = _array_from(chr(id_code), data, 0, count)
        weights = None
        if weight_code != _NO_ARRAY:
            weights, at = _array_from(chr(weight_code), data, at, count)
        # Values (positions) are cut out only when asked for: most searches
        # need the numbers alone.
        self._data = (deltas, weights, (data, at))

    def _read_ids(self) -> None:
        if self._data is None:
            self._read_data()
        self._ids = array("I", accumulate(self._data[0]))

    def _read_weights(self) -> None:
        if self._data is None:
            self._read_data()
        weights = self._data[1]
        # Word counts stay whole numbers, which search adds up without a loop.
        self._weights = array("B", [1]) * self._blocklength if weights is None else weights

    def _read_values(self) -> None:
        if self._data is None:
            self._read_data()
        data, at = self._data[2]
        count = self._blocklength
        size_code = self._codes[2]
        if size_code == _FIXED_SIZE:
            size = self._fixedsize
            values = [data[i : i + size] for i in range(at, at + count * size, size)]
        elif size_code != _NO_ARRAY:
            sizes, at = _array_from(chr(size_code), data, at, count)
            values = []
            for size in sizes:
                values.append(data[at : at + size])
                at += size
        else:
            values = (None if self._fixedsize == 0 else b"",) * count
        self._values = values


class NewsCodec(W3Codec):
    """Whoosh's codec with compact posting blocks (see :class:`_BlockWriter`)."""

    def postings_writer(self, dbfile, byteids: bool = False):
        return _BlockWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        if terminfo.is_inlined():
            ids, weights, values = terminfo.inlined_postings()
            return ListMatcher(
                ids, weights, values, format_, scorer=scorer, term=term, terminfo=terminfo
            )
        offset, length = terminfo.extent()
        return _BlockMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)
