"""How right is "did you mean"? Suggestions on correct queries, corrections of real typos.

On an index of all of ``../shared/data`` (built here unless ``--index`` is
given), with query sets built from the archive's own text by a fixed seed:

- **correct queries** (``--correct``, 400 by default): words and names taken
  from articles as written (English, French, German; single words, pairs,
  capitalised names, accented words), each occurring in the index. A
  suggestion on any of them is a false alarm (target: none);
- **misspellings** (``--typos``, 200 by default): real words of at least five
  letters found in several paragraphs, names among them, each given one
  realistic typo (a letter dropped, doubled, swapped with its neighbour, or
  replaced by a key next to it) or typed without its accents and with a
  typo; only typos that occur nowhere in the index are kept. A typo is
  corrected when the proposal gives the intended word's term (target: at
  least 70%).

Every query runs as the command runs it: the search, then the suggestion
policy (``Archive.suggest``). Usage::

    python benchmarks/suggestions.py [--index DIR] [--data ../shared/data] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from newsgrep import analysis, open_archive  # noqa: E402
from newsgrep.index import update_index  # noqa: E402
from newsgrep.readers import ReadOptions  # noqa: E402

DATA = HERE.parent.parent / "shared" / "data"
LANGS = ("en", "fr", "de")
#: Keys next to each other on a QWERTY/AZERTY/QWERTZ keyboard (the common ones).
NEIGHBOURS = {
    "a": "qsz", "b": "vn", "c": "xv", "d": "sf", "e": "wr", "f": "dg", "g": "fh", "h": "gj",
    "i": "uo", "j": "hk", "k": "jl", "l": "k", "m": "n", "n": "bm", "o": "ip", "p": "o",
    "q": "wa", "r": "et", "s": "ad", "t": "ry", "u": "yi", "v": "cb", "w": "qe", "x": "zc",
    "y": "tu", "z": "xa",
}  # fmt: skip


def build(data: Path, index_dir: Path) -> None:
    gnad = data / "10kgnad-de-test"
    csv = ReadOptions.from_pairs([("label", "0"), ("text", "1")], csv_delimiter=";",
                                 csv_quotechar="'", csv_header=False, lang="de")  # fmt: skip
    update_index([gnad], index_dir, options=csv)
    update_index([data, data.parent / "seeds"], index_dir)


def sample_words(archive, rng: random.Random, per_lang: int = 400):
    """{lang: [(written word, document frequency of its term)]} from articles' text."""
    session = archive.session
    heads = sorted(session.all_heads)
    rng.shuffle(heads)
    found: dict[str, dict[str, int]] = {lang: {} for lang in LANGS}
    for head in heads:
        fields = session.headline(head)
        lang = fields.get("lang")
        if lang not in found or len(found[lang]) >= per_lang * 3:
            continue
        for paragraph in fields["paragraphs"][:3]:
            for word in analysis.WORD.findall(paragraph):
                stop = analysis.fold(word) in analysis.stopwords(lang)
                if len(word) < 4 or not word.isalpha() or stop:
                    continue
                terms = analysis.terms(word, lang)
                if len(terms) == 1:
                    found[lang].setdefault(word, session.doc_frequency("text", terms[0]))
        if all(len(v) >= per_lang * 3 for v in found.values()):
            break
    return {lang: list(words.items()) for lang, words in found.items()}


