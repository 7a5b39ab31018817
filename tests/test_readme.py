"""The README's set-up and app examples are tests: run as printed (the sandbox URL swapped for a free port)."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
SANDBOX_URL = "http://127.0.0.1:8080"


def blocks(section: str, language: str) -> list[str]:
    text = README.read_text()
    body = text.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(rf"```{language}\n(.*?)```", body, re.DOTALL)


def test_setup_names_exactly_the_two_make_commands() -> None:
    commands = blocks("Set-up", "sh")[0]
    assert [line.split("#")[0].strip() for line in commands.strip().splitlines()] == ["make serve", "make test"]


def test_setup_examples_work_against_a_live_sandbox(live_server) -> None:
    base = live_server.base_url
    curl_lines = [line for block in blocks("Set-up", "sh")[1:] for line in block.strip().splitlines()]
    outputs = [json.loads(subprocess.run(shlex.split(line.replace(SANDBOX_URL, base).replace("test_key", "sk_readme")),
                                         capture_output=True, text=True, check=True).stdout) for line in curl_lines]
    assert outputs[0]["name"] == "Acme Inc" and outputs[1][0]["id"] == outputs[0]["id"]
    (snippet,) = blocks("Set-up", "python")
    namespace: dict[str, object] = {}
    exec(snippet.replace(SANDBOX_URL, base).replace("test_key", "sk_readme_client"), namespace)
    assert namespace["customer"].name == "Acme Inc"  # type: ignore[attr-defined]


def test_app_example_runs() -> None:
    for snippet in blocks("The app in your own code", "python"):
        exec(snippet, {})


def test_time_example_runs() -> None:
    for snippet in blocks("Time, subscriptions and renewals", "python"):
        exec(snippet, {})


def test_time_examples_run() -> None:
    found = blocks("Time, subscriptions and renewals", "python")
    assert len(found) == 2
    for snippet in found:
        exec(snippet, {})


def test_control_plane_curl_lines_work_as_printed() -> None:
    from invoiced_mock import Clock, InvoicedMock
    from invoiced_mock.server.threads import ServerThread

    (block,) = [b for b in blocks("Use it in your tests", "sh") if "/_mock/" in b]
    lines = block.replace("\\\n", " ").strip().splitlines()
    with ServerThread(InvoicedMock(clock=Clock(frozen_at=1_700_000_000))) as server:
        commands = [[*shlex.split(line.replace(SANDBOX_URL, server.base_url)), "-s", "-w", "\n%{http_code}"]
                    for line in lines]
        answers = [subprocess.run(command, capture_output=True, text=True, check=True).stdout.rsplit("\n", 1)
                   for command in commands]
    assert [status for _, status in answers] == ["201", "200", "201", "200"]
    assert json.loads(answers[1][0])["now"] == 1_700_000_000 + 31 * 86_400
