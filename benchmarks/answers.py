"""Record what newsgrep answers to a fixed set of commands, and compare two records.

A change that should not alter what users see (a restructuring, a speed-up)
is checked by recording the answers of the code before it and after it, on
the same index, and comparing them byte for byte:

    python benchmarks/answers.py build --newsgrep OLD/newsgrep --index /tmp/ix
    python benchmarks/answers.py record --newsgrep OLD/newsgrep --index /tmp/ix --out /tmp/old
    python benchmarks/answers.py record --newsgrep .venv/bin/newsgrep --index /tmp/ix --out /tmp/new
    python benchmarks/answers.py compare /tmp/old /tmp/new

The index holds all of ``../shared/data`` (the 10kGNAD CSV with its reading
options). Each command's stdout, stderr and exit status are written to a
file of their own; ``compare`` lists the commands whose answers differ.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"

#: (name, arguments after ``newsgrep``); ``{ix}`` is the index folder.
SEARCHES = [
    "Witkoff",
    "Ouchakov",
    "Reagan",
    "Thatcher",
    "Blair",
    "Putin",
    "Gorbachev",
    '"prime minister"',
    '"interest rates"',
    '"Steve Witkoff"',
    "oil NOT OPEC",
    "Witkoff NOT Kushner",
    "cocoa OR coffee",
    "(cocoa OR coffee) AND Brazil",
    "cocoa date:1987-03",
    "date:[1987-03-01 to 1987-03-05] sugar",
    "Reagn~",
    "Witkof~",
    "négoc*",
    "Volck*",
    "title:Ukraine",
    "source:Reuters wheat",
    "lang:fr gouvernement",
    "négociations",
    "negociations",
    "compromis",
    "élections",
    "Gewerkschaften",
    "Regierung",
    "Bundeskanzler",
    "Mobilfunk",
    "mobile phone",
    "Chelsea",
    "inflation",
    "Witkof",
]

OPTIONED = [
    ["oil prices", "-p"],
    ["trade deficit", "-p"],
    ["negociations", "--exact"],
    ["NEGOCIATIONS", "--exact"],
    ["cocoa", "--since", "1987-03", "--until", "1987-04", "--sort", "oldest"],
    ["coffee", "--sort", "newest"],
    ["Dmitriev", "-C", "1"],
    ["Kohl", "-C", "2"],
    ["Jobs growth", "--no-collapse"],
    ["wheat", "--lang", "en", "--source", "reuters"],
    ["Blair", "--offset", "5", "-n", "10"],
]


def commands(ix: str) -> list[tuple[str, list[str]]]:
    out = []
    for q in SEARCHES:
        out.append((f"search {q}", ["search", "--index", ix, q, "--json", "-n", "0"]))
    for q, *opts in OPTIONED:
        out.append((f"search {q} {' '.join(opts)}",
                    ["search", "--index", ix, q, *opts, "--json", "-n", "0"]))  # fmt: skip
    for q in ("Blair", "cocoa", "Witkoff", "Gewerkschaften"):
        out.append((f"lines {q}", ["search", "--index", ix, q]))
        out.append((f"count {q}", ["search", "--index", ix, q, "-c", "-n", "0"]))
        out.append((f"files {q}", ["search", "--index", ix, q, "-l", "-n", "0"]))
        out.append((f"csv {q}", ["search", "--index", ix, q, "--csv"]))
    for by in ("day", "week", "month", "year"):
        out.append((f"timeline cocoa {by}", ["timeline", "--index", ix, "cocoa", "--by", by]))
    out.append(("timeline coffee normalize json",
                ["timeline", "--index", ix, "coffee", "--normalize", "--json"]))  # fmt: skip
    for by in ("source", "lang", "name", "term"):
        out.append((f"top Ukraine {by}", ["top", "--index", ix, "Ukraine", "--by", by]))
        out.append((f"top cocoa {by} json", ["top", "--index", ix, "cocoa", "--by", by, "--json"]))
    out.append(("stats", ["stats", "--index", ix]))
    out.append(("stats json", ["stats", "--index", ix, "--json"]))
    seed = str(DATA.parent / "seeds")
    out.append(("show seed", ["show", "--index", ix, seed + "/000_f56135f3838b53fb.txt"]))
    seed_file = seed + "/000_f56135f3838b53fb.txt"
    out.append(("show seed json", ["show", "--index", ix, seed_file, "Kushner", "--json"]))
    bbc = str(DATA / "bbc-news" / "business" / "007.txt")
    out.append(("show bbc json", ["show", "--index", ix, bbc, "growth", "--json"]))
    return out


#: Commands run on a 100x50 pseudo-terminal: (name, arguments, environment additions).
TERMINAL = [
    ("tty search Witkoff", ["search", "Witkoff"], {}),
    ("tty search Blair", ["search", "Blair", "-n", "3"], {}),
    ("tty search cocoa -C 1", ["search", "cocoa", "-n", "2", "-C", "1"], {}),
    ("tty search Witkoff NO_COLOR", ["search", "Witkoff"], {"NO_COLOR": "1"}),
    ("tty search Witkoff never", ["search", "Witkoff", "--color", "never"], {}),
    ("tty timeline cocoa", ["timeline", "cocoa", "--by", "year"], {}),
    ("tty top Ukraine name", ["top", "Ukraine", "--by", "name", "-n", "5"], {}),
    ("tty stats", ["stats"], {}),
]


def run_on_terminal(args: list[str], env: dict) -> tuple[int, bytes]:
    """Run a command with stdout and stderr on a pseudo-terminal; its status and output."""
    import fcntl
    import pty
    import struct
    import termios

    main_fd, child_fd = pty.openpty()
    fcntl.ioctl(child_fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 100, 0, 0))
    proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=child_fd, stderr=child_fd,
                            env=env)  # fmt: skip
    os.close(child_fd)
    chunks = []
    while True:
        try:
            chunk = os.read(main_fd, 65536)
        except OSError:  # EIO: the child side is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main_fd)
    return proc.wait(), b"".join(chunks)


def build(newsgrep: str, ix: str) -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    gnad = DATA / "10kgnad-de-test"
    subprocess.run([newsgrep, "index", "-q", "--index", ix, "--rebuild", str(DATA),
                    str(DATA.parent / "seeds")], check=True, env=env)  # fmt: skip
    csv_options = ["--csv-delimiter", ";", "--csv-quotechar", "'", "--csv-no-header",
                   "--field", "label=0", "--field", "text=1", "--lang", "de"]  # fmt: skip
    subprocess.run([newsgrep, "index", "-q", "--index", ix, *csv_options, str(gnad)],
                   check=True, env=env)  # fmt: skip


def record(newsgrep: str, ix: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    index = {}
    for name, args in commands(ix):
        proc = subprocess.run([newsgrep, *args], capture_output=True, env=env)
        key = hashlib.sha1(name.encode()).hexdigest()[:12]
        (out / f"{key}.out").write_bytes(proc.stdout)
        (out / f"{key}.err").write_bytes(proc.stderr)
        index[key] = {"name": name, "args": shlex.join(args), "status": proc.returncode,
                      "lines": proc.stdout.count(b"\n")}  # fmt: skip
        print(f"{proc.returncode}  {index[key]['lines']:>7} lines  {name}", file=sys.stderr)
    for name, args, extra in TERMINAL:
        tty_env = {**os.environ, "TERM": "xterm-256color", **extra}
        tty_env.pop("NO_COLOR", None) if "NO_COLOR" not in extra else None
        tty_env.pop("COLUMNS", None)
        status, output = run_on_terminal([newsgrep, args[0], "--index", ix, *args[1:]], tty_env)
        key = hashlib.sha1(name.encode()).hexdigest()[:12]
        (out / f"{key}.out").write_bytes(output)
        (out / f"{key}.err").write_bytes(b"")
        index[key] = {"name": name, "args": shlex.join(args), "status": status,
                      "lines": output.count(b"\n")}  # fmt: skip
        print(f"{status}  {index[key]['lines']:>7} lines  {name}", file=sys.stderr)
    (out / "index.json").write_text(json.dumps(index, indent=1, ensure_ascii=False) + "\n")


def compare(a: Path, b: Path) -> int:
    ia = json.loads((a / "index.json").read_text())
    ib = json.loads((b / "index.json").read_text())
    differ = 0
    for key, meta in ia.items():
        other = ib.get(key)
        if other is None:
            print(f"missing in {b}: {meta['name']}")
            differ += 1
            continue
        same = (meta["status"] == other["status"]
                and (a / f"{key}.out").read_bytes() == (b / f"{key}.out").read_bytes()
                and (a / f"{key}.err").read_bytes() == (b / f"{key}.err").read_bytes())  # fmt: skip
        if not same:
            differ += 1
            print(f"differs: {meta['name']} (status {meta['status']} -> {other['status']}, "
                  f"lines {meta['lines']} -> {other['lines']})")  # fmt: skip
    print(f"{len(ia) - differ} of {len(ia)} commands answer byte for byte the same")
    return 1 if differ else 0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = p.add_subparsers(dest="verb", required=True)
    b = sub.add_parser("build", help="index all of ../shared/data")
    b.add_argument("--newsgrep", default="newsgrep")
    b.add_argument("--index", required=True)
    r = sub.add_parser("record", help="run the commands, write their answers to --out")
    r.add_argument("--newsgrep", default="newsgrep")
    r.add_argument("--index", required=True)
    r.add_argument("--out", required=True, type=Path)
    c = sub.add_parser("compare", help="list the commands whose answers differ")
    c.add_argument("a", type=Path)
    c.add_argument("b", type=Path)
    args = p.parse_args()
    if args.verb == "build":
        build(args.newsgrep, args.index)
    elif args.verb == "record":
        record(args.newsgrep, args.index, args.out)
    else:
        return compare(args.a, args.b)
    return 0


if __name__ == "__main__":
    sys.exit(main())
