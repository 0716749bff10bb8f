"""The queries the docs show work as written: every ```sparql block of docs/querying.md runs on the build and gives
rows (a guide whose examples fail is worse than none)."""

from __future__ import annotations

import re

import pytest

from csto_kg import namespaces as ns
from csto_kg.querying import run_query

from .conftest import ROOT

BLOCKS = re.findall(r"```sparql\n(.*?)```", (ROOT / "docs" / "querying.md").read_text(encoding="utf-8"), re.S)


def test_the_guide_has_its_examples():
    assert len(BLOCKS) >= 8


@pytest.mark.parametrize("number", range(len(BLOCKS)))
def test_every_query_of_the_guide_runs_and_answers(store, number):
    answer = run_query(
        store, BLOCKS[number], where=f"docs/querying.md query {number + 1}", prologue=ns.sparql_prologue()
    )
    assert answer.rows, BLOCKS[number]
