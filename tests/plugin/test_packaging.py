"""Packaging proof: a light import, a silent install, a wheel with what a release carries, and that wheel
installed in a fresh venv beside ``singer-python`` (which pins ``jsonschema==2.6.0``) giving a downstream
suite the fixture through the entry point alone.

The tests that build or install are marked ``packaging`` so a quick local run can ``-m 'not packaging'``;
``make test`` runs them. They build offline (no build isolation, no index). The downstream venv's
dependencies are gathered once as wheels into ``<venv>/downstream-wheels`` (through pip's cache;
singer-python ships only an sdist) and installed from there with pip's resolver and no index, so later
runs take seconds and still prove the requirements agree.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import tomllib

from invoiced_mock.defaults import VERSION

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"
OFFLINE = ("--quiet", "--no-build-isolation", "--no-index")
# What the downstream project installs beside the wheel; downloaded once (see the module docstring).
DOWNSTREAM_REQUIREMENTS = ("singer-python", "pytest", "invoiced==3.0.0", "werkzeug>=3.0", "requests>=2.31",
                           "sortedcontainers>=2.4", "orjson>=3.9", "jinja2>=3.1")
DOWNSTREAM_WHEELS = Path(sys.prefix) / "downstream-wheels"

DOWNSTREAM = '''
import os
import sys

import invoiced
import jsonschema
import pytest
import pytest_invoiced_mock
import requests
import singer


def test_the_plugin_comes_from_the_installed_wheel():
    assert pytest_invoiced_mock.__file__.startswith(os.environ["FRESH_SITE"])


def test_it_lives_beside_the_singer_pin():
    assert jsonschema.__version__ == "2.6.0"
    assert singer.get_logger() is not None


def test_the_fixture_serves_the_official_client(invoiced_mock):
    customer = invoiced.Client("sk_test_invoiced_mock").Customer.create(name="Downstream")
    assert customer.id == 1
    invoiced_mock.requests.assert_called("POST", "/customers", times=1, json={"name": "Downstream"})
    assert "fpdf" not in sys.modules


def test_a_pdf_without_the_extra_is_a_501_naming_it(invoiced_mock):
    customer = invoiced_mock.client.Customer.create(name="Downstream")
    invoice = invoiced_mock.client.Invoice.create(customer=customer.id, items=[{"name": "Work", "unit_cost": 5}])
    response = requests.get(f"https://api.invoiced.com/invoices/{invoice.id}/pdf", auth=(invoiced_mock.api_key, ""))
    assert response.status_code == 501
    assert response.json()["message"].endswith("pip install 'invoiced-mock[pdf]'")
    page = requests.get(invoice.pdf_url)  # the customer's link: the same, as a page
    assert page.status_code == 501 and "pip install &#39;invoiced-mock[pdf]&#39;" in page.text


def test_contract_checks_name_the_extra_instead_of_using_the_old_jsonschema():
    from invoiced_mock.contract import validate

    with pytest.raises(ImportError, match=r"newer 'jsonschema' package than the one installed \\(2\\.6\\.0\\)"):
        validate({"object": "customer"}, "customer")
'''


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    """stdout and stderr of a command that must succeed."""
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


def tracked_source(target: Path) -> None:
    """Copy what git would ship (tracked and new, unignored files) so the build leaves the repo clean."""
    listed = run("git", "ls-files", "--cached", "--others", "--exclude-standard", "-z", cwd=REPO)
    for name in filter(None, listed.split("\0")):
        if (REPO / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, target / name)


def readme_commands() -> list[str]:
    """The shell lines of the README's Install section, comments removed."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Install\n", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```sh\n(.*?)```", section, re.DOTALL)
    return [line.split("#")[0].strip() for line in block.splitlines() if line.split("#")[0].strip()]


def fresh_venv(where: Path) -> tuple[Path, Path]:
    """A venv without pip (this venv's pip installs into it); its python and site-packages."""
    run(sys.executable, "-m", "venv", "--without-pip", where, cwd=where.parent)
    python = where / "bin" / "python"
    site = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=where.parent)
    return python, Path(site.strip())


