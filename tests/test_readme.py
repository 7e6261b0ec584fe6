"""The README's examples are real: every ```console block is run and its output compared.

Lines starting with ``$ `` are commands, run in order with bash from the
repository root against a fresh index; the lines after a command, up to the
next one, are its expected stdout and stderr together.

After changing a command or adding an example, refresh the outputs with
``python -m tests.test_readme`` and read the diff.
"""

import os
import re
import subprocess
from pathlib import Path

from .conftest import NEWSGREP, REPO, console_script

README = (REPO / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```console\n(.*?)```", README, re.DOTALL)


def examples():
    for block in BLOCKS:
        yield from examples_in(block)


def examples_in(block: str):
    command, expected = None, []
    for line in block.splitlines():
        if line.startswith("$ "):
            if command:
                yield command, "\n".join(expected)
            command, expected = line[2:], []
        else:
            expected.append(line)
    if command:
        yield command, "\n".join(expected)


def test_readme_has_the_two_commands_near_the_top():
    top = README[:2000]
    assert "pip install . && newsgrep index corpus/ && newsgrep search Witkoff" in top
    assert "<!-- test command -->" in top and "python -m pytest" in top


#: Folders the README's examples name; each run gets its own copy of them.
SCRATCH = "/tmp/newsgrep-readme"


def run_example(command: str, index_dir: Path) -> str:
    env = dict(os.environ, NEWSGREP_INDEX=str(index_dir), COLUMNS="100")
    env["PATH"] = f"{Path(NEWSGREP).parent}{os.pathsep}{env.get('PATH', '')}"
    env.pop("NO_COLOR", None)
    own = str(index_dir.parent / "newsgrep-readme")
    proc = subprocess.run(
        ["bash", "-c", "exec 2>&1\n" + command.replace(SCRATCH, own)],
        cwd=REPO,
        env=env,
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        timeout=600,
    )
    return proc.stdout.replace(own, SCRATCH).rstrip("\n")


def test_console_examples_print_what_the_readme_shows(tmp_path):
    console_script()  # the examples run the installed command
    cases = list(examples())
    assert len(cases) >= 15
    for command, expected in cases:
        if "../shared" in command and not (REPO.parent / "shared").exists():
            continue
        assert run_example(command, tmp_path / "index") == expected.rstrip("\n"), f"$ {command}"


def update_readme() -> None:
    """Rewrite the outputs of every console example with what the commands print now."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        index_dir = Path(tmp) / "index"

        def refresh(match: re.Match) -> str:
            lines = []
            for command, _old in examples_in(match.group(1)):
                lines.append(f"$ {command}")
                output = run_example(command, index_dir)
                if output:
                    lines.append(output)
            return "```console\n" + "\n".join(lines) + "\n```"

        text = re.sub(r"```console\n(.*?)```", refresh, README, flags=re.DOTALL)
    (REPO / "README.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    update_readme()
