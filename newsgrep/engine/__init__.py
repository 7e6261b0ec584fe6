"""The search engine behind newsgrep: Whoosh 2.7.4, and the only package that imports it.

Everything else in newsgrep works on its own types (query nodes of
:mod:`newsgrep.query`, results of :mod:`newsgrep.results`, articles of
:mod:`newsgrep.articles`) and reaches the index through three doors:

- :mod:`~newsgrep.engine.store`: opening and creating an index folder, its
  format and damage checks, :class:`~newsgrep.engine.store.IndexWriter`;
- :mod:`~newsgrep.engine.reading`: :class:`~newsgrep.engine.reading.Session`,
  postings, columns and stored fields for search;
- :mod:`~newsgrep.engine.parsing`: the query text, read with Whoosh's query
  syntax into newsgrep's query nodes.

The other modules are theirs: :mod:`~newsgrep.engine.shims` (import-time
workarounds), :mod:`~newsgrep.engine.codec` (the posting codec),
:mod:`~newsgrep.engine.schema` (fields, tokenizer adapters, an article's
documents) and :mod:`~newsgrep.engine.segments` (segment building, worker
processes).

Index files pickle four classes by their paths: ``NewsCodec`` and
``PackedPositions`` (:mod:`~newsgrep.engine.codec`), ``NewsTokenizer`` and
``NameKeyTokenizer`` (:mod:`~newsgrep.engine.schema`). Moving one breaks
every index built before; indexes written before these modules existed
name them ``newsgrep.index.*``, which :mod:`newsgrep.index` still resolves.

Private Whoosh names relied on, and why (all of Whoosh 2.7.4, pinned):

codec.py (newsgrep's posting blocks, written and read in place of Whoosh's pickles)
    ``W3PostingsWriter``: ``_write_block``, ``_new_block``, ``_ids``,
    ``_weights``, ``_values``, ``_maxweight``, ``_minlength``, ``_maxlength``,
    ``_blockcount``, ``_byteids``, ``_format``, ``_compression``,
    ``_postfile``, ``_terminfo``, ``_blocklimit``, ``_inlinelimit``;
    ``W3LeafMatcher``: ``_goto``, ``_read_data``, ``_read_ids``,
    ``_read_weights``, ``_read_values``, ``_data``, ``_ids``, ``_weights``,
    ``_values``, ``_i``, ``_lastblock``, ``_nextoffset``, ``_blocklength``,
    ``_maxid``, ``_maxweight``, ``_minlength``, ``_maxlength``,
    ``_compression``, ``_dataoffset``, ``_fixedsize``, ``_postfile``.
segments.py (segments written straight from documents, without Whoosh's pool)
    per-document writer: ``_create_column``, ``_colwriters``,
    ``_fieldlengths``; column writer: ``_dbfile``, ``_count``; field
    writer: ``_postwriter``, ``_tindex``, ``_fieldid``, ``_format``;
    ``W3TermInfo``: ``_weight``, ``_df``, ``_minlength``, ``_maxlength``,
    ``_maxweight``, ``_minid``, ``_maxid`` (a one-block term's info written
    without Whoosh's per-term calls); ``NumericColumn``: ``_typecode``,
    ``_default`` (columns written whole).
reading.py (postings and columns read a block or a column at a time)
    segment reader: ``_perdoc`` (columns, deleted documents), ``_terms``
    (a term's matcher without Whoosh's scorer set-up); ``W3LeafMatcher``:
    ``_read_ids``, ``_read_weights``, ``_ids``, ``_weights``,
    ``_next_block``; column reader: ``_dbfile``, ``_basepos``, ``_count``,
    ``_fixedlen``, ``_default``; ``MultiTerm._btexts`` (the words a prefix,
    wildcard or fuzzy word expands to).
store.py (commits written by newsgrep, not Whoosh's SegmentWriter)
    ``whoosh.index``: ``_CURRENT_TOC_VERSION``, ``_INT_SIZE``,
    ``_LONG_SIZE``, ``_FLOAT_SIZE`` (a table of contents written as
    ``TOC.write`` does, synced before its rename); ``FileIndex._read_toc``
    and ``_schema`` (an index held at one verified table of contents);
    segment reader: ``_perdoc.stored_fields`` (every file's record read a
    segment at a time).
segments.py, merge policy
    a ``newsgrep_postings`` attribute set on each segment it writes
    (pickled with the segment in the table of contents; older segments
    lack it and are taken as a build's).
"""