def pip(*args: str | Path, cwd: Path) -> str:
    return run(sys.executable, "-m", "pip", *args, cwd=cwd)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The wheel, built from a copy of the checkout with the README's command (offline); and what it printed."""
    root = tmp_path_factory.mktemp("built")
    source = root / "source"
    tracked_source(source)
    (command,) = [c for c in readme_commands() if c.startswith("python -m pip wheel")]
    args = command.split()[1:]
    printed = run(sys.executable, *args, *OFFLINE, cwd=source)
    return next((source / "dist").glob("invoiced_mock-*.whl")), printed


@pytest.mark.packaging
def test_building_the_wheel_prints_nothing(built: tuple[Path, str]) -> None:
    assert built[1] == ""


# setuptools' notice for an editable install of a package built from a folder of another name (the plugin,
# from conftest_plugin/): information only, and with pyproject.toml alone there is no hook to silence it.
RENAMED_PACKAGE_NOTICE = re.compile(
    r"^ *\S*editable_wheel\.py:\d+: BuildBackendWarning: Editable installation\.\n *!!\n.*?"
    r"same\n *name as your package as they may take precedence during imports\.\n.*?!!\n.*?\n", re.M | re.S)


@pytest.mark.packaging
def test_an_editable_install_prints_nothing_but_the_renamed_package_notice(tmp_path: Path) -> None:
    source = tmp_path / "source"
    tracked_source(source)
    # Into a prefix of its own, built by this venv's setuptools (a fresh venv would have none);
    # --ignore-installed, or pip would first uninstall this venv's own copy.
    printed = pip("install", *OFFLINE, "--no-deps", "--ignore-installed", "--prefix", tmp_path / "prefix",
                  "-e", source, cwd=tmp_path)
    assert RENAMED_PACKAGE_NOTICE.sub("", printed, count=1) == ""
    assert list((tmp_path / "prefix").glob("lib/python*/site-packages/__editable__*invoiced_mock*.pth"))


@pytest.mark.packaging
def test_the_wheel_carries_the_license_typing_marker_classifiers_and_changelog(built: tuple[Path, str]) -> None:
    wheel = zipfile.ZipFile(built[0])
    names = set(wheel.namelist())
    dist_info = next(n.split("/")[0] for n in names if n.split("/")[0].endswith(".dist-info"))
    assert "invoiced_mock/py.typed" in names
    assert f"{dist_info}/licenses/LICENSE" in names
    assert "MIT License" in wheel.read(f"{dist_info}/licenses/LICENSE").decode()
    assert "invoiced_mock/schemas/customer.json" in names
    assert {"invoiced_mock/templates/base.html", "invoiced_mock/templates/customer/payment.html",
            "invoiced_mock/templates/inspector/list.html", "invoiced_mock/templates/inspector/inspector.css"} <= names
    metadata = wheel.read(f"{dist_info}/METADATA").decode()
    assert "License-Expression: MIT" in metadata
    assert "Classifier: Framework :: Pytest" in metadata and "Classifier: Typing :: Typed" in metadata
    assert "# Changelog" in metadata and "## 0.1.0" in metadata  # the description carries the changelog
    requires = re.findall(r"^Requires-Dist: (.*)$", metadata, re.MULTILINE)
    core = ["werkzeug>=3.0", "requests>=2.31", "sortedcontainers>=2.4", "orjson>=3.9", "jinja2>=3.1"]
    assert [r for r in requires if "extra ==" not in r] == core


@pytest.mark.packaging
def test_the_wheel_is_built_from_pyproject_alone_and_holds_every_package_of_the_tree(built: tuple[Path, str]) -> None:
    assert not (REPO / "setup.py").exists()
    names = set(zipfile.ZipFile(built[0]).namelist())
    library = {init.parent.relative_to(REPO).as_posix() for init in (REPO / "invoiced_mock").rglob("__init__.py")}
    assert {f"{package}/__init__.py" for package in library} <= names
    assert "pytest_invoiced_mock/__init__.py" in names
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "invoiced_mock = pytest_invoiced_mock" in zipfile.ZipFile(built[0]).read(entry_points).decode()


