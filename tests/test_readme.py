"""The README sells in one screen and its examples run: install and a test first, the sandbox's commands as
printed (against a loopback server), the two set-up commands under "Working on it"; the rest is on the site."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
INSTALL_PAGE = README.parent / "docs" / "how-to" / "install.md"
SANDBOX_URL = "http://127.0.0.1:8080"


def blocks(section: str, language: str) -> list[str]:
    text = README.read_text()
    body = text.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(rf"```{language}\n(.*?)```", body, re.DOTALL)


def commands(block: str) -> list[str]:
    return [line.split("#")[0].strip() for line in block.strip().splitlines() if line.split("#")[0].strip()]


def test_the_readme_is_one_short_page_with_install_and_a_test_first() -> None:
    lines = README.read_text().splitlines()
    assert len(lines) <= 150
    first_screen = "\n".join(lines[:40])
    assert "python -m pip install ." in first_screen and "def test_" in first_screen


def test_working_on_it_names_exactly_the_two_make_commands() -> None:
    (block,) = blocks("Working on it", "sh")
    assert commands(block) == ["make serve", "make test"]


def test_the_install_lines_are_the_install_page_s() -> None:
    (readme,) = blocks("Install", "sh")
    page = re.findall(r"```sh\n(.*?)```", INSTALL_PAGE.read_text(), re.DOTALL)[0]
    assert set(commands(readme)) <= set(commands(page))


def test_the_sandbox_examples_work_against_a_live_sandbox(live_server) -> None:
    base = live_server.base_url
    serve, curls = blocks("The sandbox, in one command", "sh")
    assert commands(serve) == ["invoiced-mock serve"]
    outputs = [json.loads(subprocess.run(shlex.split(line.replace(SANDBOX_URL, base).replace("test_key", "sk_readme")),
                                         capture_output=True, text=True, check=True).stdout)
               for line in commands(curls)]
    assert outputs[0]["name"] == "Acme Inc" and outputs[1][0]["id"] == outputs[0]["id"]
    (snippet,) = blocks("The sandbox, in one command", "python")
    namespace: dict[str, object] = {}
    exec(snippet.replace(SANDBOX_URL, base).replace("test_key", "sk_readme_client"), namespace)
    assert namespace["customer"].name == "Acme Inc"  # type: ignore[attr-defined]