def correct_queries(words, rng: random.Random, count: int) -> list[tuple[str, str]]:
    """(query, kind): words as written, pairs, names, accented words."""
    out: list[tuple[str, str]] = []
    pool = [(w, lang) for lang, ws in words.items() for w, _df in ws]
    names = [(w, lang) for w, lang in pool if w[:1].isupper()]
    accented = [(w, lang) for w, lang in pool if not w.isascii()]
    rng.shuffle(pool)
    for kind, source, n in (("name", names, count // 4), ("accented", accented, count // 5)):
        for w, _lang in rng.sample(source, min(n, len(source))):
            out.append((w, kind))
    while len(out) < count * 3 // 4:
        w, _lang = pool[len(out) % len(pool)]
        out.append((w, "word"))
    by_lang = {lang: [w for w, _ in ws] for lang, ws in words.items()}
    while len(out) < count:
        lang = rng.choice(LANGS)
        out.append((" ".join(rng.sample(by_lang[lang], 2)), "pair"))
    return out


def typo(word: str, rng: random.Random) -> str:
    letters = list(word)
    i = rng.randrange(1, len(letters) - 1)  # (not the first letter: people rarely miss it)
    how = rng.choice(["drop", "double", "swap", "key"])
    if how == "drop":
        del letters[i]
    elif how == "double":
        letters.insert(i, letters[i])
    elif how == "swap" and i + 1 < len(letters):
        letters[i], letters[i + 1] = letters[i + 1], letters[i]
    else:
        lower = letters[i].lower()
        if lower in NEIGHBOURS:
            key = rng.choice(NEIGHBOURS[lower])
            letters[i] = key.upper() if letters[i].isupper() else key
        else:
            del letters[i]
    return "".join(letters)


def misspellings(archive, words, rng: random.Random, count: int) -> list[tuple[str, str, str]]:
    """(typo, intended word, lang): typos of real words that occur nowhere in the index."""
    from newsgrep.suggest import _occurs

    session = archive.session
    out = []
    pool = [(w, lang) for lang, ws in words.items() for w, df in ws if df >= 5 and len(w) >= 5]
    rng.shuffle(pool)
    names = [(w, lang) for w, lang in pool if w[:1].isupper()]
    accented = [(w, lang) for w, lang in pool if not w.isascii()]
    picks = names[: count // 4] + accented[: count // 5] + pool
    for word, lang in picks:
        if len(out) >= count:
            break
        wrong = typo(word, rng)
        if not word.isascii() and rng.random() < 0.7:
            wrong = analysis.fold(wrong) if word.islower() else wrong.translate(_PLAIN)
        if wrong == word or _occurs(session, wrong):
            continue
        out.append((wrong, word, lang))
    return out


_PLAIN = str.maketrans("éèêëàâäîïôöûüùçÉÈÀÔÖÜß", "eeeeaaaiioouuucEEAOOUs")


def finds(archive, typed: str, intended: str, lang: str) -> bool:
    """Whether the search for a typo already finds articles with the intended word."""
    from newsgrep.suggest import FEW_RESULTS

    result = archive.search(typed, limit=5, highlight=False)
    if result.total_articles < FEW_RESULTS:
        return False
    terms = set(analysis.terms(intended, lang))
    return any(
        terms & set(analysis.terms(" ".join([a.title, *(h.text for h in a.hits)]), a.lang))
        for a in result.articles
    )


def run(archive, query: str):
    started = time.perf_counter()
    result = archive.search(query, limit=1, highlight=False)
    suggestion = archive.suggest(query, result)
    return suggestion, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", type=Path, help="an index of ../shared/data (built if absent)")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--correct", type=int, default=400)
    parser.add_argument("--typos", type=int, default=200)
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    args = parser.parse_args()
    if not args.data.exists():
        print(f"suggestions: no data at {args.data}", file=sys.stderr)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        index_dir = args.index or Path(tmp) / "index"
        if not (index_dir / "newsgrep.json").exists():
            print(f"indexing {args.data} ...", file=sys.stderr)
            build(args.data, index_dir)
        rng = random.Random(args.seed)
        archive = open_archive(index_dir)
        words = sample_words(archive, rng)
        correct = correct_queries(words, rng, args.correct)
        typos = misspellings(archive, words, rng, args.typos)
        false = []
        times = []
        for query, kind in correct:
            suggestion, seconds = run(archive, query)
            times.append(seconds)
            if suggestion:
                false.append((query, kind, suggestion.suggestion))
        right, wrong, none, served = [], [], [], []
        for wrong_word, intended, lang in typos:
            suggestion, seconds = run(archive, wrong_word)
            times.append(seconds)
            if suggestion is None:
                if finds(archive, wrong_word, intended, lang):
                    served.append((wrong_word, intended))
                else:
                    none.append((wrong_word, intended))
            elif analysis.terms(suggestion.suggestion, lang) == analysis.terms(intended, lang):
                right.append((wrong_word, intended))
            else:
                wrong.append((wrong_word, intended, suggestion.suggestion))
    kinds = ", ".join(sorted({k for _q, k in correct}))
    shown = f"{len(false)} ({len(false) / len(correct):.1%})"
    print(f"correct queries: {len(correct)} ({kinds}); a suggestion shown on {shown}; target 0")
    needing = len(typos) - len(served)
    print(f"misspellings: {len(typos)}; found as they are by the search (another spelling of "
          f"a name, the same stem): {len(served)}; of the {needing} others, corrected to the "
          f"intended word: {len(right)} ({len(right) / max(needing, 1):.1%}; target 70%), to "
          f"another word: {len(wrong)}, no suggestion: {len(none)}")  # fmt: skip
    print(f"time per query (search and suggestion): median {statistics.median(times):.3f} s, "
          f"slowest {max(times):.3f} s")  # fmt: skip
    if args.verbose:
        for query, kind, proposal in false:
            print(f"  false alarm ({kind}): {query!r} -> {proposal!r}")
        for typo_, intended, proposal in wrong:
            print(f"  wrong: {typo_!r} -> {proposal!r} (meant {intended!r})")
        for typo_, intended in none:
            print(f"  missed: {typo_!r} (meant {intended!r})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