def extra(name: str, extras: dict[str, list[str]]) -> set[str]:
    """The distribution names an extra brings, its references to this project's other extras followed."""
    found: set[str] = set()
    for requirement in extras[name]:
        project, _, rest = re.split(r"[<>=!~;\s]", requirement, maxsplit=1)[0].partition("[")
        if project == "invoiced-mock":
            found |= set().union(*(extra(e, extras) for e in rest.rstrip("]").split(",")))
        else:
            found.add(project)
    return found


def test_the_core_is_light_and_the_test_extra_still_brings_every_optional_library() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    # sortedcontainers: pure Python, no pins of its own; the lists' ordered indexes (invoiced_mock/store/indexes.py).
    # orjson: no dependencies of its own; encoding response bodies (invoiced_mock/http/render.py).
    # jinja2: werkzeug's sibling (markupsafe its only dependency); every HTML page (invoiced_mock/formats/html.py).
    core = ["werkzeug", "requests", "sortedcontainers", "orjson", "jinja2"]
    assert [re.split(r"[<>=]", d)[0] for d in project["dependencies"]] == core
    extras = project["optional-dependencies"]
    assert extra("all", extras) == {"jsonschema", "jsonschema-rs", "fpdf2", "pyyaml"}
    assert extra("all", extras) | {"freezegun", "time-machine", "pypdf", "invoiced"} <= extra("test", extras)


def test_the_changelog_has_an_unreleased_section_and_one_per_release() -> None:
    version = VERSION  # the one place it is written; pyproject.toml reads it
    headings = re.findall(r"^## (\S+)", (REPO / "CHANGELOG.md").read_text(encoding="utf-8"), re.MULTILINE)
    assert headings[0] == "Unreleased"
    assert version in headings
    assert all(re.fullmatch(r"\d+\.\d+\.\d+", h) for h in headings[1:])


def test_the_readme_installs_from_a_checkout_and_from_the_built_wheel() -> None:
    version = VERSION  # the one place it is written; pyproject.toml reads it
    wheel = f"dist/invoiced_mock-{version}-py3-none-any.whl"
    commands = readme_commands()
    assert "python -m pip install ." in commands
    assert "python -m pip wheel --no-deps -w dist ." in commands
    assert f"python -m pip install {wheel}" in commands  # the name the wheel command gives (built above)
    assert "invoiced-mock" not in " ".join(commands)  # no index serves it yet


