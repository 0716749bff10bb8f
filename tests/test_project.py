"""Which project a command works on: the one the user names, else the one the working directory is in (as git
finds its repository), and never the checkout the package happens to be installed from."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from csto_kg.cli import main
from csto_kg.project import find_project

from .conftest import ROOT

RUN_CLI = [sys.executable, "-c", "from csto_kg.cli import main; main()"]


def test_a_root_that_does_not_exist_is_an_error_naming_it(tmp_path):
    result = CliRunner().invoke(main, ["--root", str(tmp_path / "pristin"), "build"])
    assert result.exit_code == 2
    assert f"{tmp_path / 'pristin'}: no such folder" in result.output


def test_a_root_that_is_not_a_project_is_an_error_naming_it(tmp_path):
    (tmp_path / "graph").mkdir()
    result = CliRunner().invoke(main, ["--root", str(tmp_path), "stats"])
    assert result.exit_code == 2
    assert f"{tmp_path}: not a csto-kg project" in result.output


def test_the_environment_variable_is_held_to_the_same_rule(tmp_path):
    result = CliRunner().invoke(main, ["stats"], env={"CSTO_KG_ROOT": str(tmp_path)})
    assert result.exit_code == 2
    assert "not a csto-kg project" in result.output


def test_the_project_is_found_from_a_folder_inside_it(project_copy, monkeypatch):
    monkeypatch.delenv("CSTO_KG_ROOT", raising=False)
    monkeypatch.chdir(project_copy.root / "graph" / "sources")
    assert find_project().root == project_copy.root.resolve()


def test_outside_any_project_nothing_is_guessed(tmp_path, monkeypatch):
    monkeypatch.delenv("CSTO_KG_ROOT", raising=False)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["stats"])
    assert result.exit_code == 2
    assert f"no csto-kg project in {tmp_path.resolve()}" in result.output


def test_a_copy_run_with_another_copys_environment_writes_only_into_itself(project_copy, tmp_path):
    """This test's interpreter has the package installed from ROOT; run in the copy, `add` stores the article in the
    copy and leaves ROOT's sources as they were."""
    article = tmp_path / "article.txt"
    article.write_text("Kazakhstan, 14 January. Peacekeepers of the CSTO are leaving.\n", encoding="utf-8")
    before = sorted(p.name for p in (ROOT / "graph" / "sources").iterdir())
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    args = ["add", str(article), "--publisher", "Kazinform", "--published", "2022-01-14", "--lang", "en"]
    result = subprocess.run(
        RUN_CLI + args, cwd=project_copy.root / "graph", env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (ROOT / "graph" / "sources").iterdir()) == before
    copies = (project_copy.root / "graph" / "sources").glob("*.txt")
    stored = [p for p in copies if p.read_bytes() == article.read_bytes()]
    assert len(stored) == 1, result.stderr
