"""Locating nodes in files: the line where an IRI is first spelled, in Turtle and in large N-Triples files."""

import re

from csto_kg.loader import first_lines


def slow_first_lines(text: str) -> dict[str, int]:
    """The obvious implementation, to compare the fast one with."""
    found = {}
    for number, line in enumerate(text.split("\n"), start=1):
        for iri in re.findall(r"<([^<>\s]*)>", line):
            found.setdefault(iri, number)
    return found


def test_ntriples_lines_match_the_obvious_implementation():
    text = "".join(f"<http://ex/s{i % 7}> <http://ex/p> <http://ex/o{i}> .\n" for i in range(200))
    text += '<http://ex/late> <http://ex/p> "a <http://ex/not-first> in a literal" .\n'
    assert first_lines(text) == slow_first_lines(text)
    assert first_lines(text)["http://ex/s3"] == 4 and first_lines(text)["http://ex/late"] == 201


def test_prefixed_names_in_both_prefix_forms():
    turtle = "@prefix kg: <https://w3id.org/csto-kg/id/> .\n\nkg:a kg:b kg:c .\n"
    sparql_style = "PREFIX kg: <https://w3id.org/csto-kg/id/>\nkg:a kg:b\n  kg:c .\n"
    assert first_lines(turtle)["https://w3id.org/csto-kg/id/c"] == 3
    assert first_lines(sparql_style)["https://w3id.org/csto-kg/id/c"] == 3


def test_a_crlf_file_counts_lines_the_same():
    text = "<http://ex/a> <http://ex/p> <http://ex/b> .\r\n<http://ex/c> <http://ex/p> <http://ex/a> .\r\n"
    assert first_lines(text) == {"http://ex/a": 1, "http://ex/p": 1, "http://ex/b": 1, "http://ex/c": 2}
