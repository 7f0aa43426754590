"""Packaging (issue 17 point 5): the built wheel, installed in a fresh venv, serves the
console from its own files. No network: the wheel is built without build isolation by
the test venv's setuptools, installed with `--no-deps --no-index`, and the new venv
borrows the test venv's dependencies through a `.pth` file (not its editable install)."""

import json
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from importlib import metadata
from importlib.util import find_spec
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ABSENT = "is absent from the `packages` configuration"

SERVE = """
import json, sys
from dataclasses import replace
from fastapi.testclient import TestClient
import accountledger
from accountledger.adapters.bootstrap import Settings
from accountledger.adapters.http import console
from accountledger.adapters.http.app import create_app

client = TestClient(create_app(Settings(store="memory:")))
page = client.get("/console/sign-in")
css = client.get("/console/static/console.css")
print(json.dumps({
    "package": accountledger.__file__,
    "template": console.TEMPLATES.env.get_template("sign_in.html").filename,
    "page": page.status_code, "html": page.text, "css": css.status_code,
}))
"""


def _builds_offline() -> bool:
    """`pip wheel --no-build-isolation` needs the build backend the project names."""
    if find_spec("wheel") is None or find_spec("setuptools") is None:
        return False
    major = int(metadata.version("setuptools").split(".")[0])
    return major >= 68


def _source_copy(into: Path) -> Path:
    """What the build reads, copied: the build leaves `build/` and egg-info behind it."""
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, into / name)
    shutil.copytree(ROOT / "src", into / "src", ignore=shutil.ignore_patterns("__pycache__"))
    return into


def _data_files() -> set[str]:
    """Every file of the package that is not Python: each must be in the wheel."""
    src = ROOT / "src"
    return {
        f"accountledger/{path.relative_to(src).as_posix()}"
        for path in src.rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts
    }


@pytest.mark.skipif(not _builds_offline(), reason="needs setuptools>=68 and wheel installed")
def test_the_wheel_installs_in_a_fresh_venv_and_serves_the_console(tmp_path: Path) -> None:
    (tmp_path / "source").mkdir()
    source = _source_copy(tmp_path / "source")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--no-index", "-v", "-w", str(tmp_path / "dist"), str(source)],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr[-2000:]
    assert ABSENT not in built.stdout + built.stderr  # the data directories are declared
    [wheel] = (tmp_path / "dist").glob("accountledger-*.whl")
    shipped = set(zipfile.ZipFile(wheel).namelist())
    assert _data_files() <= shipped, sorted(_data_files() - shipped)

    home = tmp_path / "venv"
    venv.create(home, with_pip=False)
    python = home / "bin" / "python"
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
         "--no-index", str(wheel)],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stderr[-2000:]
    # The dependencies only, after the install (so pip does not see the editable one).
    site = Path(
        subprocess.check_output(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            text=True,
        ).strip()
    )
    (site / "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    ran = subprocess.run(
        [python, "-c", SERVE], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert ran.returncode == 0, ran.stderr[-2000:]
    served = json.loads(ran.stdout.splitlines()[-1])
    assert served["package"].startswith(str(site)), served["package"]
    assert served["template"].startswith(str(site / "accountledger")), served["template"]
    assert served["page"] == 200 and "console.css" in served["html"]
    assert served["css"] == 200
