"""Saved searches kept with the index, and what is new for them after each `newsgrep index` run.

The saved searches of an index are kept in ``watches.json`` inside the
index folder (so a copied index keeps them), written whole to a temporary
file and renamed into place, under the index's write lock. Each one
remembers, by article id, the matching articles already seen and the
unseen ones:

- when it is saved, every article it matches then counts as seen;
- at the end of every index run, before the run is committed, the saved
  searches are evaluated over the articles the run has just indexed, alone
  (the run's new segments: :meth:`~newsgrep.engine.store.IndexWriter.new_searcher`),
  so the cost grows with the new articles and the saved searches, not with
  the archive (*percolation*). An article matched there that is neither seen
  nor unseen is new; an unseen one that was read again and matches no more
  is dropped; an unseen one whose file left the index (deleted, or moved
  and read again under another id) is dropped and counted as gone;
- an article moved or read again keeps its id, so it is not new again
  (a plain-text article's id is its text's: changed text, new article);
- `newsgrep watch new` shows the unseen matches and makes them seen.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .archive import Archive, default_index_dir
from .batch import NamedQuery
from .errors import NewsgrepError
from .results import SearchResult

#: The file of saved searches, inside the index folder.
WATCH_FILE = "watches.json"
WATCH_FORMAT = 1
#: Seconds a change to the saved searches waits for a running `newsgrep index`.
LOCK_TIMEOUT = 60.0


@dataclass
class Watch:
    """A saved search and what it has matched so far (article ids)."""

    query: NamedQuery
    added: str = ""
    seen: set[str] = field(default_factory=set)
    unseen: list[str] = field(default_factory=list)  # in the order they came

    @property
    def name(self) -> str:
        return self.query.name

    def to_json(self) -> dict:
        q = self.query
        return {"name": q.name, "query": q.query, "since": q.since, "until": q.until,
                "source": list(q.sources), "lang": list(q.langs), "added": self.added,
                "seen": sorted(self.seen), "unseen": self.unseen}  # fmt: skip

    @classmethod
    def from_json(cls, d: dict) -> Watch:
        named = NamedQuery(d["name"], d["query"], d.get("since"), d.get("until"),
                           tuple(d.get("source", ())), tuple(d.get("lang", ())))  # fmt: skip
        return cls(named, d.get("added", ""), set(d.get("seen", ())), list(d.get("unseen", ())))


# ---------------------------------------------------------------- the file


def load(index_dir: Path) -> dict[str, Watch]:
    """The saved searches of an index, by name (none: an empty dict)."""
    path = Path(index_dir) / WATCH_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {d["name"]: Watch.from_json(d) for d in data["watches"]}
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise NewsgrepError(
            f"the saved searches of the index at {index_dir} cannot be read ({e})",
            hint=f"Move {path} away to start again without them.",
        ) from e


def save(index_dir: Path, watches: dict[str, Watch]) -> None:
    """Write the saved searches at once: a temporary file renamed into place (a run killed
    while writing leaves the previous file; the next index run removes the temporary)."""
    from .engine.store import FORMAT_FILE

    data = {"format": WATCH_FORMAT, "watches": [w.to_json() for w in watches.values()]}
    final = Path(index_dir) / WATCH_FILE
    temporary = Path(index_dir) / f"{FORMAT_FILE}.watches.{os.getpid()}"
    with open(temporary, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=0)
        f.write("\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(temporary, final)


@contextlib.contextmanager
def changing(index_dir: Path | None, lock_timeout: float = LOCK_TIMEOUT) -> Iterator[dict]:
    """The saved searches, to change under the index's write lock; saved if no error."""
    from .engine.store import write_lock

    index_dir = Path(index_dir) if index_dir else default_index_dir()
    with write_lock(index_dir, lock_timeout):
        watches = load(index_dir)
        before = json.dumps([w.to_json() for w in watches.values()])
        yield watches
        if json.dumps([w.to_json() for w in watches.values()]) != before:
            save(index_dir, watches)


