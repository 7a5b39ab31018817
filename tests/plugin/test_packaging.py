"""Packaging proof: the built wheel, installed non-editable in a fresh venv outside the repo, gives a
downstream suite the fixture through the entry point alone. A missing entry point, module or package
file fails here. Marked ``packaging`` so a quick local run can ``-m 'not packaging'``; ``make test`` runs it.

Offline by design: the wheel is built without build isolation and installed with ``--no-index``; its
dependencies are borrowed from this venv through a ``.pth`` onto a directory of links to them, with
this project's own (editable) install left out, so only the wheel can provide the plugin.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
OURS = ("invoiced_mock", "pytest_invoiced_mock", "__editable__", "invoiced_mock-", "__pycache__")

DOWNSTREAM = '''
import os

import invoiced
import pytest_invoiced_mock


def test_the_plugin_comes_from_the_installed_wheel():
    assert pytest_invoiced_mock.__file__.startswith(os.environ["FRESH_SITE"])


def test_the_fixture_serves_the_official_client(invoiced_mock):
    customer = invoiced.Client("sk_test_invoiced_mock").Customer.create(name="Downstream")
    assert customer.id == 1
    invoiced_mock.requests.assert_called("POST", "/customers", times=1, json={"name": "Downstream"})
'''


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def tracked_source(target: Path) -> None:
    """Copy what git would ship (tracked and new, unignored files) so the build leaves the repo clean."""
    listed = run("git", "ls-files", "--cached", "--others", "--exclude-standard", "-z", cwd=REPO)
    for name in filter(None, listed.split("\0")):
        if (REPO / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, target / name)


def borrowed_dependencies(farm: Path) -> None:
    """Links to everything installed here except this project itself."""
    farm.mkdir()
    site = Path(sysconfig.get_paths()["purelib"])
    for entry in site.iterdir():
        if not entry.name.startswith(OURS) and not entry.name.endswith(".pth"):
            (farm / entry.name).symlink_to(entry)


@pytest.mark.packaging
def test_the_wheel_installed_in_a_fresh_venv_gives_downstream_suites_the_fixture(tmp_path: Path) -> None:
    source, dist, fresh, downstream = (tmp_path / d for d in ("source", "dist", "venv", "downstream"))
    tracked_source(source)
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--no-index",
        "-w", dist, source, cwd=tmp_path)
    wheel = next(dist.glob("invoiced_mock-*.whl"))

    run(sys.executable, "-m", "venv", "--without-pip", fresh, cwd=tmp_path)
    python = fresh / "bin" / "python"
    fresh_site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                          cwd=tmp_path).strip())
    run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps", "--no-index", wheel,
        cwd=tmp_path)
    borrowed_dependencies(tmp_path / "deps")
    (fresh_site / "borrowed_deps.pth").write_text(str(tmp_path / "deps") + "\n")

    downstream.mkdir()
    (downstream / "test_downstream.py").write_text(DOWNSTREAM)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PYTEST"))}
    env["FRESH_SITE"] = str(fresh_site)
    out = run(python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_downstream.py", cwd=downstream, env=env)
    assert "2 passed" in out
    # The plugin and its entry point came with the wheel, not from the repository.
    assert (fresh_site / "pytest_invoiced_mock" / "__init__.py").is_file()
    entry_points = next(fresh_site.glob("invoiced_mock-*.dist-info")) / "entry_points.txt"
    assert "invoiced_mock = pytest_invoiced_mock" in entry_points.read_text()
