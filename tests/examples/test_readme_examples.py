"""The README's "Use it in your tests" examples are these files, word for word, so the docs run."""

from __future__ import annotations

import re
from pathlib import Path

HERE = Path(__file__).parent
README = HERE.parent.parent / "README.md"


def section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("## Use it in your tests")
    return text[start:text.index("\n## ", start + 1)]


def test_every_python_example_in_the_section_is_an_example_file_that_runs() -> None:
    blocks = re.findall(r"```python\n(.*?)```", section(), flags=re.S)
    files = {p.name: p.read_text(encoding="utf-8") for p in HERE.glob("test_example_*.py")}
    assert len(blocks) == len(files) >= 13
    assert sorted(blocks) == sorted(files.values())