# ---------------------------------------------------------------- changing them


def check_name(name: str) -> str:
    name = name.strip()
    if not name or any(ord(c) < 32 for c in name):
        raise NewsgrepError(f"not a name for a saved search: {name!r}",
                            hint="Give a name such as sanctions-list.")  # fmt: skip
    return name


def add(
    index_dir: Path | None,
    queries: Iterable[NamedQuery],
    replace: bool = False,
    lock_timeout: float = LOCK_TIMEOUT,
) -> list[tuple[Watch, str]]:
    """Save ``queries``; what each matches now counts as seen. Returns (watch, what was
    done: "added", "replaced" or "unchanged"). A name already saved is an error unless
    ``replace`` (a saved search given again as it is keeps what it has seen)."""
    index_dir = Path(index_dir) if index_dir else default_index_dir()
    done = []
    with changing(index_dir, lock_timeout) as watches, Archive(index_dir) as archive:
        for named in queries:
            named.check()
            old = watches.get(named.name)
            if old is not None and old.query == _unlined(named):
                done.append((old, "unchanged"))
                continue
            if old is not None and not replace:
                raise NewsgrepError(
                    f"there is already a saved search named {named.name!r}",
                    hint=f"`newsgrep watch remove {named.name}` first, or choose another name.",
                )
            result = archive.search(named.query, limit=1, filters=named.filters(),
                                    highlight=False)  # fmt: skip
            seen = {archive.session.aid_at(h) for h in result.heads}
            now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            watch = Watch(_unlined(named), now, seen)
            watches[named.name] = watch
            done.append((watch, "replaced" if old is not None else "added"))
    return done


def _unlined(named: NamedQuery) -> NamedQuery:
    """The query as kept: without the line of the list it came from."""
    from dataclasses import replace

    return replace(named, line=0)


def remove(index_dir: Path | None, names: Iterable[str], lock_timeout: float = LOCK_TIMEOUT
           ) -> list[str]:  # fmt: skip
    """Forget the saved searches ``names``; returns the names that were not saved."""
    missing = []
    with changing(index_dir, lock_timeout) as watches:
        for name in names:
            if watches.pop(name, None) is None:
                missing.append(name)
    return missing


def listed(index_dir: Path | None) -> list[tuple[NamedQuery, int]]:
    """Every saved search, by name, with its number of unseen matches."""
    watches = load(Path(index_dir) if index_dir else default_index_dir())
    return [(w.query, len(w.unseen)) for _n, w in sorted(watches.items())]


# ---------------------------------------------------------------- after an index run


def percolate(
    index_dir: Path, writer, gone_paths: set[str], rebuild: bool
) -> list[tuple[str, int, int]]:
    """Evaluate the saved searches over the articles the run being committed has indexed,
    alone; update what each has unseen (under the run's write lock, before its commit).
    Returns (name, new articles, unseen articles gone) for the searches with news."""
    from .engine.reading import Session

    watches = load(index_dir)
    if not watches:
        return []
    searcher = writer.new_searcher()
    fresh: set[str] = set()
    matched: dict[str, set[str]] = {name: set() for name in watches}
    with contextlib.ExitStack() as stack:
        whole = None if rebuild else Session(index_dir)  # the committed index
        if whole is not None:
            stack.callback(whole.close)
        if searcher is not None:
            part = Session(index_dir, searcher)
            stack.callback(part.close)
            fresh = {part.aid_at(h) for h in part.all_heads}
            reference = whole if whole is not None and whole.doc_count() else None
            for name, watch in watches.items() if fresh else ():
                try:
                    matched[name] = _matches(part, reference, watch.query)
                except NewsgrepError:  # (a pattern that stands for too many words now)
                    continue
        unseen = {a for w in watches.values() for a in w.unseen} - fresh
        alive = _still_indexed(whole, unseen, gone_paths) if whole is not None else set()
    alerts = []
    for name, watch in watches.items():
        kept, gone = [], 0
        for aid in watch.unseen:
            if aid in fresh:  # read again: unseen while it still matches
                if aid in matched[name]:
                    kept.append(aid)
            elif aid in alive:
                kept.append(aid)
            else:
                gone += 1
        have = set(kept)
        new_ids = sorted(matched[name] - watch.seen - have)
        watch.unseen = kept + new_ids
        if new_ids or gone:
            alerts.append((name, len(new_ids), gone))
    save(index_dir, watches)
    return alerts