@pytest.mark.packaging
def test_the_wheel_installs_beside_singer_python_and_serves_a_downstream_suite(
        built: tuple[Path, str], tmp_path: Path) -> None:
    marker = DOWNSTREAM_WHEELS / "requirements.txt"
    wanted = "\n".join(DOWNSTREAM_REQUIREMENTS)
    if not marker.is_file() or marker.read_text() != wanted:  # once per venv: the only step that needs PyPI
        pip("wheel", "--quiet", "--wheel-dir", DOWNSTREAM_WHEELS, *DOWNSTREAM_REQUIREMENTS, cwd=tmp_path)
        marker.write_text(wanted)
    python, fresh_site = fresh_venv(tmp_path / "venv")
    # pip's resolver, offline: this fails if the wheel's requirements clash with singer-python's pins.
    pip("--python", python, "install", "--quiet", "--no-compile", "--no-index", "--find-links", DOWNSTREAM_WHEELS,
        built[0], *DOWNSTREAM_REQUIREMENTS, cwd=tmp_path)
    pip("--python", python, "check", cwd=tmp_path)

    downstream = tmp_path / "downstream"
    downstream.mkdir()
    (downstream / "test_downstream.py").write_text(DOWNSTREAM)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PYTEST"))}
    env["FRESH_SITE"] = str(fresh_site)
    out = run(python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_downstream.py", cwd=downstream, env=env)
    assert "5 passed" in out
    # The plugin and its entry point came with the wheel, not from the repository.
    assert (fresh_site / "pytest_invoiced_mock" / "__init__.py").is_file()
    entry_points = next(fresh_site.glob("invoiced_mock-*.dist-info")) / "entry_points.txt"
    assert "invoiced_mock = pytest_invoiced_mock" in entry_points.read_text()


OPTIONAL = {"jsonschema", "jsonschema_rs", "referencing", "fpdf"}  # from the contract and pdf extras


def modules_after(script: str) -> set[str]:
    """Every module loaded once ``script`` has run in a fresh interpreter."""
    done = run(sys.executable, "-c", script + "\nimport sys; print(' '.join(sys.modules))", cwd=REPO)
    return set(done.split())


def test_importing_the_package_and_the_plugin_loads_no_optional_library() -> None:
    loaded = modules_after("import invoiced_mock, pytest_invoiced_mock")
    assert not loaded & OPTIONAL
    # Nor the app itself: every pytest run loads the plugin, only tests that use a fixture pay for the app.
    assert not {"invoiced_mock.app", "werkzeug", "requests"} & loaded


def test_the_app_serves_requests_without_the_contract_and_pdf_libraries() -> None:
    loaded = modules_after(
        "from werkzeug.test import Client\n"
        "from invoiced_mock import InvoicedMock\n"
        "http = Client(InvoicedMock())\n"
        "assert http.post('/customers', json={'name': 'Acme'}, auth=('sk', '')).status_code == 201\n"
        "assert http.get('/customers/1', auth=('sk', '')).status_code == 200\n")
    assert "invoiced_mock.app" in loaded
    assert not loaded & OPTIONAL


def test_pytest_with_the_plugin_loads_no_optional_library_until_a_fixture_needs_one(
        pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    # Only this plugin: others installed here for the suite (schemathesis) load jsonschema themselves.
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    pytester.makeconftest("""
        import sys

        MODELS = ("invoiced_mock.core", "invoiced_mock.rules", "invoiced_mock.clock")

        def pytest_sessionfinish(session):
            optional = {"jsonschema", "jsonschema_rs", "referencing", "fpdf"} & set(sys.modules)
            print("optional loaded:", sorted(optional), "app loaded:", "invoiced_mock.app" in sys.modules,
                  "models loaded:", any(name.startswith(MODELS) for name in sys.modules),
                  "requests loaded:", "requests" in sys.modules)
    """)
    pytester.makepyfile("""
        def test_uses_the_fixture(invoiced_mock):
            assert invoiced_mock.client.Customer.create(name="Acme").id == 1
    """)
    options = ("-s", "-p", "no:cacheprovider", "-p", "pytest_invoiced_mock")
    collected = pytester.runpytest_subprocess("--co", *options)
    # the guard loads the transports, which must not pull the models in with them (140 ms once did), nor does the
    # plugin load the clock to parse an option nobody gave
    # nor does the guard load a client library the tests have not loaded (it patches one when it is loaded)
    collected.stdout.fnmatch_lines(
        ["*optional loaded: [] app loaded: False models loaded: False requests loaded: False*"])
    ran = pytester.runpytest_subprocess(*options)
    ran.assert_outcomes(passed=1)
    ran.stdout.fnmatch_lines(["*optional loaded: [] app loaded: True models loaded: True*"])


def test_the_package_exports_resolve_on_first_use() -> None:
    import invoiced_mock
    from invoiced_mock.app import InvoicedMock
    from invoiced_mock.testing.harness import Harness

    assert invoiced_mock.InvoicedMock is InvoicedMock
    assert invoiced_mock.Harness is Harness
    assert set(invoiced_mock.__all__) <= set(dir(invoiced_mock))
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        invoiced_mock.Nope  # noqa: B018
