"""How fast the readers of press exports, PDF, Word, RTF and e-mail read a big file.

The target (issue 20): a 100-page text PDF or a 500-article export in under
2 s on the 2-core reference machine. The files are made by the tests' own
fixture builders (tests/press_fixtures.py), in a temporary folder:

    python benchmarks/press_formats.py            # 5 runs each, best and median
    python benchmarks/press_formats.py --runs 1

Each file is read by ``newsgrep.corpus.read_articles`` in this process,
after one warm-up read (which also pays for importing the format's library).
Wall time and CPU time (of this process) are both reported: on a machine
busy with other work the wall time says how long a user waited, the CPU time
how long the reading takes on one free core. The target is checked on the
median of either, and the table says which.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsgrep.corpus import read_articles  # noqa: E402
from tests.press_fixtures import (  # noqa: E402
    STORIES,
    factiva_html,
    factiva_rtf,
    lexisnexis_text,
    make_docx,
    make_email,
    make_pdf,
    mbox,
    nexis_uni_paragraphs,
    report_pages,
    sentence,
)

TARGET_SECONDS = 2.0


def _factiva_stories(count: int) -> list[dict]:
    stories = []
    for i in range(count):
        story = dict(STORIES[i % 2])
        story["title"] = f"Story {i}: {sentence(i, 6)}"
        story["text"] = [
            " ".join(sentence(i * 100 + k * 10 + j) for j in range(5)) for k in range(6)
        ]
        stories.append(story)
    return stories


def files(folder: Path) -> dict[str, tuple[Path, int]]:
    """name -> (path, articles expected)."""
    stories = _factiva_stories(500)
    messages = [
        make_email(f"Message {i}", f"sender{i}@example.org", "Mon, 11 Jan 2010 10:00:00 +0000",
                   html="".join(f"<p>{sentence(i * 10 + k)}</p>" for k in range(30)))
        for i in range(500)
    ]  # fmt: skip
    made = {
        "report-100-pages.pdf": (make_pdf(report_pages(100)), 1),
        "kerned-100-pages.pdf": (make_pdf(report_pages(100), kerned=True), 1),
        "lexisnexis-500.txt": (lexisnexis_text(500).encode(), 500),
        "nexis-uni-500.docx": (make_docx(nexis_uni_paragraphs(500)), 500),
        "factiva-500.rtf": (factiva_rtf(stories), 500),
        "factiva-500.html": (factiva_html(stories), 500),
        "newsletters-500.mbox": (mbox(*messages), 500),
    }
    out = {}
    for name, (data, count) in made.items():
        path = folder / name
        path.write_bytes(data)
        out[name] = (path, count)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        print(
            f"| file | size | articles | wall best s | wall median s | CPU median s "
            f"| under {TARGET_SECONDS:g} s |"
        )
        print("|---|---:|---:|---:|---:|---:|---|")
        for name, (path, expected) in files(Path(folder)).items():
            articles = read_articles(path)  # warm-up: imports, page cache
            assert len(articles) == expected, (name, len(articles))
            walls, cpus = [], []
            for _ in range(args.runs):
                started, started_cpu = time.perf_counter(), time.process_time()
                read_articles(path)
                walls.append(time.perf_counter() - started)
                cpus.append(time.process_time() - started_cpu)
            size = path.stat().st_size / 2**20
            wall, cpu = statistics.median(walls), statistics.median(cpus)
            ok = "yes" if wall < TARGET_SECONDS else ("CPU only" if cpu < TARGET_SECONDS else "NO")
            row = [name, f"{size:.1f} MB", len(articles), f"{min(walls):.2f}", f"{wall:.2f}",
                   f"{cpu:.2f}", ok]  # fmt: skip
            print("| " + " | ".join(map(str, row)) + " |")
        print(f"\n{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