def _matches(part, whole, named: NamedQuery) -> set[str]:
    """Ids of the articles of ``part`` (a session over new articles) that ``named``
    matches, as a search of the whole index would: names are told from common words
    (:func:`~newsgrep.matching.names_by_language`) by ``whole`` when there is one."""
    from .matching import match, names_by_language
    from .query import normalize_text, split_date_clauses

    text, since, until = split_date_clauses(normalize_text(named.query))
    filter_query = named.filters().narrowed(since, until).query()
    restrict = (
        {part.head_of(d) for d in part.query_docs(filter_query)}
        if filter_query is not None
        else None
    )
    names = names_by_language(whole, text) if whole is not None and text.strip() else None
    found = match(part, text, restrict, same_paragraph=False, exact=False, names=names)
    return {part.aid_at(h) for h in found.articles}


def _still_indexed(whole, ids: set[str], gone_paths: set[str]) -> set[str]:
    """Those of ``ids`` whose article the committed index holds, in a file this run keeps."""
    alive = set()
    for aid in ids:
        if any(whole.stored(h).get("path") not in gone_paths for h in whole.heads_where(aid=aid)):
            alive.add(aid)
    return alive


# ---------------------------------------------------------------- what is new


@dataclass
class News:
    """One saved search's unseen matches: a search result over them alone."""

    name: str
    query: NamedQuery
    result: SearchResult
    gone: int  # unseen articles no longer in the index


class Inbox:
    """The unseen matches of saved searches, read from one open archive; ``mark_seen()``
    makes them seen (under the index's write lock, held from the start unless ``peek``)."""

    def __init__(self, index_dir: Path | None, peek: bool = False,
                 lock_timeout: float = LOCK_TIMEOUT) -> None:  # fmt: skip
        self.index_dir = Path(index_dir) if index_dir else default_index_dir()
        self.peek = peek
        self._stack = contextlib.ExitStack()
        self.watches = (
            load(self.index_dir) if peek
            else self._stack.enter_context(changing(self.index_dir, lock_timeout))
        )  # fmt: skip
        self.archive = self._stack.enter_context(Archive(self.index_dir))
        self._shown: list[Watch] = []

    def __enter__(self) -> Inbox:
        return self

    def __exit__(self, kind, error, tb) -> None:
        # (after an error, `changing` saves nothing: no match is marked seen)
        self._stack.__exit__(kind, error, tb)

    def news(self, names: Iterable[str] = (), highlight: bool = True, **options) -> Iterator[News]:
        """Each saved search's unseen matches (of ``names``, or all), best first."""
        names = list(names)
        for name in names:
            if name not in self.watches:
                raise NewsgrepError(f"no saved search named {name!r}",
                                    hint="`newsgrep watch list` shows them.")  # fmt: skip
        session = self.archive.session
        for name, watch in sorted(self.watches.items()):
            if names and name not in names:
                continue
            ids = set(watch.unseen)
            present = {a for a in ids if session.heads_where(aid=a)}
            result = self.archive.search(
                watch.query.query, limit=None, filters=watch.query.filters(), ids=present,
                highlight=highlight, lazy=True, **options,
            )  # fmt: skip
            self._shown.append(watch)
            yield News(name, watch.query, result, len(ids - present))

    def mark_seen(self) -> None:
        """Every unseen match of the searches read so far is seen now (not with ``peek``)."""
        if self.peek:
            return
        for watch in self._shown:
            watch.seen.update(watch.unseen)
            watch.unseen = []
