"""What importing the mock costs, against ``import werkzeug`` and a pytest run without the plugin.

Each figure is timed in fresh interpreters (subprocesses), the contenders interleaved so that a busy
moment hits both alike, and the median of :data:`TRIALS` runs taken. CPU time, not wall time: on a busy
2-core machine the wall time of a two-second pytest start varies by far more than the 30 ms at stake.

- ``import invoiced_mock`` (what the plugin and ``from invoiced_mock import Harness`` start from);
- ``from invoiced_mock import InvoicedMock``, the whole app, paid once by the first test that uses a
  fixture (reported only);
- ``pytest --co`` on a small project whose tests use the fixture, with only this plugin against no
  plugin at all (``PYTEST_DISABLE_PLUGIN_AUTOLOAD``, so other installed plugins do not share the bill).
  The target is an absolute budget (30 ms), written as the ratio it allows in this run; what the plugin
  adds is the median of paired differences (each pair run back to back), steadier than two medians.

Our modules are byte-compiled first (:func:`compiled_as_installed`), as ``pip install`` does and as any
first import does where bytecode may be written: the peers' modules were compiled at their install. This
machine sets ``PYTHONDONTWRITEBYTECODE``, so without it every start here compiled ours from source, a cost
(about 25 ms for the plugin's chain) no user's second run pays.
"""

from __future__ import annotations

import compileall
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from ._table import Figure

ROOT = Path(__file__).resolve().parent.parent

TRIALS = 21
PLUGIN_BUDGET = 0.030  # seconds the plugin may add to a pytest start
TIMED_IMPORT = "import time; t = time.process_time(); {statement}; print(time.process_time() - t)"
SMALL_PROJECT = {
    f"test_{name}.py": f"""
import invoiced


def test_{name}_creates(invoiced_mock):
    assert invoiced.Client(invoiced_mock.api_key).Customer.create(name="{name}").id == 1


def test_{name}_lists(invoiced_mock):
    assert invoiced_mock.client.Customer.list()[0] == []
"""
    for name in ("billing", "dunning", "signup")
}


def import_seconds(statement: str) -> float:
    out = subprocess.run([sys.executable, "-c", TIMED_IMPORT.format(statement=statement)], capture_output=True,
                         text=True, check=True)
    return float(out.stdout)


def cpu_seconds(args: list[str], cwd: Path) -> float:
    """CPU seconds (user + system) the command took."""
    env = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(args, cwd=cwd, env=env, capture_output=True, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def medians(contenders: dict[str, Callable[[], float]]) -> dict[str, float]:
    """Median seconds of each contender, run in turn ``TRIALS`` times; ``added`` is the median difference of
    the last contender over the one before it, pair by pair."""
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(TRIALS):
        for name, measure in contenders.items():
            samples[name].append(measure())
    found = {name: statistics.median(times) for name, times in samples.items()}
    *_, before, last = samples.values()
    found["added"] = statistics.median(b - a for a, b in zip(before, last, strict=True))
    return found


def compiled_as_installed() -> None:
    """Write the bytecode of the package and the plugin (where pip writes it), fresh for the sources now."""
    for package in ("invoiced_mock", "conftest_plugin"):
        compileall.compile_dir(ROOT / package, quiet=1)


def measure() -> dict[str, float]:
    compiled_as_installed()
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        for name, text in SMALL_PROJECT.items():
            (project / name).write_text(text)
        pytest = [sys.executable, "-m", "pytest", "--co", "-q", "-p", "no:cacheprovider"]
        return medians({
            "werkzeug": lambda: import_seconds("import werkzeug"),
            "package": lambda: import_seconds("import invoiced_mock"),
            "app": lambda: import_seconds("from invoiced_mock import InvoicedMock"),
            "pytest": lambda: cpu_seconds(pytest, project),
            "pytest+plugin": lambda: cpu_seconds([*pytest, "-p", "pytest_invoiced_mock"], project),
        })


def figures() -> list[Figure]:
    t = measure()
    added = t["added"]
    print(f"  import werkzeug {t['werkzeug'] * 1e3:.1f} ms, import invoiced_mock {t['package'] * 1e3:.1f} ms, "
          f"the app {t['app'] * 1e3:.1f} ms; pytest --co {t['pytest'] * 1e3:.0f} ms, "
          f"the plugin adds {added * 1e3:+.1f} ms (budget {PLUGIN_BUDGET * 1e3:.0f} ms)")
    return [
        Figure("import invoiced_mock", t["package"] / t["werkzeug"], "import werkzeug", 1.3),
        Figure("from invoiced_mock import InvoicedMock (first fixture use)", t["app"] / t["werkzeug"],
               "import werkzeug"),
        Figure(f"pytest --co, small project, with the plugin ({added * 1e3:+.0f} ms)",
               (t["pytest"] + added) / t["pytest"], "pytest --co without it",
               round((t["pytest"] + PLUGIN_BUDGET) / t["pytest"], 3)),
    ]
