"""What an index run holds in memory per file and per article, before any file is read.

A first run over a folder lists every file to read before it reads them, and
keeps every article's story sketch until the commit. This measures, in one
process, on a real folder (the same files for both):

- the run's list of files to read (``newsgrep.index._Todo``: paths and
  signatures in one buffer), against what runs before it held: a set of the
  paths walked and one of the paths present, a tuple of each file's path,
  signature and options, and another with how to read it;
- the sketches as the run keeps them (``_pack_sketch``: one bytes object an
  article) against the six-object tuples of before, on the first
  ``--articles`` files of the folder;
- the stories of those articles as a later run reads them back at its
  commit (``Stories.from_state``, the LSH bands sorted), held and at the peak.

The figures are what Python allocated for them and still holds (tracemalloc),
in bytes per file or article; the times are slowed by the tracing. The whole
process tree of a real run, over time, is sampled by ``speed.py`` (``Peak
memory``).

Usage: python benchmarks/run_memory.py FOLDER [--articles 5000]
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
import tracemalloc
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsgrep import stories  # noqa: E402
from newsgrep.corpus import CorpusFile, read_articles, walk_corpus  # noqa: E402
from newsgrep.engine.store import _pack_sketch  # noqa: E402
from newsgrep.index import _read_file, _Todo  # noqa: E402
from newsgrep.readers import DEFAULT_OPTIONS  # noqa: E402


def grown(build) -> tuple[object, int, float]:
    """(what ``build()`` made, bytes it holds as Python allocated them, seconds)."""
    gc.collect()
    tracemalloc.start()
    start = time.perf_counter()
    made = build()
    seconds = time.perf_counter() - start
    gc.collect()
    held = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return made, held, seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--articles", type=int, default=5000)
    args = ap.parse_args()

    def compact() -> _Todo:
        todo = _Todo()
        for item in walk_corpus([args.folder]):
            if isinstance(item, CorpusFile):
                todo.add(str(item.path), item.signature, item.shown)
        return todo

    def as_before() -> list:
        # As update_index held them until the files were read: a set of the paths
        # walked, (path, signature, (options, shown)) for each, a set of the paths
        # present, then (path, signature, how to read it) for each.
        walked, found = set(), []
        for item in walk_corpus([args.folder]):
            if isinstance(item, CorpusFile):
                path = str(item.path)
                walked.add(path)
                found.append((path, item.signature, (DEFAULT_OPTIONS, item.shown)))
        present = {path for path, _s, _h in found}
        todo = [(p, s, partial(_read_file, p, h[0], h[1], "en")) for p, s, h in found]
        return [walked, found, present, todo]

    todo, todo_bytes, todo_s = grown(compact)
    files = len(todo)
    del todo
    before, before_bytes, before_s = grown(as_before)
    del before
    print(f"{args.folder}: {files:,} files")
    print(f"  files to read, compact:   {todo_bytes / files:7.0f} B a file ({todo_s:.1f} s)")
    print(f"  files to read, as before: {before_bytes / files:7.0f} B a file ({before_s:.1f} s)")

    sketches = []
    for item in walk_corpus([args.folder]):
        if isinstance(item, CorpusFile):
            for a in read_articles(item.path):
                s = stories.sketch(a.title, a.paragraphs)
                sketches.append((a.address, a.date, a.id, a.source, s.signature, s.paragraphs))
            if len(sketches) >= args.articles:
                break
    if not sketches:
        return
    # Each sketch made anew (as it arrives from a worker: no object shared).
    import pickle

    wire = [pickle.dumps(t) for t in sketches]
    del sketches
    packed, packed_bytes, _ = grown(
        lambda: [_pack_sketch(n, pickle.loads(w)) for n, w in enumerate(wire)]
    )
    del packed
    tuples, tuple_bytes, _ = grown(lambda: [pickle.loads(w) for w in wire])
    del tuples
    n = len(wire)
    print(f"{n:,} articles' story sketches held until the commit")
    print(f"  packed:      {packed_bytes / n:7.0f} B an article")
    print(f"  as tuples:   {tuple_bytes / n:7.0f} B an article")

    # The stories of those articles, read back at a commit as a later run does,
    # with their LSH bands sorted (done after SCANS lookups): held, and at the peak.
    group = stories.Stories()
    for address, date, aid, source, sig, paragraphs in map(pickle.loads, wire):
        group.add(address, sig, date, aid, source, paragraphs)
    state = group.state()
    del group
    gc.collect()
    tracemalloc.start()
    started = time.perf_counter()
    again = stories.Stories.from_state(state)
    again.index._put_many([], [])
    seconds = time.perf_counter() - started
    held, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"the stories of the {len(again):,} articles read back at a commit ({seconds:.1f} s)")
    print(f"  held: {held / n:7.0f} B an article, at the peak {peak / n:7.0f} B")


if __name__ == "__main__":
    main()
