"""What pyproject.toml ships: a wheel built from the checkout holds every module of every subpackage and the web
page's files, and the package imported from that wheel alone (not from the checkout) runs a command."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

from .conftest import ROOT


def test_a_wheel_ships_every_subpackage_and_runs(tmp_path):
    source = tmp_path / "source"  # a copy: building in the checkout would leave build/lib and build/bdist there
    shutil.copytree(ROOT / "csto_kg", source / "csto_kg", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("csto_kg-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    package = ROOT / "csto_kg"
    expected = {str(p.relative_to(ROOT)) for p in package.rglob("*.py") if "__pycache__" not in p.parts}
    expected |= {str(p.relative_to(ROOT)) for p in (package / "serve" / "web").iterdir()}
    assert expected <= names, sorted(expected - names)
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    # the wheel's package first on the path, in a folder that is no project: the checkout is never read
    ran = subprocess.run(
        [
            sys.executable,
            "-c",
            "import csto_kg.cli, csto_kg.serve.server as s; print(s.WEB.is_dir(), csto_kg.__file__)",
        ],
        cwd=tmp_path,
        env={"PYTHONPATH": str(unpacked), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ran.returncode == 0, ran.stderr
    found, where = ran.stdout.split()
    assert found == "True" and where.startswith(str(unpacked))
