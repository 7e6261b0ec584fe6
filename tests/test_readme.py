"""The README's examples are real: every ```console block is run and its output compared.

Lines starting with ``$ `` are commands, run in order with bash from the
repository root against a fresh index; the lines after a command, up to the
next one, are its expected stdout and stderr together.
"""

import os
import re
import shutil
import subprocess

import pytest

from .conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```console\n(.*?)```", README, re.DOTALL)


def examples():
    for block in BLOCKS:
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


@pytest.mark.skipif(shutil.which("newsgrep") is None, reason="newsgrep is not installed")
def test_console_examples_print_what_the_readme_shows(tmp_path):
    env = dict(os.environ, NEWSGREP_INDEX=str(tmp_path / "index"), COLUMNS="100")
    env.pop("NO_COLOR", None)
    cases = list(examples())
    assert len(cases) >= 15
    for command, expected in cases:
        proc = subprocess.run(
            ["bash", "-c", "exec 2>&1\n" + command],
            cwd=REPO,
            env=env,
            capture_output=True,
            encoding="utf-8",
            errors="replace",
            timeout=120,
        )
        assert proc.stdout.rstrip("\n") == expected.rstrip("\n"), f"$ {command}"
