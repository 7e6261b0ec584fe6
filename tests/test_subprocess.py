"""Real processes: the installed console script through pipes and a pseudo-terminal."""

import os
import pty
import re
import select
import subprocess
import sys

import pytest

from .conftest import CORPUS, console_script

NEWSGREP = console_script()


@pytest.fixture
def env(index_dir, tmp_path):
    e = dict(os.environ, NEWSGREP_INDEX=str(index_dir))
    e.pop("NO_COLOR", None)
    # An empty bytecode cache: Whoosh's modules are compiled afresh, as on a
    # first run, so any SyntaxWarning they raise would reach stderr.
    e["PYTHONPYCACHEPREFIX"] = str(tmp_path / "pycache")
    subprocess.run([NEWSGREP, "index", str(CORPUS)], env=e, check=True, capture_output=True)
    return e


def test_pipe_into_head_ends_quietly(env):
    proc = subprocess.run(
        f"{NEWSGREP} search Witkoff | head -1",
        shell=True,
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0
    assert proc.stdout.count("\n") == 1 and ":0:Ukraine" in proc.stdout
    assert proc.stderr == ""


def test_closed_pipe_ends_like_grep(env):
    # When head has gone, newsgrep ends at once: 141 (SIGPIPE) as grep, or 0
    # if it had already written everything; never 1 ("nothing matched").
    proc = subprocess.run(
        f"{NEWSGREP} search --json -n 0 'Witkoff OR Poutine' | head -c 10 >/dev/null;"
        " echo ${PIPESTATUS[0]}",
        shell=True,
        executable="/bin/bash",
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.stdout.strip() in ("0", "141") and proc.stderr == ""


def test_closed_pipe_with_many_lines_has_no_traceback(env, tmp_path):
    # Many lines, so the writer is still writing when the reader has gone.
    proc = subprocess.Popen(
        [NEWSGREP, "search", "--json", "-n", "0", "Witkoff OR Poutine OR compromis"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.read(10)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=30)
    assert "Traceback" not in err and "BrokenPipe" not in err


def test_no_warnings_reach_users(env):
    proc = subprocess.run(
        [NEWSGREP, "search", "compromis"], env=env, capture_output=True, text=True
    )
    assert proc.returncode == 0
    assert proc.stderr == ""


def test_python_dash_m(env):
    proc = subprocess.run(
        [sys.executable, "-m", "newsgrep", "search", "-c", "Ouchakov"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0 and proc.stdout.strip().endswith(":3")


def read_pty(args, env, timeout=30.0) -> bytes:
    """Run a command on a pseudo-terminal and return all it wrote."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(args, env=env, stdin=follower, stdout=follower, stderr=follower)
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], timeout)
        if not ready:
            proc.kill()
            raise AssertionError("no output from the pseudo-terminal")
        try:
            data = os.read(leader, 65536)
        except OSError:  # EIO: the other side has closed
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=timeout)
    os.close(leader)
    return b"".join(chunks)


def test_terminal_output_highlights_the_match(env):
    env = dict(env, COLUMNS="100", TERM="xterm-256color")
    out = read_pty([NEWSGREP, "search", "Witkoff"], env).decode()
    # each Witkoff of the headline and the paragraphs (five in all) sits
    # between an escape sequence that starts the highlight and one that ends it
    assert len(re.findall(r"\x1b\[[0-9;]*mWitkoff\x1b\[", out)) == 5
    assert "Le Monde · 2025-12-03 · fr" in out


def test_terminal_output_without_colour_when_no_color(env):
    env = dict(env, COLUMNS="100", NO_COLOR="1")
    out = read_pty([NEWSGREP, "search", "Witkoff"], env).decode()
    assert "Witkoff" in out
    assert "\x1b[3" not in out and "\x1b[4" not in out


def test_statuses_and_whole_output_through_the_console_script(env, tmp_path):
    """grep's statuses (0 found, 1 not found, 2 error), with all the output written."""
    out = tmp_path / "out.txt"
    with out.open("w") as f:
        proc = subprocess.run([NEWSGREP, "search", "-n", "0", "Witkoff"], env=env, stdout=f)
    assert proc.returncode == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    expected = subprocess.run(
        [sys.executable, "-c", "import sys; from newsgrep.cli import main; main(sys.argv[1:])",
         "search", "-n", "0", "Witkoff"],
        env=env, capture_output=True, text=True,
    ).stdout.splitlines()  # fmt: skip
    assert len(lines) > 3 and lines == expected
    missing = subprocess.run([NEWSGREP, "search", "zzyzx"], env=env, capture_output=True)
    assert (missing.returncode, missing.stdout, missing.stderr) == (1, b"", b"")
    bad = subprocess.run([NEWSGREP, "search", "AND ("], env=env, capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stderr.startswith("newsgrep: error:")


def test_search_leaves_urllib_request_unloaded_but_available():
    code = (
        "import sys, newsgrep.archive, newsgrep.matching, whoosh.compat\n"
        "assert 'urllib.request' not in sys.modules, 'loaded'\n"
        "import urllib.request\n"
        "assert hasattr(urllib.request, 'Request')\n"
        "assert callable(whoosh.compat.urlretrieve)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_closed_output_streams_are_no_error(env, tmp_path):
    """`>&-` or `2>&-`: nothing to write to, yet the run succeeds (status 0)."""
    script = (
        f'"{NEWSGREP}" index -q --index "{tmp_path / "ix"}" "{CORPUS}" >&- 2>&-; echo $?; '
        f'"{NEWSGREP}" search --index "{tmp_path / "ix"}" Witkoff 2>&- >/dev/null; echo $?'
    )
    proc = subprocess.run(["bash", "-c", script], env=env, capture_output=True, text=True)
    assert proc.stdout.split() == ["0", "0"] and proc.stderr == ""


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_a_full_disk_is_a_write_error_like_grep(env):
    for args in (["search", "Witkoff"], ["stats"]):
        with open("/dev/full", "w") as full:
            proc = subprocess.run(
                [NEWSGREP, *args], env=env, stdout=full, stderr=subprocess.PIPE, text=True
            )
        assert proc.returncode == 2, args
        assert proc.stderr.strip() == "newsgrep: error: write error: No space left on device"
    script = f'"{NEWSGREP}" search Witkoff >&-; echo $?; "{NEWSGREP}" search zzyzx >&-; echo $?'
    proc = subprocess.run(["bash", "-c", script], env=env, capture_output=True, text=True)
    assert proc.stdout.split() == ["0", "1"] and proc.stderr == ""


#: Every command that prints to stdout, as run on a terminal.
COMMANDS = [
    ["search", "Witkoff"],
    ["search", "Witkoff", "-C", "1"],
    ["show", str(CORPUS / "2025-12-03-le-monde-ukraine-witkoff-moscou.txt"), "Kushner"],
    ["timeline", "Witkoff", "--by", "day"],
    ["top", "Witkoff", "--by", "name", "-n", "3"],
    ["top", "Witkoff", "--by", "source"],
    ["stats"],
    ["search", "Ouchakof"],  # the suggestion line
]

_ESCAPE = re.compile(rb"\x1b[\[\]]")


@pytest.mark.parametrize("how", ["--color never", "NO_COLOR"])
def test_no_command_writes_an_escape_without_colour(env, how):
    env = dict(env, COLUMNS="100", TERM="xterm-256color")
    if how == "NO_COLOR":
        env["NO_COLOR"] = "1"
    for args in COMMANDS:
        flags = ["--color", "never"] if how != "NO_COLOR" and args[0] != "stats" else []
        out = read_pty([NEWSGREP, *args, *flags], env)
        assert b"Witkoff" in out or b"stories" in out or b"Ouchakov" in out, args
        assert not _ESCAPE.search(out), (args, out[:200])


def test_color_always_wins_over_no_color(env, tmp_path):
    env = dict(env, NO_COLOR="1", COLUMNS="100", TERM="xterm-256color")
    on_terminal = read_pty([NEWSGREP, "search", "Witkoff", "--color", "always"], env)
    assert len(re.findall(rb"\x1b\[[0-9;]*mWitkoff\x1b\[", on_terminal)) == 5
    seed = str(CORPUS / "2025-12-03-le-monde-ukraine-witkoff-moscou.txt")
    for args in (["search", "Witkoff"], ["show", seed, "Kushner"]):
        piped = subprocess.run(
            [NEWSGREP, *args, "--color", "always"], env=env, capture_output=True
        ).stdout
        assert _ESCAPE.search(piped), args
        assert re.search(rb"\x1b\[[0-9;]*m(Witkoff|Kushner)\x1b\[", piped), args
