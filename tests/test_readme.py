"""The README tells the truth: its shell examples print what it shows, and its task example holds the
values of the real record it was taken from."""
from __future__ import annotations

import json
import re
import shlex
import subprocess

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def shell_examples() -> list[tuple[str, list[str]]]:
    """(command, expected output lines) of every ``$ `` line in a ```sh block of the README."""
    out = []
    for block in re.findall(r"```sh\n(.*?)```", README, flags=re.S):
        current = None
        for line in block.splitlines():
            if line.startswith("$ "):
                current = (line[2:], [])
                out.append(current)
            elif current is not None and line.strip():
                current[1].append(line)
    return out


def test_the_readme_shell_examples_print_what_it_shows():
    examples = [e for e in shell_examples() if "congbao refs" in e[0]]
    assert examples
    for command, expected in examples:
        text, _, program = command.partition("|")
        stdin = shlex.split(text.strip())[1] + "\n"  # echo "…"
        done = subprocess.run(shlex.split(program.strip()), input=stdin, capture_output=True, text=True,
                              cwd=ROOT, timeout=120)
        assert done.stdout.splitlines() == expected


def test_the_readme_task_example_holds_the_real_values(dev_outputs):
    block = re.search(r"One task, from `make extract`.*?```json\n(.*?)```", README, flags=re.S).group(1)
    task_id = json.loads(re.search(r'"task_id": (".*?")', block).group(1))
    record = next(json.loads(line) for line in (dev_outputs / "tasks.jsonl").read_text(encoding="utf-8").splitlines()
                  if json.loads(line)["task_id"] == task_id)
    checked = 0
    for key, value in re.findall(r'^ "(\w+)": (.*?),?$', block, flags=re.M):
        if "…" in value or value.endswith("{"):
            continue  # abridged in the README
        assert json.loads(value) == record[key], key
        checked += 1
    assert checked >= 4
