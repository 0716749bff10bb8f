"""A new article in: `csto-kg add` (and every input it refuses), `extract` (mentions, dates, quantities, candidate
claims matched to the graph's events) and `review`, through a pseudo-terminal and through the page in headless
Chromium; the build then holds exactly the accepted claims, and they pass the shapes."""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import pty
import re
import select
import signal
import subprocess
import sys
import termios
import threading
import time
import urllib.error
import urllib.request

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from csto_kg import namespaces as ns
from csto_kg.choices import ACCEPT_ABOVE
from csto_kg.cli import main
from csto_kg.dates import clause_of, clause_tense, find_dates
from csto_kg.ingest.extract import CALIBRATION, KGC, SPEECH, Extractor, claim_quads
from csto_kg.ingest.mentions import GAZETTEER_FIELDS, Gazetteer, keep_json, kept_json
from csto_kg.ingest.quantities import find_quantities
from csto_kg.ingest.requirements import Requirements
from csto_kg.project import Project

from .conftest import ROOT

RU_ARTICLE = (
    "Бишкек, 14 января. Кыргызские военнослужащие вернулись в Кыргызстан 14 января.\n\n"
    "Их встречали на КПП «Ак-Жол — Автодорожный».\n\n"
    "Садыр Жапаров заявил, что миссия завершена.\n"
)
KAZINFORM_TEXT = ROOT / "graph" / "sources" / "2022-01-13_kazinform_0e580624.txt"


def source_id(text: bytes, publisher_kebab: str, published: str = "2022-01-14") -> str:
    return f"{published}_{publisher_kebab}_{hashlib.sha256(text).hexdigest()[:8]}"


@pytest.fixture
def kg(project_copy, tmp_path):
    """`csto-kg` on a disposable copy of the project, with its own build folder."""
    build_dir = tmp_path / "build"

    def run(*args):
        return CliRunner().invoke(main, ["--root", str(project_copy.root), "--build-dir", str(build_dir), *args])

    run.project, run.build_dir = project_copy, build_dir
    return run


def tree(root) -> dict[str, bytes]:
    """Every file under graph/, with its bytes: what a refused command must leave as it was."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "graph").rglob("*")) if p.is_file()}


def added(kg, tmp_path, text: bytes, *options) -> str:
    article = tmp_path / "article.txt"
    article.write_bytes(text)
    result = kg("add", str(article), *options)
    assert result.exit_code == 0, result.output
    return result.output.split("added source ", 1)[1].split(":", 1)[0]


# --- add ---------------------------------------------------------------------------------------------------------


def test_add_stores_the_bytes_given_and_describes_them(kg, tmp_path):
    text = "Алматы, 13 января.\r\nМиротворцы\u00a0ОДКБ начали вывод.  \r\n".encode()
    source = added(
        kg, tmp_path, text, "--publisher", "Kazinform", "--published", "2022-01-13", "--lang", "ru",
        "--url", "https://www.inform.kz/ru/a", "--title", "Вывод",
    )  # fmt: skip
    assert source == source_id(text, "kazinform", "2022-01-13")
    sources = kg.project.sources_dir
    assert (sources / f"{source}.txt").read_bytes() == text  # nothing normalised: CRLF, NBSP, trailing spaces kept
    meta = ox.Store()
    meta.load(path=str(sources / f"{source}.ttl"), format=ox.RdfFormat.TURTLE)
    facts = {q.predicate.value: q.object for q in meta}
    assert facts[ns.KGO + "sha256"].value == hashlib.sha256(text).hexdigest()
    assert facts[ns.KGO + "publisher"] == ox.NamedNode(ns.KG + "kazinform")  # the register's outlet, reused
    assert facts[ns.SCHEMA + "inLanguage"].value == "ru"
    assert facts[ns.SCHEMA + "datePublished"] == ox.Literal("2022-01-13", datatype=ox.NamedNode(ns.XSD + "date"))
    assert facts[ns.KGO + "dateCertainty"] == ox.NamedNode(ns.KGO + "StatedOnPage")
    assert facts[ns.KGO + "url"].value == "https://www.inform.kz/ru/a"
    assert not list(kg.project.register_dir.glob(f"{source}*"))  # nothing new for the register
    result = kg("build", "--no-hermit", "-q")
    assert result.exit_code == 0, result.output
    shown = kg("sparql", f"SELECT ?text WHERE {{ <{ns.SRC}{source}> schema:text ?text }}", "-f", "json")
    assert "Миротворцы\\u00a0ОДКБ" in shown.output or "Миротворцы\u00a0ОДКБ" in shown.output


def test_a_text_saved_with_other_line_endings_is_the_same_article(kg, tmp_path):
    """An outsider's trial: the same article with Windows' line endings and with Unix ones was stored twice (the
    checksums differ); it is refused now, naming the stored source. Each is read alike by extract: the same
    candidates, and what they quote is the stored text."""
    text = b"MOSCOW, Jan 13 - The last Russian troops left Almaty on Thursday.\nAbout 2,030 servicemen took part.\n"
    source = added(kg, tmp_path, text.replace(b"\n", b"\r\n"), "--publisher", "Line Wire", "--published",
                   "2022-01-13", "--lang", "en")  # fmt: skip
    (tmp_path / "unix.txt").write_bytes(text)
    again = kg(
        "add", str(tmp_path / "unix.txt"), "--publisher", "Line Wire", "--published", "2022-01-13", "--lang", "en"
    )
    assert again.exit_code == 2 and f"already stored as source {source}" in again.output
    assert "other line endings" in again.output


def test_add_refuses_a_text_in_the_other_language_s_alphabet(kg, tmp_path):
    """An outsider's trial: Russian text added with --lang en was stored without a word (extract then read it as
    English and proposed one candidate)."""
    article = tmp_path / "article.txt"
    article.write_text("Токаев заявил, что миротворцы ОДКБ покинут Казахстан в четверг.\n", encoding="utf-8")
    before = sorted(kg.project.sources_dir.iterdir())
    result = kg("add", str(article), "--publisher", "X", "--published", "2022-01-13", "--lang", "en")
    assert result.exit_code == 2 and "mostly in Cyrillic letters: is it --lang ru?" in result.output
    assert str(article) in result.output and sorted(kg.project.sources_dir.iterdir()) == before
    assert kg("add", str(article), "--publisher", "X", "--published", "2022-01-13", "--lang", "ru").exit_code == 0


def test_extract_reads_windows_line_endings_as_unix_ones(extractor):
    text = "Kazakhstan completes withdrawal\n\nMOSCOW, Jan 13 (Eurasia Daily Report) - The last Russian troops left "
    text += "Almaty on Thursday, the Defence Ministry said.\nAbout 2,030 servicemen and 250 vehicles took part.\n"
    windows = text.replace("\n", "\r\n")
    unix, crlf = (_extract(extractor, t, "en", "2022-01-13", publisher="Eurasia Daily Report") for t in (text, windows))

    def read(found):
        return ([(c.event_type, c.date and c.date.first, c.quote.replace("\r", "")) for c in found.claims],
                [(q.value, q.counted) for q in found.quantities], [m.text for m in found.mentions])  # fmt: skip

    assert read(unix) == read(crlf) and unix.claims
    assert "Report" not in _events(crlf)  # a word of the outlet's name
    assert all(windows[c.start : c.end] == c.quote for c in crlf.claims)
    assert all(windows[m.start : m.end] == m.text for m in crlf.mentions)


def test_add_puts_a_new_outlet_in_the_register_and_says_how_the_date_is_known(kg, tmp_path):
    text = RU_ARTICLE.encode()
    article = tmp_path / "a.txt"
    article.write_bytes(text)
    common = ["add", str(article), "--publisher", "Kaktus Media", "--published", "2022-01-14", "--lang", "ru"]
    refused = kg(*common, "--date-known", "inferred")
    assert refused.exit_code == 2 and "--date-note" in refused.output
    result = kg(*common, "--date-known", "inferred", "--date-note", "«Бишкек, 14 января» opens the article")
    assert result.exit_code == 0, result.output
    source = source_id(text, "kaktus-media")
    register = (kg.project.register_dir / f"{source}.outlet.ttl").read_text(encoding="utf-8")
    assert "kg:kaktus-media a kgo:NewsOutlet" in register and '"Kaktus Media"@en' in register
    meta = (kg.project.sources_dir / f"{source}.ttl").read_text(encoding="utf-8")
    assert "kgo:InferredFromText" in meta and "kgo:dateNote" in meta
    assert kg("build", "--no-hermit", "-q").exit_code == 0


BAD_INPUTS = [
    ("empty", b"", [], "the file is empty"),
    ("blank", b" \n\n\t", [], "the file is empty"),
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", [], "a binary file"),
    ("cp1251", "Миротворцы ОДКБ".encode("cp1251"), [], "not UTF-8 text"),
    ("duplicate", KAZINFORM_TEXT.read_bytes(), [], "already stored as source 2022-01-13_kazinform_0e580624"),
    ("language", b"Text.", ["--lang", "kk"], "--lang: 'kk' is not a language"),
    ("not a date", b"Text.", ["--published", "13.01.2022"], "--published: '13.01.2022' is not a date"),
    ("no such day", b"Text.", ["--published", "2022-02-30"], "--published: '2022-02-30' is not a date"),
    ("future", b"Text.", ["--published", "2099-01-13"], "--published: 2099-01-13 is after today ("),
    ("url", b"Text.", ["--url", "javascript:alert(1)"], "--url: 'javascript:alert(1)' is not an http(s) URL"),
    ("url host", b"Text.", ["--url", "https://[::1/x"], "--url: 'https://[::1/x' is not a URL: Invalid IPv6 URL"),
    ("url quote", b"Text.", ["--url", 'https://example.com/a"b'], "is not a URL: Invalid IRI code point"),
    ("url space", b"Text.", ["--url", "https://example.com/a b"], "is not a URL: Invalid IRI code point ' '"),
    ("too large", b"word " * 200_001, [], "1,000,005 bytes: an article is at most 1,000,000 bytes"),
]


@pytest.mark.parametrize("case, text, options, message", BAD_INPUTS, ids=[c[0] for c in BAD_INPUTS])
def test_add_refuses_what_could_not_be_a_source_and_writes_nothing(kg, tmp_path, case, text, options, message):
    article = tmp_path / f"{case}.txt"
    article.write_bytes(text)
    before = tree(kg.project.root)
    defaults = {"--publisher": "Outlet", "--published": "2022-01-14", "--lang": "en"}
    for name, value in zip(options[::2], options[1::2]):
        defaults[name] = value
    result = kg("add", str(article), *[x for pair in defaults.items() for x in pair])
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0], result.output
    assert tree(kg.project.root) == before


def test_add_names_the_file_it_cannot_read(kg, tmp_path):
    result = kg("add", str(tmp_path / "missing.txt"), "--publisher", "X", "--published", "2022-01-14", "--lang", "en")
    assert result.exit_code == 2 and "missing.txt: cannot read" in result.output


def add_process(project, article) -> subprocess.CompletedProcess:
    """`csto-kg add` as a real process (a hang would end it at the timeout, failing the test)."""
    return subprocess.run(
        [sys.executable, "-c", "from csto_kg.cli import main; main()", "--root", str(project.root), "add",
         str(article), "--publisher", "X", "--published", "2022-01-14", "--lang", "en"],
        capture_output=True, timeout=60,
    )  # fmt: skip


def test_add_refuses_what_is_not_a_regular_file_without_reading_it(kg, tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # no writer: opening it to read would wait for ever
    before = tree(kg.project.root)
    for article, kind in ((fifo, "a FIFO"), ("/dev/zero", "a device"), (tmp_path, "a folder")):
        result = add_process(kg.project, article)
        error = result.stderr.decode()
        assert result.returncode == 2 and f"{kind}, not a regular file" in error and "Traceback" not in error
    assert tree(kg.project.root) == before


def test_what_a_stopped_add_left_is_removed_by_the_next_and_the_article_goes_in(kg, tmp_path):
    text = RU_ARTICLE.encode()
    source = source_id(text, "kaktus-media")
    sources, register = kg.project.sources_dir, kg.project.register_dir
    # what an add killed after writing the text and the new outlet, and one killed mid-write, leave behind
    (sources / f"{source}.txt").write_bytes(text)
    register.mkdir(parents=True, exist_ok=True)
    (register / f"{source}.outlet.ttl").write_text("# half a story\n", encoding="utf-8")
    (sources / f".{source}.ttl.partial").write_bytes(b"@prefix")
    (sources / ".2022-01-01_x_00000000.txt.partial").write_bytes(b"x" * 100_000)
    hand_written = sources / "notes.txt"  # not add's: kept
    hand_written.write_text("my notes", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_bytes(text)
    result = kg("add", str(article), "--publisher", "Kaktus Media", "--published", "2022-01-14", "--lang", "ru")
    assert result.exit_code == 0, result.output
    assert result.output.count("left by an add that was stopped") == 4
    assert sorted(p.name for p in sources.glob(f"*{source}*")) == [f"{source}.ttl", f"{source}.txt"]
    assert not list(sources.glob(".*.partial")) and hand_written.exists()
    assert "kgo:NewsOutlet" in (register / f"{source}.outlet.ttl").read_text(encoding="utf-8")
    assert kg("build", "--no-hermit", "-q").exit_code == 0


def test_what_hermit_reads_grows_with_the_claims_not_with_the_text(kg, tmp_path):
    """A 1 MB article (the largest add takes) adds a few sentences to HermiT's input, not its 7,000 (the JVM took
    943 MB for a 2 MB article when it read them all)."""
    from csto_kg.reasoning import hermit_input

    def hermit_bytes() -> int:
        assert kg("build", "--no-hermit", "-q").exit_code == 0
        store = ox.Store.read_only(str(kg.build_dir / "current" / "store"))
        inferred = ox.NamedNode(ns.GRAPH + "inferred")
        return len(hermit_input(q for q in store if q.graph_name != inferred))

    before = hermit_bytes()
    sentence = "The peacekeepers of the CSTO began to leave Kazakhstan on 13 January, as the ministry said. "
    text = (sentence * (1_000_000 // len(sentence))).encode()
    added(kg, tmp_path, text, "--publisher", "Big Outlet", "--published", "2022-01-20", "--lang", "en")
    grown = hermit_bytes() - before
    assert 0 < grown < 5_000, grown


@pytest.mark.parametrize("given", ["../sources/2022-01-13_kazinform_0e580624", "../../../X/ID", "a/b", ".hidden", ""])
def test_a_source_id_is_a_name_never_a_path(kg, given):
    before = tree(kg.project.root)
    for command in (["extract", given], ["review", given], ["serve", "--review", given]):
        result = kg(*command)
        assert result.exit_code == 2 and "Traceback" not in result.output, result.output
        assert ("source id is empty" if not given else "a source id is a name") in result.output
    assert tree(kg.project.root) == before


# --- the grammars ------------------------------------------------------------------------------------------------

DATES = [
    ("ru", "2022-01-14", "В ночь на 6 января премьер заявил", "В ночь на 6 января", "2022-01-05", "2022-01-06"),
    ("ru", "2022-01-14", "в ночь с 4 на 5 января ушло", "в ночь с 4 на 5 января", "2022-01-04", "2022-01-05"),
    # a night named by its weekday, one by its two days in English, a dateline's date before its full stop
    ("ru", "2022-01-05", "Власти в ночь на среду объявили", "в ночь на среду", "2022-01-04", "2022-01-05"),
    ("en", "2022-01-06", "Gunfire on the night of 5 to 6 January", "night of 5 to 6 January", "2022-01-05",
     "2022-01-06"),
    ("ru", "2022-01-05", "АЛМАТЫ. 05.01.2022. КАЗИНФОРМ", "05.01.2022", "2022-01-05", "2022-01-05"),
    ("ru", "2022-01-14", "вернулись сегодня 14 января", "14 января", "2022-01-14", "2022-01-14"),
    ("ru", "2022-01-13", "Накануне министр сообщил", "Накануне", "2022-01-12", "2022-01-12"),
    ("ru", "2022-01-13", "Завтра 14 бортами выводим", "Завтра", "2022-01-14", "2022-01-14"),
    ("en", "2022-01-11", "who fired the Cabinet last Wednesday", "last Wednesday", "2022-01-05", "2022-01-05"),
    ("en", "2022-01-11", "Tokayev said Tuesday that troops will leave", "Tuesday", "2022-01-11", "2022-01-11"),
    ("en", "2022-01-13", "began starting from today", "today", "2022-01-13", "2022-01-13"),
    ("en", "2022-01-14", "said on Thursday, January 6, 2022", "January 6, 2022", "2022-01-06", "2022-01-06"),
    # the second batch's (21, 24): a time run into the day after it; «с 2 января» is a start (its `since`)
    ("ru", "2022-01-07", "Комендантский час с 23:00 до 07:00 в 21:406-го января", "6-го января", "2022-01-06",
     "2022-01-06"),
    ("ru", "2022-01-07", "В Казахстане с 2 января проходят акции протеста", "с 2 января", "2022-01-02", "2022-01-02"),
    ("en", "2022-01-07", "Protests have gone on since January 2", "since January 2", "2022-01-02", "2022-01-02"),
    # a day without a year is in the year nearest the article (it was always the article's year), a range said
    # with "from … to" or «4-5 января», "two days ago", «в минувший четверг» (none read right before)
    ("en", "2022-01-13", "Prices rose on Dec. 31", "Dec. 31", "2021-12-31", "2021-12-31"),
    ("ru", "2022-01-13", "Цены выросли 31 декабря", "31 декабря", "2021-12-31", "2021-12-31"),
    ("en", "2021-12-30", "The summit is set for January 10", "January 10", "2022-01-10", "2022-01-10"),
    ("en", "2022-01-13", "It runs from January 5 to January 19", "from January 5 to January 19", "2022-01-05",
     "2022-01-19"),
    ("en", "2022-01-13", "It ran from Jan. 5 until 7", "from Jan. 5 until 7", "2022-01-05", "2022-01-07"),
    ("ru", "2022-01-13", "Протесты шли 4-5 января", "4-5 января", "2022-01-04", "2022-01-05"),
    ("en", "2022-01-13", "Two days ago the withdrawal began", "Two days ago", "2022-01-11", "2022-01-11"),
    ("ru", "2022-01-13", "Два дня назад прибыли военные", "Два дня назад", "2022-01-11", "2022-01-11"),
    ("ru", "2022-01-13", "В минувший четверг прибыли военные", "В минувший четверг", "2022-01-06", "2022-01-06"),
    # an outsider's trial: «должны» with an infinitive is a verb to come («должны вылететь в среду» was last Wednesday)
    ("ru", "2022-01-18", "Киргизские военные должны вылететь в среду", "в среду", "2022-01-19", "2022-01-19"),
    ("ru", "2022-01-18", "Киргизские военные должны были вылететь в среду", "в среду", "2022-01-12", "2022-01-12"),
    # an attack's: ISO dates were not read; a year far from 2022 was taken for the nearest one (9999 read as 2021);
    # four digits a word follows count something ("1500 человек"), and the day keeps the year nearest
    ("en", "2022-01-20", "The last troops left on 2022-01-19.", "2022-01-19", "2022-01-19", "2022-01-19"),
    ("ru", "2022-01-20", "Обновлено 2022-01-19T10:00", "2022-01-19", "2022-01-19", "2022-01-19"),
    ("ru", "2022-01-20", "Военные ушли 31 декабря 9999 года", "31 декабря 9999 года", "9999-12-31", "9999-12-31"),
    ("ru", "2022-01-20", "6 января 1500 человек вышли", "6 января", "2022-01-06", "2022-01-06"),
    # a year's four digits with no «года» and a noun in the genitive plural after them count it (a second reading's)
    ("ru", "2022-01-14", "13 января 2030 военнослужащих покинули Казахстан", "13 января", "2022-01-13", "2022-01-13"),
    ("ru", "2022-01-14", "13 января 2022 в Алматы прошли протесты", "13 января 2022", "2022-01-13", "2022-01-13"),
    ("ru", "2022-01-14", "13 января 2022 протестующие вышли", "13 января 2022", "2022-01-13", "2022-01-13"),
    # the same in English (stop 30 left it): a plural noun after the digits, with no comma before them
    ("en", "2022-01-14", "On January 13 2030 troops left Almaty.", "January 13", "2022-01-13", "2022-01-13"),
    ("en", "2022-01-14", "On 13 January 2030 servicemen returned.", "13 January", "2022-01-13", "2022-01-13"),
    ("en", "2022-01-14", "On January 13, 2030 troops will leave.", "January 13, 2030", "2030-01-13", "2030-01-13"),
    ("en", "2022-01-14", "On January 13 2030 was named the deadline.", "January 13 2030", "2030-01-13", "2030-01-13"),
    ("en", "2022-01-14", "On January 13 2022 troops left Almaty.", "January 13 2022", "2022-01-13", "2022-01-13"),
    # a second reading's: a year past is history, and only what news counts makes four digits a count
    ("en", "2022-01-14", "On 16 December 2011 workers were shot.", "16 December 2011", "2011-12-16", "2011-12-16"),
    ("en", "2022-01-14", "On May 15 1992 leaders of six states signed it.", "May 15 1992", "1992-05-15", "1992-05-15"),
    ("en", "2022-01-14", "On January 1 2030 news agencies reported.", "January 1 2030", "2030-01-01", "2030-01-01"),
    # a second reading's: a year written in figures, and one within a year of the anchor's, stay years
    ("ru", "2023-01-05", "На 10.01.2022 задержанных было 7939 человек", "10.01.2022", "2022-01-10", "2022-01-10"),
    ("ru", "2023-01-05", "13 января 2022 силовиков наградили", "13 января 2022", "2022-01-13", "2022-01-13"),
    # a day of the month with no month: the month nearest the anchor (the ninth round's probes, set A)
    ("en", "2022-01-12", "Troops will start leaving on the 13th.", "the 13th", "2022-01-13", "2022-01-13"),
    ("en", "2022-01-12", "All units should be home by the 19th, he said.", "the 19th", "2022-01-19", "2022-01-19"),
    ("ru", "2022-01-12", "Вывод завершится 19-го числа.", "19-го числа", "2022-01-19", "2022-01-19"),
    # stop 30, from the fourth probe set's part C1: a weekday in the genitive after «с», «до», «утро»; what has gone
    # on since a day began on it, whatever the verb's tense; a night named by its two weekdays, or "overnight
    # into"; "until" before a day opens no clause ("will stay until Saturday" is the next Saturday)
    ("ru", "2022-01-14", "Жители с воскресенья не расходятся с площади", "с воскресенья", "2022-01-09", "2022-01-09"),
    ("ru", "2022-01-09", "Военные с субботы охраняют ТЭЦ-2", "с субботы", "2022-01-08", "2022-01-08"),
    # a hyphenated word is one word: «Атинскую» alone reads as a verb to come, and made the clause a future one
    ("ru", "2022-01-09", "Военные с субботы охраняют Алма-Атинскую ТЭЦ-2", "с субботы", "2022-01-08", "2022-01-08"),
    # (and, after a second reading, what a future verb says starts on a weekday is counted forward; a day after
    # "after" or "before" is still the clause's after it)
    ("ru", "2022-01-14", "С понедельника начнётся вывод миротворцев", "С понедельника", "2022-01-17", "2022-01-17"),
    ("en", "2022-01-14", "Shoigu said after Thursday the contingent would start loading equipment.", "Thursday",
     "2022-01-20", "2022-01-20"),
    ("ru", "2022-01-14", "В ночь с четверга на пятницу задержали 15 человек", "В ночь с четверга на пятницу",
     "2022-01-13", "2022-01-14"),
    ("en", "2022-01-07", "Police detained 15 looters in an operation that ran overnight into Friday.",
     "overnight into Friday", "2022-01-06", "2022-01-07"),
    ("en", "2022-01-14", "The troops will stay until Saturday.", "Saturday", "2022-01-15", "2022-01-15"),
    ("en", "2022-01-14", "Troops have guarded the plant since Saturday.", "since Saturday", "2022-01-08",
     "2022-01-08"),
    # the second outsider's trial: a live blog's day-words (the article's day, or the night that ended on it)
    ("en", "2022-01-05", "The decree was published on the Akorda website this morning.", "this morning",
     "2022-01-05", "2022-01-05"),
    ("en", "2022-01-05", "Police used stun grenades overnight on Republic Square.", "overnight", "2022-01-04",
     "2022-01-05"),
    ("en", "2022-01-05", "Earlier today the governor resigned.", "Earlier today", "2022-01-05", "2022-01-05"),
    ("ru", "2022-01-05", "Этой ночью полиция применила светошумовые гранаты.", "Этой ночью", "2022-01-04",
     "2022-01-05"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "language", "anchor"),
    [
        # four digits right after a date, nothing after them: no year any reading takes, or a count (a second
        # reading's «10 января 7939»): no day is given rather than one the article cannot mean
        ("The troops left on 31 December 9999.", "en", "2022-01-20"),
        ("Число задержанных: 7 января 3811, 10 января 7939.", "ru", "2022-01-20"),
        # ahead of a plan is no day before the date given ("two days earlier than planned")
        ("The mission began on January 6. The withdrawal ended two days earlier than planned.", "en", "2022-01-20"),
        ("Миссия началась 6 января. Вывод завершился на два дня раньше срока.", "ru", "2022-01-20"),
        # a rank or an ordinal is no day of the month; a date in a URL is no date of the text
        ("Paratroopers from the 31st Guards Air Assault Brigade were deployed.", "en", "2022-01-20"),
        ("He finished in the 2nd place.", "en", "2022-01-20"),
        ("Платежи до 20-го числа каждого месяца.", "ru", "2022-01-20"),
        ("See https://tengrinews.kz/news/2022-01-19/article for more.", "en", "2022-01-20"),
        # a second reading's (stop 30): an end, an appointment or a night not said to be one are no day the words
        # give: «продлён до среды» (until a Wednesday its past participle would count back), «на утро среды
        # назначено» (the same), «с пятницы на субботу» (a night, or a day moved to another)
        ("Режим ЧП в Алматы продлён до среды.", "ru", "2022-01-14"),
        ("На утро среды назначено заседание.", "ru", "2022-01-14"),
        ("С пятницы на субботу в городе было тихо.", "ru", "2022-01-14"),
        ("Встречу перенесли с пятницы на субботу.", "ru", "2022-01-14"),
    ],
)  # fmt: skip
def test_words_that_name_no_day_of_the_text(text, language, anchor):
    found = find_dates(text, datetime.date.fromisoformat(anchor), language)
    assert [d.words for d in found if not d.words.startswith(("January 6", "6 января"))] == []


def test_a_day_of_the_month_alone_is_read_by_its_clauses_tense():
    """ "was detained on the 30th", published on 16 January: 30 December, not a plan for 30 January."""
    found = find_dates("Masimov was detained on the 30th, officials said.", datetime.date(2022, 1, 16), "en")
    assert [(d.words, d.first.isoformat()) for d in found] == [("the 30th", "2021-12-30")]


def test_days_later_count_from_the_date_given_before():
    text = "On January 2, crowds took to the streets. Two days later, the protests engulfed Almaty."
    found = find_dates(text, datetime.date(2022, 1, 6), "en")
    assert [(d.words, d.first.isoformat(), d.derived) for d in found] == [
        ("January 2", "2022-01-02", False),
        ("Two days later", "2022-01-04", True),
    ]
    russian = find_dates(
        "Протесты начались 2 января, а через два дня перекинулись на Алматы.", datetime.date(2022, 1, 6), "ru"
    )
    assert [(d.words, d.first.isoformat()) for d in russian][1] == ("через два дня", "2022-01-04")


def test_a_day_alone_after_a_date_in_the_same_sentence_is_in_its_month():
    """The fourth blind trial: «6-го» was no date, and the landing took the request's 5 January."""
    text = "Ещё 5 января он обратился в ОДКБ, а уже 6-го военные приземлились под Алматы. Рота 7-го полка ушла."
    found = find_dates(text, datetime.date(2022, 1, 14), "ru")
    assert [(d.words, d.first.isoformat(), d.month_inferred) for d in found] == [
        ("5 января", "2022-01-05", False),
        ("6-го", "2022-01-06", True),  # and «7-го полка», in the next sentence, is a regiment
    ]
    # (a second reading's: an ordinal of the noun after it is no day; a day before the one told is the next month's)
    for text, days in (
        ("5 января бойцы 1-го батальона прибыли в Алматы.", ["2022-01-05"]),
        ("31 января уехал, а 2-го вернулся.", ["2022-01-31", "2022-02-02"]),
    ):
        assert [d.first.isoformat() for d in find_dates(text, datetime.date(2022, 1, 14), "ru")] == days


def test_quoted_relative_words_count_from_the_day_they_were_spoken():
    text = "Накануне министр сообщил президенту.\n«Завтра 14 бортами выводим все силы», - сказал он."
    found = find_dates(text, datetime.date(2022, 1, 13), "ru")
    assert [(d.words, d.first.isoformat(), d.anchor) for d in found] == [
        ("Накануне", "2022-01-12", None),
        ("Завтра", "2022-01-13", datetime.date(2022, 1, 12)),
    ]
    assert "spoken" in found[1].how


@pytest.mark.parametrize("language, anchor, text, words, first, last", DATES, ids=[d[3] for d in DATES])
def test_dates_are_read_with_the_words_they_come_from(language, anchor, text, words, first, last):
    found = find_dates(text, datetime.date.fromisoformat(anchor), language)
    assert [(d.words, d.first.isoformat(), d.last.isoformat()) for d in found] == [(words, first, last)]
    assert found[0].how


QUANTITIES = [
    ("ru", "Всего более трёх тысяч военнослужащих", [(3000, "Personnel", "Item", "MoreThan")]),
    ("en", "A total of 2,030 soldiers and 250 vehicles", [(2030, "Personnel", "Item", "Exactly"),
                                                         (250, "Vehicle", "Item", "Exactly")]),
    ("ru", "Завтра 14 бортами выводим", [(14, "Aircraft", "Item", "Exactly")]),
    ("en", "will take no longer than 10 days", [(10, "Duration", "Day", "AtMost")]),
    ("en", "around 160 people were killed", [(160, "PeopleKilled", "Item", "About")]),
    ("en", "and nearly 10,000 arrested", [(10000, "PeopleArrested", "Item", "Nearly")]),
    ("en", "would begin a phased withdrawal within two days", [(2, "TimeUntilStart", "Day", "AtMost")]),
    ("ru", "вывод начнется 13 января и займет 10 дней", [(10, "Duration", "Day", "Exactly")]),
    ("ru", "охраняли ТЭЦ-2 с 06.01.2022, а в 2019 году и с 11pm-7am", []),
    # the issue's examples (19): what is counted, and its bound
    ("en", "The contingent included 150 military and 19 pieces of equipment", [(150, "Personnel", "Item", "Exactly"),
                                                                             (19, "Vehicle", "Item", "Exactly")]),
    ("en", "They flew in on three transport aircraft", [(3, "Aircraft", "Item", "Exactly")]),
    ("en", "one Il-76 landed in Bishkek", [(1, "Aircraft", "Item", "Exactly")]),
    ("ru", "Задержаны 2,5 тыс. человек", [(2500, "PeopleArrested", "Item", "Exactly")]),
    ("ru", "погибли более сотни человек", [(100, "PeopleKilled", "Item", "MoreThan")]),
    ("en", "after a two-fold increase in the price of gas", [(2, "PriceFactor", "Item", "Exactly")]),
    ("en", "killed 225 people, and more than 2,600 were injured", [(225, "PeopleKilled", "Item", "Exactly"),
                                                                  (2600, "PeopleInjured", "Item", "MoreThan")]),
    ("en", "The rallies have involved thousands of people", []),
    # the second batch's (19, 20): a negation before "more than", "at least" (more than one less), what is
    # counted two words after the number, and an outcome that holds for the numbers listed after it
    ("en", "The withdrawal will not take more than 10 days", [(10, "Duration", "Day", "AtMost")]),
    ("ru", "вывод не займет больше 10 дней", [(10, "Duration", "Day", "AtMost")]),
    ("en", "At least 26 people were killed", [(25, "PeopleKilled", "Item", "MoreThan")]),
    ("ru", "погибли не менее 26 человек", [(25, "PeopleKilled", "Item", "MoreThan")]),
    ("en", "16 law enforcement officers were killed", [(16, "SecurityForcesKilled", "Item", "Exactly")]),
    # bounds across an article, vague hundreds, "military" as an adjective, a count that looks like a year, more
    # number words (none of these read right before)
    ("en", "more than a hundred cadets flew home", [(100, "Personnel", "Item", "MoreThan")]),
    ("en", "a few hundred paratroopers landed", [(100, "Personnel", "Item", "MoreThan")]),
    ("ru", "прибыли несколько сотен десантников", [(100, "Personnel", "Item", "MoreThan")]),
    ("en", "roughly 40 pieces of military equipment", [(40, "Vehicle", "Item", "About")]),
    ("en", "six military transport planes took off", [(6, "Aircraft", "Item", "Exactly")]),
    ("ru", "в страну прибыли 1950 военнослужащих", [(1950, "Personnel", "Item", "Exactly")]),
    ("en", "In 2016 people were killed there too", []),
    ("ru", "пятнадцать самолетов и сорок машин",
     [(15, "Aircraft", "Item", "Exactly"), (40, "Automobile", "Item", "Exactly")]),
    ("en", "fewer than 50 people were killed, 26 “armed criminals” and 18 security officials in the conflict",
     [(50, "PeopleKilled", "Item", "AtMost"), (26, "PeopleKilled", "Item", "Exactly"),
      (18, "SecurityForcesKilled", "Item", "Exactly")]),
    # numbers of several words read as one (they gave two wrong figures), the teens, a dozen, hardware, and what
    # befell soldiers said after them
    ("ru", "прибыли двадцать пять военных", [(25, "Personnel", "Item", "Exactly")]),
    ("ru", "задержаны сорок четыре человека", [(44, "PeopleArrested", "Item", "Exactly")]),
    ("ru", "в миссии две тысячи триста военных", [(2300, "Personnel", "Item", "Exactly")]),
    ("en", "Forty-four people were detained", [(44, "PeopleArrested", "Item", "Exactly")]),
    ("en", "a hundred and fifty troops arrived", [(150, "Personnel", "Item", "Exactly")]),
    ("en", "Sixteen police officers were killed", [(16, "SecurityForcesKilled", "Item", "Exactly")]),
    ("en", "a dozen aircraft landed", [(12, "Aircraft", "Item", "Exactly")]),
    ("en", "Two dozen soldiers were wounded", [(24, "PeopleInjured", "Item", "Exactly")]),
    ("en", "250 pieces of military hardware", [(250, "Vehicle", "Item", "Exactly")]),
    ("en", "150 servicemen arrived to guard sites where many were killed", [(150, "Personnel", "Item", "Exactly")]),
    ("ru", "жертвами беспорядков стали 164 человека", [(164, "PeopleKilled", "Item", "Exactly")]),
    # 46 figure phrasings written for the purpose gave 39: killing before the count, medical help, a loss of
    # people, «до» and «по меньшей мере» before a number, armoured cars by their Russian names
    ("en", "killing at least 225 people", [(224, "PeopleKilled", "Item", "MoreThan")]),
    ("en", "2,600 people sought medical help", [(2600, "PeopleInjured", "Item", "Exactly")]),
    ("ru", "за медицинской помощью обратились 2 600 человек", [(2600, "PeopleInjured", "Item", "Exactly")]),
    ("en", "with the loss of 16 police officers", [(16, "SecurityForcesKilled", "Item", "Exactly")]),
    ("ru", "до 2,5 тысячи миротворцев", [(2500, "Personnel", "Item", "AtMost")]),
    ("ru", "жертвами стали по меньшей мере 164 человека", [(163, "PeopleKilled", "Item", "MoreThan")]),
    ("ru", "8 бронемашин и 11 автомобилей", [(8, "ArmouredVehicle", "Item", "Exactly"),
                                           (11, "Automobile", "Item", "Exactly")]),
    # 40 more written for the purpose gave 33: detainees, liquidated, «превысило», hospitals, the people of a force
    ("en", "the number of detainees reached 7,939", [(7939, "PeopleArrested", "Item", "Exactly")]),
    ("en", "26 armed criminals were liquidated", [(26, "PeopleKilled", "Item", "Exactly")]),
    ("ru", "ликвидированы 26 вооруженных преступников", [(26, "PeopleKilled", "Item", "Exactly")]),
    ("ru", "число задержанных превысило 12 тысяч", [(12000, "PeopleArrested", "Item", "MoreThan")]),
    ("en", "the number of people detained now exceeds 12,000", [(12000, "PeopleArrested", "Item", "MoreThan")]),
    ("ru", "в больницах находятся 1,3 тыс. человек", [(1300, "PeopleInjured", "Item", "Exactly")]),
    # blind trial 41: those who died in hospital were counted as injured; those in intensive care as nothing (and the
    # 175 who died in hospital are a part of the 225 no kind names: no second toll, stop 38)
    ("ru", "из 225 погибших 175 скончались в медицинских учреждениях", [(225, "PeopleKilled", "Item", "Exactly")]),
    ("ru", "В реанимации остаются 67 человек", [(67, "PeopleInjured", "Item", "Exactly")]),
    ("ru", "численность контингента - 2,5 тыс. человек", [(2500, "Personnel", "Item", "Exactly")]),
    # 25 phrasings of several figures in a sentence gave 20: the first outcome after a count is its own (8,000 were
    # detained, not killed), lives claimed, a list that leaves out what it counts, "numbering"
    ("en", "Nearly 8,000 people have been detained and 164 killed", [(8000, "PeopleArrested", "Item", "Nearly"),
                                                                     (164, "PeopleKilled", "Item", "Exactly")]),
    ("en", "The unrest claimed 225 lives", [(225, "PeopleKilled", "Item", "Exactly")]),
    ("en", "Belarus sent 500 soldiers, Armenia 100 and Tajikistan 200", [(500, "Personnel", "Item", "Exactly"),
     (100, "Personnel", "Item", "Exactly"), (200, "Personnel", "Item", "Exactly")]),
    ("ru", "Белоруссия направила 500 военных, Армения - 100", [(500, "Personnel", "Item", "Exactly"),
                                                             (100, "Personnel", "Item", "Exactly")]),
    ("en", "the peacekeepers, numbering 2,030", [(2030, "Personnel", "Item", "Exactly")]),
    ("en", "150 soldiers were sent to Almaty, 3 of them officers", [(150, "Personnel", "Item", "Exactly")]),
    # a count that grew «до» a number reached it (no bound); police counted as people
    ("ru", "число погибших возросло до 225", [(225, "PeopleKilled", "Item", "Exactly")]),
    ("ru", "поездка продлится до 10 дней", [(10, "Duration", "Day", "AtMost")]),
    ("en", "eight police and national guard troops were killed", [(8, "SecurityForcesKilled", "Item", "Exactly")]),
    # sixth round, from 85 figures written for the purpose by a helper who never read the articles (63 -> 77)
    ("ru", "цена выросла вдвое", [(2, "PriceFactor", "Item", "Exactly")]),
    ("en", "a price that has nearly doubled", [(2, "PriceFactor", "Item", "Nearly")]),
    ("ru", "перебросил 12 бронетранспортеров", [(12, "ArmouredVehicle", "Item", "Exactly")]),
    ("ru", "около 100 полицейских машин", [(100, "Automobile", "Item", "About")]),
    ("ru", "за медпомощью обратились более 2 тыс. человек", [(2000, "PeopleInjured", "Item", "MoreThan")]),
    ("ru", "под стражу взяты 9900 человек", [(9900, "PeopleArrested", "Item", "Exactly")]),
    ("ru", "Армения направляет 100 военнослужащих, Белоруссия — около 500", [(100, "Personnel", "Item", "Exactly"),
                                                                        (500, "Personnel", "Item", "About")]),
    ("en", "Almost 5,800 people, including a number of foreigners, have been detained",
     [(5800, "PeopleArrested", "Item", "Nearly")]),
    ("en", "Up to 3,000 people rallied in the square", [(3000, "Protesters", "Item", "AtMost")]),
    ("ru", "тысячи людей продолжали акцию протеста", []),
    ("ru", "около тысячи человек получили ранения", [(1000, "PeopleInjured", "Item", "About")]),
    # a part of the toll no kind names is no figure (it would read as the toll itself)
    ("ru", "погибли 164 человека, в том числе трое детей", [(164, "PeopleKilled", "Item", "Exactly")]),
    ("ru", "разогнать около 5 тыс. протестующих", [(5000, "Protesters", "Item", "About")]),
    # a second reading's counter-examples: an aside before another predicate, police as a word for a thing, people
    # who gather (not protesters), a count named across a clause, vague plurals after a bound, a halving
    ("en", "The clashes killed 225 people, including 19 police officers, and injured 4,500 others.",
     [(225, "PeopleKilled", "Item", "Exactly"), (19, "SecurityForcesKilled", "Item", "Exactly"),
      (4500, "PeopleInjured", "Item", "Exactly")]),
    # the security forces killed, a part of the toll (kgo:partOfKind), also in a list after a part
    ("en", "225 people were killed, including 19 police officers and 3 children, and 4,500 were detained.",
     [(225, "PeopleKilled", "Item", "Exactly"), (19, "SecurityForcesKilled", "Item", "Exactly"),
      (4500, "PeopleArrested", "Item", "Exactly")]),
    ("ru", "Всего погибли 225 человек, из них 19 силовиков.",
     [(225, "PeopleKilled", "Item", "Exactly"), (19, "SecurityForcesKilled", "Item", "Exactly")]),
    ("ru", "Погибли 16 сотрудников полиции.", [(16, "SecurityForcesKilled", "Item", "Exactly")]),
    ("en", "164 people were killed, among them three children.", [(164, "PeopleKilled", "Item", "Exactly")]),
    # a second reading's: who they fought is not who they were; "including" before the first count is no part
    ("en", "The unrest killed 225 people in clashes with the police and the army.",
     [(225, "PeopleKilled", "Item", "Exactly")]),
    ("ru", "погибли 225 человек в столкновениях с полицией", [(225, "PeopleKilled", "Item", "Exactly")]),
    ("en", "The violence left heavy casualties, including 225 dead and 4,353 injured.",
     [(225, "PeopleKilled", "Item", "Exactly"), (4353, "PeopleInjured", "Item", "Exactly")]),
    ("en", "Rioters set fire to 20 police stations and killed 5 people.", [(5, "PeopleKilled", "Item", "Exactly")]),
    ("en", "About 2,000 police officers gathered in the main square.", []),
    ("en", "The number of people killed was not disclosed, but 12 people were rescued.", []),
    ("en", "Up to hundreds of protesters were detained.", []),
    ("ru", "Отряд сократили вдвое.", []),
    ("ru", "Цены выросли более чем вдвое", [(2, "PriceFactor", "Item", "MoreThan")]),
    # the ninth round's probes (set A, written by a helper who never read the articles): a force's total after a
    # verb of amount, what is counted before a dash, trucks, a headline's verb, custody, a doubling, who came home
    ("en", "The peacekeeping force in Kazakhstan now numbers 2,030, with Russia supplying the bulk",
     [(2030, "Personnel", "Item", "Exactly")]),
    ("ru", "Численность сил ОДКБ в Казахстане составила 2030 человек, а техники — 250 единиц",
     [(2030, "Personnel", "Item", "Exactly"), (250, "Vehicle", "Item", "Exactly")]),
    ("ru", "13 января 2030 военнослужащих покинули Казахстан", [(2030, "Personnel", "Item", "Exactly")]),
    ("en", "On January 13 2030 troops left Almaty", [(2030, "Personnel", "Item", "Exactly")]),
    ("en", "with 8 armoured vehicles and 11 trucks", [(8, "ArmouredVehicle", "Item", "Exactly"),
                                                    (11, "Automobile", "Item", "Exactly")]),
    ("en", "Kazakh police detain 5,800 after week of unrest", [(5800, "PeopleArrested", "Item", "Exactly")]),
    ("en", "20 people remain in custody", [(20, "PeopleArrested", "Item", "Exactly")]),
    ("ru", "в СИЗО остаются более 700 человек", [(700, "PeopleArrested", "Item", "MoreThan")]),
    ("en", "protests over a doubling of gas prices", [(2, "PriceFactor", "Item", "Exactly")]),
    ("en", "The turnout totalled 5,000", []),
    # the second reading's counter-examples: money, an age, a share, groups that are no force, a budget, a doubling
    # of no price, evacuees who came back (who came back are a force only where the sentence says so: left out)
    ("ru", "Ущерб от поджогов автомобилей составил 92 млрд тенге", []),
    ("ru", "Средний возраст военнослужащих контингента составляет 25 лет", []),
    ("ru", "Доля подразделений МВД составила 40%", []),
    ("en", "Tokayev said the terrorist groups numbered 20,000.", []),
    ("ru", "численность бандитских групп составила 20 000", []),
    ("en", "The contingent's budget stands at 500", []),
    ("en", "Russia considered doubling its contingent.", []),
    ("ru", "Обсуждалось удвоение численности контингента", []),
    ("ru", "Спецрейсами МЧС из Алматы вернулись 400 человек", []),
    ("ru", "Техники - 250 единиц", [(250, "Vehicle", "Item", "Exactly")]),
    # stop 30, from the fourth probe set's part C1: a range is a figure above its low end and one up to its high
    # end, over the same words; two figures joined by "and" are no range; what a count changed from is no figure
    ("en", "Between 2,000 and 2,500 troops were sent", [(1999, "Personnel", "Item", "MoreThan"),
                                                     (2500, "Personnel", "Item", "AtMost")]),
    ("ru", "Прибыли от 100 до 200 военных", [(99, "Personnel", "Item", "MoreThan"),
                                           (200, "Personnel", "Item", "AtMost")]),
    ("en", "10-15 soldiers were injured", [(9, "PeopleInjured", "Item", "MoreThan"),
                                          (15, "PeopleInjured", "Item", "AtMost")]),
    ("en", "Russia and Belarus sent 2,000 and 2,500 troops", [(2500, "Personnel", "Item", "Exactly")]),
    ("en", "The death toll rose from 164 to 225 people.", [(225, "PeopleKilled", "Item", "Exactly")]),
    ("ru", "Число погибших возросло с 164 до 225 человек.", [(225, "PeopleKilled", "Item", "Exactly")]),
    # a second reading's (stop 30): a change with words between its verb and "from"; a range before a multiplier;
    # a model number's second part; a dash between a count and a part of it
    ("en", "Officials revised the death toll from 164 to 225.", [(225, "PeopleKilled", "Item", "Exactly")]),
    ("ru", "В Казахстане задержаны 7-8 тысяч человек.", [(6999, "PeopleArrested", "Item", "MoreThan"),
                                                      (8000, "PeopleArrested", "Item", "AtMost")]),
    ("ru", "Ан-124-100 доставил 200 военных.", [(200, "Personnel", "Item", "Exactly")]),
    # a model after its maker's name, and a model's second part after letters and digits (stop 30 left them)
    ("en", "A Boeing 737-800 carried 150 troops.", [(150, "Personnel", "Item", "Exactly")]),
    ("en", "A Boeing 737 carried 150 troops.", [(150, "Personnel", "Item", "Exactly")]),
    ("en", "An Airbus A320-200 flew 75 troops home.", [(75, "Personnel", "Item", "Exactly")]),
    ("ru", "Самолёт Boeing 737-800 доставил 150 военных.", [(150, "Personnel", "Item", "Exactly")]),
    # a second reading's: makers in capitals and declined, and a count after a maker's name is still a count
    ("en", "A BOEING 737-800 carried 150 troops.", [(150, "Personnel", "Item", "Exactly")]),
    ("ru", "Самолётом Боинга 737-800 доставили 150 военных.", [(150, "Personnel", "Item", "Exactly")]),
    ("ru", "Самолёт Аэробуса 320-200 доставил 70 военных.", [(70, "Personnel", "Item", "Exactly")]),
    ("en", "Tokayev said Boeing 3 planes landed.", [(3, "Aircraft", "Item", "Exactly")]),
    ("en", "Police detained 5,800 - 2,000 of them in Almaty.", [(5800, "PeopleArrested", "Item", "Exactly")]),
    # the second outsider's trial: a live blog's time is no count («16:05 — Protesters» was five protesters); what
    # happened to those counted in one sentence is not said of a count in the next
    ("en", "16:05 — Protesters entered the building. At 9:30 5 planes landed.", [(5, "Aircraft", "Item", "Exactly")]),
    ("en", "Ten people were injured. 1,500 troops arrived.", [(10, "PeopleInjured", "Item", "Exactly"),
                                                           (1500, "Personnel", "Item", "Exactly")]),
    # and numbers in words: one and a half of a hundred or a thousand, hundreds counted, people a country sends, the
    # security forces' dead named before their number
    ("ru", "Россия перебросила более полутора тысяч десантников.", [(1500, "Personnel", "Item", "MoreThan")]),
    ("ru", "Белоруссия направила примерно полторы сотни военных.", [(150, "Personnel", "Item", "About")]),
    ("ru", "Операция займёт полтора часа, прибыли две сотни военных.", [(200, "Personnel", "Item", "Exactly")]),
    ("ru", "Киргизия отправила сто пятьдесят человек.", [(150, "Personnel", "Item", "Exactly")]),
    ("ru", "Число погибших силовиков достигло шестнадцати человек.",
     [(16, "SecurityForcesKilled", "Item", "Exactly")]),
    # trial 35: days between two days are no figure ("Two days after", «через два дня» opening a past clause);
    # «через два дня» still to come is how long until it starts, as "in two days" is
    ("en", "Two days after the prosecutors' update, Kulibayev stepped down.", []),
    ("ru", "Уже через два дня протесты охватили Актау.", []),
    ("ru", "Через два дня начнется поэтапный вывод.", [(2, "TimeUntilStart", "Day", "Exactly")]),
    ("en", "Tokayev announced the beginning of the withdrawal in two days.", [(2, "TimeUntilStart", "Day", "Exactly")]),
]  # fmt: skip


@pytest.mark.parametrize("language, text, expected", QUANTITIES, ids=[q[1][:30] for q in QUANTITIES])
def test_quantities_have_their_number_kind_unit_and_bound(language, text, expected):
    found = find_quantities(text, language, dates=find_dates(text, datetime.date(2022, 1, 14), language))
    assert [(q.value, q.counted, q.unit, q.bound) for q in found] == expected


# --- extract -----------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def extractor(store):
    snapshot = ox.Store()
    snapshot.load(path=str(ROOT / "graph" / "wikidata" / "snapshot.ttl"), format=ox.RdfFormat.TURTLE)
    return Extractor(store, snapshot)


@pytest.mark.parametrize(
    "language, text, words, entity",
    [
        ("ru", "Лидеры поддержали Токаева.", "Токаева", "tokayev"),
        ("ru", "после одобрения президента Садыра Жапарова", "Садыра Жапарова", "japarov"),
        ("ru", "силы наших коллег из Белоруссии", "Белоруссии", "belarus"),
        ("en", "On Wednesday, Kazakh President Tokayev said", "Kazakh President", "president-of-kazakhstan"),
        ("en", "On Wednesday, Kazakh President Tokayev said", "Tokayev", "tokayev"),
        ("en", "CSTO Secretary General Stanislav Zas", "CSTO Secretary General", "csto-secretary-general"),
        # the wires' descriptions (graph/entities.ttl)
        ("en", "Tokayev asked a Russia-led military alliance for help", "Russia-led military alliance", "csto"),
        (
            "en",
            "the Russian-led troops guarded strategic facilities",
            "strategic facilities",
            "csto-guarded-facilities",
        ),
        (
            "ru",
            "военные охраняли стратегически важные объекты",
            "стратегически важные объекты",
            "csto-guarded-facilities",
        ),
        ("en", "the Kazakh military regained control", "Kazakh military", "armed-forces-of-kazakhstan"),
        # a ministry by its country's possessive, Russian's short names and a state's other name in the genitive
        (
            "en",
            "Kazakhstan's Defence Ministry said",
            "Kazakhstan's Defence Ministry",
            "ministry-of-defence-of-kazakhstan",
        ),
        ("ru", "Минобороны Казахстана сообщило", "Минобороны Казахстана", "ministry-of-defence-of-kazakhstan"),
        ("ru", "Минобороны Киргизии сообщило", "Минобороны Киргизии", "ministry-of-defence-of-kyrgyzstan"),
        ("ru", "в Минобороны Белоруссии сообщили", "Минобороны Белоруссии", "ministry-of-defence-of-belarus"),
        ("ru", "Минздрав Казахстана сообщил", "Минздрав Казахстана", "ministry-of-health-of-kazakhstan"),
        ("ru", "слова главы Казахстана", "главы Казахстана", "president-of-kazakhstan"),
    ],
)
def test_mentions_are_linked_in_any_inflection_or_alias(extractor, language, text, words, entity):
    found = extractor.extract("test", text, language, datetime.date(2022, 1, 14))
    assert (words, ns.KG + entity) in [(m.text, m.entity) for m in found.mentions]


def test_a_name_the_register_does_not_know_is_proposed_with_a_kind(extractor):
    found = extractor.extract("test", "Colonel Aibek Dzhumabaev led them home.", "en", datetime.date(2022, 1, 14))
    new = [(m.text, m.kind, m.how) for m in found.mentions if m.how == "new"]
    assert new == [("Aibek Dzhumabaev", "person", "new")]  # the rank is not part of the name


def test_what_extract_proposes_does_not_depend_on_the_order_the_store_gives_its_rows(extractor, store, tmp_path):
    """The same graph loaded again from a dump answers in another order; the candidates must not change (of two
    events a candidate matches as well, the one more sources report, then the first IRI)."""
    dump = tmp_path / "graph.nq"
    store.dump(str(dump), format=ox.RdfFormat.N_QUADS)
    reloaded = ox.Store()
    reloaded.load(path=str(dump), format=ox.RdfFormat.N_QUADS)
    snapshot = ox.Store()
    snapshot.load(path=str(ROOT / "graph" / "wikidata" / "snapshot.ttl"), format=ox.RdfFormat.TURTLE)
    again = Extractor(reloaded, snapshot)

    def proposed(by):
        out = []
        for path in sorted((ROOT / "graph" / "sources").glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            language = "ru" if re.search("[а-яё]", text[:500]) else "en"
            found = by.extract("s", text, language, datetime.date(2022, 1, 14))
            out += [(path.name, c.event, c.matched, c.event_type, sorted(c.roles)) for c in found.claims]
        return out

    mine = proposed(extractor)
    assert any(matched for _, _, matched, _, _ in mine) and proposed(again) == mine


def test_a_second_report_of_an_event_is_evidence_for_it_not_a_new_event(extractor):
    found = extractor.extract("test", RU_ARTICLE, "ru", datetime.date(2022, 1, 14))
    returns = [c for c in found.claims if c.event_type == "Return"]
    assert [(c.event, c.matched) for c in returns] == [(ns.KG + "kyrgyz-return", True)]
    assert ("agent", ns.KG + "kyrgyz-contingent") in returns[0].roles
    assert returns[0].date.first == datetime.date(2022, 1, 14)
    statements = [c for c in found.claims if c.event_type == "Statement"]
    assert statements and not statements[0].matched  # words said are new each time: never matched undated
    assert statements[0].event.startswith(ns.KG + "statement-")


def test_extract_writes_candidates_the_build_never_reads(kg, tmp_path):
    source = added(kg, tmp_path, RU_ARTICLE.encode(), "--publisher", "Kaktus Media", "--published", "2022-01-14",
                   "--lang", "ru")  # fmt: skip
    assert kg("build", "--no-hermit", "-q").exit_code == 0
    result = kg("extract", source)
    assert result.exit_code == 0, result.output
    assert "4 candidate claims (2 for events the graph has)" in result.output
    candidates = ox.Store()
    candidates.load(path=str(kg.project.candidates_dir / f"{source}.trig"), format=ox.RdfFormat.TRIG)
    linked = {
        (s["words"].value, s["entity"].value)
        for s in candidates.query(
            f"SELECT ?words ?entity WHERE {{ ?m a <{KGC}Mention> ; <{KGC}words> ?words ; <{KGC}entity> ?entity }}"
        )
    }
    assert ("Садыр Жапаров", ns.KG + "japarov") in linked
    assert ("Кыргызские военнослужащие", ns.KG + "kyrgyz-contingent") in linked
    assert kg("build", "--no-hermit", "-q").exit_code == 0
    leaked = kg("sparql", f"ASK {{ ?s ?p ?o FILTER(STRSTARTS(STR(?p), '{KGC}')) }}", "-f", "json")
    assert '"boolean": false' in leaked.output.replace("false}", "false }").replace(
        '"boolean":false', '"boolean": false'
    )


def test_the_gazetteer_and_graph_view_kept_for_the_next_extract_are_the_ones_it_would_build(kg, store, monkeypatch):
    """What extract reads of a build (its names; its events, their sources and figures, the classes) is kept for
    the next command: with both kept, extract does not open the build's store and proposes the same; a kept file
    is what is read, and one that cannot be used is made again."""
    import csto_kg.ingest.extract as extract_module

    seed = "000_9509c5daf987dd37"
    candidates = kg.project.candidates_dir / f"{seed}.trig"
    assert kg("build", "--no-hermit", "-q").exit_code == 0
    assert kg("extract", "-q", seed).exit_code == 0
    first = candidates.read_bytes()
    kept = list((kg.build_dir / "cache" / "language").glob("gazetteer-*.json"))
    (view,) = (kg.build_dir / "cache" / "language").glob("graph-view-*.json")
    assert len(kept) == 1
    with monkeypatch.context() as patched:
        patched.setattr(extract_module, "open_store", lambda path: pytest.fail(f"{path} opened"))
        assert kg("extract", "-q", seed).exit_code == 0  # from the files
    assert candidates.read_bytes() == first
    data = kept_json(view)
    assert data["events"]
    keep_json({**data, "events": {}}, view)  # as extract keeps it, and read as it stands: no event to match
    assert kg("extract", "-q", seed).exit_code == 0
    assert candidates.read_bytes().count(b"kgc:matches") < first.count(b"kgc:matches")  # facts still match
    signed, _, payload = view.read_bytes().partition(b"\n")
    for changed in (  # changed by anything but extract: made again, never read (a wrong type would fail each run)
        signed + b"\n" + json.dumps({**json.loads(payload), "events": []}).encode(),
        json.dumps({"events": {}}).encode(),
        b'{"events": [',
    ):
        view.write_bytes(changed)
        assert kg("extract", "-q", seed).exit_code == 0
        assert candidates.read_bytes() == first and kept_json(view)["events"]
    built = extract_module.GraphView(store)
    read = extract_module.GraphView.kept_in(kg.build_dir / "round-trip", "a build", lambda: store)
    again = extract_module.GraphView.kept_in(kg.build_dir / "round-trip", "a build", lambda: pytest.fail("read"))
    assert read.__dict__ == built.__dict__ == again.__dict__ and set(built.__dict__) == set(built.FIELDS)
    data = kept_json(kept[0])
    keep_json({**data, "index": {**data["index"], "forms": {}}}, kept[0])  # read, not built: it names no one now
    assert kg("extract", "-q", seed).exit_code == 0
    assert candidates.read_bytes() != first
    keep_json({"index": {}}, kept[0])  # what keep_json writes, but no gazetteer: built again
    assert kg("extract", "-q", seed).exit_code == 0
    assert candidates.read_bytes() == first
    kept[0].write_text('{"index": [', encoding="utf-8")  # unreadable: built again, and kept anew
    assert kg("extract", "-q", seed).exit_code == 0
    assert candidates.read_bytes() == first
    assert kept_json(kept[0])["index"]
    release = (kg.build_dir / "current").resolve()
    assert kg("build", "--no-hermit", "-q").exit_code == 0  # a new build: its own gazetteer, the old one gone
    assert kg("extract", "-q", seed).exit_code == 0
    assert [p.name for p in (kg.build_dir / "cache" / "language").glob("gazetteer-*.json")] != [kept[0].name]
    assert len(list((kg.build_dir / "cache" / "language").glob("gazetteer-*.json"))) == 1
    assert kg("build", "--no-hermit", "-q").exit_code == 0  # the first release is gone (one previous is kept)
    gone = kg("--store", str(release / "store"), "extract", "-q", seed)
    assert not release.exists() and gone.exit_code == 2 and "no Oxigraph store here" in gone.output
    # the race stop 30 left: the view of the graph must be read again, and two builds finish before extract opens
    # the build it resolved (one previous release is kept): it reads the newest build, as a later command would
    assert kg("extract", "-q", seed).exit_code == 0
    expected = candidates.read_bytes()
    (view,) = (kg.build_dir / "cache" / "language").glob("graph-view-*.json")
    view.unlink()
    opened = []

    def two_builds_first(path):
        if not opened:
            opened.append(path)
            assert kg("build", "--no-hermit", "-q").exit_code == 0
            assert kg("build", "--no-hermit", "-q").exit_code == 0
        return real_open_store(path)

    real_open_store = extract_module.open_store
    with monkeypatch.context() as patched:
        patched.setattr(extract_module, "open_store", two_builds_first)
        raced = kg("extract", "-q", seed)
    assert raced.exit_code == 0, raced.output
    assert not opened[0].exists() and candidates.read_bytes() == expected
    # what the file gives back is what building gives: the same sets, tuples and names, not lists of lists
    snapshot_file = ROOT / "graph" / "wikidata" / "snapshot.ttl"
    snapshot = ox.Store()
    snapshot.load(path=str(snapshot_file), format=ox.RdfFormat.TURTLE)
    built = Gazetteer(store, snapshot)
    folder = kg.build_dir / "round-trip"
    Gazetteer.kept_in(folder, "a build", store, snapshot_file)
    read = Gazetteer.kept_in(folder, "a build", store, snapshot_file)
    assert {k: v for k, v in read.__dict__.items() if k != "is_word"} == {
        k: v for k, v in built.__dict__.items() if k != "is_word"
    }
    assert set(built.__dict__) == set(GAZETTEER_FIELDS)  # what a kept file must hold
    # a name filed under several forms is one object in both (`find` tells names apart by identity)
    for text in (
        "Аким Алматы Ерболат Досаев заявил, что всё спокойно.",
        "Верховный главнокомандующий Вооружёнными силами Казахстана",
    ):
        assert [(m.start, m.end, m.entity) for m in read.find(text)] == [
            (m.start, m.end, m.entity) for m in built.find(text)
        ]


def test_a_cache_that_cannot_be_written_costs_time_only_and_writers_at_once_never_collide(store, tmp_path, monkeypatch):
    import csto_kg.ingest.mentions as mentions_module
    from csto_kg.errors import KgError
    from csto_kg.files import write_atomically

    def refused(data, path):
        raise KgError("cannot write: Operation not permitted", path)

    with monkeypatch.context() as patched:
        patched.setattr(mentions_module, "write_atomically", refused)
        assert Gazetteer.kept_in(tmp_path / "cache", "a build", store, None).index  # built, not kept, no error
    target = tmp_path / "one.json"
    failures = []

    def write(n):
        try:
            for _ in range(20):
                write_atomically(f"{n}".encode() * 1000, target)
        except KgError as exc:
            failures.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    assert len(set(target.read_bytes())) == 1  # one writer's whole file, never a mix
    assert not list(tmp_path.glob(".*.partial"))


def test_extract_names_a_source_it_does_not_have(kg):
    result = kg("extract", "2022-01-13_kazinform")
    assert result.exit_code == 2
    assert (
        "no source 2022-01-13_kazinform in graph/sources; did you mean 2022-01-13_kazinform_0e580624?" in result.output
    )


# --- review in a terminal ----------------------------------------------------------------------------------------


class Terminal:
    """A command in a pseudo-terminal: what a person at a keyboard sees and types."""

    def __init__(self, *args: str):
        self.master, slave = pty.openpty()
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "120"}
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "cli.py"), *args],
            stdin=slave, stdout=slave, stderr=slave, start_new_session=True, env=env,
        )  # fmt: skip
        os.close(slave)
        self.seen = ""

    def expect(self, text: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"waited for {text!r}; the terminal shows:\n{self.seen[-3000:]}")
            if select.select([self.master], [], [], left)[0]:
                try:
                    data = os.read(self.master, 65536)
                except OSError:
                    data = b""
                if not data:
                    raise AssertionError(f"the command ended before {text!r}:\n{self.seen[-3000:]}")
                self.seen += data.decode("utf-8", "replace")
        shown, self.seen = self.seen.split(text, 1)
        return shown + text

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def press(self, key: str, timeout: float = 30) -> None:
        """A key press once the command waits for one (the terminal leaves line mode)."""
        deadline = time.monotonic() + timeout
        while termios.tcgetattr(self.master)[3] & termios.ICANON:
            if time.monotonic() > deadline:
                raise AssertionError(f"the command never asked for a key; it shows:\n{self.seen[-3000:]}")
            time.sleep(0.01)
        self.type(key)

    def close(self) -> int:
        try:
            return self.process.wait(timeout=30)
        finally:
            os.close(self.master)


def claims_in_build(kg, source: str | None = None) -> dict[str, str]:
    """claim IRI -> who accepted it, for the reviewed claims of the build of `source`, or of every source the project
    did not hold already (those a test added)."""
    query = "SELECT ?claim ?who WHERE { ?claim a kgo:Claim ; prov:wasAttributedTo ?who }"
    result = kg("sparql", query, "-f", "csv")
    assert result.exit_code == 0, result.output
    rows = [line.split(",") for line in result.output.strip().splitlines()[1:]]
    held = {path.stem for path in (ROOT / "graph" / "claims").glob("*.trig")}
    of = lambda claim: claim.removeprefix(ns.CLAIM).split("/", 1)[0]  # noqa: E731
    accepted = {claim.strip("<>"): who.strip("<>") for claim, who in rows}
    return {c: who for c, who in accepted.items() if (of(c) == source if source else of(c) not in held)}


def test_review_through_a_terminal_accepts_edits_rejects_undoes_and_resumes(kg, tmp_path):
    source = added(kg, tmp_path, RU_ARTICLE.encode(), "--publisher", "Kaktus Media", "--published", "2022-01-14",
                   "--lang", "ru")  # fmt: skip
    assert kg("build", "--no-hermit", "-q").exit_code == 0
    assert kg("extract", source).exit_code == 0
    command = [
        "--root",
        str(kg.project.root),
        "--build-dir",
        str(kg.build_dir),
        "review",
        source,
        "--reviewer",
        "tester",
    ]
    claims_file = kg.project.claims_dir / f"{source}.trig"

    first = Terminal(*command)
    first.expect("[1/4] Return")
    first.expect("[q]uit")
    first.press("a")
    first.expect("accepted")
    first.expect("[2/4] WelcomeCeremony")
    assert "kg:kyrgyz-return" in claims_file.read_text(encoding="utf-8")  # written at once
    os.killpg(first.process.pid, signal.SIGKILL)  # a crash: nothing accepted may be lost
    first.close()

    second = Terminal(*command)
    second.expect("[2/4] WelcomeCeremony")  # resumed at the first undecided candidate
    second.expect("[q]uit")
    second.press("r")
    second.expect("reason")
    second.type("a guess\r")
    second.expect("rejected")
    second.expect("[3/4] Statement")
    second.expect("[q]uit")
    second.press("u")
    second.expect("undone: rejected")
    second.expect("[2/4] WelcomeCeremony")
    second.expect("[q]uit")
    second.press("e")
    second.expect("field")
    second.type("because\r")
    second.expect("because")
    second.type("«Их»: the Kyrgyz servicemen who came back, of the sentence before.\r")
    second.expect("edit 1: because")
    second.expect("[q]uit")
    second.press("a")
    second.expect("accepted")
    second.expect("[3/4] Statement")
    second.expect("[q]uit")
    second.press("q")
    second.expect("stopped: 2 of 4 decided")
    assert second.close() == 0

    third = Terminal(*command)
    third.expect("[3/4] Statement")
    third.expect("[q]uit")
    third.press("r")
    third.expect("reason")
    third.type("the statement is not about the mission's events\r")
    third.expect("[4/4] Completion")
    third.expect("[q]uit")
    third.press("s")
    third.expect("nothing left to decide (3 of 4 decided, 1 skipped)")
    third.press("q")
    third.expect("reviewed 3 of 4 candidates")
    assert third.close() == 0

    assert kg("build", "--no-hermit", "-q").exit_code == 0, "the reviewed claims must build"
    accepted = claims_in_build(kg, source)
    prefix = f"{ns.CLAIM}{source}/"
    assert accepted == {
        prefix + "return-2022-01-14": "https://w3id.org/csto-kg/reviewer/tester",
        prefix + "welcomeceremony-undated": "https://w3id.org/csto-kg/reviewer/tester",  # no date carried over
    }
    validation = kg("validate", "-f", "json")
    assert validation.exit_code == 0, validation.output
    assert '"Violation"' not in validation.output
    rejected = kg("extract", source)
    assert "3 candidate claims" in rejected.output and "1 rejected before" in rejected.output  # not the Statement


def test_a_new_entity_enters_the_register_with_both_labels_when_its_claim_is_accepted(kg, tmp_path):
    from csto_kg.errors import KgError
    from csto_kg.ingest.review import Session
    from csto_kg.store import BuildDir

    text = b"Colonel Aibek Dzhumabaev arrived in Almaty on January 7 with his soldiers.\n"
    source = added(kg, tmp_path, text, "--publisher", "24.kg", "--published", "2022-01-14", "--lang", "en")
    assert kg("build", "--no-hermit", "-q").exit_code == 0
    assert kg("extract", source).exit_code == 0
    session = Session(kg.project, source, "tester", BuildDir(kg.build_dir).open_store())
    arrival = next(c for c in session.candidates if c.event_type == "Arrival")
    session.close()
    session = Session(kg.project, source, "tester", BuildDir(kg.build_dir).open_store())  # the lock was let go
    person = ns.KG + "aibek-dzhumabaev"
    assert list(arrival.new_entities) == [person]
    with pytest.raises(KgError, match="needs a label in ru"):
        session.decide(arrival, "accepted")
    assert not session.decisions.items  # refused: nothing recorded
    session.decide(arrival, "accepted", edits=[(f"{person} label@ru", "Айбек Джумабаев")])
    session.close()
    register = ox.Store()
    register.load(path=str(kg.project.register_dir / f"{source}.ttl"), format=ox.RdfFormat.TURTLE)
    facts = {(q.predicate.value, q.object) for q in register if q.subject == ox.NamedNode(person)}
    assert (ns.RDF_TYPE, ox.NamedNode(ns.KGO + "Person")) in facts
    assert (ns.RDFS_LABEL, ox.Literal("Aibek Dzhumabaev", language="en")) in facts
    assert (ns.RDFS_LABEL, ox.Literal("Айбек Джумабаев", language="ru")) in facts
    assert kg("build", "--no-hermit", "-q").exit_code == 0
    validation = kg("validate", "-f", "json")
    assert validation.exit_code == 0 and '"Violation"' not in validation.output, validation.output


def test_review_never_replaces_a_hand_written_claim_file(kg):
    seed = "000_9509c5daf987dd37"
    assert kg("build", "--no-hermit", "-q").exit_code == 0
    assert kg("extract", seed).exit_code == 0
    before = (kg.project.claims_dir / f"{seed}.trig").read_bytes()
    result = kg("review", seed)
    assert result.exit_code == 2
    assert f"graph/claims/{seed}.trig: is not written by review" in result.output
    assert (kg.project.claims_dir / f"{seed}.trig").read_bytes() == before


# --- review as a page --------------------------------------------------------------------------------------------


def test_review_as_a_page_in_a_browser(kg, tmp_path, browser):
    from csto_kg.ingest.review import Session
    from csto_kg.ingest.review_page import make_review_server
    from csto_kg.store import BuildDir

    source = added(kg, tmp_path, RU_ARTICLE.encode(), "--publisher", "Kaktus Media", "--published", "2022-01-14",
                   "--lang", "ru")  # fmt: skip
    assert kg("build", "--no-hermit", "-q").exit_code == 0
    assert kg("extract", source).exit_code == 0
    graph = BuildDir(kg.build_dir).open_store()
    session = Session(kg.project, source, "page reviewer", graph)
    server, url = make_review_server(session, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with pytest.raises(urllib.error.HTTPError) as forged:  # a form from elsewhere, without the page's token
            urllib.request.urlopen(urllib.request.Request(url + "decide", data=b"action=undo", method="POST"))
        assert forged.value.code == 403
        page = browser.new_page()
        response = page.goto(url)
        assert "default-src 'none'" in response.headers["content-security-policy"]
        assert page.text_content("#type") == "Return"
        assert page.text_content("#quote") == "Кыргызские военнослужащие вернулись в Кыргызстан 14 января"
        page.click("#accept")
        assert page.text_content("#type") == "WelcomeCeremony"
        page.fill("#form-reject input[name=reason]", "a guess")
        page.click("#reject")
        assert page.text_content("#progress").startswith("2 of 4 decided")
        page.click("#undo")
        assert page.text_content("#type") == "WelcomeCeremony"
        page.select_option("#form-edit select", "label@en")
        page.fill("#form-edit input[name=value]", "Welcome home")
        page.click("#edit")  # the event is the graph's: its labels are not this claim's to change
        assert "kg:kyrgyz-welcome is labelled «Welcome with a band" in page.text_content("#message")
        page.select_option("#form-edit select", "role")
        page.fill("#form-edit input[name=value]", "addressee kg:kyrgyz-contingent")
        page.click("#edit")
        assert "role = addressee kg:kyrgyz-contingent" in page.text_content("#edits")
        page.click("#accept")
        assert page.text_content("#type") == "Statement"
        page.fill("#form-reject input[name=reason]", "not about the mission")
        page.click("#reject")
        assert page.text_content("#type") == "Completion"
        page.click("#skip")
        assert page.is_visible("#done")
        page.close()
    finally:
        server.shutdown()
        server.server_close()
        session.close()
    assert kg("build", "--no-hermit", "-q").exit_code == 0
    assert sorted(claims_in_build(kg, source)) == [
        f"{ns.CLAIM}{source}/return-2022-01-14",
        f"{ns.CLAIM}{source}/welcomeceremony-undated",  # «Их встречали …»: no date carried from the sentence before
    ]
    assert set(claims_in_build(kg, source).values()) == {"https://w3id.org/csto-kg/reviewer/page-reviewer"}
    assert kg("validate", "-f", "json").exit_code == 0


# --- quality on the curated sources ------------------------------------------------------------------------------


def test_extraction_quality_on_the_curated_sources_does_not_fall(store):
    """bench/ingest_bench.py's measures, per language, against floors just under what they are today (the figures
    are in docs/benchmarks.md): a change that makes extract worse fails here. Claim recall and precision on these
    six fell (0.76/0.73 to 0.57/0.55) when extract stopped carrying dates and roles' clauses across sentences, which
    the curators did and the unseen articles' gold counts wrong (docs/benchmarks.md weighs the two)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from ingest_bench import evaluate

    from csto_kg.project import Project

    snapshot = ox.Store()
    snapshot.load(path=str(ROOT / "graph" / "wikidata" / "snapshot.ttl"), format=ox.RdfFormat.TURTLE)
    figures = evaluate(store, Project(ROOT), snapshot)["languages"]
    floors = {
        "mentions": 0.70,
        "mention_precision": 0.78,  # a lower bound: names no curated claim needed count against it (ru 0.80 -> 0.797
        # when titles and spelled-out alliances were linked, recall 57 -> 59 of 71)
        "linking": 0.95,
        "dates": 0.95,
        "quantities": 0.95,
        "claims": 0.53,
        "claim_precision": 0.38,
    }
    for language in ("en", "ru"):
        for measure, floor in floors.items():
            hit, total = figures[language][measure]
            assert total and hit / total >= floor, f"{language} {measure}: {hit}/{total} < {floor}"


def test_the_review_page_listens_on_loopback_only(kg, tmp_path):
    source = added(kg, tmp_path, RU_ARTICLE.encode(), "--publisher", "Kaktus Media", "--published", "2022-01-14",
                   "--lang", "ru")  # fmt: skip
    assert kg("build", "--no-hermit", "-q").exit_code == 0
    assert kg("extract", source).exit_code == 0
    result = kg("review", source, "--page", "--host", "0.0.0.0", "--port", "0")
    assert result.exit_code == 2
    assert "--host 0.0.0.0: the review page listens on loopback only" in result.output


def test_extract_says_to_build_first(kg):
    result = kg("extract", "2022-01-13_kazinform_0e580624")
    assert result.exit_code == 2 and "run `csto-kg build` first" in result.output


# --- issue 19: extraction that holds on articles nobody tuned it to ---------------------------------------------


def _extract(extractor, text, language="en", published="2022-01-13", publisher=None):
    return extractor.extract("test", text, language, datetime.date.fromisoformat(published), publisher=publisher)


def test_a_weekday_is_read_by_its_own_clause_not_by_a_plan_elsewhere_in_the_sentence(extractor):
    text = (
        "On Wednesday, Tokayev declared the CSTO mission success and said that an organized withdrawal of the "
        "troops would begin on January 13."
    )
    found = _extract(extractor, text, published="2022-01-13")  # a Thursday
    dated = {c.event_type: (c.date.first.isoformat() if c.date else None, c.planned) for c in found.claims}
    assert dated["Withdrawal"] == ("2022-01-13", True)
    said = [v for k, v in dated.items() if k in ("Statement", "Announcement", "Completion")]
    assert said and all(day in ("2022-01-12", None) and not planned for day, planned in said)
    assert ("2022-01-19", False) not in dated.values()


def test_extract_and_the_build_read_said_on_tuesday_alike(kg, tmp_path):
    """Issue 17: "said on Tuesday" in an article of Friday 14 January, beside a plan, is Tuesday 11 January for
    extract and for the build, which accepts the claim extract proposes and refuses the 18th."""
    text = "Shoigu said on Tuesday that the withdrawal of the peacekeepers would be over by January 19.\n"
    source = added(kg, tmp_path, text.encode(), "--publisher", "Test Wire", "--published", "2022-01-14",
                   "--lang", "en")  # fmt: skip
    assert kg("build", "--no-hermit", "-q").exit_code == 0
    assert kg("extract", source).exit_code == 0
    candidates = ox.Store()
    candidates.load(path=str(kg.project.root / "graph" / "candidates" / f"{source}.trig"), format=ox.RdfFormat.TRIG)
    proposed = {
        q.object.value for q in candidates.quads_for_pattern(None, ox.NamedNode(ns.KGO + "date"), None)
        if isinstance(q.graph_name, ox.NamedNode)
    }  # fmt: skip
    assert "2022-01-11" in proposed and "2022-01-18" not in proposed

    def claims(day: str) -> str:
        return f"""@prefix kg: <https://w3id.org/csto-kg/id/> . @prefix kgo: <https://w3id.org/csto-kg/ontology#> .
@prefix claim: <https://w3id.org/csto-kg/claim/{source}/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
claim:shoigu-said {{
  kg:test-shoigu-statement a kgo:Statement ; rdfs:label "Shoigu on the end of the withdrawal"@en ,
      "Шойгу о завершении вывода"@ru ; kgo:agent kg:shoigu ; kgo:date "{day}"^^xsd:date ;
      kgo:about kg:test-withdrawal-end .
  kg:test-withdrawal-end a kgo:Withdrawal ; rdfs:label "End of the withdrawal"@en , "Завершение вывода"@ru ;
      kgo:theme kg:csto-peacekeeping-force ; kgo:origin kg:kazakhstan ; kgo:modality kgo:Planned ;
      kgo:endDate "2022-01-19"^^xsd:date .
}}
claim:shoigu-said kgo:dateWords "on Tuesday" ;
    kgo:quote "Shoigu said on Tuesday that the withdrawal of the peacekeepers would be over by January 19" .
"""

    claim_file = kg.project.root / "graph" / "claims" / f"{source}.trig"
    claim_file.write_text(claims("2022-01-18"), encoding="utf-8")
    refused = kg("build", "--no-hermit", "-q")
    assert refused.exit_code != 0 and "2022-01-11" in refused.output, refused.output
    claim_file.write_text(claims("2022-01-11"), encoding="utf-8")
    accepted = kg("build", "--no-hermit", "-q")
    assert accepted.exit_code == 0, accepted.output


@pytest.mark.parametrize(
    "text, event_type",
    [
        ("The Kyrgyz contingent protected the power plant in Almaty.", "Guarding"),
        ("The last planes departed from Almaty on Friday.", "Withdrawal"),
        ("The CSTO peacekeepers left Kazakhstan.", "Withdrawal"),
        ("Russia sent paratroopers to Kazakhstan.", "Deployment"),
        ("Tokayev called for help from the CSTO.", "RequestForAssistance"),
    ],
)
def test_english_verbs_are_read_by_their_lemma(extractor, text, event_type):
    assert event_type in [c.event_type for c in _extract(extractor, text).claims]


@pytest.mark.parametrize(
    "language, text, words, entity",
    [
        ("en", "Protesters clashed with the police in Almaty.", "police", "kazakh-police"),
        ("en", "The government resigned.", "government", "government-of-kazakhstan"),
        ("en", "The peacekeeping contingent left.", "peacekeeping contingent", "csto-peacekeeping-force"),
        ("en", "Kyrgyz military will arrive in Tokmok.", "Kyrgyz military", "kyrgyz-contingent"),
        ("en", "They returned to their permanent disposition in Tokmok.", "permanent disposition", "tokmok-base"),
        ("en", "Units guarding Almaty CHPP-2 drove home.", "Almaty CHPP-2", "almaty-tpp-2"),
        ("ru", "Военные прибыли в Алма-Ату.", "Алма-Ату", "almaty"),
        # a facility named by its place's other name (trial 34)
        ("ru", "Десантники взяли под охрану аэропорт Алма-Аты.", "аэропорт Алма-Аты", "almaty-airport"),
        ("en", "Paratroopers guarded the Alma-Ata airport.", "Alma-Ata airport", "almaty-airport"),
        ("en", "The parade was held, TASS reported.", "TASS", "tass"),
        ("en", "Kyrgyzstan sent troops (ANI/Sputnik).", "ANI", "ani"),
        ("ru", "Об этом сообщает РИА Новости.", "РИА Новости", "ria-novosti"),
        ("en", "Alihan Smaiylov was appointed.", "Smaiylov", "smailov"),
        # another romanisation (zh for j), a state's body by its adjective or possessive, more descriptions
        ("en", "Kyrgyz President Sadyr Zhaparov spoke.", "Zhaparov", "japarov"),
        ("en", "Kazakhstan's armed forces were on alert.", "Kazakhstan's armed forces", "armed-forces-of-kazakhstan"),
        (
            "en",
            "The Kazakh State Security Service said.",
            "Kazakh State Security Service",
            "state-security-service-of-kazakhstan",
        ),
        ("ru", "Силовые структуры Казахстана приведены в готовность.", "Силовые структуры", "kazakh-security-forces"),
        ("en", "Protests spread across the west of Kazakhstan.", "west of Kazakhstan", "western-kazakhstan"),
        ("en", "ISAP analysts argued that the price hike was only the trigger.", "ISAP", "isap"),
        ("ru", "По оценке аналитиков, протесты в Мангистау переросли в политические.", "Мангистау", "mangystau-region"),
        (
            "en",
            "Tokayev, as commander-in-chief, gave the order.",
            "commander-in-chief",
            "supreme-commander-of-kazakh-armed-forces",
        ),
        ("en", "Tajik and Armenian peacekeepers arrived in Almaty.", "Tajik", "tajik-contingent"),
        ("ru", "Таджикские и армянские миротворцы прибыли в Алматы.", "Таджикские", "tajik-contingent"),
    ],
)
def test_descriptions_variants_and_acronyms_reach_the_register(extractor, language, text, words, entity):
    found = extractor.extract("test", text, language, datetime.date(2022, 1, 14))
    assert (words, ns.KG + entity) in [(m.text, m.entity) for m in found.mentions]


def test_a_surname_after_another_given_name_is_another_person(extractor):
    # the register holds Sadyr Japarov and Akylbek Zhaparov: "Sadyr Zhaparov" (another romanisation) is the first,
    # though "Zhaparov" is the second's surname; "Akylbek Zhaparov ... Zhaparov added" stays the second
    linked = {m.entity for m in _extract(extractor, "Kyrgyz President Sadyr Zhaparov spoke on Monday.").mentions}
    assert ns.KG + "japarov" in linked and ns.KG + "akylbek-zhaparov" not in linked
    linked = {m.entity for m in _extract(extractor, "Akylbek Zhaparov spoke on Monday. Zhaparov added more.").mentions}
    assert ns.KG + "japarov" not in linked and ns.KG + "akylbek-zhaparov" in linked
    # a sentence's first word, a title, a weekday or a place before a surname is no given name; nor need the
    # romanisation's given name open no sentence
    linked = {m.entity for m in _extract(extractor, "Meanwhile Tokayev said. Later President Tokayev spoke.").mentions}
    assert ns.KG + "tokayev" in linked
    text = "Karim Massimov was detained on January 6. On Saturday Massimov's lawyer spoke."
    assert [m.entity for m in _extract(extractor, text).mentions if "Massimov" in m.text] == [ns.KG + "masimov"] * 2
    text = "Smaiylov spoke. In Almaty Smaiylov met protesters."
    assert [m.entity for m in _extract(extractor, text).mentions if "Smaiylov" in m.text] == [ns.KG + "smailov"] * 2
    linked = {m.entity for m in _extract(extractor, "Sadyr Zhaparov spoke on Monday.").mentions}
    assert ns.KG + "japarov" in linked and ns.KG + "akylbek-zhaparov" not in linked


def test_byline_words_and_aircraft_types_are_not_names(extractor):
    text = "Published: 14 January 2022\nOne Il-76 of the Russian Aerospace Forces landed. Reported by Anna Ivanova."
    new = {m.text: m.kind for m in _extract(extractor, text).mentions if m.how == "new"}
    assert "Published" not in new and "Il-76" not in new
    assert new.get("Anna Ivanova") == "person"
    linked = {m.text: m.entity for m in _extract(extractor, text).mentions if m.how != "new"}
    assert linked.get("Russian Aerospace Forces", "").endswith("/russian-aerospace-forces")  # the register's, whole


def test_natasha_finds_russian_names_the_register_lacks(extractor):
    # Tashiev came into the graph with the fifty sources; Tajikistan's defence minister did not
    text = "Глава ГКНБ Камчыбек Ташиев и министр обороны Шерали Мирзо сообщили, что военные отправятся в Казахстан."
    found = {m.text: (m.kind, m.how) for m in _extract(extractor, text, "ru", "2022-01-07").mentions}
    assert found.get("Шерали Мирзо") == ("person", "new") and found.get("ГКНБ") == ("organisation", "new")
    assert found.get("Камчыбек Ташиев") == ("person", "register")  # known now: linked, not proposed again


def test_the_lean_ner_gives_what_natashas_own_tagger_does(tmp_path):
    # language.Russian loads the tagger without natasha's package and without navec's similarity tables, and keeps
    # its word table and codes in the cache for the next command: each way must give natasha's own spans
    from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter

    from csto_kg.ingest import language

    lean, full = language._news_embedding(), NewsEmbedding()
    assert lean.vocab.words == full.vocab.words
    assert (lean.pq.indexes == full.pq.indexes).all() and (lean.pq.codes == full.pq.codes).all()
    texts = [
        "Президент Казахстана Касым-Жомарт Токаев попросил ОДКБ о помощи, в Алма-Ате ввели режим ЧП.",
        "Глава ГКНБ Камчыбек Ташиев встретил в аэропорту «Манас» военных, вернувшихся из Казахстана.",
        "Жыргалбек Абдыкапаров и Ержан Сапаргалиевич Нурланов (слово, которого нет в словаре: ыдырмыш).",
    ]
    tagger = NewsNERTagger(full)
    natashas = []
    for text in texts:
        doc = Doc(text)
        doc.segment(Segmenter())
        doc.tag_ner(tagger)
        natashas.append([(span.start, span.stop, language.NER_KINDS[span.type]) for span in doc.spans])
    assert all(natashas)
    cache = tmp_path / "cache"
    language._tagger.cache_clear()
    assert [language.Russian(cache).names(text) for text in texts] == natashas  # the tables written on first use
    kept = next(cache.glob("natasha-ner-*"))
    assert {p.name for p in kept.iterdir()} == {"words.sqlite", "indexes.npy", "codes.npy", "meta.json"}
    language._tagger.cache_clear()
    assert [language.Russian(cache).names(text) for text in texts] == natashas  # read from them
    assert type(language._tagger(cache).infer.encoder.words_vocab).__name__ == "_StoredWords"
    language._tagger.cache_clear()
    assert [language.russian_names(text) for text in texts] == natashas  # no cache: unpacked from the wheel
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert language.Russian(blocked / "cache").names(texts[0]) == natashas[0]  # a cache it cannot write: no matter
    assert not list(tmp_path.glob("**/.natasha-ner-*"))  # nothing half-written left behind


def _facts(found):
    return {(c.fact[0].rsplit("/", 1)[-1], c.fact[1], c.fact[2].rsplit("/", 1)[-1]) for c in found.claims if c.fact}


def test_facts_that_are_not_events_are_candidates_in_the_claims_form(extractor):
    text = (
        "Riots hit the biggest city of Kyrgyzstan, Almaty. Russian Defence Minister Sergei Shoigu spoke. "
        "Led by Russia, the CSTO now groups Armenia, Belarus, Kazakhstan, Kyrgyzstan and Tajikistan. "
        "Zhanaozen, a city in the Mangistau region, rose first."
    )
    found = _extract(extractor, text)
    facts = _facts(found)
    assert ("almaty", "locatedIn", "kyrgyzstan") in facts  # the source's error, for the build to set aside
    assert ("shoigu", "holds", "minister-of-defence-of-russia") in facts
    assert {(s, "memberOf", "csto") for s in ("armenia", "belarus", "kazakhstan", "kyrgyzstan", "tajikistan")} <= facts
    assert ("zhanaozen", "locatedIn", "mangystau-region") in facts
    holds = next(c for c in found.claims if c.fact and c.fact[1] == "holds")
    quads = claim_quads(holds)
    graph = ox.NamedNode(holds.iri)
    assert any(q.predicate.value == ns.KGO + "office" and q.graph_name == graph for q in quads)
    assert any(q.predicate.value == ns.KGO + "quote" and q.object.value in text for q in quads)


@pytest.mark.parametrize(
    "text, publisher, origin",
    [
        ("NEW DELHI, Jan 13 (ANI/Sputnik): The peacekeepers left.", "Big News Network", "ani"),
        ("The Kyrgyz parliament approved the decision, citing TASS.", "Public Radio of Armenia", "tass"),
        ("The troops landed, Reuters reported.", "National Post", "reuters"),
        ("Москва. 13 января. INTERFAX.RU - Вывод начался.", "ria24.today", "interfax"),
        # a correspondent, a quote mark, "quoted", «информирует» between (none found before)
        ("Как передает корреспондент ТАСС, вывод начался.", "Some Daily", "tass"),
        ("Вывод начался, — сообщили «РИА Новости» в министерстве.", "Some Daily", "ria-novosti"),
        ("The mission is over, RIA Novosti quoted him as saying.", "Some Daily", "ria-novosti"),
        ("The mission is over, as quoted by TASS.", "Some Daily", "tass"),
        ("Вывод начался, информирует Интерфакс.", "Some Daily", "interfax"),
        ("Вывод начался в четверг, об этом сообщило агентство ТАСС.", "Some Daily", "tass"),  # a neuter «агентство»
        ("Вывод начался, передало РИА Новости.", "Some Daily", "ria-novosti"),
    ],
)
def test_a_wire_origin_is_proposed_and_never_the_publisher_itself(extractor, text, publisher, origin):
    language = "ru" if re.search("[а-я]", text) else "en"
    found = _extract(extractor, text, language, publisher=publisher)
    assert ns.KG + origin in {m.entity for m in found.origins}
    assert ("test", "basedOn", origin) in _facts(found)
    publisher_itself = {"ani": "ANI", "tass": "TASS", "reuters": "Reuters", "interfax": "Interfax",
                        "ria-novosti": "RIA Novosti"}[origin]  # fmt: skip
    assert ns.KG + origin not in {
        m.entity for m in _extract(extractor, text, language, publisher=publisher_itself).origins
    }


def test_a_start_is_written_as_a_start(extractor):
    """Defect 24: «с 2 января» was read as the single day of the protests, not the day they began."""
    found = _extract(extractor, "В Казахстане с 2 января проходят акции протеста.", "ru", "2022-01-07")
    protest = next(c for c in found.claims if c.event_type == "Protest")
    quads = claim_quads(protest)
    said = {q.predicate.value.removeprefix(ns.KGO): q.object.value for q in quads if q.subject.value == protest.event}
    assert said.get("startDate") == "2022-01-02" and "date" not in said and "endDate" not in said


@pytest.mark.parametrize(
    ("text", "language", "event_type", "end"),
    [
        ("Режим чрезвычайного положения в Алматы продлится до 19 января.", "ru", "StateOfEmergency", "2022-01-19"),
        ("The withdrawal of the troops will be completed by January 23.", "en", "Completion", "2022-01-23"),
        ("The curfew in Almaty will remain in place until January 19.", "en", "Curfew", "2022-01-19"),
    ],
)
def test_an_end_or_a_deadline_is_written_as_an_end(extractor, text, language, event_type, end):
    """An outsider's trial: «продлится до 19 января» made a new state of emergency dated 19 January, "completed by
    January 23" a completion on that day; the day is when it ends, or is to have ended, and no match by it."""
    found = _extract(extractor, text, language, "2022-01-08")
    claim = next(c for c in found.claims if c.event_type == event_type)
    said = {q.predicate.value.removeprefix(ns.KGO): q.object.value for q in claim_quads(claim)
            if q.subject.value == claim.event}  # fmt: skip
    assert said.get("endDate") == end and "date" not in said and "startDate" not in said
    assert "same day" not in claim.reason


def test_who_is_detained_is_a_person_or_a_group_of_the_clause(store):
    """An outsider's trial: «По данным МВД, в стране задержаны …» detained the ministry (the name before the passive
    verb, outside its clause), and with nobody in the sentence a required theme was filled with a force named after
    it («…, сообщили в российском контингенте»)."""
    from csto_kg.project import Project

    wanting = Extractor(store, requirements=Requirements(Project(ROOT)))
    for text in ("По данным МВД, в стране задержаны 4404 человека.",
                 "Задержаны около 10 тысяч человек, сообщили в российском контингенте."):  # fmt: skip
        (arrest,) = [c for c in _extract(wanting, text, "ru", "2022-01-10").claims if c.event_type == "Arrest"]
        assert not [who for role, who in arrest.roles if role == "theme"], (text, arrest.roles)
    (arrest,) = [c for c in _extract(wanting, "Масимов задержан в четверг.", "ru", "2022-01-10").claims
                 if c.event_type == "Arrest"]  # fmt: skip
    assert ("theme", ns.KG + "masimov") in arrest.roles


def test_sentences_run_over_titles_months_and_initials(extractor):
    """Defect 21: sentences split at "Mr.", "V." and "Jan.": a quote began "23, The New York Times reported"."""
    text = (
        "Russian troops would stay until Jan. 23, The New York Times reported. Mr. Tokayev spoke to Vladimir V. Putin "
        "on the phone on January 6."
    )
    from csto_kg.sources import sentence_spans

    assert len(sentence_spans(text)) == 2
    found = _extract(extractor, text, "en", "2022-01-15")
    # a Report, or (the register knowing the outlet) the wire origin it states: either quotes the whole sentence
    report = next(c for c in found.claims if c.event_type == "Report" or (c.fact and c.fact[1] == "basedOn"))
    assert report.quote == "Russian troops would stay until Jan. 23, The New York Times reported"


def test_a_speaker_is_never_a_name_in_the_words_quoted_nor_an_organisation_of_the_sentence_before(store, extractor):
    """Defect 22: a statement's speaker was taken from a name inside the quote, or from the sentence before."""
    found = _extract(extractor, "«Putin will help us», Tokayev said on January 7.", "en", "2022-01-08")
    said = next(c for c in found.claims if c.event_type == "Statement")
    assert ("agent", ns.KG + "tokayev") in said.roles and ("agent", ns.KG + "putin") not in said.roles
    text = "The CSTO sent troops to Kazakhstan. «The peacekeepers will leave within ten days», it was said."
    found = _extract(extractor, text, "en", "2022-01-11")
    said = [c for c in found.claims if c.event_type == "Statement"]
    assert said and not any(role == "agent" and who == ns.KG + "csto" for c in said for role, who in c.roles)
    # with the shapes' wants (a statement's agent is filled from around it), an organisation that speaks in its own
    # sentence still speaks; one named the sentence before does not, and a person named before does ("he said")
    from csto_kg.project import Project

    wanting = Extractor(store, requirements=Requirements(Project(ROOT)))
    text = "The ministry met on Monday. Kazakh authorities said that more than 4,000 people had been detained."
    said = next(c for c in _extract(wanting, text, "en", "2022-01-11").claims if c.event_type == "Statement")
    assert ("agent", ns.KG + "kazakh-authorities") in said.roles
    text = "Kazakh authorities met on Monday. The protesters were terrorists, it was said."
    said = next(c for c in _extract(wanting, text, "en", "2022-01-11").claims if c.event_type == "Statement")
    assert ("agent", ns.KG + "kazakh-authorities") not in said.roles
    text = "Tokayev spoke on Monday. The protesters were terrorists, he said."
    said = next(c for c in _extract(wanting, text, "en", "2022-01-11").claims if c.event_type == "Statement")
    assert ("agent", ns.KG + "tokayev") in said.roles
    # an outsider's trial: a speaker the register lacks, named in the clause, is no one from the sentence before
    for text, language in (
        ("Pashinyan thanked the troops. The Defence Ministry said the flights had ended.", "en"),
        ("Pashinyan thanked the troops. Officials said the mission was over.", "en"),
        ("Пашинян поблагодарил военных. Об этом в субботу сообщило Минобороны.", "ru"),
    ):
        said = [c for c in _extract(wanting, text, language, "2022-01-11").claims if c.event_type in SPEECH]
        assert said and not any(who == ns.KG + "pashinyan" for c in said for _, who in c.roles), text


def test_ordinary_words_and_headlines_are_no_new_names_and_a_ministry_is_found_by_either_name(extractor):
    """Defect 23: capitalised headline words ("Arrests Ex-Intelligence Chief") and ordinary words ("Department")
    were proposed as new entities; "Ministry of Health" as a new one though the register has the Health Ministry."""
    text = (
        "Kazakhstan Arrests Ex-Intelligence Chief\nThe Ministry of Health said the Department had no figures. "
        "Oil workers at Karazhanbasmunai went on strike on January 4."
    )
    found = _extract(extractor, text, "en", "2022-01-09")
    new = [m.text for m in found.mentions if m.how == "new"]
    assert new == ["Karazhanbasmunai"], new  # a name the register lacks (made up) is still proposed
    assert ("Ministry of Health", ns.KG + "ministry-of-health-of-kazakhstan") in [
        (m.text, m.entity) for m in found.mentions
    ]


def test_no_handover_from_a_sending_no_withdrawal_of_a_figure_and_no_force_for_another(extractor):
    """Defect 25: «направить» read as a Handover; "withdrawn" (a figure withdrawn) matched to the CSTO withdrawal;
    Russians arriving matched to the Kyrgyz contingent's arrival."""
    found = _extract(extractor, "Пашинян решил направить миротворцев в Казахстан.", "ru", "2022-01-06")
    assert "Handover" not in {c.event_type for c in found.claims}
    found = _extract(extractor, "Секретариат ОДКБ направил проект решения главам государств.", "ru", "2022-01-06")
    assert "Handover" in {c.event_type for c in found.claims}  # a document sent is still handed over
    found = _extract(extractor, "The figure of 164 dead was quickly withdrawn by the ministry.", "en", "2022-01-10")
    assert "Withdrawal" not in {c.event_type for c in found.claims}
    found = _extract(extractor, "Russian paratroopers arrived in Almaty on January 7.", "en", "2022-01-08")
    arrival = next(c for c in found.claims if c.event_type == "Arrival")
    assert arrival.event != ns.KG + "kyrgyz-arrival"
    found = _extract(extractor, "Kyrgyz servicemen arrived in Almaty on January 7.", "en", "2022-01-08")
    assert next(c for c in found.claims if c.event_type == "Arrival").event == ns.KG + "kyrgyz-arrival"


def test_a_death_toll_with_no_event_in_its_sentence_is_proposed_for_the_event_it_counts(extractor):
    """Defect 20: "16 law enforcement officers were killed" gave no figure, and figures standing alone (a death toll,
    no event in its sentence) were not proposed."""
    found = _extract(extractor, "Tokayev spoke in parliament.\n16 law enforcement officers were killed.", "en",
                     "2022-01-11")  # fmt: skip
    toll = [c for c in found.claims if c.quantities]
    assert len(toll) == 1 and toll[0].matched and toll[0].event == ns.KG + "kazakh-unrest"  # the toll they are of
    assert [(q.value, q.counted) for q in toll[0].quantities] == [(16, "SecurityForcesKilled")]
    quads = claim_quads(toll[0])
    assert any(q.predicate.value == ns.KGO + "numericValue" and q.object.value == "16" for q in quads)


def test_add_based_on_records_the_wire_origin(kg, tmp_path):
    source = added(kg, tmp_path, b"The peacekeepers left Almaty today.\n", "--publisher", "Reprint Daily",
                   "--published", "2022-01-13", "--lang", "en",
                   "--based-on", "TASS", "--based-on", "Xinhua Plus")  # fmt: skip
    meta = (kg.project.root / "graph" / "sources" / f"{source}.ttl").read_text(encoding="utf-8")
    assert "kgo:basedOn" in meta and "kg:tass" in meta and "kg:xinhua-plus" in meta
    register = (kg.project.root / "graph" / "register" / f"{source}.outlet.ttl").read_text(encoding="utf-8")
    assert "Xinhua Plus" in register and "Reprint Daily" in register
    assert kg("build", "--no-hermit", "-q").exit_code == 0
    assert kg("validate", "-f", "json").exit_code == 0
    refused = kg("add", str(tmp_path / "x.txt"), "--publisher", "TASS", "--published", "2022-01-13", "--lang", "en",
                 "--based-on", "ТАСС")  # fmt: skip
    assert refused.exit_code == 2


def test_add_reads_an_origin_as_a_curie_or_a_name_and_never_retypes_what_the_register_has(kg, tmp_path):
    """Defect 17: `--based-on kg:reuters` printed "based on kg:kg-reuters" and minted an outlet labelled "kg:reuters";
    `--based-on "CSTO Secretariat"` retyped the register's kg:csto-secretariat (an organisation body) as a news
    outlet with new labels, and the build failed."""
    before = tree(kg.project.root)
    register_before = {k: v for k, v in before.items() if k.startswith("graph/register/") or k == "graph/entities.ttl"}
    article = tmp_path / "release.txt"
    article.write_bytes(b"The CSTO Secretariat said the peacekeepers left Almaty today.\n")
    result = kg("add", str(article), "--publisher", "Reprint Daily", "--published", "2022-01-13", "--lang", "en",
                "--based-on", "kg:reuters", "--based-on", "CSTO Secretariat", "--based-on", "Рейтер")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "based on kg:reuters\nbased on kg:csto-secretariat\n" in result.output
    assert "kg-reuters" not in result.output
    source = result.output.split("added source ", 1)[1].split(":", 1)[0]
    meta = (kg.project.root / "graph" / "sources" / f"{source}.ttl").read_text(encoding="utf-8")
    assert "kgo:basedOn" in meta and "kg:csto-secretariat" in meta and "kg:reuters" in meta
    outlets = (kg.project.root / "graph" / "register" / f"{source}.outlet.ttl").read_text(encoding="utf-8")
    assert "Reprint Daily" in outlets and "secretariat" not in outlets and "reuters" not in outlets.casefold()
    after = tree(kg.project.root)
    assert all(after[k] == v for k, v in register_before.items())  # nothing the register had is rewritten
    result = kg("build", "--no-hermit", "-q")
    assert result.exit_code == 0, result.output
    other = tmp_path / "other.txt"
    other.write_bytes(b"Another text.\n")
    unknown = kg("add", str(other), "--publisher", "Other Daily", "--published", "2022-01-13", "--lang", "en",
                 "--based-on", "kg:no-such-agency")  # fmt: skip
    assert unknown.exit_code == 2 and "--based-on kg:no-such-agency: the register has no such entity" in unknown.output


def test_add_records_the_outlet_a_copy_was_republished_by(kg, tmp_path):
    """Defect 18: a mirror of The Telegraph India could not be recorded (kgo:republishedBy exists)."""
    source = added(kg, tmp_path, b"Kazakhstan's president asked the CSTO for help.\n", "--publisher",
                   "The Telegraph India", "--published", "2022-01-08", "--lang", "en",
                   "--republished-by", "News Mirror Today")  # fmt: skip
    meta = (kg.project.root / "graph" / "sources" / f"{source}.ttl").read_text(encoding="utf-8")
    assert "kgo:republishedBy kg:news-mirror-today" in meta and "kgo:publisher kg:the-telegraph-india" in meta
    outlets = (kg.project.root / "graph" / "register" / f"{source}.outlet.ttl").read_text(encoding="utf-8")
    assert "kg:news-mirror-today a kgo:NewsOutlet" in outlets
    assert kg("build", "--no-hermit", "-q").exit_code == 0
    rows = kg("sparql", "SELECT ?mirror WHERE { ?source kgo:republishedBy ?mirror }", "-f", "csv").output
    assert "kg:news-mirror-today" in rows


def test_extraction_holds_on_the_unseen_articles(store):
    """bench/ingest_bench.py's unseen articles, both halves, against floors just under what they are today
    (docs/benchmarks.md): a change that makes extract worse on articles it was not tuned to fails here."""
    sys.path.insert(0, str(ROOT / "bench"))
    import json

    import unseen
    from ingest_bench import _names_of

    from csto_kg.project import Project

    articles = ROOT.parent / "shared" / "articles"
    if not articles.is_dir():
        pytest.skip("../shared/articles is not beside this checkout")
    snapshot = ox.Store()
    snapshot.load(path=str(ROOT / "graph" / "wikidata" / "snapshot.ttl"), format=ox.RdfFormat.TURTLE)
    when_tuned = unseen.graph_when_tuned(Project(ROOT), articles)  # the graph now may hold these articles' claims
    extractor = Extractor(when_tuned, snapshot, Requirements(Project(ROOT)))
    register = set(json.loads((ROOT / "bench" / "register-at-gold.json").read_text(encoding="utf-8")))
    now = (Extractor(store, snapshot, Requirements(Project(ROOT))), _names_of(store))  # for the outsiders
    result = unseen.evaluate(extractor, articles, _names_of(when_tuned), register, now)
    totals = result["totals"]
    floors = {"entities": 0.8, "new_names": 0.8, "dates": 0.9, "quantities": 0.6, "events": 0.6,
              "event_precision": 0.65, "facts": 0.55, "fact_precision": 0.85}  # fmt: skip
    # the outsiders' articles (bench/outsiders/; the latest trial's ten are held out): gold that lists every event a
    # careful reader takes, with its participants
    outsiders = {"dates": 0.85, "quantities": 0.8, "events": 0.28, "event_precision": 0.27, "facts": 0.4,
                 "fact_precision": 0.9}  # fmt: skip
    for split, wanted in (("tune", floors), ("test", floors), ("outsiders", outsiders)):
        for measure, floor in wanted.items():
            hit, total = totals[split][measure]
            assert total and hit / total >= floor, f"{split} {measure}: {hit}/{total} < {floor}"
    # what `--accept-above` at the advised bar takes: 9 in 10 right where the table was learnt (each article with a
    # table learnt without it), and no worse than 0.88 on TEST and 0.9 on the latest trial's articles (held out),
    # which it never saw
    for split, floor in (("calibrated on, out of fold", 0.9), ("test", 0.88), ("held out", 0.9)):
        assert split in result["at_the_bar"], f"no {split} articles (bench/unseen.py HELD_OUT: the latest trial's)"
        hit, total = result["at_the_bar"][split]
        assert total >= 30 and hit / total >= floor, f"{split} at {ACCEPT_ABOVE}: {hit}/{total} < {floor}"
    # the bar is no lower than where events and facts, each, are right 9 in 10 out of fold: a rule or a table changed
    # since it was set must not leave it where either falls short
    assert result["threshold"] is not None and result["threshold"] <= ACCEPT_ABOVE, result["threshold"]
    for kind in ("events", "facts"):
        hit, total = result["at_the_bar"][f"calibrated on, out of fold:{kind}"]
        assert total >= 20 and hit / total >= 0.9, f"{kind} out of fold at {ACCEPT_ABOVE}: {hit}/{total}"


def test_word_forms_kept_for_the_next_command_are_the_forms_computed(tmp_path, monkeypatch):
    from csto_kg.ingest import mentions

    words = ["Токаевым", "Белоруссии", "troops", "ОДКБ"]
    computed = {word: mentions._forms(word) for word in words}
    monkeypatch.setattr(mentions, "_FORMS", {})
    (tmp_path / "word-forms-1.0-0123456789abcdef.tsv").write_text("kept by other code\tx\n", encoding="utf-8")
    with mentions.forms_kept_in(tmp_path):
        assert [mentions.forms(w) for w in words] == [computed[w] for w in words]
    (kept,) = tmp_path.glob("word-forms-*.tsv")  # the older file is gone: one a code change, never a pile
    assert "Токаевым\t" in kept.read_text(encoding="utf-8")
    monkeypatch.setattr(mentions, "_FORMS", {})
    monkeypatch.setattr(mentions, "_forms", lambda word: pytest.fail(f"{word} computed again"))
    with mentions.forms_kept_in(tmp_path):
        assert {w: mentions.forms(w) for w in words} == computed  # read back, not recomputed


def test_the_versions_naming_the_caches_are_the_installed_ones():
    from importlib import metadata

    from csto_kg.ingest.language import installed_version

    for distribution in ("pymorphy3", "pymorphy3-dicts-ru", "natasha", "lemminflect", "pyoxigraph"):
        assert installed_version(distribution) == metadata.version(distribution)
    with pytest.raises(metadata.PackageNotFoundError):
        installed_version("no-such-distribution-csto")


def _events(found) -> set[str]:
    return {c.event_type for c in found.claims if not c.fact}


def test_a_word_of_saying_used_as_a_noun_is_no_statement(extractor):
    """ "a state of emergency", "heads of state", "state television", "made the request", "economic demands": nouns,
    not someone saying or asking; the verbs still are."""
    for text in ("The governor introduced a state of emergency in the region.",
                 "The heads of state will meet in Moscow.",
                 "Footage on state television showed empty streets.",
                 "The governor made the request after the riots.",
                 "Crowds gathered with economic demands.",
                 "The leaders of the CSTO member states held a video summit."):  # fmt: skip
        assert not _events(_extract(extractor, text)) & {"Statement", "Request", "Demand"}, text
    # trial 39: an owner is a noun ("at that state's request": a request, and no one states anything)
    assert "Statement" not in _events(_extract(extractor, "The alliance sent troops at that state's request."))
    assert "Statement" in _events(_extract(extractor, "Officials state that the roads are closed."))
    assert "Demand" in _events(_extract(extractor, "The miners demand higher wages."))


def test_what_did_not_happen_and_what_happened_years_before_are_no_events(extractor):
    """A negated trigger ("will not take part in dispersing crowds") and one set in a year before the article's
    ("in 2016", "last March", «в 2011 году») report nothing that happened now."""
    assert "Dispersal" not in _events(_extract(extractor, "Our soldiers will not take part in dispersing crowds."))
    assert "Dispersal" in _events(_extract(extractor, "Police began dispersing crowds in the square."))
    # an outsider's trial: the rule for "send" answered before the negation was looked at
    assert "Deployment" not in _events(_extract(extractor, "Mirziyoyev said Uzbekistan would not send troops."))
    assert "Deployment" in _events(_extract(extractor, "Mirziyoyev said Uzbekistan would send troops."))
    # what is nearly done is not done: «практически завершён» made a completion (an outsider's trial)
    for text, language in (("По данным РИА Новости, вывод миротворцев практически завершён.", "ru"),
                           ("The pullout of the peacekeepers was nearly completed.", "en")):  # fmt: skip
        assert "Completion" not in _events(_extract(extractor, text, language, "2022-01-18")), text
    assert "Completion" in _events(_extract(extractor, "Вывод миротворцев завершён.", "ru", "2022-01-18"))
    for text, language in (("The old cabinet was approved last March by parliament.", "en"),
                           ("Workers were fired in 2016 after a strike in the town.", "en"),
                           ("Парламент одобрил это решение в 2011 году.", "ru")):  # fmt: skip
        assert not _events(_extract(extractor, text, language)), text
    assert "Approval" in _events(_extract(extractor, "Parliament approved the decision on Friday."))


def test_a_trigger_that_reports_nothing_does_not_hide_one_of_its_type_that_does(extractor):
    """The lexicon's order once chose which word of a type a sentence was read by: "mass protests" (a noun that
    reports nothing) hid "rallies ... started" before it, and the sentence gave no protest."""
    text = "Rallies first started in the town, then turned into mass protests everywhere."
    protest = [c for c in _extract(extractor, text, published="2022-01-05").claims if c.event_type == "Protest"]
    assert [c.trigger for c in protest] == [0]


def _day_of(extractor, text, event_type, published, language="en"):
    """The day the first candidate of the type is dated by, or None."""
    found = _extract(extractor, text, language, published)
    claim = next(c for c in found.claims if c.event_type == event_type)
    return claim.date.first if claim.date is not None else None


def test_a_date_set_off_by_commas_dates_the_clause_before_it(extractor):
    """ "said on Tuesday, January 11, at a meeting" and "started in Zhanaozen, a town in the west, on January 2,
    then ...": the date stands in a clause of its own after the event's."""
    text = "The troops will leave soon, the minister said, January 11, at a press conference."
    assert _day_of(extractor, text, "Statement", "2022-01-12") == datetime.date(2022, 1, 11)
    text = "Protests first started in Zhanaozen, a town in the west, on January 2, then spread."
    assert _day_of(extractor, text, "Protest", "2022-01-05") == datetime.date(2022, 1, 2)
    text = "Protests started in Zhanaozen, the governor said, and then, on January 2, spread."
    assert _day_of(extractor, text, "Protest", "2022-01-05") is None  # a whole clause between: not the protest's


def test_a_line_break_ends_a_sentence(extractor):
    """A headline without a full stop ran into the first sentence: the headline's trigger took neither the date nor
    the names of the line below."""
    found = _extract(extractor, "Kazakh cabinet resigns\nOn Wednesday Tokayev accepted the resignation of the cabinet.",
                     published="2022-01-06")  # fmt: skip
    resignations = [c for c in found.claims if c.event_type == "Resignation"]
    assert [c.quote for c in resignations] == [
        "Kazakh cabinet resigns",
        "On Wednesday Tokayev accepted the resignation of the cabinet",
    ]
    assert resignations[1].date is not None and resignations[1].date.first == datetime.date(2022, 1, 5)


def test_who_only_tells_the_news_is_no_speaker(extractor):
    """A document or a reporter "says", and a passive "was reported" has no speaker: where the news comes from, not
    a statement; a speaker who says "it" is still one."""
    for text in ("The new rules take effect at once, the order says.",
                 "Smoke rose over the square, the correspondent said.",
                 "Several shops were reported to have been looted."):  # fmt: skip
        assert not _events(_extract(extractor, text)) & {"Statement", "Report"}, text
    assert "Statement" in _events(_extract(extractor, "The minister said it was sending more police."))


def test_a_past_verb_is_never_dated_after_its_article(extractor):
    """ "announced the pull-out in two days": the day is the pull-out's; the announcing was done by publication.
    A verb still to come keeps its day («завтра ... будут вывезены»)."""
    text = "The minister announced the start of the pull-out in three days."
    assert _day_of(extractor, text, "Announcement", "2022-01-11") is None
    text = "Завтра на пяти самолетах будут вывезены военные."
    assert _day_of(extractor, text, "Withdrawal", "2022-01-13", "ru") == datetime.date(2022, 1, 14)


def test_a_noun_is_dated_by_its_relative_clause_and_a_participle_by_its_main_clause(extractor):
    """ "the withdrawal, which began on January 13": the relative clause is the noun's own; ", introducing a
    curfew" happens when the clause before it does; a date opening the sentence dates what follows it."""
    text = "He said that the withdrawal of the troops, which began on January 13, is over."
    assert _day_of(extractor, text, "Withdrawal", "2022-01-16") == datetime.date(2022, 1, 13)
    text = "The mayor signed an order on Thursday, introducing a curfew in the city."
    assert _day_of(extractor, text, "Curfew", "2022-01-08") == datetime.date(2022, 1, 6)
    text = "3 января сотни жителей и рабочих вышли на улицы."
    assert _day_of(extractor, text, "Protest", "2022-01-05", "ru") == datetime.date(2022, 1, 3)


def test_words_the_lexicon_lacked(extractor):
    """«считает» reports an opinion, «завершится» a completion, "completion" too, «вывезены» troops taken out; a
    force sent with «направить» is deployed; "talking" is no meeting."""
    cases = [("Министр считает эту меру верной.", "ru", "Statement"),
             ("Операция завершится в пятницу.", "ru", "Completion"),
             ("He announced the completion of the operation.", "en", "Completion"),
             ("Военных вывезли из города на самолетах.", "ru", "Withdrawal"),
             ("В город были направлены бойцы спецназа.", "ru", "Deployment")]  # fmt: skip
    for text, language, event_type in cases:
        assert event_type in _events(_extract(extractor, text, language)), text
    assert "Meeting" not in _events(_extract(extractor, "We are talking about the riots."))


def _linked(found) -> set[str]:
    return {m.entity.removeprefix(ns.KG) for m in found.mentions if m.entity}


def test_a_title_before_its_holder_names_the_office(extractor):
    """ "President Tokayev", "Prime Minister Nikol Pashinyan", «с президентом Владимиром Путиным»: the office too;
    a title the person does not hold in the graph names none."""
    assert "president-of-kazakhstan" in _linked(_extract(extractor, "Crowds cheered President Tokayev in Astana."))
    found = _extract(extractor, "Он говорил с президентом Владимиром Путиным.", "ru")
    assert "president-of-russia" in _linked(found)
    assert "prime-minister-of-armenia" in _linked(_extract(extractor, "Prime Minister Nikol Pashinyan spoke."))
    assert "president-of-russia" not in _linked(_extract(extractor, "President Tokayev spoke."))


def test_an_office_named_before_its_holder_is_the_one_proposed_not_another_the_graph_knows(extractor):
    """ "Russian Defence Minister Sergei Lavrov" (a source's error the build sets aside) is one holding, the office
    said; "Minister" is not read again as the office the graph gives Lavrov. The register's holdings are background:
    a holding proposed is the claim's own, never the register's node."""
    found = _extract(extractor, "Russian Defence Minister Sergei Lavrov said the troops would leave.")
    holdings = [c.fact for c in found.claims if c.fact and c.fact[1] == "holds"]
    assert holdings == [(ns.KG + "lavrov", "holds", ns.KG + "minister-of-defence-of-russia")]
    found = _extract(extractor, "President Armen Sarkissian of Armenia spoke on Monday.")
    (holding,) = [c for c in found.claims if c.fact and c.fact[1] == "holds"]
    assert holding.fact == (ns.KG + "sarkissian", "holds", ns.KG + "president-of-armenia")
    assert holding.holding is None or "held-" not in holding.holding


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Массовые акции протеста, начавшиеся в Жанаозене Атырауской области, распространились по стране.", "ru"),
        ("Protests began in Zhanaozen, a town in the Atyrau region, on Sunday.", "en"),
    ],
)
def test_a_region_said_right_after_a_place_is_its_address_not_a_second_place_of_the_event(extractor, text, language):
    """Whatever the graph says of it: the place is proposed in the region (a source's error here, which the build
    sets aside against the register's Mangystau Region), and the event happened in the place."""
    found = _extract(extractor, text, language)
    assert (ns.KG + "zhanaozen", "locatedIn", ns.KG + "atyrau-region") in [c.fact for c in found.claims]
    (protest,) = [c for c in found.claims if c.event_type == "Protest"]
    assert [target for role, target in protest.roles if role == "location"] == [ns.KG + "zhanaozen"]


def test_a_state_listed_among_an_alliances_members_is_proposed_as_said_even_when_it_is_none(extractor):
    """The fourth blind trial's planted error: Uzbekistan among the CSTO's members. Proposed as said; the build
    sets it aside against the members the background knows."""
    text = "The CSTO groups Russia, Belarus, Armenia, Kazakhstan, Kyrgyzstan, Tajikistan and Uzbekistan."
    found = _extract(extractor, text)
    members = {c.fact[0].rsplit("/", 1)[1] for c in found.claims if c.fact and c.fact[1] == "memberOf"}
    assert members == {"russia", "belarus", "armenia", "kazakhstan", "kyrgyzstan", "tajikistan", "uzbekistan"}


@pytest.mark.parametrize(
    ("text", "language", "capital"),
    [
        ("Protesters stormed buildings in the Kazakh capital Almaty on Wednesday.", "en", "almaty"),
        ("Almaty, the capital of Kazakhstan, was calm.", "en", "almaty"),
        ("Troops landed in Kazakhstan's capital Nur-Sultan.", "en", "astana"),
        ("Беспорядки начались в столице Казахстана Алматы.", "ru", "almaty"),
        ("Алматы, столица Казахстана, пострадала сильнее всего.", "ru", "almaty"),
        ("Almaty, the country's former capital, burned.", "en", None),
        ("В южной столице Казахстана Алматы стреляли.", "ru", None),
    ],
)
def test_a_city_called_a_states_capital_is_proposed_as_said(extractor, text, language, capital):
    """Earlier blind trials' planted "Almaty, the capital" was never proposed: now it is, and the build sets it
    aside against the register's capital; a former or "southern" capital is no claim to the office."""
    found = _extract(extractor, text, language)
    capitals = [c.fact[2].rsplit("/", 1)[1] for c in found.claims if c.fact and c.fact[1] == "capital"]
    assert capitals == ([capital] if capital else [])


@pytest.mark.parametrize(
    ("text", "language", "holding"),
    [
        # the blind trials' planted error: a person new to the register, in an office another held that day
        ("Kyrgyz President Sooronbay Jeenbekov backed the deployment.", "en",
         ("sooronbay-jeenbekov", "president-of-kyrgyzstan")),
        ("Вопрос поддержал президент Киргизии Сооронбай Жээнбеков.", "ru",
         ("sooronbay-zheenbekov", "president-of-kyrgyzstan")),
        # an office in the genitive after another post: the name agrees with the post, not with the office
        ("Об этом заявил помощник президента Казахстана Ерлан Карин.", "ru", None),
        ("Встреча президента Казахстана Касым-Жомарта Токаева с послами прошла.", "ru",
         ("tokayev", "president-of-kazakhstan")),
    ],
)  # fmt: skip
def test_who_holds_an_office_named_before_them_a_person_new_to_the_register_too(extractor, text, language, holding):
    found = _extract(extractor, text, language)
    holdings = [
        (c.fact[0].rsplit("/", 1)[1], c.fact[2].rsplit("/", 1)[1])
        for c in found.claims
        if c.fact and c.fact[1] == "holds"
    ]
    assert holdings == ([holding] if holding else [])


@pytest.mark.parametrize(
    "text",
    [
        # a second reading's: each would have been a false source error once the build judged it
        "A spokesman for the Russian president, Dmitry Peskov, said the troops would leave.",
        "Japarov's predecessor as Kyrgyz president, Sooronbay Jeenbekov, resigned in 2020.",
        "In 2010, then Kyrgyz President Roza Otunbayeva asked the CSTO for help.",
        "Aktau, the capital of Kazakhstan's Mangystau region, was calm.",
        "A state of emergency was declared in the capital of Kazakhstan, Almaty and the Mangystau region.",
        "Almaty, the Kazakh capital until 1997, burned.",
        "Uzbekistan, a former member of the CSTO, has not sent soldiers.",
        "Uzbekistan, which left the CSTO in 2012, has not sent soldiers.",
    ],
)
def test_a_holding_capital_or_membership_of_another_time_or_another_post_is_not_proposed(extractor, text):
    found = _extract(extractor, text, "en", "2022-01-10")
    assert not [c.fact for c in found.claims if c.fact and c.fact[1] in ("holds", "capital", "memberOf")]


def test_a_member_of_the_alliance_is_of_the_one_named_before_inferred_and_below_the_bar(extractor):
    """The third blind trial's "Uzbekistan, also a member of the alliance": the alliance is the sentence before's, so
    the claim says so (kgo:inferredBecause) and its confidence is the one measured for memberships so inferred."""
    text = (
        "Troops of the CSTO are guarding key sites. Uzbekistan, also a member of the alliance, has not sent soldiers."
    )
    (member,) = [c for c in _extract(extractor, text).claims if c.fact and c.fact[1] == "memberOf"]
    assert member.fact == (ns.KG + "uzbekistan", "memberOf", ns.KG + "csto")
    assert member.because and "named last before" in member.because[0]
    assert member.evidence == "fact:memberOf::inferred" and member.confidence == CALIBRATION[member.evidence]
    assert not [c for c in _extract(extractor, text.split(". ")[1]).claims if c.fact]
    # blind trial 39: "Its members are …" too
    listed = "The CSTO is a military alliance.\n- Its members are Russia, Belarus and Uzbekistan."
    members = [c.fact[0].rsplit("/", 1)[1] for c in _extract(extractor, listed).claims if c.fact]
    assert sorted(members) == ["belarus", "russia", "uzbekistan"]


def test_an_alliance_named_inside_a_longer_name_is_the_one_its_members_are_of(extractor):
    """Blind trial 39: «пяти государств — членов организации: России, Беларуси, …» gave no membership: the CSTO had
    been named only inside «Миротворцы ОДКБ»."""
    text = ("Миротворцы ОДКБ покинули Казахстан. Всего в операции участвовали 2030 военнослужащих из пяти государств — "
            "членов организации: России, Беларуси, Армении, Таджикистана и Кыргызстана.")  # fmt: skip
    members = [c for c in _extract(extractor, text, "ru", "2022-01-21").claims if c.fact and c.fact[1] == "memberOf"]
    assert sorted(c.fact[0].rsplit("/", 1)[1] for c in members) == [
        "armenia", "belarus", "kyrgyzstan", "russia", "tajikistan"]  # fmt: skip
    assert {c.fact[2] for c in members} == {ns.KG + "csto"} and all(c.because for c in members)


@pytest.mark.parametrize(
    ("text", "language", "place", "region"),
    [
        ("The unrest began in the oil town of Zhanaozen in the western Mangystau region.", "en", "zhanaozen",
         "mangystau-region"),
        ("Жители Талдыкоргана, административного центра Алматинской области, сообщают о перебоях.", "ru",
         "taldykorgan", "almaty-region"),
        ("Колонна пересекла границу через пункт пропуска «Ак-Жол» в Чуйской области.", "ru", "ak-zhol-checkpoint",
         "chuy-region"),
        ("Protesters gathered in Aktau, the regional capital of Mangystau, on Monday.", "en", "aktau",
         "mangystau-region"),
    ],
)  # fmt: skip
def test_a_place_in_a_region_by_its_direction_its_seat_or_a_quoted_name_is_proposed(
    extractor, text, language, place, region
):
    """Blind trial 39 found no located-in fact in "in the western Mangystau region", «…, административного центра
    Алматинской области», «„Ак-Жол“ в Чуйской области»."""
    found = _extract(extractor, text, language, "2022-01-08")
    located = [c.fact for c in found.claims if c.fact and c.fact[1] == "locatedIn"]
    assert located == [(ns.KG + place, "locatedIn", ns.KG + region)]
    # a state's capital is the capital rule's, not a place in it
    capital = _extract(extractor, "Almaty, the capital of Kazakhstan, was calm.", "en", "2022-01-08")
    assert [c.fact[1] for c in capital.claims if c.fact] == ["capital"]


def test_a_list_entrys_label_takes_no_part_in_what_the_entry_tells(extractor):
    """Blind trial 38: "- Russia: paratroopers began landing near Almaty" made Russia a destination (0.91, accepted)."""
    text = "Here is where things stand:\n- Russia: paratroopers began landing near Almaty on Thursday."
    (arrival,) = [c for c in _extract(extractor, text, "en", "2022-01-07").claims if c.event_type == "Arrival"]
    assert ("destination", ns.KG + "russia") not in arrival.roles and ("destination", ns.KG + "almaty") in arrival.roles


def test_question_words_and_adjectives_made_from_names_are_no_new_names_and_the_checkpoint_is_linked(extractor):
    """Blind trial 38: "Q: Why did …", "an Almaty-based analyst" were organisations, "the Ak-Zhol border
    checkpoint" a new one beside the register's."""
    text = (
        "Q: Why did Tokayev ask for help?\n"
        "A: An Almaty-based analyst says troops left through the Ak-Zhol border checkpoint."
    )
    found = _extract(extractor, text, "en", "2022-01-14")
    assert not [m for m in found.mentions if m.how == "new"]
    assert "ak-zhol-checkpoint" in _linked(found)


def test_a_region_in_brackets_after_a_place_is_where_the_place_is(extractor):
    text = "Протесты начались в воскресенье в Жанаозене (Актюбинская область)."
    found = _extract(extractor, text, "ru")
    assert (ns.KG + "zhanaozen", "locatedIn", ns.KG + "aktobe-region") in [c.fact for c in found.claims]
    (protest,) = [c for c in found.claims if c.event_type == "Protest"]
    assert [t for r, t in protest.roles if r == "location"] == [ns.KG + "zhanaozen"]


def test_a_title_said_alone_names_that_office_of_the_state_in_context(extractor):
    """ "the prime minister", «глава государства»: the office of the state named just before the title, else the
    one the sentence names nearest, else the one the article names most (a place counts for its state)."""
    found = _extract(extractor, "The prime minister resigned in Kazakhstan on Wednesday.")
    assert "prime-minister-of-kazakhstan" in _linked(found)
    found = _extract(extractor, "Protests began in Kazakhstan. On Wednesday the prime minister resigned.")
    assert "prime-minister-of-kazakhstan" in _linked(found)
    found = _extract(
        extractor, "Kazakhstan asked for help. Under Kyrgyz law, the head of state must sign the decision."
    )
    assert "president-of-kyrgyzstan" in _linked(found) and "president-of-kazakhstan" not in _linked(found)
    found = _extract(extractor, "Глава государства ввёл чрезвычайное положение в Мангистауской области.", "ru")
    assert "president-of-kazakhstan" in _linked(found)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The prime minister resigned.", "en"),  # no state anywhere: whose is unknown
        ("Uzbek President Shavkat Mirziyoyev spoke about Kazakhstan.", "en"),  # a state the register lacks
        ("The presidents met in Kazakhstan.", "en"),  # a plural is no one office
        ("Главы государств встретились в Казахстане.", "ru"),
        ("Президент компании в Казахстане заявил об убытках.", "ru"),  # of something else
        ("The president of the club spoke in Kazakhstan.", "en"),
    ],
)
def test_a_title_of_another_or_of_many_names_no_office(extractor, text, language):
    linked = _linked(_extract(extractor, text, language))
    assert not {"prime-minister-of-kazakhstan", "president-of-kazakhstan"} & linked, text


def test_a_title_beside_its_holder_names_the_office_the_holder_holds(extractor):
    """ "Tashiev, Deputy Prime Minister" in a sentence about Kazakhstan is Kyrgyzstan's deputy prime minister (the
    graph knows his offices), «главе государства Касым-Жомарту Токаеву» the president, and says who holds it."""
    found = _extract(extractor, "Kamchybek Tashiev, Deputy Prime Minister, said Kazakhstan had asked for help.")
    assert "deputy-prime-minister-of-kyrgyzstan" in _linked(found)
    assert "deputy-prime-minister-of-kazakhstan" not in _linked(found)
    found = _extract(extractor, "Пост передан действующему главе государства Касым-Жомарту Токаеву.", "ru")
    assert "president-of-kazakhstan" in _linked(found)
    assert ("https://w3id.org/csto-kg/id/tokayev", "holds", "https://w3id.org/csto-kg/id/president-of-kazakhstan") in [
        c.fact for c in found.claims
    ]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Бывший президент Казахстана Нурсултан Назарбаев принял решение.", "ru"),
        ("Экс-председатель КНБ Карим Масимов задержан.", "ru"),
        ("Former president Nursultan Nazarbayev spoke on Tuesday.", "en"),
        ("Former Prime Minister Mamin spoke on Tuesday.", "en"),
    ],
)
def test_an_office_said_to_be_no_longer_held_is_no_holding(extractor, text, language):
    """TUNE's article 37: «Бывший президент Казахстана Нурсултан Назарбаев» proposed that Nazarbayev holds the
    presidency (0.89); "former", «бывший», «экс-» say he no longer does."""
    found = _extract(extractor, text, language, "2022-01-19")
    assert not [c.fact for c in found.claims if c.fact and c.fact[1] == "holds"]
    kept = _extract(extractor, re.sub(r"^(?:Former |Бывший |Экс-)(\w)", lambda m: m[1].upper(), text), language)
    assert [c.fact for c in kept.claims if c.fact and c.fact[1] == "holds"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Tokayev named Alikhan Smailov as acting prime minister.", "en"),
        ("Исполняющим обязанности премьер-министра назначен Алихан Смаилов.", "ru"),
        ("Накануне первый президент Казахстана Нурсултан Назарбаев выступил с видеообращением.", "ru"),
        ("Токаев упрекнул окружение первого президента Нурсултана Назарбаева.", "ru"),
        ("Tokayev thanked First President Nursultan Nazarbayev.", "en"),
    ],
)
def test_an_acting_office_or_a_first_presidents_title_is_no_holding_of_the_office(extractor, text, language):
    """Blind trial 39: "named … Smailov as acting prime minister" was accepted (0.89) as the prime minister's office,
    and «первый президент» (Nazarbayev's title for life) as the presidency."""
    found = _extract(extractor, text, language, "2022-01-21")
    assert not [c.fact for c in found.claims if c.fact and c.fact[1] == "holds" and "tokayev" not in c.fact[0]]


def test_the_one_replaced_as_holder_of_an_office_holds_it_no_more(extractor):
    """Trial 34: "replaced Nazarbayev as chairman" proposed (0.89) that Nazarbayev holds the chair."""
    text = "Tokayev replaced Nazarbayev as chairman of the Security Council on Wednesday."
    found = _extract(extractor, text, "en", "2022-01-06")
    assert not [c.fact for c in found.claims if c.fact and c.fact[1] == "holds" and c.fact[0].endswith("/nazarbayev")]
    kept = _extract(extractor, "Nazarbayev as chairman of the Security Council spoke on Wednesday.", "en", "2022-01-04")
    assert [c.fact for c in kept.claims if c.fact and c.fact[1] == "holds" and c.fact[0].endswith("/nazarbayev")]


@pytest.mark.parametrize(
    "text",
    ["On Tuesday, lawmakers approved Alikhan Smailov as prime minister.", "Deputies approved Smailov on Tuesday."],
)
def test_whom_an_approval_acts_on_is_not_its_approver(extractor, text):
    """Trial 34: "approved Alikhan Smailov" made Smailov the approver, at 0.91."""
    found = _extract(extractor, text, "en", "2022-01-12")
    approvals = [c for c in found.claims if c.event_type == "Approval"]
    assert approvals and all(role != "approver" for c in approvals for role, _ in c.roles)
    passive = _extract(extractor, "Smailov was approved by the Mazhilis on Tuesday.", "en", "2022-01-12")
    assert ("approver", ns.KG + "mazhilis") in _roles_of(passive, "Approval")


def test_a_name_holding_a_state_or_an_alliance_is_found_with_their_other_names(extractor):
    """The register's "Prime Minister of Kazakhstan" and "heads of state of the CSTO" as articles spell them out."""
    found = _extract(extractor, "He will act as the Prime Minister of the Republic of Kazakhstan for now.")
    assert "prime-minister-of-kazakhstan" in _linked(found)
    found = _extract(extractor, "The heads of state of the Collective Security Treaty Organization met online.")
    assert "csto-state-leaders" in _linked(found)


def test_every_country_listed_after_a_force_names_its_contingent(extractor):
    """ "servicemen from Kyrgyzstan and Tajikistan", «миротворцы Армении, Таджикистана и Белоруссии»."""
    found = _extract(extractor, "Servicemen from Kyrgyzstan and Tajikistan went home.")
    assert {"kyrgyz-contingent", "tajik-contingent"} <= _linked(found)
    found = _extract(extractor, "Домой улетели миротворцы Армении, Таджикистана и Белоруссии.", "ru")
    assert {"armenian-contingent", "tajik-contingent", "belarusian-contingent"} <= _linked(found)


@pytest.mark.parametrize(
    "text, language",
    [
        ("Войска уйдут, передаёт ТАСС.", "ru"),
        ("Войска уйдут, как сообщает агентство ТАСС.", "ru"),
        ("Об этом министр сообщил ТАСС.", "ru"),
        ("АЛМАТЫ, 14 янв — ТАСС. Войска ушли.", "ru"),
        ("The minister told TASS the troops would go.", "en"),
        ("Tokayev met Putin, reports TASS.", "en"),
        ("Troops leave Almaty\nTASS\nThe troops left on Friday.", "en"),
        ("The troops left on Thursday, reported the TASS news agency.", "en"),
        ("The mission is over, Tokayev told the TASS news agency.", "en"),
        ("The mission is over, Tokayev said in an interview with TASS.", "en"),
        ("According to a report by TASS, the troops left on Thursday.", "en"),
        ("Source: TASS", "en"),
        ("Миротворцы ушли, заявил Токаев в интервью ТАСС.", "ru"),
        ("Об этом сообщает корреспондент ИА «ТАСС».", "ru"),
    ],
)
def test_more_ways_of_naming_a_wire_origin(extractor, text, language):
    """«передаёт» with ё, «агентство» between, an agency told something, a dateline's dash, "reports TASS", a
    byline line: each makes TASS the report's origin; an agency merely named does not."""
    found = _extract(extractor, text, language, "2022-01-14", publisher="Some Daily")
    assert [m.entity for m in found.origins] == [ns.KG + "tass"]
    assert not _extract(extractor, "TASS journalists saw the troops.", "en", "2022-01-14", "Some Daily").origins


def test_an_outlet_the_register_lacks_is_an_origin_when_named_in_quotes_after_what_it_is(extractor):
    """«пишет «Коммерсантъ»», «сообщил телеканал «Хабар 24»»: an outlet new to the register, proposed with its name."""
    for text, name in (("Миротворцы ушли, пишет газета «Коммерсантъ».", "Коммерсантъ"),
                       ("Миротворцы ушли, сообщил телеканал «Хабар 24».", "Хабар 24"),
                       ("Об этом Токаев сказал в интервью телеканалу «Хабар 24».", "Хабар 24")):  # fmt: skip
        found = _extract(extractor, text, "ru", "2022-01-14", publisher="Some Daily")
        assert [(m.text, m.entity) for m in found.origins] == [(name, None)]
    assert not _extract(extractor, "Он сказал «Спасибо» миротворцам.", "ru", "2022-01-14", "Some Daily").origins


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Tokayev refused an interview with Reuters.", "en"),
        ("Police reported TASS journalists were beaten.", "en"),
        ("Kazakh police reported the Reuters correspondent to prosecutors.", "en"),
        ("Photo source: Reuters", "en"),
        ("Tokayev criticised a report by Reuters.", "en"),
        ("Пашинян пишет «Спасибо» миротворцам ОДКБ.", "ru"),
        ("He said in an interview with Deputy Press Secretary Zheldibay that all was calm.", "en"),
        ("Интерфакс цитирует ТАСС.", "ru"),
    ],
)
def test_an_outlet_named_otherwise_is_no_origin(extractor, text, language):
    """A second reading's cases: an outlet interviewed, reported on, credited for a photo or quoting another, and
    words said in quotes, are no origin of the report."""
    assert not _extract(extractor, text, language, "2022-01-14", publisher="Some Daily").origins


def test_according_to_him_and_a_figure_withdrawn_in_the_passive_are_no_new_events(extractor):
    """«По его словам, ...» says more of a statement already reported, not a new one (a name after «по словам» still
    speaks); "the toll ... appeared online but was quickly withdrawn": the subject of a passive opens the sentence."""
    found = _extract(extractor, "По его словам, войска уйдут в пятницу.", "ru")
    assert "Statement" not in _events(found)
    found = _extract(extractor, "По словам Токаева, войска уйдут в пятницу.", "ru")
    assert "Statement" in _events(found)
    text = "An estimate of 300 dead appeared on a ministry website on Monday but was quickly withdrawn."
    assert "Withdrawal" not in _events(_extract(extractor, text, published="2022-01-12"))


def _roles_of(found, event_type):
    return next(c for c in found.claims if c.event_type == event_type).roles


def test_who_says_that_something_happened_did_not_do_it(extractor):
    """ "Tokayev said the main mission had been successfully completed" made Tokayev the one who completed it (an
    outsider's trial): a name before a verb of saying is its speaker, not the doer of what the words after it
    report, unless they say he did it."""
    found = _extract(extractor, "Tokayev said the main mission had been successfully completed.", "en", "2022-01-11")
    assert ("agent", ns.KG + "tokayev") in _roles_of(found, "Statement")
    assert ("agent", ns.KG + "tokayev") not in _roles_of(found, "Completion")
    found = _extract(extractor, "Tokayev said a state of emergency had been declared.", "en", "2022-01-11")
    assert ("agent", ns.KG + "tokayev") not in _roles_of(found, "StateOfEmergency")
    found = _extract(extractor, "Tokayev said he had declared a state of emergency.", "en", "2022-01-11")
    assert ("agent", ns.KG + "tokayev") in _roles_of(found, "StateOfEmergency")


@pytest.mark.parametrize(
    ("text", "language", "published", "since"),
    [
        ("Protests that began on Sunday in Zhanaozen have spread to Almaty.", "en", "2022-01-05", True),
        ("Вывод миротворцев начался 13 января.", "ru", "2022-01-14", True),
        ("Protests were held in Zhanaozen on Sunday.", "en", "2022-01-05", False),
        ("Начальник штаба прибыл в Алма-Ату 13 января.", "ru", "2022-01-14", False),
    ],
)
def test_a_date_an_event_began_on_is_its_start(extractor, text, language, published, since):
    """An outsider's trial: "Protests that began on Sunday … have spread" dated the unrest to that one day (0.91,
    accepted without a person); the timeline then showed it as a day, not a start. A verb of beginning between the
    event's word and its date makes the date a start (kgo:startDate), as «с 2 января» does; «начальник» is no
    «начал»."""
    claim = next(c for c in _extract(extractor, text, language, published).claims if c.date is not None)
    assert claim.date.since is since


def test_a_name_a_verb_of_saying_governs_through_a_preposition_is_not_its_speaker(extractor):
    """An outsider's trial: "Nazarbayev, in a video address on Tuesday, denied any conflict with Tokayev" made
    Tokayev the speaker (the nearer name; 0.81, accepted without a person). After the verb, a name speaks as in
    "said Tokayev" or "by Tokayev", never after "with", "to", "about"."""
    text = "Former president Nursultan Nazarbayev, in a video address, denied any conflict with Tokayev."
    assert _roles_of(_extract(extractor, text, "en", "2022-01-19"), "Statement") == [("agent", ns.KG + "nazarbayev")]
    text = "The conflict was denied by Nazarbayev."
    assert _roles_of(_extract(extractor, text, "en", "2022-01-19"), "Statement") == [("agent", ns.KG + "nazarbayev")]


def test_each_entry_of_a_list_or_a_live_blog_is_read_on_its_own(store):
    """An outsider's trial: a bulleted list was one sentence, its first capitalised word after a bullet a new name
    ("• Protests began" proposed an organisation "Protests"), and a bullet's roles and dates came from the one
    before ("• Nearly 10,000 people were detained" detained Tokayev, named in the bullet before)."""
    text = (
        "Here is what we know:\n"
        "• Protests began on 2 January in Zhanaozen.\n"
        "• On 5 January President Kassym-Jomart Tokayev asked the CSTO for help.\n"
        "• Nearly 10,000 people were detained.\n"
    )
    from csto_kg.project import Project

    wanting = Extractor(store, requirements=Requirements(Project(ROOT)))  # it fills required roles from before
    found = _extract(wanting, text, "en", "2022-01-19")
    assert not [m for m in found.mentions if m.text == "Protests"]
    # (a dash for a bullet too, the fourth blind trial's «- Protests broke out»; and a rubric is no place)
    text = "COMMENT: The CSTO goes home\n\n- Protests broke out on 2 January.\n"
    dashed = _extract(wanting, text, "en", "2022-01-19")
    assert not [m for m in dashed.mentions if m.text in ("Protests", "COMMENT")]
    arrest = next(c for c in found.claims if c.event_type == "Arrest")
    assert arrest.roles == [] and arrest.date is None
    protest = next(c for c in found.claims if c.event_type == "Protest")
    assert not [target for _, target in protest.roles if target.endswith("/protests")]
    # a live blog's entries too ("16:05 — …")
    blog = "10:40 — Tokayev asked the CSTO for help.\n\n16:05 — Nearly 10,000 people were detained.\n"
    arrest = next(c for c in _extract(wanting, blog, "en", "2022-01-06").claims if c.event_type == "Arrest")
    assert arrest.roles == []


def test_who_is_replaced_is_no_doer_when_described_first(extractor):
    """ "Tokayev is taking over as chairman of the Security Council, replacing former president Nursultan
    Nazarbayev": Nazarbayev was made the one taking over (an outsider's trial)."""
    text = (
        "Tokayev is taking over as chairman of the Security Council, replacing former president Nursultan Nazarbayev."
    )
    roles = _roles_of(_extract(extractor, text, "en", "2022-01-05"), "Transfer")
    assert ("agent", ns.KG + "tokayev") in roles and ("agent", ns.KG + "nazarbayev") not in roles


def test_people_and_things_a_deed_was_about_are_no_event_of_their_own(store):
    """An outsider's trial: «освобожден от протестующих аэропорт» gave a Protest (0.91, accepted without a person);
    "the handover of guarded facilities to Kazakh forces began on Thursday" gave a Guarding and no Handover, and
    "Kazakh forces" made Kazakhstan where the troops in the clause after flew home to."""
    from csto_kg.project import Project

    wanting = Extractor(store, requirements=Requirements(Project(ROOT)))
    text = "Ранее в четверг в Алма-Ате был освобожден от протестующих аэропорт."
    assert "Protest" not in _events(_extract(wanting, text, "ru", "2022-01-07"))
    assert "Protest" in _events(_extract(wanting, "Протестующие вышли на площадь в среду.", "ru", "2022-01-07"))
    text = (
        "But the handover of guarded facilities to Kazakh forces began on Thursday, and the Armenian and Tajik "
        "troops are flying home today."
    )
    found = _extract(wanting, text, "en", "2022-01-14")
    assert _events(found) >= {"Handover", "Return"} and "Guarding" not in _events(found)
    assert not [target for role, target in _roles_of(found, "Return") if role in ("destination", "location")]
    assert "Guarding" in _events(_extract(wanting, "Russian troops guarded the airport on Friday.", "en"))
    assert "Guarding" in _events(_extract(wanting, "The airport was guarded by Russian troops.", "en"))


@pytest.mark.parametrize(
    ("text", "words", "entity"),
    [
        ("Об этом сообщили в пятницу в Министерстве обороны РФ.", "Министерстве обороны РФ",
         "ministry-of-defence-of-russia"),
        ("Как пояснил председатель СКБ Никол Пашинян, силы направлены на ограниченный срок.", "председатель СКБ",
         "chair-of-csto-collective-security-council"),
    ],
)  # fmt: skip
def test_a_register_name_said_with_another_name_of_its_state_is_linked(extractor, text, words, entity):
    """An outsider's trial: «в Министерстве обороны РФ» proposed a new body «Министерстве обороны» (its id made
    from the locative), though the register holds «Министерство обороны Российской Федерации»: a state's names of
    several words are put in the genitive too, so the name said with «РФ» or «России» is the register's."""
    found = _extract(extractor, text, "ru", "2022-01-07")
    assert [(m.text, m.entity) for m in found.mentions if m.text == words] == [(words, ns.KG + entity)]


@pytest.mark.parametrize(
    ("text", "words", "entity"),
    [
        ("В операции участвовали Воздушно-десантные войска.", "Воздушно-десантные войска", "russian-airborne-forces"),
        ("Генеральная прокуратура возбудила дело.", "Генеральная прокуратура", "prosecutor-general-of-kazakhstan"),
        ("Как сообщил Комитет национальной безопасности, задержан Масимов.", "Комитет национальной безопасности",
         "national-security-committee-of-kazakhstan"),
        ("Министерство обороны сообщило о вылетах.", "Министерство обороны", None),  # three states have one
    ],
)  # fmt: skip
def test_a_register_body_said_without_its_state_is_linked_when_it_is_the_only_one(extractor, text, words, entity):
    """Trial 39: «Воздушно-десантные войска», «Генеральная прокуратура», «Комитет национальной безопасности» were
    minted anew, though English finds "Airborne Forces" and "National Security Committee"."""
    found = _extract(extractor, text, "ru", "2022-01-08")
    linked = [m.entity for m in found.mentions if m.text == words]
    assert linked == ([ns.KG + entity] if entity else []) or (entity is None and linked == [None])


def test_what_a_source_does_not_vouch_for_is_never_accepted_without_a_person(extractor):
    """An outsider's trial: "Unconfirmed reports that Almaty airport has been seized" was a plain seizure at 0.78.
    Words by which the source does not vouch for what it reports cap the confidence below any threshold, and the
    reason says so."""
    for text, language in (
        ("Unconfirmed reports that Almaty airport was seized by protesters on Wednesday.", "en"),
        ("По неофициальным данным, 5 января аэропорт Алма-Аты захвачен протестующими.", "ru"),
    ):
        seizure = next(c for c in _extract(extractor, text, language, "2022-01-06").claims if c.event_type == "Seizure")
        assert seizure.confidence <= 0.5 and "does not vouch" in seizure.reason
    text = "Almaty airport was seized by protesters on Wednesday."
    seizure = next(c for c in _extract(extractor, text, "en", "2022-01-06").claims if c.event_type == "Seizure")
    assert seizure.confidence == CALIBRATION[seizure.evidence] > 0.5 and "does not vouch" not in seizure.reason


def test_what_a_correction_takes_back_is_not_reported(extractor):
    """An outsider's trial: "An earlier version of this article said the first Russian troops arrived on 7 January"
    proposed an arrival on 7 January; the correction's own sentence ("They arrived on 6 January") is the report."""
    text = (
        "Correction: An earlier version of this article said the first Russian troops arrived on 7 January. "
        "They arrived on 6 January."
    )
    arrivals = [c for c in _extract(extractor, text, "en", "2022-01-19").claims if c.event_type == "Arrival"]
    assert [c.date.first.isoformat() for c in arrivals] == ["2022-01-06"]


def test_what_a_verb_of_saying_reports_is_neither_its_speaker_nor_dated_by_it(extractor):
    """An outsider's trial: «Накануне МВД Казахстана сообщило, что … задержаны почти 8 тыс. человек» dated the
    arrests to the day of the report; «МВД сообщило, что … задержан Масимов» made Masimov both the speaker and the
    one who arrested (the dictionary reads «Масимов» as a plural genitive, so the passive found no one)."""
    found = _extract(extractor, "Накануне МВД Казахстана сообщило, что задержаны почти 8 тыс. человек.", "ru",
                     "2022-01-10")  # fmt: skip
    assert next(c for c in found.claims if c.event_type == "Arrest").date is None
    assert next(c for c in found.claims if c.event_type == "Report").date.first.isoformat() == "2022-01-09"
    found = _extract(extractor, "On Sunday, the interior ministry said nearly 8,000 people had been detained.")
    assert next(c for c in found.claims if c.event_type == "Arrest").date is None
    text = "Yesterday, Shoigu announced during a meeting with Putin that the withdrawal will end on January 19."
    meeting = next(c for c in _extract(extractor, text, "en", "2022-01-14").claims if c.event_type == "Meeting")
    assert meeting.date.first.isoformat() == "2022-01-13"  # the saying's own phrase keeps its day
    found = _extract(extractor, "В понедельник МВД сообщило, что в Алма-Ате задержан Масимов.", "ru", "2022-01-10")
    assert ("theme", ns.KG + "masimov") in _roles_of(found, "Arrest")
    assert ("agent", ns.KG + "masimov") not in _roles_of(found, "Arrest")
    assert "Statement" not in _events(found)
    assert _roles_of(found, "Report") == [("agent", ns.KG + "ministry-of-internal-affairs-of-kazakhstan")]


def test_a_sentence_s_countries_are_not_the_next_sentence_s_places_or_forces(store):
    """An outsider's trial: «Россия перебросила в республику более полутора тысяч десантников. Армения направила
    около ста военнослужащих, Белоруссия — примерно полторы сотни» read «десантников. Армения» as Armenia's force
    (across the full stop) and «военнослужащих, Белоруссия» as Belarus's; Russia, the subject, was where the
    Armenians went (carried over from the sentence before) and, by «перебросила» read as an arrival too, where the
    Russians arrived."""
    from csto_kg.project import Project

    wanting = Extractor(store, requirements=Requirements(Project(ROOT)))
    text = (
        "Россия перебросила в республику более полутора тысяч десантников. Армения направила около ста "
        "военнослужащих, Белоруссия — примерно полторы сотни."
    )
    found = _extract(wanting, text, "ru", "2022-01-10")
    assert not [m for m in found.mentions if m.how == "contingent"]
    assert "Arrival" not in _events(found)
    armenians = [c for c in found.claims if c.event_type == "Deployment" and c.quote.startswith("Армения")]
    assert armenians and not [t for r, t in armenians[0].roles if r == "destination" or t.endswith("-contingent")]


def test_a_new_person_named_by_the_surname_alone_is_the_one_named_in_full(extractor):
    """An outsider's trial: «По словам Бекболотова» two sentences after «Бактыбек Бекболотов» proposed a second new
    person, kg:bekbolotova, named from the genitive; a surname alone is the new person the article names in full
    (unless two of its new people share it)."""
    text = (
        "На границе военных встретили министр обороны Бактыбек Бекболотов и родственники. По словам "
        "Бекболотова, в ближайшие дни военнослужащим вручат награды."
    )
    found = _extract(extractor, text, "ru", "2022-01-15")
    assert _roles_of(found, "Statement") == [("agent", ns.KG + "baktybek-bekbolotov")]
    assert {m.key for c in found.claims for m in c.new_entities} == {"baktybek-bekbolotov"}
    one = "Bolot Usenov met them on Friday. The talks went well, Usenov said."
    assert _roles_of(_extract(extractor, one), "Statement") == [("agent", ns.KG + "bolot-usenov")]
    two = "Bolot Usenov and Asan Usenova met on Friday. The talks went well, Usenov said."
    assert not {t for _, t in _roles_of(_extract(extractor, two), "Statement")} & {
        ns.KG + "bolot-usenov",
        ns.KG + "asan-usenova",
    }
    # a given name romanised otherwise is still the register's person's (Andrei for Andrey Serdyukov)
    found = _extract(extractor, "Colonel General Andrei Serdyukov arrived in Almaty.")
    assert [m.entity for m in found.mentions if m.text.endswith("Serdyukov")] == [ns.KG + "andrey-serdyukov"]


def test_an_aside_with_no_verb_of_its_own_dates_the_clause_after_it(extractor):
    """An outsider's trial: "Nazarbayev, in a video address on Tuesday, denied any conflict with Tokayev" was left
    undated (the day stands in an aside between the subject and the verb); TUNE's article 47: "he said on Tuesday,
    January 11, at a meeting of the Majilis" dates the meeting. A clause that opens with "then" is later."""
    text = "Former president Nursultan Nazarbayev, in a video address on Tuesday, denied any conflict with Tokayev."
    statement = next(c for c in _extract(extractor, text, "en", "2022-01-19").claims if c.event_type == "Statement")
    assert statement.date.first.isoformat() == "2022-01-18"
    text = "Rallies first started in Zhanaozen on January 2, then escalating into mass protests across the country."
    later = [c for c in _extract(extractor, text, "en", "2022-01-06").claims if c.event_type == "Escalation"]
    assert later and later[0].date is None


def test_a_semicolon_keeps_each_clause_s_names_to_itself(extractor):
    """An outsider's trial: "Tokayev asked the CSTO for help; the first Russian paratroopers landed the following
    day" made the Russian contingent an addressee of the request."""
    text = "On 5 January Tokayev asked the CSTO for help; the first Russian paratroopers landed the following day."
    found = _extract(extractor, text, "en", "2022-01-19")
    assert ("addressee", ns.KG + "russian-contingent") not in _roles_of(found, "RequestForAssistance")
    assert ("agent", ns.KG + "russian-contingent") in _roles_of(found, "Arrival")


def test_a_register_name_with_a_possessive_is_quoted_without_it(extractor):
    """An outsider's trial: the holding "Prime Minister Alikhan Smailov's" quoted the possessive as part of the
    name."""
    found = _extract(extractor, "Investors welcomed Prime Minister Alikhan Smailov's pledge.", "en", "2022-01-20")
    assert [m.text for m in found.mentions if m.entity == ns.KG + "smailov"] == ["Alikhan Smailov"]
    holds = next(c for c in found.claims if c.fact and c.fact[1] == "holds")
    assert holds.quote == "Prime Minister Alikhan Smailov"


def test_an_act_capitalised_in_official_style_is_no_new_name(extractor):
    """An outsider's trial (a press release): "by Decree of the President … Mr Smailov was appointed" proposed an
    organisation "Decree" as the one who appointed him."""
    text = "By Decree of the President of the Republic of Kazakhstan Mr Smailov was appointed Prime Minister."
    found = _extract(extractor, text, "en", "2022-01-11")
    assert not [m for m in found.mentions if m.how == "new"]
    assert ("theme", ns.KG + "smailov") in _roles_of(found, "Appointment")


def test_roles_stay_in_their_own_clause_third_trial(store):
    """The third outsider's trial, each at 0.82-0.91 and accepted without a person: "The Interior Ministry said
    earlier that more than 9,900 people had been detained" made Shalabayev (the sentence before) the speaker and the
    one detained; «Жогорку Кенеш … одобрил направление кыргызских военнослужащих в Казахстан» made the contingent the
    approver and Kazakhstan where the session was; "made the appeal late on Wednesday, hours after protesters
    stormed the mayor's office" made the mayor's office the one appealed to; «Бактыбек Бекболотов провожал солдат.
    Он отметил …» made Akylbek Japarov, named earlier and known to the register, the speaker."""
    from csto_kg.project import Project

    wanting = Extractor(store, requirements=Requirements(Project(ROOT)))
    text = (
        "According to Shalabayev, 4,353 people were injured. The Interior Ministry said earlier that more than "
        "9,900 people had been detained across the country."
    )
    found = _extract(wanting, text, "en", "2022-01-15")
    assert _roles_of(found, "Statement") == [("agent", ns.KG + "ministry-of-internal-affairs-of-kazakhstan")]
    assert not [r for r in _roles_of(found, "Arrest") if r[1] == ns.KG + "shalabayev"]
    text = "Жогорку Кенеш на внеочередном заседании одобрил направление кыргызских военнослужащих в Казахстан."
    found = _extract(wanting, text, "ru", "2022-01-07")
    assert _roles_of(found, "Approval") == [("approver", ns.KG + "jogorku-kenesh")]
    assert ("location", ns.KG + "kazakhstan") not in _roles_of(found, "Meeting")
    text = "Tokayev made the appeal late on Wednesday, hours after protesters stormed the mayor's office in Almaty."
    found = _extract(wanting, text, "en", "2022-01-06")
    assert not [r for r in _roles_of(found, "RequestForAssistance") if r[1].endswith("city-administration")]
    text = (
        "Председатель кабмина Акылбек Жапаров заявил об этом в четверг. Министр обороны Кыргызстана Бактыбек "
        "Бекболотов провожал солдат на авиабазе. Он отметил, что срок пребывания составит не более месяца."
    )
    said = [c for c in _extract(wanting, text, "ru", "2022-01-07").claims if c.quote.startswith("Он отметил")]
    assert said[0].roles == [("agent", ns.KG + "baktybek-bekbolotov")]
    assert [m.key for m in said[0].new_entities] == ["baktybek-bekbolotov"]


def test_a_clause_set_against_the_one_before_keeps_its_own_names(extractor):
    """The third outsider's trial: "Belarusian and Tajik troops are expected to arrive home on Saturday, while
    Russian units will leave Kazakhstan by January 19" made the Belarusians and Tajiks leave with the Russians, and
    matched the Russian withdrawal to the allied airlift (0.91, accepted without a person)."""
    text = (
        "Belarusian and Tajik troops are expected to arrive home on Saturday, while Russian units will leave "
        "Kazakhstan by January 19."
    )
    found = _extract(extractor, text, "en", "2022-01-14")
    assert {t for r, t in _roles_of(found, "Withdrawal") if r == "theme"} == {ns.KG + "russian-contingent"}
    assert {t for r, t in _roles_of(found, "Return") if r == "agent"} == {
        ns.KG + "belarusian-contingent",
        ns.KG + "tajik-contingent",
    }


def test_a_new_event_without_the_agent_its_shapes_want_is_below_any_threshold(store):
    """The blind trial 34: 8 of its 14 wrong candidates at or above 0.81 were statements with no speaker at 0.89
    ("The alliance said …", "the ministry said": no one the register knows), which review could not accept as they
    stood and a reader cannot use. Such a new event's confidence is at most 0.5, and the reason says why."""
    from csto_kg.project import Project

    wanting = Extractor(store, requirements=Requirements(Project(ROOT)))
    found = _extract(wanting, "The servicemen will be given two weeks of leave, the ministry said.", "en")
    said = next(c for c in found.claims if c.event_type == "Statement")
    assert said.roles == [] and said.confidence <= 0.5
    assert "the shapes want kgo:agent, which the words do not give" in said.reason
    # any role the shapes want (trial 35: seven at 0.91 that `--accept-above` could not take, a seizure of nothing)
    seized = _extract(wanting, "Unidentified gunmen seized the airport on Wednesday.", "en", "2022-01-12")
    seizure = next(c for c in seized.claims if c.event_type == "Seizure")
    assert seizure.confidence <= 0.5 and "the shapes want kgo:theme" in seizure.reason
    found = _extract(wanting, "Tokayev said the servicemen will be given two weeks of leave.", "en")
    assert next(c for c in found.claims if c.event_type == "Statement").confidence > 0.5


def test_a_second_reading_of_the_thirteenth_round(store):
    """A second reading of this round's rules found each of these read wrong by them (they were read right before)."""
    from csto_kg.project import Project

    wanting = Extractor(store, requirements=Requirements(Project(ROOT)))

    def first(text, event_type, language="en"):
        return next(c for c in _extract(wanting, text, language, "2022-01-14").claims if c.event_type == event_type)

    # an aside's date of a noun of its own dates nothing else (the request was dated 2019 at 0.91)
    assert (
        first("Tokayev, in office since 20 March 2019, asked the CSTO for help.", "RequestForAssistance").date is None
    )
    assert first("Protesters, angry at the fuel price rise of January 2, stormed the akimat.", "Riot").date is None
    # a person new to the register, the object of the sentence before, is not "he"
    text = "On Monday Tokayev dismissed security chief Bakhyt Usenov. He said the CSTO troops would leave."
    assert first(text, "Statement").roles == [("agent", ns.KG + "tokayev")]
    # «а также», "as well as" join, they set nothing against
    found = first("Россия, а также Белоруссия направили военных в Казахстан.", "Deployment", "ru")
    assert ("sender", ns.KG + "russia") in found.roles
    found = first("Troops were sent to Almaty, as well as to Nur-Sultan.", "Deployment")
    assert ("destination", ns.KG + "astana") in found.roles
    # idioms that negate nothing; a noun's agent in the genitive; a dash that opens speech, not a list's entry
    assert first("Токаев не раз заявлял, что миротворцы покинут страну.", "Statement", "ru")
    assert first("Вчера последовало одобрение Совета Федерации.", "Approval", "ru").roles
    text = "Владимир Путин выступил на саммите ОДКБ в Москве.\n— Миссия выполнена, — заявил он."
    assert first(text, "Statement", "ru").roles == [("agent", ns.KG + "putin")]
    # a saying set in commas keeps the day fronted before it; "then" is no "former"; "started" in another clause
    assert first("On Thursday, the first Russian troops, the ministry said, arrived in Almaty.", "Arrival").date
    found = _extract(wanting, "Protesters stormed the akimat, and then President Tokayev asked the CSTO for help.")
    assert [c.fact for c in found.claims if c.fact and c.fact[1] == "holds"]
    found = first("On Sunday, protests started and Russian troops were deployed to Almaty.", "Deployment")
    assert not found.date.since
    # an adjective "overnight" names no night
    assert not find_dates("After an overnight flight, paratroopers landed.", datetime.date(2022, 1, 14), "en")


def test_what_was_not_said_is_no_statement(extractor):
    """ "We could not independently confirm this" (a live blog's own words) was a statement at 0.89: a negated verb
    of saying reports nothing said, as a negated deed reports nothing done."""
    assert not _events(_extract(extractor, "We could not independently confirm this.", "en", "2022-01-05"))
    assert "Statement" in _events(_extract(extractor, "Officials confirmed this on Tuesday.", "en", "2022-01-05"))


def test_an_outlet_that_tells_of_an_event_takes_no_part_in_it(extractor):
    """«По данным РИА Новости, вывод … завершён» made RIA Novosti the one who completed the withdrawal (an
    outsider's trial): an outlet is the origin of what is said, never a participant in what happened."""
    found = _extract(extractor, "По данным РИА Новости, вывод миротворцев ОДКБ из Казахстана завершён.", "ru")
    assert "Completion" in _events(found)
    assert "ria-novosti" not in {target.rsplit("/", 1)[-1] for _, target in _roles_of(found, "Completion")}


def test_words_said_and_decisions_take_no_location_from_the_places_they_speak_of(extractor):
    # a place in a statement's or an approval's sentence is what it is about, not where it was said
    found = _extract(extractor, "Tokayev said on Monday that order had been restored in Almaty.", "en", "2022-01-11")
    assert not [r for r in _roles_of(found, "Statement") if r[0] == "location"]
    found = _extract(extractor, "Протесты прошли в Алма-Ате 4 января.", "ru", "2022-01-05")
    assert ("location", ns.KG + "almaty") in _roles_of(found, "Protest")  # an event that happens somewhere keeps it


def test_a_region_or_country_named_as_a_places_address_is_not_a_second_location(extractor):
    text = "Protests broke out in Aktau, Mangistau region, on January 3."
    locations = {t for r, t in _roles_of(_extract(extractor, text, "en", "2022-01-04"), "Protest") if r == "location"}
    assert locations == {ns.KG + "aktau"}
    # named apart, each where something happened: both kept ("protests in Kazakhstan began in Zhanaozen")
    text = "Протесты в Казахстане начались 2 января на западе страны в городе Жанаозен."
    locations = {t for r, t in _roles_of(_extract(extractor, text, "ru", "2022-01-14"), "Protest") if r == "location"}
    assert {ns.KG + "kazakhstan", ns.KG + "zhanaozen"} <= locations


def test_who_is_appointed_dismissed_or_arrested_is_the_theme_and_who_does_it_the_agent(extractor):
    roles = _roles_of(_extract(extractor, "On January 5 Tokayev dismissed Masimov.", "en", "2022-01-06"), "Dismissal")
    assert ("theme", ns.KG + "masimov") in roles and ("agent", ns.KG + "masimov") not in roles
    roles = _roles_of(_extract(extractor, "Masimov was arrested on January 6.", "en", "2022-01-08"), "Arrest")
    assert ("theme", ns.KG + "masimov") in roles and ("agent", ns.KG + "masimov") not in roles
    roles = _roles_of(_extract(extractor, "Масимов задержан 6 января.", "ru", "2022-01-08"), "Arrest")
    assert ("theme", ns.KG + "masimov") in roles


def test_parts_of_a_name_the_helped_and_what_a_verb_acts_on_are_no_agents(extractor, store):
    # "Kyrgyz" and "peacekeepers" inside "Kyrgyz peacekeepers" fill no role of their own
    roles = _roles_of(_extract(extractor, "Kyrgyz peacekeepers arrived in Almaty.", "en", "2022-01-08"), "Arrival")
    assert ("agent", ns.KG + "kyrgyz-contingent") in roles
    assert not {ns.KG + "kyrgyzstan", ns.KG + "csto-peacekeeping-force"} & {target for _, target in roles}
    # the government helped is no agent of the deployment
    text = "Russia sent troops to Kazakhstan to help its government end the protests."
    roles = _roles_of(_extract(extractor, text, "en", "2022-01-08"), "Deployment")
    assert ns.KG + "government-of-kazakhstan" not in {target for _, target in roles}
    # the office stormed is what the verb acts on; "by" keeps a passive's agent
    text = "Protesters stormed the mayor's office of Almaty on January 5."
    roles = _roles_of(_extract(extractor, text, "en", "2022-01-08"), "Riot")
    assert ("agent", ns.KG + "almaty-city-administration") not in roles
    roles = _roles_of(
        _extract(extractor, "Masimov was arrested by the KNB on January 6.", "en", "2022-01-08"), "Arrest"
    )
    assert ("agent", ns.KG + "national-security-committee-of-kazakhstan") in roles
    # nor does a part of a name fill a role the shapes want and the sentence leaves open ("Russian" in "the Russian
    # contingent" was made the destination)
    from csto_kg.project import Project

    wanting = Extractor(store, requirements=Requirements(Project(ROOT)))
    text = "The first echelon of the Russian contingent landed at Chkalovsky airfield overnight."
    found = _extract(wanting, text, "en", "2022-01-15")
    assert ns.KG + "russia" not in {target for c in found.claims for _, target in c.roles}
    # a national contingent that moves is the one that moves, not the alliance's force it was part of
    text = "Armenian servicemen and the CSTO peacekeeping force left Almaty on Friday."
    roles = _roles_of(_extract(extractor, text, "en", "2022-01-08"), "Withdrawal")
    assert ("theme", ns.KG + "armenian-contingent") in roles
    assert ns.KG + "csto-peacekeeping-force" not in {target for _, target in roles}


def test_a_relative_pronoun_makes_the_name_before_it_its_clauses_actor(extractor):
    # «…утвержден Советом министров обороны ОДКБ, внеочередное заседание которого состоится 13 января»: the council
    # meets, though it stands in the clause before (a trigger otherwise takes no name from another clause)
    text = "Порядок будет утвержден Советом министров обороны ОДКБ, внеочередное заседание которого пройдет 13 января."
    roles = _roles_of(_extract(extractor, text, "ru", "2022-01-12"), "Meeting")
    assert ("participant", ns.KG + "csto-council-of-defence-ministers") in roles


def test_those_who_meet_are_participants(extractor):
    text = "Tokayev and Putin held a meeting on January 10."
    roles = _roles_of(_extract(extractor, text, "en", "2022-01-11"), "Meeting")
    assert ("participant", ns.KG + "tokayev") in roles and not [r for r in roles if r[0] == "agent"]


@pytest.mark.parametrize(
    "language, event_type, text",
    [
        ("ru", "StateOfEmergency", "Токаев ввел режим чрезвычайного положения в Алма-Ате 5 января."),
        ("en", "StateOfEmergency", "Tokayev declared a state of emergency in Almaty on January 5."),
        ("ru", "Seizure", "Протестующие захватили здание акимата 5 января."),
        ("ru", "Riot", "В Алма-Ате 5 января начались беспорядки."),
        ("ru", "Order", "Токаев 7 января приказал стрелять без предупреждения."),
        ("ru", "Investigation", "Генпрокуратура 10 января возбудила уголовные дела."),
        ("en", "Investigation", "Prosecutors opened criminal cases on January 10."),
        ("en", "Meeting", "CSTO leaders held a video conference on January 10."),
        ("en", "PhoneCall", "Putin and Tokayev spoke by phone on January 10."),
        ("en", "Statement", "His spokesman, Aidos Ukibay, wrote on January 8 that Nazarbayev was in the capital."),
        ("ru", "Statement", "Пресс-секретарь Айдос Укибай 8 января написал, что Назарбаев находится в столице."),
        ("ru", "PhoneCall", "Путин и Токаев 10 января провели телефонный разговор."),
        ("en", "Commemoration", "January 10 was declared a day of mourning."),
        ("en", "Deployment", "Russia dispatched paratroopers to Kazakhstan on January 6."),
        ("en", "WelcomeCeremony", "A welcome ceremony for the peacekeepers took place in Minsk on January 15."),
        ("ru", "WelcomeCeremony", "На аэродроме 15 января прошла встреча миротворцев."),
        ("ru", "Deployment", "Россия ввела войска в Казахстан 6 января."),
        # 60 more written for the purpose gave 44: fire set, stepping down, rounding up, flying out, declaring
        # that, a farewell, peaceful rallies, turning violent, talks in Russian, words apart, an office handed over
        ("en", "Riot", "Protesters set fire to the mayor's office on January 5."),
        ("ru", "Riot", "Протестующие подожгли здание акимата 5 января."),
        ("en", "Resignation", "The government stepped down on January 5."),
        ("en", "Arrest", "Police rounded up nearly 8,000 people on January 10."),
        ("en", "Withdrawal", "The first troops flew out of Kazakhstan on January 13."),
        ("en", "Statement", "Tokayev declared that the mission was over on January 11."),
        ("en", "SendOffCeremony", "A farewell ceremony was held for the peacekeepers on January 13."),
        ("en", "PeacefulProtest", "Peaceful demonstrations began in Zhanaozen on January 2."),
        ("en", "Escalation", "The protests turned violent on January 4."),
        ("ru", "Meeting", "Токаев провел переговоры с Путиным 10 января."),
        ("ru", "Dismissal", "Токаев отправил правительство в отставку 5 января."),
        ("ru", "PriceIncrease", "Цены на газ выросли вдвое 1 января."),
        ("en", "PriceIncrease", "Gas prices doubled on January 1."),
        ("en", "Transfer", "Nazarbayev handed over the Security Council chairmanship to Tokayev on January 5."),
        # 90 more (sixth round) gave 55, now 74: flying home, leaving, two-part hand-overs, ceremonies named by a noun
        # before their own, prices with more words between, storming, resigning, asking, meeting, voting, tear gas
        ("en", "Return", "Belarusian peacekeepers flew home on January 15."),
        ("en", "Return", "Armenian peacekeepers arrived back in Yerevan on Saturday."),
        ("ru", "Withdrawal", "Миротворцы ОДКБ начали покидать Казахстан 13 января."),
        ("en", "Handover", "The peacekeepers handed the sites over to Kazakh security forces on January 13."),
        ("ru", "SendOffCeremony", "13 января в Алматы прошла церемония проводов миротворцев."),
        ("ru", "PriceIncrease", "Цены на сжиженный газ резко выросли 1 января."),
        ("ru", "Riot", "5 января протестующие штурмовали акимат Алматы."),
        ("ru", "Resignation", "Правительство Казахстана 5 января подало в отставку."),
        ("ru", "Resignation", "Назарбаев 5 января покинул пост председателя Совбеза."),
        ("ru", "RequestForAssistance", "Токаев 5 января запросил помощь у ОДКБ."),
        ("ru", "Meeting", "В понедельник Токаев встретился с генсеком ОДКБ."),
        ("ru", "Approval", "Парламент Киргизии 7 января проголосовал за отправку военных."),
        ("en", "Appointment", "Tokayev on Tuesday named a new prime minister."),
        ("en", "Dismissal", "Tokayev relieved Massimov of his post on January 5."),
        ("ru", "Dismissal", "Токаев освободил Масимова от должности 5 января."),
        ("en", "Dispersal", "Police used tear gas against protesters on January 4."),
        ("en", "Transfer", "Tokayev took over as head of the Security Council on January 5."),
        # 245 events in 159 sentences a helper wrote for the purpose without reading the articles: 154 -> 187
        ("en", "Deployment", "Advance units of Russia's airborne troops have been airlifted to Kazakhstan."),
        ("en", "Arrival", "A first group of Belarusian special forces touched down at an airfield outside Almaty."),
        ("en", "ArmedClash", "Security forces exchanged fire with armed groups near the main square."),
        ("en", "Withdrawal", "The pullout of the collective force began on Thursday."),
        ("en", "Withdrawal", "CSTO begins drawdown from Kazakhstan"),
        ("en", "Return", "Kyrgyzstan's contingent flew back to Bishkek on Saturday."),
        ("en", "Return", "Russian troops wrap up Kazakhstan mission, fly home"),
        ("en", "Completion", "Russian troops wrap up Kazakhstan mission"),
        ("en", "Completion", "The CSTO's peacekeeping operation in Kazakhstan officially ended on Wednesday."),
        ("en", "WelcomeCeremony", "Tajik servicemen were greeted with flowers at Dushanbe airport on Sunday."),
        ("en", "Transfer", "Tokayev on Wednesday also took over from Nazarbayev as chairman of the Security Council."),
        ("en", "Investigation", "Kazakh authorities have opened more than 500 criminal cases over the riots."),
        ("en", "Riot", "Rioters set both buildings ablaze on Wednesday."),
        ("en", "Award", "Russian servicemen who served in Kazakhstan will receive state awards."),
        ("ru", "Withdrawal", "Миротворцы ОДКБ убыли из Казахстана."),
        ("ru", "Withdrawal", "Отвод миротворцев ОДКБ начался 13 января."),
        ("ru", "ArmedClash", "Ночью в центре Алматы произошли перестрелки между силовиками и вооруженными группами."),
        ("ru", "Deployment", "Армения направляет в Казахстан 100 военнослужащих."),
        ("ru", "Deployment", "В Казахстан перебрасываются подразделения 45-й бригады спецназа ВДВ."),
        ("ru", "WelcomeCeremony", "В субботу на аэродроме в Витебске прошла церемония их встречи."),
        ("ru", "Award", "Садыр Жапаров вручил государственные награды военнослужащим."),
        ("ru", "Handover", "Миротворцы приступили к передаче охраняемых объектов казахстанским силовикам."),
        ("ru", "Withdrawal", "Миротворцы ОДКБ завершили выполнение задач и приступили к выводу."),
    ],
)
def test_common_phrasings_of_the_ontologys_events_are_proposed(extractor, language, event_type, text):
    found = {c.event_type for c in _extract(extractor, text, language, "2022-01-16").claims if not c.fact}
    assert event_type in found


@pytest.mark.parametrize(
    "language, text",
    [
        ("en", "Protests erupted across the country after the government lifted price caps on liquefied gas."),
        ("en", "Rallies against a sharp rise in liquefied gas prices spread to Almaty."),
        ("en", "Massive protests broke out due to the increase in the price of liquefied gas."),
        ("ru", "Люди вышли на улицы из-за повышения цен на сжиженный газ."),
        ("ru", "Жители Жанаозена протестовали против роста цен на сжиженный газ."),
    ],
)
def test_protests_over_a_rise_in_gas_prices_have_the_graphs_price_rise_as_their_cause(extractor, language, text):
    claims = [c for c in _extract(extractor, text, language, "2022-01-16").claims if not c.fact]
    protest = next(c for c in claims if c.event_type in ("Protest", "PeacefulProtest"))
    assert ("hasCause", ns.KG + "lpg-price-increase") in protest.roles
    assert "hasCause kg:lpg-price-increase" in protest.reason
    rise = next(c for c in claims if c.event_type == "PriceIncrease")  # what became dearer is its theme
    assert rise.matched and rise.event == ns.KG + "lpg-price-increase"
    assert ("theme", ns.KG + "liquefied-gas") in rise.roles


@pytest.mark.parametrize(
    "text, published, matched",
    [
        ("Putin said the troops would stay for a limited period.", "2022-01-11", "putin-summit-statement"),
        ("Putin said the troops would stay for a limited period.", "2022-01-14", "putin-csto-statement"),
        ("Putin said the troops would stay for a limited period.", "2022-01-12", None),  # none that day or before
        ("Peskov said the troops would stay for a limited period.", "2022-01-13", None),  # two that day: which?
        ("The troops would stay for a limited period, it was said.", "2022-01-11", None),  # no one speaks
    ],
)
def test_an_undated_statement_is_its_speakers_one_statement_of_the_day_before_publication_or_that_day(
    extractor, text, published, matched
):
    statement = next(c for c in _extract(extractor, text, "en", published).claims if c.event_type == "Statement")
    assert statement.date is None
    assert (statement.event if statement.matched else None) == (matched and ns.KG + matched)
    if matched:
        assert "its speaker's one in the graph" in statement.reason


@pytest.mark.parametrize(
    "language, text, origin, destination",
    [
        ("ru", "В субботу из Казахстана в Россию вернулась часть миротворческого контингента.", "kazakhstan", "russia"),
        ("en", "Armenian servicemen have returned from Kazakhstan to Armenia.", "kazakhstan", "armenia"),
        ("ru", "Миротворцы вернулись в Армению.", None, "armenia"),
    ],
)
def test_where_a_force_comes_back_from_is_the_returns_origin_not_its_destination(
    extractor, language, text, origin, destination
):
    back = next(c for c in _extract(extractor, text, language, "2022-01-16").claims if c.event_type == "Return")
    places = {role: {t.removeprefix(ns.KG) for r, t in back.roles if r == role} for role in ("origin", "destination")}
    assert places == {"origin": {origin} - {None}, "destination": {destination}}


def test_a_request_is_a_statement_but_tokayev_saying_something_is_not_his_request(extractor):
    said = _extract(extractor, "Tokayev said the situation was under control.", "en", "2022-01-06").claims
    statement = next(c for c in said if c.event_type == "Statement")
    assert ("agent", ns.KG + "tokayev") in statement.roles
    assert statement.event != ns.KG + "tokayev-request"


@pytest.mark.parametrize(
    "language, text, speaker, not_speaker",
    [
        ("en", "But President Tokayev’s government has said further cuts are impossible.", None, "tokayev"),
        ("ru", "Представитель Кремля подтвердил приглашение президенту Казахстана Касым-Жомарту Токаеву.", None,
         "tokayev"),
        ("ru", "Путину сообщил Шойгу, что вывод завершён.", "shoigu", "putin"),
        ("ru", "Токаев заявил, что миссия завершена.", "tokayev", None),  # «Токаев»: the dictionary reads «токай»
        # trial 39: a genitive surname reads as a woman's nominative; its given name says its case
        ("ru", "Токаев упрекнул окружение первого президента Нурсултана Назарбаева: благодаря ему, сказал он, "
               "появилась группа прибыльных компаний.", "tokayev", "nazarbayev"),
    ],
)  # fmt: skip
def test_who_speaks_is_in_the_nominative_and_is_no_owner_of_another_name(
    extractor, language, text, speaker, not_speaker
):
    statement = next(c for c in _extract(extractor, text, language, "2022-01-13").claims if c.event_type == "Statement")
    agents = {target.removeprefix(ns.KG) for role, target in statement.roles if role == "agent"}
    assert not_speaker not in agents
    if speaker:
        assert speaker in agents


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Самолёты с десантниками вылетели с аэродрома в Иванове.", "ivanovo"),  # not the surname Иванов
        ("Представитель Министерства обороны сообщил, что вылеты продолжаются.", "ministerstvo-oborony"),
        ("Глава ведомства Бакыта Торобаева сменил Нурлан Бектуров.", "bakyt-torobayev"),  # «ае» as "aye"
    ],
)  # fmt: skip
def test_a_new_russian_name_is_proposed_under_its_nominative(extractor, text, key):
    """Trial 34: kg:ivanove, kg:ministerstva-oborony (the IRIs of the forms the text declined)."""
    found = _extract(extractor, text, "ru", "2022-01-10")
    keys = {m.key for m in found.mentions if m.how == "new"}
    assert key in keys
    assert not {k for k in keys if k != key and k[:5] == key[:5]}


# A second reading's counter-examples to the day's rules (each was wrong before its fix)
@pytest.mark.parametrize(
    "language, text, published",
    [
        ("en", "The health ministry said 164 people had been killed in the unrest.", "2022-01-10"),  # a retraction
        ("en", "Putin is expected to say the troops will stay for a limited period.", "2022-01-11"),  # not said yet
        ("en", "Putin said in December that NATO must not expand.", "2022-01-11"),  # said on another day
        ("en", "Putin said last week the troops would stay for a limited period.", "2022-01-11"),
        ("ru", "Путин неоднократно заявлял, что войска пробудут недолго.", "2022-01-11"),
        ("ru", "Путин в декабре заявил, что НАТО не должно расширяться.", "2022-01-11"),
    ],
)
def test_an_undated_statement_is_no_statement_of_another_kind_nor_of_another_day(extractor, language, text, published):
    claims = _extract(extractor, text, language, published).claims
    assert not any(c.matched for c in claims if c.event_type == "Statement")


@pytest.mark.parametrize(
    "language, text, speaker",
    [
        ("en", "Dmitry Peskov, Putin's spokesman, said the mission was over.", "peskov"),
        ("ru", "Об этом сообщил пресс-секретарь Путина Дмитрий Песков.", "peskov"),
        ("ru", "Об этом заявил президент Касым-Жомарт Токаев.", "tokayev"),  # a title before a name in the nominative
    ],
)
def test_the_person_whose_spokesman_speaks_is_not_the_speaker(extractor, language, text, speaker):
    statement = next(c for c in _extract(extractor, text, language, "2022-01-13").claims if c.event_type == "Statement")
    assert [t.removeprefix(ns.KG) for r, t in statement.roles if r == "agent"] == [speaker]


@pytest.mark.parametrize(
    "language, text, event_type, role, place",
    [
        ("en", "Troops were sent from Belarus to Kazakhstan on January 7.", "Deployment", "sender", "belarus"),
        ("ru", "Из Белоруссии в Казахстан 7 января были направлены военные.", "Deployment", "sender", "belarus"),
        ("en", "Paratroopers from Ivanovo returned home on Saturday.", "Return", "origin", None),  # where they are from
        ("ru", "Военные из Бишкека вернулись домой.", "Return", "origin", None),
        ("en", "Apart from Almaty, troops were also deployed to Nur-Sultan.", "Deployment", "destination", "astana"),
    ],
)
def test_from_names_a_sender_or_where_a_force_is_from_not_only_where_it_left(
    extractor, language, text, event_type, role, place
):
    claim = next(c for c in _extract(extractor, text, language, "2022-01-16").claims if c.event_type == event_type)
    assert [t.removeprefix(ns.KG) for r, t in claim.roles if r == role] == ([place] if place else [])


def test_a_return_from_a_country_is_not_given_a_destination_inside_it_from_the_sentence_before(store):
    snapshot = ox.Store()
    snapshot.load(path=str(ROOT / "graph" / "wikidata" / "snapshot.ttl"), format=ox.RdfFormat.TURTLE)
    extractor = Extractor(store, snapshot, Requirements(Project(ROOT)))
    text = "Russian troops guarded facilities in Almaty for a week. The troops returned from Kazakhstan on Saturday."
    back = next(c for c in _extract(extractor, text, "en", "2022-01-16").claims if c.event_type == "Return")
    assert ("origin", ns.KG + "kazakhstan") in back.roles
    assert ("destination", ns.KG + "almaty") not in back.roles


@pytest.mark.parametrize(
    "text",
    [
        "The death toll rose to 225 as food prices stabilised.",
        "Tokayev promised to increase pensions and freeze prices for six months.",
        "Security was increased at the price comparison site's office.",
    ],
)
def test_a_rise_and_a_price_in_one_sentence_are_no_price_rise(extractor, text):
    assert "PriceIncrease" not in {c.event_type for c in _extract(extractor, text, "en", "2022-01-16").claims}


@pytest.mark.parametrize(
    "language, text",
    [
        ("en", "Over the weekend, fuel prices rose sharply in Mangystau."),
        ("en", "Related to this, fuel prices rose on January 3."),
        ("ru", "На фоне протестов цены на бензин выросли в Актау."),
    ],
)
def test_a_price_rise_that_is_news_is_proposed_whatever_opens_its_sentence(extractor, language, text):
    assert "PriceIncrease" in {c.event_type for c in _extract(extractor, text, language, "2022-01-16").claims}


def test_a_protest_against_something_else_has_no_price_rise_for_cause_and_what_it_is_against_is_no_agent(extractor):
    text = "Rallies against the CSTO deployment were held in Almaty, where liquefied gas prices doubled on January 1."
    protest = next(c for c in _extract(extractor, text, "en", "2022-01-16").claims if c.event_type == "Protest")
    assert not any(r in ("hasCause", "agent") for r, _ in protest.roles)


@pytest.mark.parametrize(
    "language, text, published, event",
    [
        ("en", "The withdrawal of the CSTO troops will begin on January 13.", "2022-01-11", "csto-withdrawal"),
        ("en", "The withdrawal of the CSTO troops began on January 13.", "2022-01-14", "csto-force-withdrawal"),
        ("ru", "Он добавил, что 13 января миротворцы ОДКБ будут выведены из Казахстана.", "2022-01-11",
         "csto-withdrawal"),
    ],
)  # fmt: skip
def test_what_is_to_come_is_the_graphs_plan_and_what_was_done_the_event_that_realised_it(
    extractor, language, text, published, event
):
    # the graph has both, of one type, day and force: kg:csto-withdrawal (planned) realised by kg:csto-force-withdrawal
    withdrawal = next(c for c in _extract(extractor, text, language, published).claims if c.event_type == "Withdrawal")
    assert (withdrawal.matched, withdrawal.event) == (True, ns.KG + event)


# A third reading's counter-examples (each was wrong before its fix)
@pytest.mark.parametrize(
    "language, text, published, event_type, event",
    [
        # a day after publication is still to come, whatever verb is nearer
        ("en", "Tokayev said the withdrawal of the CSTO peacekeepers will begin on January 13.", "2022-01-11",
         "Withdrawal", "csto-withdrawal"),
        ("ru", "Миротворцы ОДКБ будут полностью выведены из Казахстана 13 января.", "2022-01-11", "Withdrawal",
         "csto-withdrawal"),
        # "last night" is the day before publication; "the January events" date nothing
        ("en", "Putin said last night that the troops would stay.", "2022-01-11", "Statement",
         "putin-summit-statement"),
        ("en", "Putin said the January events were an attempted coup.", "2022-01-11", "Statement",
         "putin-summit-statement"),
        ("ru", "Как сообщил министр обороны Шойгу, вывод завершен.", "2022-01-14", "Statement", "shoigu-report"),
    ],
)  # fmt: skip
def test_the_graphs_event_a_sentence_reports_again(extractor, language, text, published, event_type, event):
    claim = next(c for c in _extract(extractor, text, language, published).claims if c.event_type == event_type)
    assert (claim.matched, claim.event) == (True, ns.KG + event)


@pytest.mark.parametrize(
    "language, text, cause",
    [
        ("ru", "Протесты в Жанаозене начались после повышения цен на сжиженный газ.", True),
        ("en", "After the protests, liquefied gas prices in Kazakhstan doubled again.", False),  # then, not why
        ("en", "Over the weekend, liquefied gas prices doubled and protests broke out.", False),
    ],
)
def test_a_cause_is_what_an_event_was_after_or_due_to_not_a_time_phrase(extractor, language, text, cause):
    protest = next(c for c in _extract(extractor, text, language, "2022-01-16").claims if c.event_type == "Protest")
    assert (("hasCause", ns.KG + "lpg-price-increase") in protest.roles) is cause


def test_a_title_before_a_name_is_no_owner_of_it(extractor):
    for text, speaker in (
        ("Об этом заявил президент Лукашенко.", "lukashenko"),
        ("Об этом заявил генсек ОДКБ Станислав Зась.", "zas"),
    ):
        statement = next(c for c in _extract(extractor, text, "ru", "2022-01-13").claims if c.event_type == "Statement")
        assert [t.removeprefix(ns.KG) for r, t in statement.roles if r == "agent"] == [speaker]
    out = _extract(
        extractor, "Belarusian peacekeepers pulled out of the Almaty airport on January 14.", "en", "2022-01-16"
    )
    withdrawal = next(c for c in out.claims if c.event_type == "Withdrawal")
    assert ("origin", ns.KG + "almaty-airport") in withdrawal.roles


def test_a_cause_named_is_no_new_event_and_no_cause_is_linked_that_the_graph_lacks(extractor):
    # bread is in no price rise the graph has: the rallies get no cause, and the rise is no candidate of its own
    claims = _extract(extractor, "Rallies against a rise in bread prices spread to Almaty.", "en", "2022-01-16").claims
    assert [c.event_type for c in claims if not c.fact] == ["Protest"]
    assert not any(role == "hasCause" for role, _ in claims[0].roles)
    # a rise reported as news of its own is proposed, with no cause linked to anything
    claims = _extract(extractor, "Bread prices rose sharply on January 3.", "en", "2022-01-16").claims
    assert [(c.event_type, c.matched) for c in claims if not c.fact] == [("PriceIncrease", False)]


@pytest.mark.parametrize(
    "language, event_type, text",
    [
        ("en", "Guarding", "Units of the 45th Guards Special Purpose Brigade are among the forces being deployed."),
        ("ru", "Riot", "Генпрокуратура возбудила дела по статьям «Акт терроризма» и «Массовые беспорядки»."),
        ("en", "Completion", "Tokayev has asked the CSTO to end its peacekeeping mission."),
        ("en", "Statement", "Some two thousand troops from five ex-Soviet states are being deployed."),
        ("en", "Riot", "Opened cases into the riots were reported."),
        # a second reading's counter-examples: words that name no event here
        ("ru", "Deployment", "Минобороны России разместило видео на своём сайте 7 января."),
        ("ru", "Appointment", "Суд рассмотрит вопрос о назначении наказания 10 января."),
        ("ru", "Deployment", "МИД направляет ноту протеста посольству."),
        ("ru", "Deployment", "Россия начала отправку гуманитарной помощи в Казахстан 8 января."),
        ("ru", "Handover", "Передача «Вести недели» вышла в эфир 9 января."),
        ("ru", "Withdrawal", "Задержанный ранее отбыл наказание за мошенничество."),
        ("en", "WelcomeCeremony", "Putin greeted Tokayev at the start of the talks on January 10."),
        ("en", "Deployment", "Trucks waited for the ferry at the port of Aktau on January 8."),
        ("en", "Completion", "Police will continue the operation until the end of the month."),
        ("en", "Appointment", "Officials declined to name the minister responsible."),
        ("en", "Dismissal", "The subsidies were meant to relieve the burden of rising prices."),
        ("en", "Transfer", "Kazakh troops took over from the CSTO force at the airport on January 12."),
        ("ru", "Protest", "Токаев назвал протесты попыткой переворота, бывший глава КНБ Масимов задержан 8 января."),
        ("ru", "Investigation", "Правозащитники призвали начать расследование гибели людей."),
        ("en", "Investigation", "Activists called for an open investigation into the killings."),
        ("en", "Return", "Putin and Tokayev discussed the peacekeepers' return home."),
    ],
)
def test_names_titles_purposes_and_counted_nouns_report_no_event(extractor, language, event_type, text):
    # a word of a unit's name, a crime's name quoted, an end asked for, "states" counted, riots only named
    found = {c.event_type for c in _extract(extractor, text, language, "2022-01-16").claims if not c.fact}
    assert event_type not in found


@pytest.mark.parametrize(
    "language, event_type, text",
    [
        ("ru", "Seizure", "Агентство сообщило: «Аэропорт захвачен»."),  # short quoted words said, not a title
        ("ru", "Return", "Жапаров заявил: «Наши военные вернулись»."),
        ("en", "Meeting", "Putin took part in the Extraordinary Session of the CSTO Collective Security Council."),
        ("en", "Request", "Nikol Pashinian asks the CSTO to send troops."),  # a verb before its object
        ("en", "Statement", "The decree of January 5 states that a curfew is in force."),
        ("ru", "Deployment", "Контингент ОДКБ численностью около 2 тыс. человек будет размещен в Алматы."),
    ],
)
def test_quotes_capitals_and_counted_looking_words_still_report_their_event(extractor, language, event_type, text):
    found = {c.event_type for c in _extract(extractor, text, language, "2022-01-14").claims if not c.fact}
    assert event_type in found


def test_introducing_a_regime_is_no_deployment_and_meeting_a_force_is_its_welcome(extractor):
    text = "Президент Касым-Жомарт Токаев ввел в республике чрезвычайное положение 5 января."
    found = {c.event_type for c in _extract(extractor, text, "ru", "2022-01-06").claims if not c.fact}
    assert "Deployment" not in found and "StateOfEmergency" in found
    text = "На аэродроме 15 января прошла встреча миротворцев."
    found = {c.event_type for c in _extract(extractor, text, "ru", "2022-01-16").claims if not c.fact}
    assert "Meeting" not in found


@pytest.mark.parametrize(
    "language, event_type, text, day",
    [
        # "as" before a role is no clause's end: the date after the office is the resignation's
        (
            "en",
            "Resignation",
            "Nazarbayev stepped down as chairman of the Security Council on January 5.",
            "2022-01-05",
        ),
        # a date set off by a comma, its words running past the clause («13 января.»)
        ("ru", "Withdrawal", "Вывод контингента ОДКБ начался в четверг, 13 января.", "2022-01-13"),
        # a Russian participle after the noun is the noun's own clause, as "which began" is
        # "as" that opens a clause ends the one before: the request's date is not the deployment's
        (
            "en",
            "Deployment",
            "Russian troops were deployed on January 6 as the president had requested on January 5.",
            "2022-01-06",
        ),
        (
            "ru",
            "Protest",
            "Протесты, начавшиеся 2 января в Жанаозене, быстро распространились на Алматы.",
            "2022-01-02",
        ),
    ],
)
def test_an_events_date_across_a_role_a_comma_or_a_participle(extractor, language, event_type, text, day):
    claims = [c for c in _extract(extractor, text, language, "2022-01-20").claims if c.event_type == event_type]
    assert claims and claims[0].date is not None and claims[0].date.first.isoformat() == day


def test_an_and_that_joins_only_nouns_keeps_the_date_after_it(extractor):
    def day_of(text, language):
        (claim,) = [c for c in _extract(extractor, text, language, "2022-01-20").claims if c.event_type == "Dispersal"]
        return claim.date.first.isoformat() if claim.date else None

    assert day_of("Police used tear gas and stun grenades against protesters on January 4.", "en") == "2022-01-04"
    assert day_of("Полиция применила слезоточивый газ и светошумовые гранаты 4 января.", "ru") == "2022-01-04"
    # a verb of its own after "and" makes a second clause: its date is not the first one's
    assert day_of("Police used tear gas and then detained protesters on January 4.", "en") is None
    assert day_of("Полиция применила слезоточивый газ и задержала протестующих 4 января.", "ru") is None


def test_a_day_after_dates_the_clause_it_opens(extractor):
    text = "The minister was detained on Thursday, a day after the president, Kassym-Jomart Tokayev, dismissed Masimov."
    claims = _extract(extractor, text, "en", "2022-01-08").claims
    dismissal = [c for c in claims if c.event_type == "Dismissal"]
    assert dismissal and dismissal[0].date.first.isoformat() == "2022-01-05"
    assert ("theme", ns.KG + "masimov") in dismissal[0].roles


def test_help_asked_for_anywhere_in_the_sentence_is_a_request_for_assistance(extractor):
    text = "On January 5 Tokayev asked that the CSTO, a military alliance of six states, intervene."
    assert "RequestForAssistance" in {c.event_type for c in _extract(extractor, text, "en", "2022-01-06").claims}
    text = "За помощью к ОДКБ 5 января обратился Токаев."
    assert "RequestForAssistance" in {c.event_type for c in _extract(extractor, text, "ru", "2022-01-06").claims}
    # help given in a clause of its own was not asked for; an address to the people asks nothing
    text = "On January 11 Tokayev asked the CSTO to end its mission, after it sent military assistance."
    found = {c.event_type for c in _extract(extractor, text, "en", "2022-01-12").claims}
    assert "Request" in found and "RequestForAssistance" not in found
    text = "Токаев 10 января обратился к журналистам со словами благодарности."
    assert "RequestForAssistance" not in {c.event_type for c in _extract(extractor, text, "ru", "2022-01-11").claims}


def test_a_call_by_phone_is_a_phone_call_in_no_place_and_no_request(extractor):
    text = "In a phone call with President Vladimir V. Putin of Russia on Saturday, Tokayev thanked the alliance."
    claims = [c for c in _extract(extractor, text, "en", "2022-01-10").claims if not c.fact]
    assert [c.event_type for c in claims] == ["PhoneCall"]  # (a kind of kgo:Meeting: the graph's type for calls)
    assert claims[0].date.first.isoformat() == "2022-01-08"
    roles = set(claims[0].roles)
    assert ("participant", ns.KG + "putin") in roles and not [r for r in roles if r[0] == "location"]
    assert ns.KG + "zainetdinov" not in {m.entity for m in _extract(extractor, text, "en", "2022-01-10").mentions}


def test_what_was_done_on_a_day_is_no_plan_the_graph_holds_without_one(extractor):
    """Trial 34: "On Sunday, Tokayev held a call with Pashinyan" (a Meeting then) matched kg:csto-summit-plan, at 0.91:
    a plan with no day of its own shared its type and two participants."""
    found = _extract(extractor, "On Sunday, Tokayev met Pashinyan in Nur-Sultan.", "en", "2022-01-10")
    meeting = next(c for c in found.claims if c.event_type == "Meeting")
    assert meeting.event != ns.KG + "csto-summit-plan" and not meeting.matched


def test_what_was_done_never_matches_an_event_every_source_gives_as_planned(extractor):
    """Trial 35: the withdrawal "which began on 13 January, has been completed" matched kg:csto-withdrawal, which
    every claim gives as planned; accepted, it added 14 "planned or happened" disagreements to the build."""
    text = (
        "With this flight, the withdrawal of the peacekeeping contingents of the CSTO member states from the Republic "
        "of Kazakhstan, which began on 13 January, has been completed."
    )
    withdrawal = next(c for c in _extract(extractor, text, "en", "2022-01-19").claims if c.event_type == "Withdrawal")
    assert withdrawal.event == ns.KG + "csto-force-withdrawal"  # the one the graph has as done
    # (a third reading had the completion done match the completion planned, "to be completed on 19 January
    # (planned)": the same day, the same force; the graph keeps what is planned apart from what was done)
    text = "The CSTO peacekeepers completed their withdrawal from Kazakhstan on January 19."
    completion = next(c for c in _extract(extractor, text, "en", "2022-01-20").claims if c.event_type == "Completion")
    assert not completion.matched  # nor kg:csto-main-mission-completion, undated, by Kazakhstan alone
    plan = _extract(extractor, "The withdrawal will begin on January 13.", "en", "2022-01-11")
    assert next(c for c in plan.claims if c.event_type == "Withdrawal").event == ns.KG + "csto-withdrawal"


def test_a_dateline_and_the_publisher_take_no_part_in_what_the_report_tells(extractor):
    """Trial 35: "ALMATY, Jan 6 (Caspian News Agency) - The first Russian paratroopers arrived" made the publisher an
    agent of the arrival and Almaty, where the report was filed, its destination."""
    text = "ALMATY, Jan 6 (Caspian News Agency) - The first Russian paratroopers arrived in Kazakhstan on Thursday."
    found = _extract(extractor, text, "en", "2022-01-06", publisher="Caspian News Agency")
    assert _roles_of(found, "Arrival") == [
        ("agent", ns.KG + "russian-contingent"),
        ("destination", ns.KG + "kazakhstan"),
    ]
    text = "АЛМАТЫ, 14 января. /ТАСС/. Российские миротворцы вернулись из Алматы в Москву."
    roles = _roles_of(_extract(extractor, text, "ru", "2022-01-14", publisher="ТАСС"), "Return")
    assert ("origin", ns.KG + "almaty") in roles  # the Almaty of the report itself stays


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Pashinyan announced the decision shortly after midnight, saying the force would be sent for a limited "
         "period.", "en"),
        ("Пашинян объявил о решении ночью, заявив, что силы будут направлены на ограниченный срок.", "ru"),
    ],
)  # fmt: skip
def test_a_saying_that_goes_on_from_another_is_that_one_and_is_no_plan(extractor, text, language):
    """Trial 35: ", saying the force would be sent" was a second statement, planned (0.81, accepted)."""
    found = _extract(extractor, text, language, "2022-01-06")
    sayings = [c for c in found.claims if c.event_type in ("Statement", "Announcement", "Report")]
    assert len(sayings) == 1 and not sayings[0].planned
    ahead = _extract(extractor, "Putin will say on Monday that the troops will leave.", "en", "2022-01-08")
    assert next(c for c in ahead.claims if c.event_type == "Statement").planned


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Tokayev told Putin that the mission was over.", "tokayev"),  # the nearer name after the verb is spoken to
        ("The same session confirmed Alikhan Smailov as prime minister.", None),  # trial 36: Smailov said it, 0.81
        ('"We will stay," said Tokayev.', "tokayev"),  # after what is said, the speaker follows the verb
        ("The troops will leave, said Tokayev.", "tokayev"),
    ],
)
def test_an_english_speaker_follows_the_verb_only_after_what_is_said(extractor, text, speaker):
    found = _extract(extractor, text, "en", "2022-01-12")
    said = next(c for c in found.claims if c.event_type == "Statement")
    assert [t.removeprefix(ns.KG) for r, t in said.roles if r == "agent"] == ([speaker] if speaker else [])


def test_trial_36s_dates_names_and_matches(extractor):
    """Trial 36 (blind, on 7e5251b): «в минувшую среду» of a Thursday is the day before, not a week and a day;
    a transcript's speaker labels and a byline's "By" are no names; "by telephone" is a call; whom an arrest or a
    dismissal befell tells it from the graph's of that type; a name in an apposition ("Masimov, a close ally of
    Nursultan Nazarbayev, was detained") takes no part."""
    wednesday = find_dates("В минувшую среду самолёты вылетели.", datetime.date(2022, 1, 20), "ru")
    assert [(d.first.isoformat()) for d in wednesday] == ["2022-01-19"]
    last_week = find_dates("В прошлую среду самолёты вылетели.", datetime.date(2022, 1, 20), "ru")
    assert [(d.first.isoformat()) for d in last_week] == ["2022-01-12"]  # the week before's, as "last Wednesday"
    text = "ANCHOR: Good evening. CORRESPONDENT: Troops left. By Dana Abenova"
    names = {m.text for m in _extract(extractor, text, "en", "2022-01-14").mentions if m.how == "new"}
    assert not names & {"ANCHOR", "CORRESPONDENT", "By Dana Abenova"}
    call = _extract(extractor, "Tokayev spoke by telephone with Vladimir Putin on Friday.", "en", "2022-01-09")
    assert "PhoneCall" in [c.event_type for c in call.claims]
    text = "The committee said that Karim Masimov, a close ally of Nursultan Nazarbayev, was detained on Thursday."
    arrest = next(c for c in _extract(extractor, text, "en", "2022-01-08").claims if c.event_type == "Arrest")
    assert ns.KG + "nazarbayev" not in {t for _, t in arrest.roles}
    text = "Karim Masimov was dismissed from the post of KNB chairman on January 5."
    dismissal = next(c for c in _extract(extractor, text, "en", "2022-01-08").claims if c.event_type == "Dismissal")
    assert dismissal.event != ns.KG + "nazarbayev-security-council-dismissal"


def test_a_live_blogs_entry_is_dated_by_the_blogs_day(extractor):
    """Trial 36: «10:30 Президент … принял отставку правительства» in a live blog of 5 January was undated."""
    text = (
        "Протесты в Казахстане: главное за 5 января. Онлайн\n\n"
        "09:05 Ночью в Алма-Ате продолжались столкновения.\n\n"
        "10:30 Президент Касым-Жомарт Токаев принял отставку правительства во главе с Аскаром Маминым.\n"
    )
    found = _extract(extractor, text, "ru", "2022-01-05")
    resignation = next(c for c in found.claims if c.event_type == "Resignation")
    assert resignation.date is not None and resignation.date.first.isoformat() == "2022-01-05"
    assert resignation.because and "live blog" in resignation.because[-1]


def test_a_new_event_told_twice_in_an_article_is_one_and_a_writers_promise_none(extractor):
    """Trial 36: three guardings of one airport, two welcomes of one contingent, each a new event of its own; «К этой
    теме мы еще вернемся» a Return."""
    text = (
        "Protesters stormed the akimat in Taldykorgan on January 5. In Taldykorgan, a crowd also stormed the police "
        "station on January 5. Protesters rallied in Taraz on January 6."
    )
    riots = [c for c in _extract(extractor, text, "en", "2022-01-06").claims if c.event_type == "Riot"]
    assert len(riots) == 2 and riots[0].event == riots[1].event and riots[0].labels == riots[1].labels
    found = _extract(extractor, "К этой теме мы еще вернемся. We will return to this topic.", "ru", "2022-01-14")
    assert not [c for c in found.claims if c.event_type == "Return"]


def test_the_title_of_who_dismisses_is_no_office_concerned(extractor):
    """Trial 36: "He had been removed from his post by President Kassym-Jomart Tokayev" took the presidency away (the
    word "post" two words before the title counted as "the post of")."""
    text = "He had been removed from his post by President Kassym-Jomart Tokayev a day earlier."
    dismissal = next(c for c in _extract(extractor, text, "en", "2022-01-08").claims if c.event_type == "Dismissal")
    assert not [t for r, t in dismissal.roles if r == "officeConcerned"]


@pytest.mark.parametrize(
    ("text", "language", "event_type"),
    [
        ("On Wednesday Tokayev accepted the resignation of the government led by Prime Minister Askar Mamin and "
         "declared a state of emergency in Almaty.", "en", "StateOfEmergency"),
        ("5 января Токаев отправил в отставку правительство Аскара Мамина и объявил режим чрезвычайного положения.",
         "ru", "Announcement"),
    ],
)  # fmt: skip
def test_a_verb_joined_by_and_is_done_by_the_first_verbs_subject(extractor, text, language, event_type):
    """Trial 35: "… led by Askar Mamin and declared a state of emergency" had Mamin declare it (0.91, accepted)."""
    claim = next(c for c in _extract(extractor, text, language, "2022-01-06").claims if c.event_type == event_type)
    assert [t.removeprefix(ns.KG) for r, t in claim.roles if r == "agent"] == ["tokayev"]


def test_a_byline_tells_no_event(extractor):
    found = _extract(extractor, "(Reporting by Caspian News Agency staff; editing by D. Orlova)", "en", "2022-01-06")
    assert [c for c in found.claims if not c.fact] == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("On Monday Pashinyan told the summit that the mission was a success. Kazakhstan's embassy in Yerevan said in "
         "a statement on Wednesday that it was grateful.", "en"),
        ("Пашинян выступил на саммите. Пресс-служба посольства Казахстана в Ереване сообщила, что благодарна.", "ru"),
    ],
)  # fmt: skip
def test_a_speaking_body_the_register_lacks_is_no_one_from_the_sentence_before(extractor, text, language):
    """Trial 35: "Kazakhstan's embassy in Yerevan said" was a statement by Pashinyan, named the sentence before."""
    found = _extract(extractor, text, language, "2022-01-14")
    second = [c for c in found.claims if c.event_type in ("Statement", "Report") and c.start > text.index(". ")]
    assert second and all(role != "agent" for c in second for role, _ in c.roles)


@pytest.mark.parametrize(
    ("text", "speaker", "not_speaker"),
    [
        # trial 39: the ministry's figures were Tokayev's, named in the sentence before
        ("Токаев выступил в Мажилисе. По словам ведомства, ликвидированы 26 вооружённых преступников.", None,
         "tokayev"),
        ("Ташиев встретил колонну. По словам представителей Минобороны, все военнослужащие получат отпуск.", None,
         "kamchybek-tashiev"),
        # the committee said it, the man it arrested did not
        ("Как сообщил Комитет национальной безопасности, 6 января задержан бывший глава КНБ Карим Масимов.",
         "national-security-committee-of-kazakhstan", "masimov"),
    ],
)  # fmt: skip
def test_who_is_named_after_by_the_words_of_or_as_said_by_speaks(extractor, text, speaker, not_speaker):
    """«по словам X» names its speaker after it, «как сообщил X, …» before what is said: no one else speaks."""
    said = [c for c in _extract(extractor, text, "ru", "2022-01-08").claims if c.event_type in ("Statement", "Report")]
    agents = {t.removeprefix(ns.KG) for c in said for r, t in c.roles if r == "agent"}
    assert said and not_speaker not in agents
    assert agents == ({speaker} if speaker else set())


def test_he_said_after_a_sentence_naming_two_people_is_its_subjects_and_asking_to_stay_unnamed_is_no_request(
    extractor,
):
    """Blind trial 38: "… he said" went to Nazarbayev, named after Tokayev in the sentence before (accepted, 0.82);
    "who asked not to be named", «попросил не называть его фамилию» were requests."""
    text = (
        "In a televised address, Tokayev said he was taking over as chairman of the Security Council, a post "
        'former president Nursultan Nazarbayev had kept. "I intend to act as tough as possible," he said.'
    )
    found = _extract(extractor, text, "en", "2022-01-06")
    said = [c for c in found.claims if c.event_type == "Statement" and c.start > text.index(". ")]
    assert said and all(t == ns.KG + "tokayev" for c in said for r, t in c.roles if r == "agent")
    for text, language in (("We spoke to an analyst, who asked not to be named, about the mission.", "en"),
                           ("Мы поговорили с сержантом, который попросил не называть его фамилию.", "ru")):  # fmt: skip
        assert not _events(_extract(extractor, text, language)) & {"Request", "RequestForAssistance"}, text


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Tokayev spoke on Tuesday. Analysts I talked to this week agree that the elite has changed.", "en"),
        ("Токаев выступил во вторник. Политологи, с которыми я говорил на этой неделе, сходятся в одном.", "ru"),
    ],
)
def test_what_the_writer_says_is_no_statement(extractor, text, language):
    """Trial 39: the columnist's «с которыми я говорил» was a statement by Tokayev, named the sentence before."""
    found = _extract(extractor, text, language, "2022-01-11")
    assert not [c for c in found.claims if c.event_type == "Statement" and c.start > text.index(". ")]


def test_roles_read_by_case_post_and_attribution(extractor):
    """Blind trial 39: Serdyukov was the agent of his own appointment («Командующим Коллективными силами назначен
    командующий ВДВ генерал-полковник Андрей Сердюков»: the force, an instrumental governed by the post, was its
    agent, his own post its office); Smailov, a genitive before the verb, an agent of his; «по данным властей» and
    the one who assured deputies were guards."""
    text = ("Командующим Коллективными миротворческими силами назначен командующий Воздушно-десантными войсками "
            "Российской Федерации генерал-полковник Андрей Сердюков.")  # fmt: skip
    roles = _roles_of(_extract(extractor, text, "ru", "2022-01-07"), "Appointment")
    assert ("theme", ns.KG + "andrey-serdyukov") in roles
    assert not [r for r in roles if r[0] in ("agent", "officeConcerned")]
    text = "В тот же день депутаты поддержали кандидатуру Алихана Смаилова, и Токаев назначил его премьер-министром."
    roles = _roles_of(_extract(extractor, text, "ru", "2022-01-12"), "Appointment")
    assert ("agent", ns.KG + "smailov") not in roles and ("agent", ns.KG + "tokayev") in roles
    text = "Сейчас стратегические объекты, по данным властей, охраняют военнослужащие миротворческих сил ОДКБ."
    agents = {t for r, t in _roles_of(_extract(extractor, text, "ru", "2022-01-08"), "Guarding") if r == "agent"}
    assert ns.KG + "kazakh-authorities" not in agents
    text = "Камчыбек Ташиев заверял депутатов, что миротворцы будут только охранять объекты."
    agents = {t for r, t in _roles_of(_extract(extractor, text, "ru", "2022-01-08"), "Guarding") if r == "agent"}
    assert ns.KG + "kamchybek-tashiev" not in agents


def test_a_figure_goes_only_to_an_event_it_may_be_of(extractor):
    """Blind trial 39: "95 police officers had been injured and more than 200 people detained" put the injured on the
    detentions; "roughly doubled" went on the protest."""
    text = "The Interior Ministry said 95 police officers had been injured and more than 200 people detained."
    (arrest,) = [c for c in _extract(extractor, text, "en", "2022-01-05").claims if c.event_type == "Arrest"]
    assert [q.counted for q in arrest.quantities] == ["PeopleArrested"]
    text = (
        "Gas prices roughly doubled at the start of the year, and residents took to the streets in Zhanaozen on Sunday."
    )
    claims = _extract(extractor, text, "en", "2022-01-08").claims
    assert not [
        q for c in claims if c.event_type != "PriceIncrease" for q in c.quantities if q.counted == "PriceFactor"
    ]


def test_words_said_by_no_one_named_match_no_statement_of_a_day_with_several(extractor):
    """Blind trial 39: "'Not a single shot was fired,' he said" (a new speaker the text did not link) became Shoigu's
    report, one of the graph's statements of that day; the writer's "we leave our live coverage" was a withdrawal and
    «вернуться к обычной жизни» a return."""
    found = _extract(extractor, '"Not a single shot was fired by the peacekeepers," he said on Thursday.', "en",
                     "2022-01-14")  # fmt: skip
    assert not [c for c in found.claims if c.event_type == "Statement" and c.matched]
    assert not _events(_extract(extractor, "17:00 We leave our live coverage here for today.", "en", "2022-01-13"))
    assert "Return" not in _events(_extract(extractor, "Город пытается вернуться к обычной жизни.", "ru", "2022-01-08"))
    assert "Return" in _events(_extract(extractor, "Военные вернулись в Бишкек.", "ru", "2022-01-15"))


def test_blind_trial_40s_wrong_claims_over_the_bar(extractor):
    """Blind trial 40 (on 055fd1f): eight wrong claims accepted at 0.81 or more. Each, in the trial's own words."""
    # an office after «и» is the next person's, not the one before it
    text = ("В церемонии приняли участие аким города Алматы Бакытжан Сагинтаев и заместитель министра обороны "
            "Республики Казахстан Мухамеджан Таласов.")  # fmt: skip
    held = [c.fact for c in _extract(extractor, text, "ru", "2022-01-14").claims if c.fact and c.fact[1] == "holds"]
    assert not [f for f in held if f[0] == ns.KG + "sagintayev" and "defence" in f[2]]
    # "the land forces" land nowhere
    text = "On Thursday, at a ceremony at the military institute of the land forces in Almaty, Zas thanked the troops."
    assert "Arrival" not in _events(_extract(extractor, text, "en", "2022-01-14"))
    # an owner is no agent, nor the one a relative clause names before the verb of saying
    text = "On Monday, Nazarbayev's son-in-law Timur Kulibayev stepped down as chairman of Atameken."
    agents = {t for c in _extract(extractor, text, "en", "2022-01-18").claims for r, t in c.roles if r == "agent"}
    assert ns.KG + "nazarbayev" not in agents
    text = ("The former president, who handed the presidency to Kassym-Jomart Tokayev in 2019, said all power now lay "
            "with the president.")  # fmt: skip
    said = [c for c in _extract(extractor, text, "en", "2022-01-19").claims if c.event_type == "Statement"]
    assert said and not [t for c in said for r, t in c.roles if r == "agent" and t == ns.KG + "tokayev"]
    # «говорят участники митинга»: people the register does not name speak, not the president of the sentence before
    text = "Токаев попросил помощи. Здесь, говорят участники митинга, наводить порядок не от кого."
    said = [c for c in _extract(extractor, text, "ru", "2022-01-07").claims if c.event_type == "Statement"]
    assert said and not [t for c in said for r, t in c.roles if r == "agent"]
    # a relative clause after a fronted weekday has its own time
    text = ("В четверг, 6 января, в Казахстан начали прибывать миротворческие силы ОДКБ, о помощи которых попросил "
            "президент Касым-Жомарт Токаев.")  # fmt: skip
    for c in _extract(extractor, text, "ru", "2022-01-07").claims:
        if c.event_type in ("Request", "RequestForAssistance"):
            assert not c.date or c.date.first.isoformat() != "2022-01-06"
    # the government's resignation: Mamin (whose government) and the council another verb took are not its agents
    text = ("5 января Касым-Жомарт Токаев принял отставку правительства Аскара Мамина и сам возглавил Совет "
            "безопасности.")  # fmt: skip
    agents = {t for r, t in _roles_of(_extract(extractor, text, "ru", "2022-01-06"), "Resignation") if r == "agent"}
    assert not agents & {ns.KG + "mamin", ns.KG + "security-council-of-kazakhstan"}
    # the day a state of emergency expires is not its day; the one it was declared on is
    text = "В Алматы сегодня истекает режим чрезвычайного положения, введённый 5 января."
    (state,) = [c for c in _extract(extractor, text, "ru", "2022-01-19").claims if c.event_type == "StateOfEmergency"]
    assert state.date.first.isoformat() == "2022-01-05"


def test_blind_trial_40s_other_bugs(extractor):
    """Blind trial 40: a Russian live blog's «09:35.» entries were undated; "Who belongs to the CSTO? Russia, …" gave
    no membership (its planted Uzbekistan was never proposed); "would be flown home on Wednesday", written on a
    Wednesday, was a week later; «от должности министра обороны» after Russia's ministry was Russia's office."""
    text = (
        "Онлайн-хроника, среда, 19 января.\n\n09:35. Министерство обороны России сообщило о завершении вывода.\n\n"
        "12:40. Президент Касым-Жомарт Токаев освободил Мурата Бектанова от должности министра обороны."
    )
    (dismissal,) = [c for c in _extract(extractor, text, "ru", "2022-01-19").claims if c.event_type == "Dismissal"]
    assert dismissal.date.first.isoformat() == "2022-01-19"
    assert ("officeConcerned", ns.KG + "minister-of-defence-of-russia") not in dismissal.roles
    text = "Who belongs to the CSTO? Russia, Belarus and Uzbekistan."
    members = [c.fact[0] for c in _extract(extractor, text, "en", "2022-01-09").claims if c.fact]
    assert sorted(m.rsplit("/", 1)[1] for m in members) == ["belarus", "russia", "uzbekistan"]
    assert not [c for c in _extract(extractor, "Who sent troops? Russia, Belarus and Armenia.").claims if c.fact]
    text = "Russia's defence ministry said the last of its peacekeepers would be flown home from Almaty on Wednesday."
    dated = [c.date.first.isoformat() for c in _extract(extractor, text, "en", "2022-01-19").claims if c.date]
    assert dated and set(dated) == {"2022-01-19"}


def test_what_was_said_at_a_meeting_says_the_meeting_took_place(extractor):
    text = "At a closed meeting, President Tokayev said order has been restored."
    found = {c.event_type for c in _extract(extractor, text, "en", "2022-01-12").claims if not c.fact}
    assert {"Meeting", "Statement"} <= found
    text = "Глава Минобороны доложил об этом на встрече с Владимиром Путиным."
    assert "Meeting" in {c.event_type for c in _extract(extractor, text, "ru", "2022-01-12").claims}


def test_removing_a_person_is_a_dismissal_and_removing_barricades_is_not(extractor):
    text = "On January 5 Tokayev removed his patron and predecessor Nursultan Nazarbayev as head of the council."
    dismissal = [c for c in _extract(extractor, text, "en", "2022-01-06").claims if c.event_type == "Dismissal"]
    assert dismissal and ("theme", ns.KG + "nazarbayev") in dismissal[0].roles
    text = "On January 5 the police removed barricades near the square."
    assert "Dismissal" not in {c.event_type for c in _extract(extractor, text, "en", "2022-01-06").claims}


def test_troops_in_a_sentence_naming_an_alliance_are_the_force_it_sent(extractor):
    text = "The CSTO had sent 2,030 troops to Kazakhstan by January 10."
    extraction = _extract(extractor, text, "en", "2022-01-11")
    assert ns.KG + "csto-peacekeeping-force" in {m.entity for m in extraction.mentions}
    deployment = [c for c in extraction.claims if c.event_type == "Deployment"]
    assert deployment and ("destination", ns.KG + "kazakhstan") in deployment[0].roles
    assert ("sender", ns.KG + "kazakhstan") not in deployment[0].roles
    # another's troops are not the alliance's, whatever the sentence names
    text = "Kazakh troops and security forces met the CSTO delegation on January 10."
    assert ns.KG + "csto-peacekeeping-force" not in {m.entity for m in _extract(extractor, text).mentions}


def test_a_given_name_and_an_initial_are_part_of_the_register_name_they_open(extractor):
    mentions = _extract(extractor, "President Vladimir V. Putin of Russia spoke on January 10.").mentions
    assert [(m.text, m.entity) for m in mentions if m.kind == "person"] == [("Vladimir V. Putin", ns.KG + "putin")]
    assert ns.KG + "president-of-russia" in {m.entity for m in mentions}
    assert not [m for m in mentions if m.how == "new"]


def test_a_russian_place_in_the_accusative_after_v_is_where_a_force_goes(extractor):
    text = "Россия 6 января направила в Казахстан десантников."
    deployment = [c for c in _extract(extractor, text, "ru", "2022-01-07").claims if c.event_type == "Deployment"]
    assert deployment and ("destination", ns.KG + "kazakhstan") in deployment[0].roles


def test_an_origin_the_register_lacks_is_proposed_with_it_and_accepted_into_it(kg, tmp_path):
    from csto_kg.ingest.review import Session
    from csto_kg.querying import solutions
    from csto_kg.store import BuildDir

    text = b"Tokayev thanked the alliance on January 13, as reported by Steppe Daily News.\n"
    source = added(kg, tmp_path, text, "--publisher", "webjosh.com", "--published", "2022-01-14", "--lang", "en")
    assert kg("build", "--no-hermit", "-q").exit_code == 0
    assert kg("extract", source).exit_code == 0
    session = Session(kg.project, source, "tester", BuildDir(kg.build_dir).open_store())
    outlet = ns.KG + "steppe-daily-news"
    origin = next(c for c in session.candidates if c.event_type == "basedOn")
    assert list(origin.new_entities) == [outlet]
    session.decide(origin, "accepted", edits=[(f"{outlet} label@ru", "Степные новости")])
    session.close()
    assert kg("build", "--no-hermit", "-q").exit_code == 0
    store = BuildDir(kg.build_dir).open_store()
    asked = "ASK { ?source kgo:basedOn ?outlet . ?outlet a kgo:NewsOutlet ; rdfs:label ?name }"
    assert solutions(store, asked, {"source": ox.NamedNode(ns.SRC + source), "outlet": ox.NamedNode(outlet)}) is True
    validation = kg("validate", "-f", "json")
    assert validation.exit_code == 0 and '"Violation"' not in validation.output, validation.output


def test_the_article_s_own_publisher_named_in_its_dateline_is_no_origin(kg, tmp_path):
    """An outsider's trial: `extract` did not tell the extractor the source's publisher, so "ALMATY, Jan 6 (Steppe
    Wire) -" in Steppe Wire's own article (an outlet `add` had put in the register) was proposed as its origin and
    accepted above 0.81. The publisher is given as the register's outlet now, as the pipeline gives it."""
    text = b"ALMATY, Jan 6 (Steppe Wire) - Kazakhstan declared a state of emergency on Wednesday, citing TASS.\n"
    source = added(kg, tmp_path, text, "--publisher", "Steppe Wire", "--published", "2022-01-06", "--lang", "en")
    assert kg("build", "--no-hermit", "-q").exit_code == 0
    assert kg("extract", source).exit_code == 0
    written = (kg.project.candidates_dir / f"{source}.trig").read_text(encoding="utf-8")
    assert "kgo:basedOn kg:tass" in written and "kgo:basedOn kg:steppe-wire" not in written


def test_an_outlet_is_known_by_its_web_address_or_a_newsroom_word_and_never_is_the_publisher(extractor):
    text = "Japarov will miss the meeting on January 10. It is reported by 24.kg…"
    assert [m.text for m in _extract(extractor, text, "en", "2022-01-10").origins] == ["24.kg"]
    assert not _extract(extractor, text, "en", "2022-01-10", publisher="24.kg").origins
    text = "Prices rose on January 2, the Steppe Times wrote."
    assert [m.text for m in _extract(extractor, text, "en", "2022-01-10").origins] == ["Steppe Times"]
    assert not _extract(extractor, "He visited the Steppe Times office on January 9.", "en", "2022-01-10").origins


def test_a_description_said_with_one_more_word_is_still_the_register_entity(extractor):
    text = "On January 8 the peacekeepers protected strategically important government facilities."
    assert ns.KG + "csto-guarded-facilities" in {
        m.entity for m in _extract(extractor, text, "en", "2022-01-09").mentions
    }
    # a proper name takes no word inside it
    council = ns.KG + "csto-collective-security-council"
    text = "On January 8 the Collective Security Council of the CSTO met."
    assert council in {m.entity for m in _extract(extractor, text).mentions}
    assert council not in {m.entity for m in _extract(extractor, text.replace("Security", "Big Security")).mentions}


def test_every_country_listed_names_its_contingent_whatever_longer_names_the_text_holds(extractor):
    text = ("The Kyrgyz armed forces guarded strategically important objects on January 8. "
            "Military personnel from Russia, Belarus, Armenia, Kyrgyzstan and Tajikistan took part.")  # fmt: skip
    found = {m.entity for m in _extract(extractor, text, "en", "2022-01-09").mentions}
    assert {ns.KG + f"{c}-contingent" for c in ("russian", "belarusian", "armenian", "kyrgyz", "tajik")} <= found


def test_a_given_name_alone_links_no_one_and_a_spelling_of_it_joins_the_surname(extractor):
    # the register's Sergei is Shoigu; a Sergei it does not know is no spelling of anyone
    found = _extract(extractor, "Foreign Minister Sergei Ivanovsky spoke on January 10.").mentions
    assert ns.KG + "shoigu" not in {m.entity for m in found}
    found = _extract(extractor, "President Kassim-Jomart Tokayev spoke on January 10.").mentions
    assert ("Kassim-Jomart Tokayev", ns.KG + "tokayev") in {(m.text, m.entity) for m in found}
    assert ns.KG + "president-of-kazakhstan" in {m.entity for m in found}
    found = _extract(extractor, "Premier Alikhan Askhanovich Smailov spoke on January 11.").mentions
    assert ("Alikhan Askhanovich Smailov", ns.KG + "smailov") in {(m.text, m.entity) for m in found}
    assert not [m for m in found if m.how == "new"]


@pytest.mark.parametrize(
    "language, text, entity",
    [
        ("en", "Elbasy stepped down on January 5.", "nazarbayev"),
        ("en", "The head of the KNB was dismissed on January 6.", "chair-of-national-security-committee-of-kazakhstan"),
        ("ru", "Парламент Киргизии 7 января одобрил отправку военных.", "jogorku-kenesh"),
        ("en", "Protesters stormed buildings in Kazakhstan's largest city on January 5.", "almaty"),
    ],
)
def test_the_wires_other_names_of_what_the_register_holds(extractor, language, text, entity):
    assert ns.KG + entity in {m.entity for m in _extract(extractor, text, language, "2022-01-10").mentions}


def test_a_change_of_office_names_the_office_it_concerns(extractor):
    """kgo:officeConcerned, which the shapes ask of an appointment and a transfer: the office in the verb's clause,
    else the sentence's one; the one after "post", «пост» first; never a title before someone's name."""
    kg = ns.KG
    found = _extract(extractor, "Tokayev appointed Alikhan Smailov prime minister of Kazakhstan on Tuesday.")
    assert ("officeConcerned", kg + "prime-minister-of-kazakhstan") in _roles_of(found, "Appointment")
    found = _extract(extractor, "Tokayev dismissed Masimov as head of the National Security Committee.")
    assert ("officeConcerned", kg + "chair-of-national-security-committee-of-kazakhstan") in _roles_of(
        found, "Dismissal"
    )
    found = _extract(extractor, "Kazakh President Tokayev dismissed Masimov on Wednesday.")
    assert not [r for r in _roles_of(found, "Dismissal") if r[0] == "officeConcerned"]  # the president's is his title
    text = "Назарбаев в Казахстане решил передать пост председателя Совета безопасности президенту."
    found = _extract(extractor, text, "ru")
    assert ("officeConcerned", kg + "chair-of-security-council-of-kazakhstan") in _roles_of(found, "Transfer")


def test_in_russian_who_is_appointed_may_follow_the_passive_verb(extractor):
    """«Председателем КНБ назначен Ермек Сагимбаев»: the one appointed, not who appoints."""
    roles = _roles_of(_extract(extractor, "Председателем КНБ назначен Ермек Сагимбаев.", "ru"), "Appointment")
    assert ("theme", ns.KG + "sagimbayev") in roles and ("agent", ns.KG + "sagimbayev") not in roles


@pytest.mark.parametrize(
    ("text", "language", "linked", "not_linked"),
    [
        # a state named after the title is not "just before" it; the article's own state is the president's
        ("Protests spread across Kazakhstan on Tuesday. The president declared a state of emergency in Almaty. "
         "Russia sent paratroopers.", "en", {"president-of-kazakhstan"}, {"president-of-russia"}),
        ("Protests began in Kazakhstan. The prime minister resigned on Wednesday.", "en",
         {"prime-minister-of-kazakhstan"}, set()),  # "The" opening a sentence
        ("Protests began in Kazakhstan. On Wednesday the prime minister's office said it would resign.", "en",
         {"prime-minister-of-kazakhstan"}, set()),  # a possessive is no plural
        ("Russia's troops arrived on Friday! Protests in Almaty and Zhanaozen ended, the president said.", "en",
         {"president-of-kazakhstan"}, {"president-of-russia"}),  # a sentence ends at "!" too
        ("The Armenian deputy prime minister said on Monday that troops would return.", "en", set(),
         {"prime-minister-of-armenia"}),  # a longer title left unlinked holds no shorter one
        ("The U.S. president spoke about the unrest in Kazakhstan on Friday.", "en", set(),
         {"president-of-kazakhstan"}),
        ("Kazakhstan's largest bank said its vice president had resigned.", "en", set(), {"president-of-kazakhstan"}),
        ("The president of the country's largest bank was detained in Kazakhstan.", "en", set(),
         {"president-of-kazakhstan"}),
        ("The CSTO, the premier security bloc of the region, sent troops to Kazakhstan.", "en", set(),
         {"prime-minister-of-kazakhstan"}),
        ("Tokayev, Putin and Japarov, the presidents of three states, spoke on Monday.", "en", set(),
         {"president-of-kyrgyzstan", "president-of-kazakhstan", "president-of-russia"}),
        ("Протесты начались в Казахстане. Новый премьер-министр заявил, что правительство уйдёт.", "ru",
         {"prime-minister-of-kazakhstan"}, set()),
    ],
)  # fmt: skip
def test_a_title_said_alone_is_read_by_its_own_words_and_its_state(extractor, text, language, linked, not_linked):
    """A second reading's cases (each a defect it reproduced)."""
    found = _linked(_extract(extractor, text, language))
    assert linked <= found and not not_linked & found, found


@pytest.mark.parametrize(
    ("text", "language", "event_type", "present", "absent"),
    [
        ("Smailov was appointed by the president as prime minister of Kazakhstan on Tuesday.", "en", "Appointment",
         {("officeConcerned", "prime-minister-of-kazakhstan")}, {("officeConcerned", "president-of-kazakhstan")}),
        ("Масимов был освобожден от должности главой государства в Казахстане.", "ru", "Dismissal",
         {("theme", "masimov")}, {("officeConcerned", "president-of-kazakhstan")}),
        ("Освобожден указом Токаева от должности председателя КНБ Карим Масимов.", "ru", "Dismissal",
         {("theme", "masimov"), ("agent", "tokayev"),
          ("officeConcerned", "chair-of-national-security-committee-of-kazakhstan")}, {("theme", "tokayev")}),
        ("В Алматы задержан сотрудниками КНБ экс-глава ведомства Карим Масимов.", "ru", "Arrest",
         {("theme", "masimov"), ("agent", "national-security-committee-of-kazakhstan")},
         {("theme", "national-security-committee-of-kazakhstan")}),
    ],
)  # fmt: skip
def test_who_acts_is_neither_the_office_concerned_nor_who_undergoes_it(
    extractor, text, language, event_type, present, absent
):
    """A second reading's cases: the one who acts after a passive verb («сотрудниками КНБ», "by the president",
    «главой государства») is neither the theme nor the office concerned; a post's office may precede a name."""
    roles = {(role, target.removeprefix(ns.KG)) for role, target in _roles_of(_extract(extractor, text, language),
                                                                              event_type)}  # fmt: skip
    assert present <= roles and not absent & roles, roles


def test_a_bare_word_of_saying_after_a_verb_is_its_object(extractor):
    """ "will receive state awards, Shoigu said on Friday": the statement is the saying, dated by it; "sources say"
    and "sent a written request" still report."""
    found = _extract(extractor, "Russian servicemen will receive state awards, Defence Minister Sergei Shoigu said on "
                                "Friday.", "en", "2022-01-21")  # fmt: skip
    statement = next(c for c in found.claims if c.event_type == "Statement")
    assert statement.date is not None and statement.date.first.isoformat() == "2022-01-21"
    assert "Statement" in _events(_extract(extractor, "Government sources say more than 50,000 people took part."))
    assert "Request" in _events(_extract(extractor, "Tokayev sent a written request to Nikol Pashinyan."))


def test_a_clause_joined_by_and_or_said_the_same_day_takes_its_sentences_date(extractor):
    """ "accepted the resignation on Wednesday and declared a state of emergency … after protesters stormed the
    mayor's office earlier in the day": all three on Wednesday; «и ввел» too; a future one does not."""
    text = (
        "President Kassym-Jomart Tokayev accepted the government's resignation on Wednesday and declared a "
        "two-week state of emergency in Almaty after protesters stormed the mayor's office earlier in the day."
    )
    found = _extract(extractor, text, "en", "2022-01-06")
    dated = {c.event_type: c.date and c.date.first.isoformat() for c in found.claims if not c.fact}
    assert dated["StateOfEmergency"] == "2022-01-05" and dated["Riot"] == "2022-01-05"
    found = _extract(extractor, "Токаев в среду принял отставку правительства и ввел чрезвычайное положение.", "ru",
                     "2022-01-06")  # fmt: skip
    assert next(c for c in found.claims if c.event_type == "StateOfEmergency").date.first.isoformat() == "2022-01-05"
    found = _extract(extractor, "Tokayev accepted the resignation on Wednesday and will declare a state of emergency.",
                     "en", "2022-01-06")  # fmt: skip
    assert next(c for c in found.claims if c.event_type == "StateOfEmergency").date is None


@pytest.mark.parametrize(
    ("text", "language", "published", "event_type", "day"),
    [
        ("Во вторник, 11 января, выступая перед депутатами Мажилиса, президент Казахстана Касым-Жомарт Токаев "
         "объявил, что миссия завершена.", "ru", "2022-01-12", "Announcement", "2022-01-11"),
        ("Генеральный секретарь ОДКБ Станислав Зась, выступая в четверг на заседании комитета Государственной думы, "
         "заявил, что операция прошла без потерь.", "ru", "2022-01-21", "Statement", "2022-01-20"),
        ("CSTO Secretary General Stanislav Zas, speaking on Thursday at a Duma committee, said the operation had no "
         "losses.", "en", "2022-01-21", "Statement", "2022-01-20"),
        # «в тот же день, когда …» is the day of what the clause tells, not of the date before it
        ("В четверг Зась выступил в Думе. В тот же день, когда улетели последние миротворцы, Касым-Жомарт Токаев "
         "освободил от должности министра обороны Мурата Бектанова.", "ru", "2022-01-21", "Dismissal", None),
    ],
)  # fmt: skip
def test_a_date_that_opens_the_sentence_or_the_speakers_aside_dates_the_verb(
    extractor, text, language, published, event_type, day
):
    """Blind trial 39: «Во вторник, 11 января, выступая …, Токаев объявил» and «Зась, выступая в четверг …, заявил»
    were undated; «В тот же день, когда …» was counted from the Thursday before (20 January, not the 19th)."""
    found = _extract(extractor, text, language, published)
    claim = next(c for c in found.claims if c.event_type == event_type)
    assert (claim.date and claim.date.first.isoformat()) == day


def test_whom_an_event_befalls_new_to_the_register_is_no_one_the_graph_knows_and_a_when_clause_does_not_act(
    extractor,
):
    """Blind trial 39: Bektanov's dismissal matched the cabinet's (the same dismisser, no day), and the peacekeepers
    of «когда улетели последние миротворцы» were its second agent."""
    text = ("В тот же день, когда улетели последние миротворцы, Касым-Жомарт Токаев освободил от должности министра "
            "обороны Мурата Бектанова.")  # fmt: skip
    (dismissal,) = [c for c in _extract(extractor, text, "ru", "2022-01-21").claims if c.event_type == "Dismissal"]
    assert not dismissal.matched
    assert [t.rsplit("/", 1)[1] for r, t in dismissal.roles if r == "agent"] == ["tokayev"]


@pytest.mark.parametrize(
    ("text", "language", "fact"),
    [
        ("Tokayev appointed Alikhan Smailov as the new prime minister of Kazakhstan.", "en",
         ("smailov", "holds", "prime-minister-of-kazakhstan")),
        ("Tokayev wrote to Nikol Pashinyan, who is the current chairman of the CSTO Collective Security Council.",
         "en", ("pashinyan", "holds", "chair-of-csto-collective-security-council")),
        ("Protests began in Aktau in the Mangystau region.", "en", ("aktau", "locatedIn", "mangystau-region")),
        ("Жители Жанаозена и Актау в Мангистауской области вышли на улицы.", "ru",
         ("zhanaozen", "locatedIn", "mangystau-region")),
    ],
)  # fmt: skip
def test_an_office_after_as_or_who_is_and_a_place_in_a_region_are_facts(extractor, text, language, fact):
    facts = {tuple(x.removeprefix(ns.KG) for x in c.fact) for c in _extract(extractor, text, language).claims if c.fact}
    assert fact in facts, facts


def test_a_state_in_another_is_no_place_within_it(extractor):
    """ "troops from Russia in Kazakhstan": Russia is not in Kazakhstan."""
    found = _extract(extractor, "Paratroopers from Russia in Kazakhstan guarded the airport.")
    assert not [c for c in found.claims if c.fact and c.fact[1] == "locatedIn"]


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        ("Security forces opened fire on Wednesday and armed men seized the airport.", "Seizure"),  # its own subject
        ("Police cleared the square on Wednesday and are detaining protesters.", "Arrest"),  # not in the past
        ("Protesters, who had gathered on January 2, stormed the akimat earlier in the day.", "Riot"),  # a relative's
    ],
)
def test_a_joined_clause_with_its_own_subject_or_tense_keeps_no_date_of_another(extractor, text, event_type):
    """A second reading's cases of the joined-clause and same-day rules."""
    claim = next(c for c in _extract(extractor, text, "en", "2022-01-08").claims if c.event_type == event_type)
    assert claim.date is None


def test_same_day_words_in_the_clause_before_date_it_too(extractor):
    text = "Tokayev fired the government on Wednesday, and later that day protesters stormed the mayor's office."
    claim = next(c for c in _extract(extractor, text, "en", "2022-01-08").claims if c.event_type == "Riot")
    assert claim.date is not None and claim.date.first.isoformat() == "2022-01-05"


@pytest.mark.parametrize(
    ("text", "theme", "office"),
    [
        ("Назначен премьер-министром Алихан Смаилов по указу Токаева.", "smailov", "prime-minister-of-kazakhstan"),
        ("Указом президента Казахстана назначен премьер-министром Алихан Смаилов.", "smailov",
         "prime-minister-of-kazakhstan"),
        ("Назначен новый глава КНБ Ермек Сагимбаев вместо Масимова.", "sagimbayev", None),
    ],
)  # fmt: skip
def test_in_a_russian_appointment_the_one_appointed_and_the_office_are_read_by_their_cases(
    extractor, text, theme, office
):
    """A second reading's cases: a genitive surname (Токаева, Масимова) is not who is appointed though it reads as a
    woman's nominative too; the instrumental is the office («назначен премьер-министром»), never the decree's
    author («указом президента»)."""
    roles = _roles_of(_extract(extractor, text, "ru"), "Appointment")
    assert ("theme", ns.KG + theme) in roles
    offices = [target for role, target in roles if role == "officeConcerned"]
    if office is not None:
        assert offices == [ns.KG + office]


def test_a_title_right_after_its_holders_name_and_a_state_named_after_it(extractor):
    """ "appointed Alikhan Smailov prime minister": the office of the state whose offices he holds; "The president
    said Russia would send paratroopers" in an article about Kazakhstan: Kazakhstan's president."""
    found = _extract(extractor, "Tokayev appointed Alikhan Smailov prime minister on Tuesday in Kazakhstan.")
    assert "prime-minister-of-kazakhstan" in _linked(found)
    found = _extract(extractor, "Kazakhstan's crisis deepened. The president said Russia would send paratroopers.")
    assert "president-of-kazakhstan" in _linked(found) and "president-of-russia" not in _linked(found)
    text = "Nazarbayev handed over the chairmanship of the Security Council to the president of Kazakhstan."
    assert not [r for r in _roles_of(_extract(extractor, text), "Transfer") if r[0] == "officeConcerned"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Alikhan Smailov is to be vested with interim duties of the Prime Minister of Kazakhstan.", "en"),
        ("Исполнение обязанностей премьер-министра Казахстана возложено на Алихана Смаилова.", "ru"),
        ("Токаев возложил на Смаилова исполнение обязанностей премьер-министра Казахстана.", "ru"),
    ],
)
def test_duties_vested_in_someone_are_an_appointment(extractor, text, language):
    roles = _roles_of(_extract(extractor, text, language), "Appointment")
    assert ("theme", ns.KG + "smailov") in roles and (
        "officeConcerned",
        ns.KG + "prime-minister-of-kazakhstan",
    ) in roles


def test_a_duty_laid_on_someone_is_no_appointment(extractor):
    assert "Appointment" not in _events(_extract(extractor, "На полицию возложена обязанность охранять объекты.", "ru"))


def test_a_second_event_of_one_type_in_a_sentence_is_kept_when_its_clause_dates_it_apart(extractor):
    """ "Russia pledged to send troops and Pashinyan followed on Friday by committing 100": two deployments; "the
    withdrawal will begin on Thursday and the pullout will take ten days": one."""
    text = "Russia pledged to send troops to Kazakhstan and Pashinyan followed on Friday by committing 100 troops."
    found = _extract(extractor, text, "en", "2022-01-12")
    assert [c.event_type for c in found.claims if not c.fact].count("Deployment") == 2
    text = "The withdrawal will begin on Thursday and the pullout will take no more than ten days."
    found = _extract(extractor, text, "en", "2022-01-11")
    assert [c.event_type for c in found.claims if not c.fact].count("Withdrawal") == 1


def test_a_when_clause_after_a_date_is_dated_by_it(extractor):
    """ "discussed on Thursday, when a special session of CSTO Defense Ministers will convene": the session's day."""
    text = "The matter will be discussed on Thursday, when a special session of CSTO Defense Ministers will convene."
    claim = next(c for c in _extract(extractor, text, "en", "2022-01-12").claims if c.event_type == "Meeting")
    assert claim.date is not None and claim.date.first.isoformat() == "2022-01-13"


def test_a_fronted_weekday_without_a_verb_takes_the_tense_of_the_clause_after_it(extractor):
    """«В четверг, когда состоится заседание …»: next Thursday, as «состоится» says (its own clause has no verb)."""
    text = "В четверг, когда состоится заседание министров обороны ОДКБ, будет обсужден вывод."
    claim = next(c for c in _extract(extractor, text, "ru", "2022-01-12").claims if c.event_type == "Meeting")
    assert claim.date is not None and claim.date.first.isoformat() == "2022-01-13"


@pytest.mark.parametrize(
    ("publisher", "message"),
    [
        ("Tokayev", "kg:tokayev is a kgo:Person in the register, not an organisation"),
        ("kg:almaty", "kg:almaty is a kgo:City in the register, not an organisation"),
        ("x" * 201, "one line of at most 200 characters"),
        ("Two\nLines", "one line of at most 200 characters"),
    ],
)
def test_add_refuses_a_publisher_that_is_no_organisation_and_writes_nothing(kg, tmp_path, publisher, message):
    """An attack's cases: a person or a city as publisher made the reasoner find the build inconsistent (or passed
    silently); a 10,000-character name failed on the file name."""
    article = tmp_path / "a.txt"
    article.write_bytes(b"The peacekeepers left Almaty today.\n")
    before = tree(kg.project.root)
    refused = kg("add", str(article), "--publisher", publisher, "--published", "2022-01-13", "--lang", "en")
    assert refused.exit_code == 2 and message in refused.output, refused.output
    assert tree(kg.project.root) == before


def test_a_dateline_naming_a_publisher_added_since_the_build_is_no_origin(kg, tmp_path):
    """The third outsider's trial: "NUR-SULTAN, Jan 18 (Steppe Wire) -" in Steppe Wire's article, extracted right
    after `add` (no build since), proposed kgo:basedOn kg:steppe-wire at 0.89, accepted without a person: the new
    outlet was in no build, so neither its IRI nor its labels were known to extract."""
    assert kg("build", "--no-hermit", "-q").exit_code == 0
    text = "Relatives lose top jobs\n\nNUR-SULTAN, Jan 18 (Steppe Wire) - Timur Kulibayev stepped down on Monday.\n"
    source = added(kg, tmp_path, text.encode(), "--publisher", "Steppe Wire", "--published", "2022-01-18",
                   "--lang", "en")  # fmt: skip
    assert kg("extract", source).exit_code == 0
    candidates = (kg.project.root / "graph" / "candidates" / f"{source}.trig").read_text(encoding="utf-8")
    assert "basedOn" not in candidates


def test_a_publisher_a_claim_of_the_graph_has_typed_is_that_entity_not_a_new_outlet(kg, tmp_path):
    """The third outsider's trial: `add --publisher "Ministry of Defence of Belarus"` printed "new news outlet
    kg:ministry-of-defence-of-belarus", an entity a reviewed claim had added, which then had two Russian labels and
    the build failed kgs:labels. Such an IRI is that entity; with no build, add says nothing of the graph."""
    assert kg("build", "--no-hermit", "-q").exit_code == 0
    text = "МИНСК, 7 января. Подразделения белорусских миротворцев вылетели в Казахстан.\n".encode()
    article = tmp_path / "release.txt"
    article.write_bytes(text)
    result = kg("add", str(article), "--publisher", "Ministry of Defence of Belarus", "--published", "2022-01-07",
                "--lang", "ru")  # fmt: skip
    assert result.exit_code == 0 and "new news outlet" not in result.output, result.output
    source = result.output.split("added source ", 1)[1].split(":", 1)[0]
    meta = (kg.project.root / "graph" / "sources" / f"{source}.ttl").read_text(encoding="utf-8")
    assert "kg:ministry-of-defence-of-belarus" in meta
    built = kg("build", "--no-hermit", "-q")
    assert built.exit_code == 0, built.output


@pytest.mark.parametrize(("data", "said"), [(b"Troops left.\x1b[0m Almaty.\n", "U+001B"),
                                            ("Troops left \ufffe today.\n".encode(), "U+FFFE"),
                                            ("Troops left today.\n".encode("utf-16"), "UTF-16"),
                                            ("Troops left.\n".encode("utf-8-sig"), "byte-order mark")])  # fmt: skip
def test_add_refuses_control_characters_by_their_place(kg, tmp_path, data, said):
    """An attack's case: ESC, BEL, VT or U+FFFE passed `add` and then failed the reasoner with no file named."""
    article = tmp_path / "a.txt"
    article.write_bytes(data)
    refused = kg("add", str(article), "--publisher", "Some Daily", "--published", "2022-01-13", "--lang", "en")
    assert refused.exit_code == 2 and said in refused.output and "a.txt" in refused.output, refused.output


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [
        ("--title", "Line one\nLine two", "--title: one line of plain text"),
        ("--title", "Troops leave\a", "--title: a control character (U+0007)"),
        ("--date-note", "from the dateline\x1b[0m", "--date-note: a control character (U+001B)"),
        ("--based-on", "TASS\x0c", "--based-on: a control character (U+000C)"),
        ("--publisher", "Some\rDaily", "--publisher: one line of plain text"),
    ],
)
def test_add_refuses_metadata_that_no_rdf_xml_could_write(kg, tmp_path, option, value, said):
    """An outsider's trial: a title with a newline and a BEL was stored, and `export -f rdfxml` then wrote XML that
    is not well-formed (exit 0). A label is one line of plain text; no literal takes a control character."""
    article = tmp_path / "a.txt"
    article.write_bytes(b"The peacekeepers left Almaty today.\n")
    before = tree(kg.project.root)
    extra = ["--date-known", "dateline"] if option == "--date-note" else []
    refused = kg("add", str(article), "--publisher", "Some Daily", "--published", "2022-01-13", "--lang", "en",
                 *extra, option, value)  # fmt: skip
    assert refused.exit_code == 2 and said in refused.output, refused.output
    assert tree(kg.project.root) == before


def test_accept_above_refuses_nan(kg):
    refused = kg("review", "000_9509c5daf987dd37", "--accept-above", "nan")
    assert refused.exit_code == 2 and "not a number" in refused.output


@pytest.mark.parametrize(("text", "language"), [("Tokayev accepted the government's resignation.", "en"),
                                                ("Токаев принял отставку правительства.", "ru")])  # fmt: skip
def test_who_accepts_a_resignation_does_not_resign(extractor, text, language):
    roles = _roles_of(_extract(extractor, text, language), "Resignation")
    assert ("agent", ns.KG + "government-of-kazakhstan") in roles and ("agent", ns.KG + "tokayev") not in roles


def test_a_weekday_fronted_with_other_words_keeps_its_own_reading(extractor):
    """ "After Thursday's handover ceremony, the troops will return": the ceremony was last Thursday, though what
    follows is to come (the fronted weekday's rule is for a date said alone: «В четверг, когда состоится …»)."""
    text = "After Thursday's handover ceremony, the Kyrgyz troops will return to their base in Tokmok."
    days = [d.first.isoformat() for d in _extract(extractor, text, "en", "2022-01-14").dates]
    assert days == ["2022-01-13"]


def test_a_past_verb_the_dictionary_reads_first_as_a_noun_is_still_past(extractor):
    """An attack's case: «прибыли 6 января» in an article of 2 January was proposed as a plan for 6 January (the
    dictionary reads «прибыли» first as «прибыль», profits), hiding what the source says under kgo:Planned. A past
    verb keeps no day after the publication, and is never a plan."""
    found = _extract(extractor, "Российские десантники прибыли в Алматы 6 января.", "ru", "2022-01-02")
    claim = next(c for c in found.claims if c.event_type == "Arrival")
    assert claim.date is None and not claim.planned


@pytest.mark.parametrize(
    ("text", "language", "predecessor"),
    [
        ("Председателем КНБ назначен Ермек Сагимбаев вместо Карима Масимова.", "ru", "masimov"),
        ("Yermek Sagimbayev was appointed head of the KNB, replacing Karim Masimov.", "en", "masimov"),
        ("Tokayev appointed Yermek Sagimbayev to head the KNB instead of Masimov.", "en", "masimov"),
        # a second reading's: the predecessor before the passive verb was carried over as the one appointed
        ("Председателем КНБ вместо Масимова назначен Ермек Сагимбаев.", "ru", "masimov"),
    ],
)
def test_who_held_the_post_before_has_no_role_in_the_appointment(extractor, text, language, predecessor):
    """ "replacing Masimov", «вместо Масимова»: neither who appoints nor who is appointed (the ninth round)."""
    roles = _roles_of(_extract(extractor, text, language, "2022-01-09"), "Appointment")
    assert ("theme", ns.KG + "sagimbayev") in roles
    assert not [r for r in roles if r[1] == ns.KG + predecessor]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # a second reading's: the one replaced named before the verb was made the one appointed
        ("Масимова на посту председателя КНБ сменил Ермек Сагимбаев, назначенный 6 января.", "ru"),
        ("Masimov was replaced by Yermek Sagimbayev, who was appointed on January 6.", "en"),
        # and with an apposition between the name and the verb (stop 29's note left it)
        ("Масимова, бывшего главу КНБ, сменил Ермек Сагимбаев, назначенный 6 января.", "ru"),
        ("Masimov, the former KNB chief, was replaced by Yermek Sagimbayev, who was appointed on January 6.", "en"),
    ],
)
def test_the_one_replaced_named_first_has_no_role_in_the_appointment(extractor, text, language):
    found = _extract(extractor, text, language, "2022-01-09")
    assert [c for c in found.claims if c.event_type == "Appointment"]
    assert not [r for r in _roles_of(found, "Appointment") if r[1] == ns.KG + "masimov"]


def test_as_after_a_role_taking_verb_and_whom_it_names_opens_no_clause(extractor):
    """Stop 30, from the fourth probe set's part C1: "removed Nazarbayev as chairman of the Security Council on
    Wednesday": the day is the removal's (the clause went on no further than the name before). "as" that opens a
    clause of its own still ends one ("removed the statue as the police watched")."""
    found = _extract(
        extractor, "Tokayev removed Nazarbayev as chairman of the Security Council on Wednesday.", "en", "2022-01-06"
    )
    assert [c.date.first.isoformat() for c in found.claims if c.event_type == "Dismissal"] == ["2022-01-05"]
    text = "Protesters removed the statue as the police watched."
    assert text[slice(*clause_of(text, text.index("removed"), "en"))].strip() == "Protesters removed the statue"


def test_whom_an_event_happened_to_tells_it_from_others_of_its_type_and_day(extractor):
    """Stop 30 left it: the removal of Nazarbayev on Wednesday matched the cabinet's dismissal (the same day and
    president); a shared theme weighs like a day, so it matches the graph's removal of Nazarbayev. The cabinet and
    Masimov dismissed that day still match their own; a theme read wrong is no veto (a second reading's: "Mamin's
    government" read as Mamin still matches the cabinet's dismissal, as before)."""
    found = _extract(
        extractor, "Tokayev removed Nazarbayev as chairman of the Security Council on Wednesday.", "en", "2022-01-06"
    )
    (removal,) = [c for c in found.claims if c.event_type == "Dismissal"]
    assert removal.matched and removal.event == ns.KG + "nazarbayev-security-council-dismissal"
    for text, event in (
        ("Tokayev dismissed the government on Wednesday.", "cabinet-dismissal"),
        ("Tokayev dismissed Masimov on Wednesday.", "masimov-dismissal"),
        ("Tokayev dismissed Prime Minister Askar Mamin's government on Wednesday.", "cabinet-dismissal"),
    ):
        (dismissal,) = [c for c in _extract(extractor, text, "en", "2022-01-06").claims if c.event_type == "Dismissal"]
        assert dismissal.matched and dismissal.event == ns.KG + event, text


def test_leaving_for_kazakhstan_named_before_the_verb_is_a_deployment(extractor):
    """Stop 30, from part C1: «Из Иваново в Казахстан в пятницу вылетели»: where they fly, named before the verb in
    its clause, types the departure as it does after it."""
    found = _extract(extractor, "Из Иваново в Казахстан в пятницу вылетели около 600 десантников.", "ru", "2022-01-08")
    assert "Deployment" in _events(found) and "Withdrawal" not in _events(found)
    found = _extract(extractor, "Из Алматы в пятницу вылетели белорусские миротворцы.", "ru", "2022-01-15")
    assert "Withdrawal" in _events(found)
    # a second reading's: where they had been sent, named before the verb, is not where they fly
    found = _extract(
        extractor, "Прибывшие в Казахстан белорусские военные в четверг вылетели домой.", "ru", "2022-01-14"
    )
    assert "Deployment" not in _events(found)
    found = _extract(extractor, "Armenian troops deployed to Almaty left for Yerevan on Thursday.", "en", "2022-01-14")
    assert "Withdrawal" in _events(found)


def test_words_between_commas_with_a_verb_are_no_apposition_of_the_one_replaced(extractor):
    """A second reading's (stop 30): «Мамина, освободил от должности Масимова, сменил …» lists deeds; Mamin is still
    the one dismissed."""
    text = "Токаев отправил в отставку Мамина, освободил от должности Масимова, сменил руководство Минобороны."
    assert ("theme", ns.KG + "mamin") in _roles_of(_extract(extractor, text, "ru", "2022-01-06"), "Dismissal")


def test_who_is_replaced_in_the_next_sentence_keeps_his_role_in_this_one(extractor):
    found = _extract(extractor, "Масимова задержали 6 января. Его сменил Ермек Сагимбаев.", "ru", "2022-01-09")
    assert [r for r in _roles_of(found, "Arrest") if r[1] == ns.KG + "masimov"]


def test_a_decree_of_an_office_names_no_holder_of_it(extractor):
    """«Указом президента Ермек Сагимбаев назначен»: the president's decree; Sagimbayev holds no presidency. A title
    in the genitive before an uninflected name still names its holder (Kyrgyz outlets write «президента Садыр
    Жапаров»), so the document before the title decides, not the cases."""
    found = _extract(extractor, "Указом президента Ермек Сагимбаев назначен председателем КНБ.", "ru", "2022-01-09")
    assert not [c for c in found.claims if c.fact and c.fact[0] == ns.KG + "sagimbayev" and c.fact[1] == "holds"]
    # trial 36: a surname the dictionary lacks («Смаилов», read an inanimate noun too) made Smailov the president
    text = "Указом Главы государства Алихан Смаилов назначен Премьер-Министром Республики Казахстан."
    found = _extract(extractor, text, "ru", "2022-01-11")
    assert not [c for c in found.claims if c.fact and c.fact[0] == ns.KG + "smailov" and c.fact[1] == "holds"]
    found = _extract(extractor, "Слова премьер-министра Армении Никола Пашиняна прозвучали в среду.", "ru")
    assert (ns.KG + "pashinyan", "holds", ns.KG + "prime-minister-of-armenia") in [c.fact for c in found.claims]
    # a second reading's: the holder's name in the title's case after a decree is the holder
    text = "Распоряжением премьер-министра Армении Никола Пашиняна миротворцы вернулись."
    found = _extract(extractor, text, "ru")
    assert (ns.KG + "pashinyan", "holds", ns.KG + "prime-minister-of-armenia") in [c.fact for c in found.claims]


@pytest.mark.parametrize(
    ("text", "language", "wanted", "not_wanted"),
    [
        # leaving for Kazakhstan is going there; landing at home is coming back (the ninth round's probes, set A)
        ("Армянские миротворцы вылетели в Казахстан на борту двух самолётов Ил-76.", "ru", "Deployment", "Withdrawal"),
        ("The Belarusian unit left for Kazakhstan on Thursday.", "en", "Deployment", "Withdrawal"),
        ("The Belarusian unit left Kazakhstan on Thursday.", "en", "Withdrawal", "Deployment"),
        ("The last Il-76 carrying Russian peacekeepers home touched down outside Moscow on Wednesday.", "en", "Return",
         "Arrival"),
        ("На родину прибыли 150 военнослужащих.", "ru", "Return", "Arrival"),
        ("The plane with the peacekeepers landed in Almaty on Friday.", "en", "Arrival", "Return"),
        ("Tajikistan's contingent flew into Almaty on Friday.", "en", "Arrival", None),
        ("В ночь на 6 января силовики начали в Алматы антитеррористическую операцию.", "ru", "SecurityOperation",
         None),
        # a second reading's: where it leaves named first; "home" of another thing is no return
        ("Белорусские военные вылетели из Минска в Казахстан 7 января.", "ru", "Deployment", "Withdrawal"),
        ("Armenian peacekeepers departed from Yerevan for Kazakhstan.", "en", "Deployment", "Withdrawal"),
        ("Peacekeepers arrived in Almaty to protect the president's home on January 7.", "en", "Arrival", "Return"),
        ("Russian troops arrived in Almaty from their home base on January 6.", "en", "Arrival", "Return"),
    ],
)  # fmt: skip
def test_where_a_movement_goes_types_it(extractor, text, language, wanted, not_wanted):
    types = {c.event_type for c in _extract(extractor, text, language, "2022-01-20").claims}
    assert wanted in types and not_wanted not in types, types


def test_a_departure_for_kazakhstan_has_its_origin_and_destination(extractor):
    found = _extract(extractor, "Belarusian troops left Minsk for Kazakhstan.", "en", "2022-01-20")
    roles = _roles_of(found, "Deployment")
    assert ("origin", ns.KG + "minsk") in roles and ("destination", ns.KG + "kazakhstan") in roles
    found = _extract(extractor, "Белорусские военные вылетели из Минска в Казахстан 7 января.", "ru", "2022-01-20")
    assert ("origin", ns.KG + "minsk") in _roles_of(found, "Deployment")
    assert not [c for c in found.claims if c.fact and c.fact[1] == "locatedIn"]  # from one to the other


@pytest.mark.parametrize(
    ("text", "language", "event_type", "origin", "destination"),
    [
        # a second reading's: a name left undeclined after «из» and «в», a home base the troops left
        ("Самолеты с военными вылетели из Иваново в Алматы.", "ru", "Deployment", "ivanovo", "almaty"),
        ("Российские десантники вернулись из Казахстана в Иваново.", "ru", "Return", "kazakhstan", "ivanovo"),
        ("Paratroopers departed from their home base in Ivanovo for Kazakhstan.", "en", "Deployment", "ivanovo",
         "kazakhstan"),
        ("Russian troops returned to their home base in Ivanovo.", "en", "Return", None, "ivanovo"),
        # a second reading's: the airport in Almaty is where they left
        ("Самолёты с российскими миротворцами вылетели из аэропорта в Алматы.", "ru", "Withdrawal", "almaty", None),
    ],
)  # fmt: skip
def test_where_a_movement_leaves_and_goes_when_the_name_does_not_decline(
    extractor, text, language, event_type, origin, destination
):
    roles = _roles_of(_extract(extractor, text, language, "2022-01-20"), event_type)
    assert [r for r in roles if r[0] == "origin"] == ([("origin", ns.KG + origin)] if origin else [])
    wanted = [("destination", ns.KG + destination)] if destination else []
    assert [r for r in roles if r[0] == "destination"] == wanted


@pytest.mark.parametrize(
    ("text", "language", "words", "day"),
    [
        # counted from the date given before: back, the same day, a week on (the ninth round's probes)
        ("Troops arrived on January 13. Two days earlier, the CSTO had agreed.", "en", "Two days earlier", "01-11"),
        ("On January 13 they left; the previous day Shoigu reported.", "en", "the previous day", "01-12"),
        ("On January 13 they left, and the same day they landed.", "en", "the same day", "01-13"),
        ("On January 13 they left. A week later, the mission was over.", "en", "A week later", "01-20"),
        ("13 января начался вывод. Спустя два дня военные вернулись.", "ru", "Спустя два дня", "01-15"),
        ("13 января начался вывод, а два дня спустя военные вернулись.", "ru", "два дня спустя", "01-15"),
        ("13 января начался вывод. Днём ранее Шойгу доложил.", "ru", "Днём ранее", "01-12"),
        ("13 января начался вывод. В тот же день прошла церемония.", "ru", "В тот же день", "01-13"),
        # «накануне» after a day just told is its eve (trial 34: «В субботу задержали … Накануне …»)
        ("В субботу задержали Масимова. Накануне Токаев отдал приказ.", "ru", "Накануне", "01-14"),
        ("13 января начался вывод, а накануне Шойгу доложил.", "ru", "накануне", "01-12"),
    ],
)  # fmt: skip
def test_days_counted_from_the_date_before_them(text, language, words, day):
    found = find_dates(text, datetime.date(2022, 1, 21), language)
    assert [(d.words, d.first.isoformat(), d.derived) for d in found][1] == (words, f"2022-{day}", True)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Накануне Токаев отдал приказ.", "01-20"),  # no day told before it: the day before publication
        ("Токаев 21 января выступил. Накануне вечером он принял отставку.", "01-20"),  # the anchor's own day
        ("«В субботу всё закончится», — сказал он. Накануне Токаев отдал приказ.", "01-20"),  # a day quoted
        ("С 10 января действует режим. Накануне Токаев отдал приказ.", "01-20"),  # a start, not a day told
        ("В субботу вывели войска.\n\nНакануне Токаев отдал приказ.", "01-20"),  # another paragraph
    ],
)  # fmt: skip
def test_nakanune_is_the_day_before_publication_unless_a_day_was_just_told(text, day):
    found = [d for d in find_dates(text, datetime.date(2022, 1, 21), "ru") if d.words.casefold() == "накануне"]
    assert [(d.first.isoformat(), d.derived) for d in found] == [(f"2022-{day}", False)]


def test_on_the_eve_of_something_is_no_day():
    found = find_dates("Накануне саммита ОДКБ Пашинян провёл переговоры.", datetime.date(2022, 1, 10), "ru")
    assert found == []


def test_a_request_and_the_plea_in_its_clause_are_one_request(extractor):
    text = "Накануне вечером Токаев обратился к главам государств ОДКБ с просьбой о помощи."
    found = _extract(extractor, text, "ru", "2022-01-06")
    assert [c.event_type for c in found.claims if not c.fact].count("RequestForAssistance") == 1


def test_a_word_is_no_misspelt_name_and_a_guard_in_a_name_guards_nothing(extractor):
    """ "National Guard": "National" was linked to Nazarbayev (a variant of "Nation" in «Leader of the Nation»), and
    "Guard" made a guarding (the ninth round's probes, set A); a name's capitalised word is no trigger."""
    found = _extract(extractor, "The death toll among police and National Guard had risen to 16.", "en")
    assert "nazarbayev" not in _linked(found)
    assert "Guarding" not in {c.event_type for c in found.claims}
    assert [m.kind for m in found.mentions if m.text == "National Guard"] == ["organisation"]
    found = _extract(extractor, "Protests Erupt After Gas Price Hike\n\nProtests have erupted in several towns.", "en")
    assert "Protest" in {c.event_type for c in found.claims}  # a capitalised word on the line before is no name's


def test_troops_met_on_arrival_are_welcomed(extractor):
    text = "The plane landed in Yerevan on Saturday, where the troops were met by Defence Minister Suren Papikyan."
    types = {c.event_type for c in _extract(extractor, text, "en", "2022-01-16").claims}
    assert "WelcomeCeremony" in types and "Meeting" not in types
    types = {c.event_type for c in _extract(extractor, "The proposal was met by criticism.", "en").claims}
    assert "WelcomeCeremony" not in types
    text = "Belarusian peacekeepers returned home on Tuesday and were met with a ceremony at an airfield in Vitebsk."
    types = {c.event_type for c in _extract(extractor, text, "en", "2022-01-19").claims}
    assert "WelcomeCeremony" in types and "Meeting" not in types


@pytest.mark.parametrize(
    ("text", "language", "not_wanted"),
    [
        # the probes' set A: a guard of honour guards nothing; the injured going to doctors ask no one for help
        ("The peacekeepers were given a formal send-off with a guard of honour and a military band.", "en",
         "Guarding"),
        ("Почти 2,5 тыс. человек обратились за медицинской помощью за время беспорядков.", "ru",
         "RequestForAssistance"),
        ("За медпомощью обратились более 2 тыс. человек.", "ru", "RequestForAssistance"),
    ],
)  # fmt: skip
def test_words_that_look_like_an_event_and_are_none(extractor, text, language, not_wanted):
    assert not_wanted not in {c.event_type for c in _extract(extractor, text, language, "2022-01-14").claims}


def test_a_feasts_day_is_a_date_and_a_square_a_place_neither_a_person(extractor):
    """Blind trial 40: "New Year's Day" and "Republic Square" were proposed as new people, and the day of the price
    rise was not read."""
    text = "The price of gas doubled on New Year's Day, and crowds gathered on Republic Square in Almaty."
    found = _extract(extractor, text, "en", "2022-01-06")
    assert [(d.words, d.first.isoformat()) for d in found.dates] == [("New Year's Day", "2022-01-01")]
    new = {m.text: m.kind for m in found.mentions if m.how == "new"}
    assert new == {"Republic Square": "place"}
    found = _extract(extractor, "Mr Day and Anna Year met President Tokayev.", "en", "2022-01-06")
    assert not found.dates  # a name ending in the word is no feast


def test_the_grain_factory_is_linked_by_its_other_russian_name(extractor):
    """Blind trial 40: «Аксайского хлебокомбината» was proposed as a new place beside kg:aksai-grain-factory."""
    found = _extract(extractor, "Миротворцы ОДКБ охраняли территорию Аксайского хлебокомбината.", "ru", "2022-01-13")
    assert ("guardedObject", ns.KG + "aksai-grain-factory") in _roles_of(found, "Guarding")
    assert not [m for m in found.mentions if m.how == "new"]


@pytest.mark.parametrize(
    ("text", "language", "not_wanted"),
    [
        # blind trial 40: an explainer's question, a meeting set for a day, a member state: none is the event
        ("Why did the CSTO send troops? The alliance answered a request.", "en", "Deployment"),
        ("Заседание, назначенное на 6 января, пройдет в Москве.", "ru", "Appointment"),
        ("Each member state sent a contingent to Kazakhstan.", "en", "Statement"),
    ],
)  # fmt: skip
def test_a_question_a_day_set_and_a_member_state_are_no_events(extractor, text, language, not_wanted):
    assert not_wanted not in {c.event_type for c in _extract(extractor, text, language, "2022-01-05").claims}


def test_an_appointment_to_a_post_is_still_one(extractor):
    found = _extract(extractor, "Указом президента Смаилов назначен на должность премьер-министра.", "ru", "2022-01-11")
    assert ("theme", ns.KG + "smailov") in _roles_of(found, "Appointment")
    found = _extract(extractor, "The CSTO sent troops to Kazakhstan on Thursday.", "en", "2022-01-07")
    assert "Deployment" in {c.event_type for c in found.claims}


def test_a_live_blogs_rubric_is_no_new_name(extractor):
    """Blind trial 41: "10:40 Summary: …" in a live blog proposed an organisation "Summary", and made it an agent."""
    text = "Live updates.\n10:40 Summary: Russian paratroopers landed in Almaty five days ago."
    found = _extract(extractor, text, "en", "2022-01-11")
    assert "Summary" not in {m.text for m in found.mentions}
    text = "Хроника дня.\n10:40 Главное: российские десантники прибыли в Алматы."
    assert "Главное" not in {m.text for m in _extract(extractor, text, "ru", "2022-01-11").mentions}


def test_a_chronicles_day_headings_date_their_entries(extractor):
    """Blind trial 41: a chronicle's «13 января.», «14 января.» opening its paragraphs left every event under them
    undated; a dateline («АЛМАТЫ, 13 января.») heads nothing, and another's words («по его словам») keep no day."""
    text = (
        "Хроника вывода.\n\n"
        "13 января. В Алматы прошла церемония проводов миротворцев.\n\n"
        "14 января. Белорусские миротворцы вылетели из Казахстана.\n\n"
        "20 января. Зась выступил в Госдуме. По его словам, операция в Казахстане завершилась без потерь.\n"
    )
    found = _extract(extractor, text, "ru", "2022-01-21")
    send_off = next(c for c in found.claims if c.event_type == "SendOffCeremony")
    assert send_off.date is not None and send_off.date.first.isoformat() == "2022-01-13"
    assert any("chronicle" in note for note in send_off.because)
    withdrawal = next(c for c in found.claims if c.event_type == "Withdrawal")
    assert withdrawal.date is not None and withdrawal.date.first.isoformat() == "2022-01-14"
    assert all(c.date is None for c in found.claims if c.event_type == "Completion")
    text = "Хроника.\n\n13 января\nВ Алматы прошла церемония проводов миротворцев.\n\n14 января\nМиротворцы вылетели.\n"
    send_off = next(
        c for c in _extract(extractor, text, "ru", "2022-01-21").claims if c.event_type == "SendOffCeremony"
    )
    assert send_off.date is not None and send_off.date.first.isoformat() == "2022-01-13"  # a day alone on its line
    text = (
        "АЛМАТЫ, 13 января. В Алматы прошла церемония проводов миротворцев.\n\nАЛМАТЫ, 14 января. Миротворцы улетели."
    )
    found = _extract(extractor, text, "ru", "2022-01-14")
    assert all(c.date is None for c in found.claims if c.event_type == "SendOffCeremony")


def test_a_live_blogs_day_is_not_that_of_what_an_entry_counts_back_or_forward_to(extractor):
    """Blind trial 41: "five days after the first paratroopers landed", "expected to be announced in the coming days"
    were dated by the blog's day; the entry's saying still is."""
    text = (
        "LIVE: Tokayev addresses parliament\n\n"
        "10:02 Tokayev has begun speaking in the Mazhilis.\n\n"
        "12:05 The Interior Ministry says 9,900 people have been detained since the unrest began.\n\n"
        "12:30 Five days after Russian paratroopers landed in Kazakhstan, Tokayev declared their job done. "
        "The composition of the cabinet is expected to be announced in the coming days.\n"
    )
    found = _extract(extractor, text, "en", "2022-01-11")
    said = next(c for c in found.claims if c.event_type == "Statement" and "9,900" in c.quote)
    assert said.date is not None and said.date.first.isoformat() == "2022-01-11"
    for event_type in ("Arrival", "Arrest", "Announcement"):
        assert all(c.date is None for c in found.claims if c.event_type == event_type), event_type
    # (a second reading: «через Оренбург» is a way, not a time)
    text = (
        "Онлайн: вывод\n\n10:05 Начался вывод миротворцев.\n\n"
        "10:30 Белорусские миротворцы вылетели в Минск через Оренбург.\n"
    )
    left = [c for c in _extract(extractor, text, "ru", "2022-01-14").claims if c.event_type == "Withdrawal"]
    assert left and all(c.date is not None and c.date.first.isoformat() == "2022-01-14" for c in left)


def test_members_listed_in_running_text_or_after_what_the_alliance_is(extractor):
    """Blind trial 41: «Кыргызстан состоит в ОДКБ вместе с …, Таджикистаном и Узбекистаном» (a planted error) and
    "What is the CSTO? - A military alliance of six former Soviet republics: Russia, …" proposed no membership."""
    text = "Кыргызстан состоит в ОДКБ вместе с Россией, Казахстаном, Таджикистаном и Узбекистаном."
    found = _extract(extractor, text, "ru", "2022-01-14")
    members = {c.fact[0] for c in found.claims if c.fact and c.fact[1] == "memberOf"}
    assert {ns.KG + "uzbekistan", ns.KG + "kyrgyzstan", ns.KG + "russia"} <= members
    text = "What is the CSTO?\n- A military alliance of six former Soviet republics: Russia, Belarus and Armenia."
    found = _extract(extractor, text, "en", "2022-01-10")
    facts = {c.fact for c in found.claims if c.fact and c.fact[1] == "memberOf"}
    assert (ns.KG + "belarus", "memberOf", ns.KG + "csto") in facts
    text = "Troops from Russia, Belarus and Armenia arrived in Almaty."
    assert not [c for c in _extract(extractor, text, "en", "2022-01-10").claims if c.fact]
    # (a second reading: another grouping's list is not the alliance's named before it)
    text = (
        "The CSTO sent troops to Kazakhstan. The Organization of Turkic States, a grouping of five states: Turkey, "
        "Azerbaijan, Kazakhstan, Kyrgyzstan and Uzbekistan, held a video call."
    )
    assert not [c for c in _extract(extractor, text, "en", "2022-01-10").claims if c.fact and c.fact[1] == "memberOf"]


def test_roles_stay_with_their_own_verb_in_a_list_of_deeds(extractor):
    """Blind trial 41: "accepted the resignation of the government, named Alikhan Smailov acting prime minister" made
    Smailov an agent of the resignation; «Белорусские миротворцы вылетели …, армянские — на трёх» made Armenia a
    place the Belarusians left."""
    text = "Tokayev accepted the resignation of the government, named Alikhan Smailov acting prime minister."
    resignation = next(c for c in _extract(extractor, text, "en", "2022-01-06").claims if c.event_type == "Resignation")
    assert ns.KG + "smailov" not in {t for _, t in resignation.roles}
    text = "Белорусские миротворцы вылетели из Казахстана на десяти самолётах, армянские — на трёх."
    withdrawal = next(c for c in _extract(extractor, text, "ru", "2022-01-14").claims if c.event_type == "Withdrawal")
    assert ("origin", ns.KG + "kazakhstan") in withdrawal.roles
    assert ns.KG + "armenia" not in {t for _, t in withdrawal.roles}


def test_an_explainers_entry_takes_no_place_from_the_entry_before(extractor):
    """Blind trial 41: "- Protests … began in Zhanaozen, in Mangystau Region" then "- On 6 January the CSTO began
    deploying a peacekeeping force" sent the force to Mangystau; «Из Алматы в Россию вылетели» left Russia."""
    text = (
        "What happened?\n"
        "- Protests against fuel prices began in Zhanaozen, in Mangystau Region, on 2 January.\n"
        "- On 6 January the Collective Security Treaty Organization began deploying a peacekeeping force.\n"
    )
    found = _extract(extractor, text, "en", "2022-01-13")
    deployment = next(c for c in found.claims if c.event_type == "Deployment")
    assert ns.KG + "mangystau-region" not in {t for _, t in deployment.roles}
    text = "Из Алматы в Россию вылетели 15 самолётов с российскими десантниками."
    withdrawal = next(c for c in _extract(extractor, text, "ru", "2022-01-16").claims if c.event_type == "Withdrawal")
    assert ("destination", ns.KG + "russia") in withdrawal.roles and ("origin", ns.KG + "almaty") in withdrawal.roles


def test_a_name_in_an_aside_about_another_plays_no_part(extractor):
    """Blind trial 41: "Karim Masimov, a long-time Nazarbayev ally, was removed as head of the KNB" made Masimov and
    Nazarbayev its agents and no one its theme; "Tokayev, speaking after Putin, said" made Putin the speaker."""
    text = "Karim Masimov, a long-time Nazarbayev ally, was removed as head of the National Security Committee."
    dismissal = next(c for c in _extract(extractor, text, "en", "2022-01-19").claims if c.event_type == "Dismissal")
    assert ("theme", ns.KG + "masimov") in dismissal.roles
    assert not {t for r, t in dismissal.roles if r == "agent"}
    text = "Tokayev, speaking after Putin, said the mission was over."
    statement = next(c for c in _extract(extractor, text, "en", "2022-01-19").claims if c.event_type == "Statement")
    assert [t for r, t in statement.roles if r == "agent"] == [ns.KG + "tokayev"]
    # (a second reading: a list of names is no aside)
    text = "Putin, Lukashenko, Pashinyan and Tokayev met on January 10."
    meeting = next(c for c in _extract(extractor, text, "en", "2022-01-11").claims if c.event_type == "Meeting")
    assert ns.KG + "lukashenko" in {t for _, t in meeting.roles}


def test_what_an_approval_approves_is_no_deployment_that_day(extractor):
    """Blind trial 41: «7 января парламент … дал согласие на отправку 150 военнослужащих в состав миротворческих сил
    ОДКБ» was the CSTO's deployment, dated 7 January, with the Kyrgyz contingent's figure."""
    for text, language in (
        ("7 января парламент дал согласие на отправку 150 военнослужащих в состав миротворческих сил ОДКБ.", "ru"),
        ("On January 7 the parliament approved the deployment of 150 troops to Kazakhstan.", "en"),
    ):
        found = _extract(extractor, text, language, "2022-01-14")
        assert "Approval" in {c.event_type for c in found.claims}, text
        assert "Deployment" not in {c.event_type for c in found.claims}, text


def test_a_new_russian_name_after_a_given_name_that_does_not_decline(extractor):
    """Blind trial 41: «с вице-премьером Ералы Тугжановым» proposed kg:yeraly-tugzhanovym, «Ералы Тугжановым»."""
    text = "4 января правительственная комиссия во главе с вице-премьером Ералы Тугжановым встретилась с протестующими."
    found = _extract(extractor, text, "ru", "2022-01-07")
    keys = {m.key for m in found.mentions if m.how == "new"}
    assert "yeraly-tugzhanov" in keys and "yeraly-tugzhanovym" not in keys


def test_a_request_for_help_is_addressed_to_an_alliance_and_a_saying_to_its_own_subject(extractor):
    """Blind trial 41: a request for help took the force (or the Russian contingent) named in the sentence before as
    its addressee; "…, his press service says" made Smailov, named before, the speaker."""
    text = (
        "The force was made up mostly of Russian paratroopers. "
        "Tokayev made his appeal in a televised address late on Wednesday."
    )
    request = next(
        c for c in _extract(extractor, text, "en", "2022-01-06").claims if c.event_type == "RequestForAssistance"
    )
    assert not [t for r, t in request.roles if r == "addressee"]
    text = "Tokayev has signed the decree appointing Smailov prime minister, his press service says."
    said = [c for c in _extract(extractor, text, "en", "2022-01-11").claims if c.event_type == "Statement"]
    assert all(ns.KG + "smailov" not in {t for _, t in c.roles} for c in said)


def test_a_fronted_phrase_dates_its_sentence_unless_it_is_another_events_time(extractor):
    """ "In a televised address on Tuesday, Tokayev said" was undated; "After the riots on January 5, the CSTO sent
    troops" dated the sending 5 January."""
    text = "In a televised address on Tuesday, Tokayev said the mission was over."
    said = next(c for c in _extract(extractor, text, "en", "2022-01-11").claims if c.event_type == "Statement")
    assert said.date is not None and said.date.first.isoformat() == "2022-01-11"
    for text in (
        "After the riots on January 5, the CSTO sent troops.",
        "In response to the riots of January 5, the CSTO sent troops to Kazakhstan.",  # (a second reading)
    ):
        sent = next(c for c in _extract(extractor, text, "en", "2022-01-11").claims if c.event_type == "Deployment")
        assert sent.date is None, text


def test_who_took_over_a_post_from_whom(store):
    """Trial 42: "named First Deputy Prime Minister Alikhan Smailov acting prime minister. He also took over from
    former president Nursultan Nazarbayev as chairman of the Security Council" appointed a new entity «First», made
    Smailov (named last) the one who took over, and the presidency the post; Nazarbayev held the chair undated."""
    text = (
        "On Wednesday Tokayev accepted the resignation of Prime Minister Askar Mamin's government and named First "
        "Deputy Prime Minister Alikhan Smailov acting prime minister. He also took over from former president "
        "Nursultan Nazarbayev as chairman of the Security Council."
    )
    snapshot = ox.Store()
    snapshot.load(path=str(ROOT / "graph" / "wikidata" / "snapshot.ttl"), format=ox.RdfFormat.TURTLE)
    found = _extract(Extractor(store, snapshot, Requirements(Project(ROOT))), text, "en", "2022-01-06")
    assert "First" not in {m.text for m in found.mentions if m.how == "new"}
    appointment = next(c for c in found.claims if c.event_type == "Appointment")
    assert ("theme", ns.KG + "smailov") in appointment.roles
    transfer = next(c for c in found.claims if c.event_type == "Transfer")
    assert ("agent", ns.KG + "nazarbayev") in transfer.roles and ("addressee", ns.KG + "tokayev") in transfer.roles
    assert ("officeConcerned", ns.KG + "chair-of-security-council-of-kazakhstan") in transfer.roles
    assert ns.KG + "smailov" not in {t for _, t in transfer.roles}
    # the graph's handing on of that chair, not the presidency's in 2019 (the same two people)
    assert transfer.event == ns.KG + "security-council-chair-transfer"
    assert (ns.KG + "nazarbayev", "holds", ns.KG + "chair-of-security-council-of-kazakhstan") not in {
        c.fact for c in found.claims if c.fact
    }


def test_whose_relative_and_the_time_of_another_deed_play_no_part(store):
    """Trial 43: «зять Назарбаева Тимур Кулибаев покинул пост» made Nazarbayev an agent; trial 42: "Smailov had served
    as acting head of government since the resignation of Askar Mamin's cabinet" made Smailov the one resigning."""
    wanting = Extractor(store, requirements=Requirements(Project(ROOT)))
    text = "Накануне, 17 января, зять Назарбаева Тимур Кулибаев покинул пост председателя президиума палаты."
    resigned = next(c for c in _extract(wanting, text, "ru", "2022-01-18").claims if c.event_type == "Resignation")
    assert ns.KG + "nazarbayev" not in {t for _, t in resigned.roles}
    assert ns.KG + "timur-kulibayev" in {t for r, t in resigned.roles if r == "agent"}
    # (a second reading: an adviser or a son-in-law named by his title is himself the one who acts)
    text = "Государственный советник Ерлан Карин заявил 10 января, что миссия завершится."
    said = next(c for c in _extract(wanting, text, "ru", "2022-01-11").claims if c.event_type == "Statement")
    assert ns.KG + "yerlan-karin" in {t for r, t in said.roles if r == "agent"}
    text = (
        "Smailov had served as acting head of government since the resignation of Askar Mamin's cabinet on January 5."
    )
    resigned = next(c for c in _extract(wanting, text, "en", "2022-01-12").claims if c.event_type == "Resignation")
    assert ns.KG + "smailov" not in {t for _, t in resigned.roles}


def test_an_agreement_to_send_a_force_is_an_approval_and_the_dateline_plays_no_part(extractor):
    """Trial 42: "ALMATY, Jan 6 (Steppe Wire Service) - A Russian-led military alliance agreed early on Thursday to
    send peacekeeping troops to Kazakhstan, after President Kassym-Jomart Tokayev asked for help" was a deployment
    that day, sent by the agency too; the request was addressed to the agency and to the force."""
    text = (
        "ALMATY, Jan 6 (Steppe Wire Service) - A Russian-led military alliance agreed early on Thursday to send "
        "peacekeeping troops to Kazakhstan, after President Kassym-Jomart Tokayev asked for help."
    )
    found = _extract(extractor, text, "en", "2022-01-06")
    kinds = {c.event_type for c in found.claims}
    assert "Approval" in kinds and "Deployment" not in kinds
    agency = {m.key for m in found.mentions if "Steppe" in m.text}
    assert agency and not {t for c in found.claims for _, t in c.roles} & {ns.KG + key for key in agency}
    request = next(c for c in found.claims if c.event_type == "RequestForAssistance")
    assert not [t for r, t in request.roles if r == "addressee" and t == ns.KG + "csto-peacekeeping-force"]
    said = _extract(extractor, "В четверг ОДКБ согласилась направить войска в Казахстан.", "ru", "2022-01-07")
    assert {c.event_type for c in said.claims} >= {"Approval"} and "Deployment" not in {
        c.event_type for c in said.claims
    }
    asked = _extract(extractor, "Tokayev asked the CSTO to send peacekeeping forces.", "en", "2022-01-06")
    assert all(
        ns.KG + "csto-peacekeeping-force" not in {t for r, t in c.roles if r == "addressee"} for c in asked.claims
    )


def test_a_decision_to_send_a_force_is_the_councils_approval_at_anothers_request(extractor):
    """Trial 42: «Решение о направлении миротворцев Совет коллективной безопасности ОДКБ принял в ночь на 6 января по
    просьбе президента Казахстана» gave no approval, and a request dated the night of the decision, addressed to the
    force; «назначен командующий ВДВ генерал-полковник Андрей Сердюков» made the airborne forces appoint him."""
    text = (
        "Решение о направлении миротворцев Совет коллективной безопасности ОДКБ принял в ночь на 6 января по "
        "просьбе президента Казахстана Касым-Жомарта Токаева."
    )
    found = _extract(extractor, text, "ru", "2022-01-07")
    approval = next(c for c in found.claims if c.event_type == "Approval")
    assert approval.event == ns.KG + "csto-article-4-decision"
    assert {t for r, t in approval.roles if r == "approver"} == {ns.KG + "csto-collective-security-council"}
    request = next(c for c in found.claims if c.event_type in ("Request", "RequestForAssistance"))
    assert request.date is None
    assert ns.KG + "csto-peacekeeping-force" not in {t for _, t in request.roles}
    sent = _extract(extractor, "The CSTO decided to send troops on Thursday.", "en", "2022-01-07")
    assert {c.event_type for c in sent.claims} >= {"Approval"} and "Deployment" not in {
        c.event_type for c in sent.claims
    }
    text = "Командующим миротворческими силами назначен командующий ВДВ генерал-полковник Андрей Сердюков."
    appointed = next(c for c in _extract(extractor, text, "ru", "2022-01-07").claims if c.event_type == "Appointment")
    assert ns.KG + "russian-airborne-forces" not in {t for _, t in appointed.roles}


def test_he_removed_is_whom_the_sentence_before_is_about_and_a_state_in_force_has_no_day(store):
    """Trial 42: "…its former chairman, Karim Masimov, a close ally of Nursultan Nazarbayev, had been detained. He had
    been removed from the post earlier in the week" removed Nazarbayev; "government buildings" made the government a
    guard; a live blog's «продолжают действовать режим чрезвычайного положения» dated the state that day."""
    wanting = Extractor(store, requirements=Requirements(Project(ROOT)))
    text = (
        "Kazakhstan's National Security Committee said on Saturday that its former chairman, Karim Masimov, a close "
        "ally of Nursultan Nazarbayev, had been detained on January 6. He had been removed from the post earlier."
    )
    removed = next(c for c in _extract(wanting, text, "en", "2022-01-10").claims if c.event_type == "Dismissal")
    assert {t for r, t in removed.roles if r == "theme"} == {ns.KG + "masimov"}
    # (a second reading: not the one who acted in the sentence before, its subject)
    text = "Tokayev dismissed Masimov on January 5. He was detained on January 6."
    detained = next(c for c in _extract(wanting, text, "en", "2022-01-10").claims if c.event_type == "Arrest")
    assert {t for r, t in detained.roles if r == "theme"} == {ns.KG + "masimov"}
    text = "Peacekeepers are guarding airports, power plants and government buildings."
    guarding = next(c for c in _extract(wanting, text, "en", "2022-01-10").claims if c.event_type == "Guarding")
    assert ns.KG + "government-of-kazakhstan" not in {t for _, t in guarding.roles}
    text = (
        "Казахстан, 10 января. Хроника дня\n\n09:40 В Казахстане объявлен траур.\n\n"
        "12:20 В Алматы продолжают действовать режим чрезвычайного положения и комендантский час."
    )
    states = [
        c for c in _extract(wanting, text, "ru", "2022-01-10").claims if c.event_type in ("StateOfEmergency", "Curfew")
    ]
    assert states and all(c.date is None for c in states)


def test_a_call_with_no_one_named_is_not_the_graphs_call_of_that_day(extractor):
    """Trial 43: «Мы поговорили с ней по телефону в субботу» (an interviewer and a resident) was matched to Tokayev's
    call with Putin of that Saturday, the only call the graph has that day."""
    text = "Мы поговорили с ней по телефону в субботу, когда в части города снова появилась мобильная связь."
    calls = [c for c in _extract(extractor, text, "ru", "2022-01-10").claims if c.event_type == "PhoneCall"]
    assert calls and not any(c.matched for c in calls)


def test_a_paragraph_opening_on_the_same_day_goes_on_from_the_day_the_one_before_is_about():
    """Trial 42: «В среду, 19 января, … Отвод сил начался 13 января …» then «Отставка министра обороны. В тот же день
    Токаев освободил …» dated the dismissal 13 January; within a paragraph the same day is still the last one told."""
    text = (
        "В среду, 19 января, Минобороны России сообщило о возвращении миротворцев. Отвод сил начался 13 января.\n\n"
        "Отставка министра обороны. В тот же день Токаев освободил министра от должности."
    )
    same = next(d for d in find_dates(text, datetime.date(2022, 1, 20), "ru") if d.words == "В тот же день")
    assert same.first == datetime.date(2022, 1, 19)
    text = "13 января начался отвод сил. 19 января сообщили о завершении.\n\nВ тот же день Токаев освободил министра."
    same = next(d for d in find_dates(text, datetime.date(2022, 1, 20), "ru") if d.words == "В тот же день")
    assert same.first == datetime.date(2022, 1, 19)  # (a second reading: the paragraph before went on to the 19th)
    text = "В среду, 19 января, сообщили о возвращении. Отвод сил начался 13 января, в тот же день прошла церемония."
    same = next(d for d in find_dates(text, datetime.date(2022, 1, 20), "ru") if d.words.casefold() == "в тот же день")
    assert same.first == datetime.date(2022, 1, 13)


def test_a_paragraphs_run_in_heading_is_no_event(extractor):
    """Trial 42: «Погибшие и задержанные. По данным прокуратуры …» made the heading an arrest (of Kulibayev, named in
    the paragraph before); a short sentence with a verb of its own, or a quote, is no heading."""
    text = (
        "Зять Назарбаева Тимур Кулибаев покинул пост.\n\n"
        "Погибшие и задержанные. По данным прокуратуры, задержаны 10 тысяч человек."
    )
    quotes = {c.quote for c in _extract(extractor, text, "ru", "2022-01-20").claims}
    assert "Погибшие и задержанные" not in quotes
    text = "Kazakhstan unrest.\n\nRussia sends paratroopers. The first planes landed near Almaty on Thursday."
    assert "Deployment" in {c.event_type for c in _extract(extractor, text, "en", "2022-01-07").claims}
    text = "Еще один прибыл сегодня ранее. Всего из Алматы вылетели 19 самолетов."
    assert any(c.quote.startswith("Еще один прибыл") for c in _extract(extractor, text, "ru", "2022-01-14").claims)


def test_shots_a_video_summit_and_a_possessive_name(extractor):
    """Trial 42: "No CSTO soldier was reported to have fired on protesters" was a dismissal by the CSTO; «лидеры
    стран ОДКБ провели видеосаммит …» no meeting; "President Sooronbay Jeenbekov's office said" proposed «Sooronbay
    Jeenbekov's». (A second reading: one fired from his post still is dismissed.)"""
    found = _extract(extractor, "No CSTO soldier was reported to have fired on protesters.", "en", "2022-01-13")
    assert "Dismissal" not in {c.event_type for c in found.claims}
    for text in ("Masimov was fired on January 6.", "Tokayev fired at least five senior officials on Wednesday."):
        assert "Dismissal" in {c.event_type for c in _extract(extractor, text, "en", "2022-01-13").claims}, text
    text = "12 января лидеры стран ОДКБ провели внеочередной видеосаммит, на котором Токаев пообещал вывести войска."
    assert "Meeting" in {c.event_type for c in _extract(extractor, text, "ru", "2022-01-13").claims}
    text = "In Bishkek, President Sooronbay Jeenbekov's office said the contingent would be home within days."
    names = {m.text for m in _extract(extractor, text, "en", "2022-01-13").mentions if m.how == "new"}
    assert "Sooronbay Jeenbekov" in names and "Sooronbay Jeenbekov's" not in names


def test_what_the_alliances_force_numbers_goes_to_its_deployment(extractor):
    """Trial 42: «По данным ОДКБ, в Казахстане сейчас находятся 2030 военнослужащих и 250 единиц техники» read both
    figures and gave them to nothing; a member's contingent's figure alone is not the alliance's."""
    text = "По данным ОДКБ, в Казахстане сейчас находятся 2030 военнослужащих и 250 единиц техники."
    (figures,) = [c for c in _extract(extractor, text, "ru", "2022-01-10").claims if c.quantities]
    assert figures.event == ns.KG + "csto-deployment" and figures.evidence == "figure:force"
    assert {q.value for q in figures.quantities} == {2030, 250}
    # (a second reading: not a member's contingent of the force, another force of the alliance's, another body's)
    for text in (
        "The Kyrgyz contingent of the CSTO force in Kazakhstan numbered 150 servicemen.",
        "The CSTO's Collective Rapid Reaction Force numbers about 20,000 servicemen.",
        "The United Nations has about 90,000 peacekeepers serving around the world.",
        "Russia, the CSTO's leading member, has about 900,000 active servicemen.",
        "Correction: an earlier version of this story said 2,500 CSTO servicemen were in Kazakhstan.",
    ):
        assert not [c for c in _extract(extractor, text, "en", "2022-01-10").claims if c.quantities], text


@pytest.mark.parametrize(
    "text, language, wanted",
    [
        (
            "The unrest caused the deaths of 225 people, 4,578 were injured.",
            "en",
            [("225 people", "PeopleKilled"), ("4,578 were injured", "PeopleInjured")],
        ),
        # trial 43: the part of the dead of the security forces, said after the number
        (
            "19 of the dead were members of law-enforcement agencies.",
            "en",
            [("19 of the dead", "SecurityForcesKilled")],
        ),
    ],
)
def test_parts_of_the_toll(text, language, wanted):
    """(A second reading: "the deaths of 225 people, 4,578 were injured" lost the injured as a part of the dead.)"""
    assert [(q.words, q.counted) for q in find_quantities(text, language)] == wanted


def test_a_toll_taken_back_or_of_another_year_goes_to_no_event(extractor):
    """Trial 43: "a figure of 164 dead circulated …, but it was withdrawn within hours as a technical error" and
    trial 40's «декабрь 2011 года, когда … погибли 16 человек» were given to the unrest of January 2022."""
    for text, language in (
        ("On January 9 a figure of 164 dead circulated, but it was withdrawn within hours as a technical error.", "en"),
        ("Город помнит декабрь 2011 года, когда при разгоне забастовки здесь погибли 16 человек.", "ru"),
    ):
        assert not [c for c in _extract(extractor, text, language, "2022-01-16").claims if c.quantities], text
    for text in (
        "Officials said 225 people were killed in the unrest.",
        # (a second reading: a year in passing, troops withdrawn)
        "At least 225 people were killed in the worst violence since independence in 1991.",
        "By the time the peacekeepers were withdrawn, 225 people had been killed.",
    ):
        assert [c for c in _extract(extractor, text, "en", "2022-01-16").claims if c.quantities], text


def _local_roles(claim) -> set[tuple[str, str]]:
    return {(role, target.rsplit("/", 1)[-1]) for role, target in claim.roles}


def test_a_meetings_topic_and_a_video_call_give_it_no_place(extractor):
    """Trial 44: "met today by video link for an extraordinary session … devoted to the crisis in Kazakhstan" placed
    the CSTO summit in Kazakhstan and made "the heads of state and government" the Kazakh government's part (0.89,
    accepted); trial 44's «тема Казахстана всплыла и на переговорах … в Женеве» placed the talks in Kazakhstan too."""
    text = (
        "The heads of state and government of the six member states of the Collective Security Treaty Organization "
        "met today by video link for an extraordinary session of the Collective Security Council devoted to the "
        "crisis in Kazakhstan."
    )
    summit = next(c for c in _extract(extractor, text, "en", "2022-01-10").claims if c.event_type == "Meeting")
    assert not {r for r in _local_roles(summit) if r[0] == "location"}
    assert ("participant", "government-of-kazakhstan") not in _local_roles(summit)
    text = (
        "Тем временем тема Казахстана всплыла и на переговорах министра иностранных дел России Сергея Лаврова с "
        "госсекретарём США Энтони Блинкеном, которые прошли сегодня в Женеве."
    )
    talks = next(c for c in _extract(extractor, text, "ru", "2022-01-21").claims if c.event_type == "Meeting")
    assert {r for r in _local_roles(talks) if r[0] == "location"} == {("location", "geneva")}
    text = "Tokayev and Putin met in Moscow on Tuesday."  # a place of its own stays
    meeting = next(c for c in _extract(extractor, text, "en", "2022-01-13").claims if c.event_type == "Meeting")
    assert ("location", "moscow") in _local_roles(meeting)


def test_the_object_of_a_first_verb_does_not_do_the_second(extractor):
    """Trial 45: "he dismissed Defence Minister Murat Bektanov and appointed Ruslan Zhaksylykov in his place" made
    Bektanov the one who appointed; "Tokayev and Putin met" keeps both."""
    text = "On the same Wednesday he dismissed Defence Minister Murat Bektanov and appointed Ruslan Zhaksylykov."
    claims = _extract(extractor, text, "en", "2022-01-19").claims
    appointment = next(c for c in claims if c.event_type == "Appointment")
    assert ("agent", "murat-bektanov") not in _local_roles(appointment)
    assert ("theme", "murat-bektanov") in _local_roles(next(c for c in claims if c.event_type == "Dismissal"))
    text = "Tokayev dismissed the government and appointed Alikhan Smailov acting prime minister."
    appointment = next(c for c in _extract(extractor, text, "en", "2022-01-06").claims if c.event_type == "Appointment")
    assert ("agent", "tokayev") in _local_roles(appointment)


def test_neither_nor_is_a_negation_and_no_name(extractor):
    """Trial 45: "Neither Moscow nor Nur-Sultan has said when the troops will leave" was a statement by a new entity
    «Neither»."""
    found = _extract(extractor, "- Neither Moscow nor Nur-Sultan has said when the troops will leave.", "en")
    assert not [c for c in found.claims if c.event_type == "Statement"]
    assert not [m for m in found.mentions if m.text.casefold() == "neither"]


def test_an_approved_sending_is_no_deployment(extractor):
    """Trial 45: "Kyrgyzstan's parliament approved sending 150 soldiers on Friday" was also a deployment by the
    parliament, sent by Tajikistan (named in the sentence before)."""
    text = "- Armenia has pledged 100 troops and Tajikistan 200. Kyrgyzstan's parliament approved sending 150 soldiers."
    types = [c.event_type for c in _extract(extractor, text, "en", "2022-01-07").claims]
    assert "Approval" in types and "Deployment" not in types


def test_a_clause_after_a_semicolon_lends_no_role_and_a_state_asks(store):
    """Trial 45: "Kazakhstan asked for help on 5 January; the first Russian paratroopers landed a day later" made
    the Russian contingent the one who asked: a clause after a semicolon lends nothing to the one before it. The one
    before lends as a sentence before does, with its note ("…; he was released", "…; the next day they flew home":
    a second reading found the Return's agent taken from the sentence before instead). A state asks only as its
    clause's subject."""
    extractor = Extractor(store, requirements=Requirements(Project(ROOT)))  # it fills required roles from before
    text = "15:40 - Recap: Kazakhstan asked for help on 5 January; the first Russian paratroopers landed a day later."
    claims = _extract(extractor, text, "en", "2022-01-10").claims
    request = next(c for c in claims if c.event_type == "RequestForAssistance")
    assert _local_roles(request) == {("requester", "kazakhstan")}
    arrival = next(c for c in claims if c.event_type == "Arrival")
    if ("destination", "kazakhstan") in _local_roles(arrival):  # the clause before lends as a sentence before does
        assert any("clause before" in note for note in arrival.because)
    text = (
        "Colonel General Andrei Serdyukov attended the ceremony. "
        "During the unrest, Kyrgyz musician Vikram Ruzakhunov was detained in Almaty and shown on Kazakh television "
        '"confessing" to having been paid to take part in the riots; he was released and returned to Bishkek on '
        "January 10."
    )
    back = next(
        c
        for c in _extract(extractor, text, "en", "2022-01-12").claims
        if c.event_type == "Return" and "Bishkek" in c.quote
    )
    assert ("agent", "vikram-ruzakhunov") in _local_roles(back)
    text = "В четверг в Казахстан начали прибывать миротворцы ОДКБ, о помощи которой попросил Касым-Жомарт Токаев."
    requests = [
        c for c in _extract(extractor, text, "ru", "2022-01-07").claims if c.event_type == "RequestForAssistance"
    ]
    assert requests and all(("requester", "kazakhstan") not in _local_roles(c) for c in requests)
    for text, language in (
        (
            "Serdyukov met Tokayev in Almaty on Thursday. The Armenian peacekeepers completed their mission on "
            "January 13; the next day they flew home to Yerevan.",
            "en",
        ),
        (
            "Токаев выступил в среду. Армянские миротворцы завершили миссию 13 января; на следующий день они вернулись "
            "в Ереван.",
            "ru",
        ),
    ):
        back = next(c for c in _extract(extractor, text, language, "2022-01-14").claims if c.event_type == "Return")
        assert ("agent", "armenian-contingent") in _local_roles(back), text
        assert any("clause before" in note for note in back.because)
    for text, language in (
        ("Hundreds of citizens of Kyrgyzstan asked for help to leave Almaty on Friday.", "en"),
        ("Russian tourists stranded in Kazakhstan asked the embassy for help.", "en"),
        ("В пятницу сотни граждан Киргизии попросили о помощи.", "ru"),
    ):
        requests = [
            c
            for c in _extract(extractor, text, language, "2022-01-08").claims
            if c.event_type in ("Request", "RequestForAssistance")
        ]
        assert all(
            r[0] != "requester" or r[1] not in ("kyrgyzstan", "kazakhstan") for c in requests for r in _local_roles(c)
        ), text
    for text, language in (
        ("Kazakhstan on Wednesday asked the CSTO for help.", "en"),
        ("On Wednesday, Kazakhstan asked the CSTO for help.", "en"),
    ):
        request = next(
            c
            for c in _extract(extractor, text, language, "2022-01-08").claims
            if c.event_type in ("Request", "RequestForAssistance")
        )
        assert ("requester", "kazakhstan") in _local_roles(request), text


@pytest.mark.parametrize(
    "text, language, wanted",
    [
        ("In less than a fortnight the alliance flew in a force.", "en", [(14, "AtMost")]),
        ("The mission took two weeks.", "en", [(14, "Exactly")]),
        ("Armenian servicemen spent a week in Almaty.", "en", [(7, "Exactly")]),
        ("The curfew stayed for about a week.", "en", [(7, "About")]),
        ("Tokayev declared a two-week state of emergency.", "en", [(14, "Exactly")]),
        ("Миссия ОДКБ заняла меньше двух недель.", "ru", [(14, "AtMost")]),
        # weeks that date, that recur or that name a time are no duration
        ("A week later the last troops left.", "en", []),
        ("Officials met twice a week.", "en", []),
        ("Kazakh police detain 5,800 after week of unrest", "en", []),
        ("The CSTO refused help during the 44-Day war.", "en", []),
        ("Two weeks of headlines changed the country.", "en", []),
        # (a second reading: the calendar's last weeks, a war's name in lower case, one week counted twice, a week
        # into the mission)
        ("Over the last two weeks, Kazakh police detained people.", "en", []),
        ("The CSTO did not help Armenia during the 44-day war in 2020.", "en", []),
        ("The troops would remain in Kazakhstan for one week.", "en", [(7, "Exactly")]),
        ("Barely a week into the mission, the last Russian troops left.", "en", []),
        ("Миротворцы пробыли в стране меньше недели.", "ru", [(7, "AtMost")]),
        ("На этой неделе в Алматы открылись банки.", "ru", []),
        ("Three weeks that shook Kazakhstan", "en", []),
        ("Две недели, которые изменили Казахстан", "ru", []),
        ("Главный итог двух недель — уход Назарбаева.", "ru", []),
    ],
)
def test_weeks_are_counted_in_days(text, language, wanted):
    """Trial 45: "less than a fortnight", "took two weeks", «меньше двух недель» and "spent a week" gave no duration
    (the ontology's durations are in days)."""
    found = [(q.value, q.bound) for q in find_quantities(text, language) if q.counted == "Duration"]
    assert found == wanted
    assert all(q.unit == "Day" for q in find_quantities(text, language) if q.counted == "Duration")


@pytest.mark.parametrize(
    "text, language, words, day",
    [
        ("The price of gas doubled at the start of the year.", "en", "the start of the year", "2022-01-01"),
        ("Цены на газ выросли с Нового года.", "ru", "с Нового года", "2022-01-01"),
        ("Газ подорожал с начала года.", "ru", "с начала года", "2022-01-01"),
        ("Protests began on January 2. The same evening, police arrived.", "en", "The same evening", "2022-01-02"),
        (
            "Masimov was dismissed on January 5. Late that night, troops were asked for.",
            "en",
            "Late that night",
            "2022-01-05",
        ),
        ("Закон подписали 7 января. В тот же вечер военные вылетели.", "ru", "В тот же вечер", "2022-01-07"),
        ("Закон подписали 7 января. Вечером того же дня военные вылетели.", "ru", "Вечером того же дня", "2022-01-07"),
        ("Закон подписали 7 января. В то же утро военные вылетели.", "ru", "В то же утро", "2022-01-07"),
        ("Protests began on January 2. That night, police arrived.", "en", "That night", "2022-01-02"),
    ],
)
def test_the_years_first_day_and_the_same_evening(text, language, words, day):
    """Seven outsiders' articles said the gas price doubled "at the start of the year" and three "the same evening"
    (trials 35–45): no day was found."""
    found = {d.words: d.first.isoformat() for d in find_dates(text, datetime.date(2022, 1, 14), language)}
    assert found.get(words) == day, found


@pytest.mark.parametrize("published", ["2022-03-15", "2022-12-25"])
def test_the_start_of_the_year_is_no_day_but_in_january(published):
    """A second reading: "At the beginning of the year, Tokayev asked the CSTO for help" in March was dated 1 January,
    and «с начала года» in late December the next year's."""
    for text, language in (
        ("At the beginning of the year, Tokayev asked the CSTO for help.", "en"),
        ("Газ подорожал с начала года.", "ru"),
    ):
        assert not find_dates(text, datetime.date.fromisoformat(published), language), text


def test_a_meeting_keeps_its_place_when_a_video_is_not_how_it_was_held(extractor):
    """A second reading: "according to a video released by Akorda" took the meeting's place away."""
    text = "Tokayev met Lukashenko in Nur-Sultan on Thursday, according to a video released by Akorda."
    meeting = next(c for c in _extract(extractor, text, "en", "2022-01-14").claims if c.event_type == "Meeting")
    assert ("location", "astana") in _local_roles(meeting)


def test_the_first_verbs_object_rule_keeps_a_russian_subject_after_its_verb(extractor):
    """A second reading: «выступил Токаев и назначил …» lost its agent; ", then appointed" is the same case as "and
    appointed"."""
    text = "В среду вечером выступил Токаев и назначил Алихана Смаилова премьер-министром."
    appointment = next(c for c in _extract(extractor, text, "ru", "2022-01-12").claims if c.event_type == "Appointment")
    assert ("agent", "tokayev") in _local_roles(appointment)
    text = "On the same Wednesday he dismissed Defence Minister Murat Bektanov, then appointed Ruslan Zhaksylykov."
    appointment = next(c for c in _extract(extractor, text, "en", "2022-01-19").claims if c.event_type == "Appointment")
    assert ("agent", "murat-bektanov") not in _local_roles(appointment)


def test_no_one_is_a_negation_and_no_count(extractor):
    """A second reading: "No one was detained in Aktau on Sunday" was an arrest of one person."""
    found = _extract(extractor, "No one was detained in Aktau on Sunday, the police said.", "en", "2022-01-10")
    assert "Arrest" not in {c.event_type for c in found.claims}
    assert not [q for q in found.quantities if q.value == 1]
    found = _extract(extractor, "No protesters were detained in Aktau on Sunday.", "en", "2022-01-10")
    assert "Arrest" not in {c.event_type for c in found.claims}
    found = _extract(extractor, "No more than 10,000 people were detained, officials said.", "en", "2022-01-10")
    assert "Arrest" in {c.event_type for c in found.claims}


def test_an_aides_office_names_the_office_it_serves_and_its_holder_is_the_graphs(extractor):
    """ "The press secretary of the President of Kazakhstan Kassym-Jomart Tokayev, Berik Uali" proposed (0.94) that
    Tokayev holds the press secretary's office, and the presidency went unnamed; the name after both offices is the
    inner one's holder when the graph says so, else the aide's."""
    text = (
        "The press secretary of the President of Kazakhstan Kassym-Jomart Tokayev, Berik Uali, said that the "
        "peacekeepers could stay in the country for a week."
    )
    found = _extract(extractor, text, "en", "2022-01-10")
    assert "president-of-kazakhstan" in _linked(found)
    facts = {(c.fact[0].rsplit("/", 1)[-1], c.fact[2].rsplit("/", 1)[-1]) for c in found.claims if c.fact}
    assert ("tokayev", "president-of-kazakhstan") in facts
    assert not {f for f in facts if f[0] == "tokayev" and f[1] != "president-of-kazakhstan"}, facts
    found = _extract(extractor, "Пресс-секретарь президента Казахстана Берик Уали заявил, что миротворцы уйдут.", "ru")
    facts = {(c.fact[0].rsplit("/", 1)[-1], c.fact[2].rsplit("/", 1)[-1]) for c in found.claims if c.fact}
    assert facts and all(f[1] != "president-of-kazakhstan" for f in facts), facts


def test_who_asked_for_a_decision_did_not_make_it(extractor):
    """Trial 46: «Решение … принято Советом коллективной безопасности ОДКБ … в ответ на обращение Президента
    Республики Казахстан Касым-Жомарта Токаева» made Tokayev an approver beside the Council (0.88, accepted)."""
    text = (
        "Решение о направлении миротворческих сил принято Советом коллективной безопасности ОДКБ в ночь на 6 января "
        "на основании статьи 4 Договора о коллективной безопасности в ответ на обращение Президента Республики "
        "Казахстан Касым-Жомарта Токаева."
    )
    approval = next(c for c in _extract(extractor, text, "ru", "2022-01-07").claims if c.event_type == "Approval")
    assert ("approver", "tokayev") not in _local_roles(approval)
    assert ("approver", "csto-collective-security-council") in _local_roles(approval)
    for text in (
        "The CSTO decided to send troops at the request of President Kassym-Jomart Tokayev.",
        "The CSTO Council approved the deployment in response to a request from Tokayev.",
    ):
        approval = next(c for c in _extract(extractor, text, "en", "2022-01-07").claims if c.event_type == "Approval")
        assert ("approver", "tokayev") not in _local_roles(approval), text
    request = next(
        c for c in _extract(extractor, "Tokayev's request for help was sent on Wednesday.", "en", "2022-01-07").claims
        if c.event_type in ("Request", "RequestForAssistance")
    )  # fmt: skip
    assert ("requester", "tokayev") in _local_roles(request)  # the asking itself keeps its asker


def test_a_russian_participle_after_a_name_befalls_that_name(extractor):
    """Trial 46: «Карим Масимов, освобождённый от должности 5 января» made Masimov the dismissal's agent."""
    text = "Бывший председатель КНБ Карим Масимов, освобождённый от должности 5 января, задержан 6 января."
    dismissal = next(c for c in _extract(extractor, text, "ru", "2022-01-17").claims if c.event_type == "Dismissal")
    assert _local_roles(dismissal) == {("theme", "masimov")}


def test_the_day_an_arrest_was_told_is_not_the_arrests(extractor):
    """Trial 46: «Об аресте КНБ сообщил только 8 января» dated the arrest 8 January."""
    found = _extract(extractor, "Об аресте КНБ сообщил только 8 января.", "ru", "2022-01-17")
    arrest = next(c for c in found.claims if c.event_type == "Arrest")
    assert arrest.date is None or arrest.date.first.isoformat() != "2022-01-08"
    report = next(c for c in found.claims if c.event_type == "Report")
    assert report.date.first.isoformat() == "2022-01-08"


@pytest.mark.parametrize(
    "text, event_type",
    [
        ("Tokayev asked the alliance for help against unrest that has left dozens of people dead.", "Withdrawal"),
        ("The baker reopened on Monday as life slowly returned to Almaty, the capital of Kazakhstan.", "Return"),
        ("В Алматы вернулась мирная жизнь.", "Return"),
        ("A session of the Jogorku Kenesh planned for January 6 was postponed for lack of a quorum.", "Meeting"),
    ],
)
def test_words_that_report_no_such_event(extractor, text, event_type):
    """Trial 46: a toll "left" no one, life coming back is no return, a session postponed was not held."""
    language = "ru" if re.search("[а-я]", text) else "en"
    assert event_type not in {c.event_type for c in _extract(extractor, text, language, "2022-01-11").claims}


def test_those_events_stay_when_the_words_report_them(extractor):
    """The rules above keep the events the same words report otherwise."""
    found = _extract(extractor, "Russian troops left Almaty on Thursday.", "en", "2022-01-14")
    assert "Withdrawal" in {c.event_type for c in found.claims}
    found = _extract(extractor, "The Kyrgyz troops returned home to Bishkek on Friday.", "en", "2022-01-15")
    assert "Return" in {c.event_type for c in found.claims}
    found = _extract(extractor, "The session of the Jogorku Kenesh was held on January 7.", "en", "2022-01-10")
    assert "Meeting" in {c.event_type for c in found.claims}


def test_going_home_names_no_destination_but_the_one_said_as_home(store):
    """Trial 46: "returned home on Friday after a week in Kazakhstan" went to Kazakhstan; "began to go home" from a
    ceremony in Almaty went to Almaty; «вернулись домой из Алматы» too."""
    extractor = Extractor(store, requirements=Requirements(Project(ROOT)))  # roles from the sentences before
    for text, language, published in (
        ("Kyrgyzstan's contingent returned home on Friday after a week in Kazakhstan.", "en", "2022-01-15"),
        ("On Thursday, at a ceremony in Almaty, the first CSTO peacekeepers began to go home.", "en", "2022-01-15"),
        ("Киргизские, армянские и таджикские военные уже вернулись домой из Алматы.", "ru", "2022-01-17"),
    ):
        back = next(c for c in _extract(extractor, text, language, published).claims if c.event_type == "Return")
        assert not {r for r in _local_roles(back) if r[0] == "destination" and r[1] in ("kazakhstan", "almaty")}, text
    back = next(
        c for c in _extract(extractor, "The Kyrgyz troops returned home to Bishkek.", "en", "2022-01-15").claims
        if c.event_type == "Return"
    )  # fmt: skip
    assert ("destination", "bishkek") in _local_roles(back)


def test_in_two_days_in_a_later_paragraph_counts_from_the_day_it_is_said():
    """Trial 46: a live blog's «Через два дня начнётся поэтапный вывод» was counted from «С 5 января» an entry
    before (7 January); it is said on the blog's day, 11 January. In its own paragraph, the date before still counts."""
    blog = (
        "10:20. С 5 января Смаилов исполнял обязанности премьера.\n\n"
        "11:10. Токаев заявил, что миссия завершена. Через два дня начнётся поэтапный вывод контингента."
    )
    found = {d.words: d.first.isoformat() for d in find_dates(blog, datetime.date(2022, 1, 11), "ru")}
    assert found["Через два дня"] == "2022-01-13"
    text = "10 января Путин заявил, что через два дня начнётся вывод."
    found = {d.words: d.first.isoformat() for d in find_dates(text, datetime.date(2022, 1, 14), "ru")}
    assert found["через два дня"] == "2022-01-12"


def test_he_in_what_a_speaker_says_is_the_speaker(extractor):
    """Trial 46: "President Tokayev said on Friday that he had ordered the security forces to fire" gave the order
    to the Russian soldiers of the sentence before."""
    text = (
        "I never saw the Russian soldiers myself, people said they were guarding the airport. President Tokayev "
        "said on Friday that he had ordered the security forces to fire without warning."
    )
    order = next(c for c in _extract(extractor, text, "en", "2022-01-11").claims if c.event_type == "Order")
    assert ("agent", "tokayev") in _local_roles(order)
    assert ("agent", "russian-contingent") not in _local_roles(order)


def test_no_agent_is_carried_to_a_clause_that_names_its_doers_or_opens_on_it(store):
    """Trial 46: "Some 2,000 foreign soldiers guarded airports" was the Kremlin's guarding (from the sentence before);
    "- It guards airports" the guarding of the commander named the line before."""
    extractor = Extractor(store, requirements=Requirements(Project(ROOT)))  # roles from the sentences before
    text = (
        "For once the Kremlin appears keen to be seen leaving.\n\nThe bill will come later. Some 2,000 foreign "
        "soldiers guarded airports and power plants while Kazakh forces did the shooting."
    )
    guarding = next(c for c in _extract(extractor, text, "en", "2022-01-14").claims if c.event_type == "Guarding")
    assert not {r for r in _local_roles(guarding) if r[0] == "agent"}
    text = (
        "- It is commanded by Colonel General Andrei Serdyukov.\n\nWhat does it do?\n"
        "- It guards airports, power stations and government buildings."
    )
    guarding = next(c for c in _extract(extractor, text, "en", "2022-01-14").claims if c.event_type == "Guarding")
    assert ("agent", "andrey-serdyukov") not in _local_roles(guarding)


def test_the_alliances_leaders_meet_at_the_graphs_summit(extractor):
    """Trial 46: "The alliance's leaders hold an extraordinary summit by video link on Monday" minted a new meeting
    with no one in it, beside kg:csto-summit."""
    for text in (
        "The alliance's leaders hold an extraordinary summit by video link on Monday.",
        "The CSTO leaders held an extraordinary summit by video link on Monday.",
    ):
        summit = next(c for c in _extract(extractor, text, "en", "2022-01-14").claims if c.event_type == "Meeting")
        assert summit.matched and summit.event.endswith("/csto-summit"), text
        assert ("participant", "csto-state-leaders") in _local_roles(summit)


def test_a_state_that_sends_troops_sends_its_own_contingent(store):
    """Trial 46: «Армения направляет в Казахстан 100 военнослужащих» took the Russian contingent of the sentence
    before as what was sent, matched kg:russian-deployment and gave it Armenia's 100."""
    extractor = Extractor(store, requirements=Requirements(Project(ROOT)))  # roles from the sentences before
    text = (
        "Переброска российского контингента в Казахстан продолжается.\n\n"
        "Армения направляет в Казахстан 100 военнослужащих."
    )
    sent = [c for c in _extract(extractor, text, "ru", "2022-01-07").claims if ("sender", ns.KG + "armenia") in c.roles]
    assert sent and all(("theme", "russian-contingent") not in _local_roles(c) for c in sent)
    assert ("theme", "armenian-contingent") in _local_roles(sent[0])
    assert not sent[0].event.endswith("/russian-deployment")


def test_landing_elsewhere_is_not_the_graphs_arrival_in_kazakhstan(extractor):
    """Trial 46: the last planes landing in Russia on the way home matched kg:russian-arrival, the arrival in
    Kazakhstan, with Russia as its destination."""
    text = "Последние самолёты с российскими десантниками приземлились на аэродромах в России."
    arrival = next(c for c in _extract(extractor, text, "ru", "2022-01-20").claims if c.event_type == "Arrival")
    assert ("destination", "russia") in _local_roles(arrival)
    assert not arrival.event.endswith("/russian-arrival")
    text = "Russian paratroopers arrived in Almaty on Thursday."  # the arrival in Kazakhstan still matches
    arrival = next(c for c in _extract(extractor, text, "en", "2022-01-07").claims if c.event_type == "Arrival")
    assert arrival.event.endswith("/russian-arrival"), arrival.event


def test_a_russian_participles_phrase_has_its_own_doer(extractor):
    """Trial 46: «силовые структуры … взяли под контроль аэропорт Алматы, захваченный протестующими 5 января» gave
    the protesters' seizure (matched, 0.76) to the security forces and the Russian peacekeepers."""
    text = (
        "Утром 7 января казахстанские силовые структуры при участии российских миротворцев полностью взяли под "
        "контроль международный аэропорт Алматы, захваченный протестующими 5 января."
    )
    seizure = next(c for c in _extract(extractor, text, "ru", "2022-01-07").claims if c.event_type == "Seizure")
    assert not {r for r in _local_roles(seizure) if r[0] == "agent"}, seizure.roles


def test_what_a_live_blogs_entry_tells_by_someones_words_is_not_of_its_day(extractor):
    """Trial 46: «11:10. По словам президента, … контртеррористическую операцию вели казахстанские силовые
    структуры» dated the operation by the blog's day (0.76); what the entry itself reports still is."""
    blog = (
        "Хроника дня, 11 января\n\n"
        "11:25. По словам президента, миротворцы ОДКБ охраняли стратегические объекты, а "
        "контртеррористическую операцию вели казахстанские силовые структуры.\n\n"
        "12:30. Заседание Мажилиса завершено."
    )
    claims = _extract(extractor, blog, "ru", "2022-01-11").claims
    operation = next(c for c in claims if c.event_type == "SecurityOperation")
    assert operation.date is None
    assert any(c.date and c.date.first.isoformat() == "2022-01-11" for c in claims if c.quote.startswith("Заседание"))


def test_a_name_in_what_an_english_verb_of_saying_reports_does_not_speak(store):
    """Trial 46: "The CSTO said on Thursday it would send peacekeeping forces … after President Tokayev asked" made
    Tokayev the speaker (0.61)."""
    extractor = Extractor(store, requirements=Requirements(Project(ROOT)))  # a speaker is wanted
    text = (
        "The Collective Security Treaty Organization said on Thursday it would send peacekeeping forces to "
        "Kazakhstan after President Kassym-Jomart Tokayev asked the Russian-led alliance for help."
    )
    said = [c for c in _extract(extractor, text, "en", "2022-01-06").claims if c.event_type in ("Statement", "Report")]
    assert said and all(("agent", "tokayev") not in _local_roles(c) for c in said)
    said = next(
        c for c in _extract(extractor, '"The mission is over," said Tokayev.', "en", "2022-01-12").claims
        if c.event_type == "Statement"
    )  # fmt: skip
    assert ("agent", "tokayev") in _local_roles(said)  # who says it after the words said still does


def test_a_nationwide_state_of_emergency_is_the_countrys(store):
    """Trial 46: "declared a nationwide state of emergency" took Almaty from the sentence before and matched the state
    of emergency in Almaty and Mangystau."""
    extractor = Extractor(store, requirements=Requirements(Project(ROOT)))  # roles from the sentences before
    text = (
        "On Wednesday crowds stormed the mayor's office in Almaty. Tokayev accepted the government's resignation on "
        "Wednesday and declared a nationwide state of emergency."
    )
    emergency = next(
        c for c in _extract(extractor, text, "en", "2022-01-06").claims if c.event_type == "StateOfEmergency"
    )
    assert _local_roles(emergency) == {("location", "kazakhstan")}
    assert emergency.event.endswith("/kazakhstan-state-of-emergency"), emergency.event


def test_a_forces_size_is_not_a_requests_nor_a_meetings(extractor):
    """Trial 47: "The force of 2,030 troops and 250 pieces of equipment was in place within days of President
    Tokayev's request" gave the request the force's figures; «на саммите … сообщил, что … 2030 военнослужащих» the
    summit."""
    text = (
        "The force of 2,030 troops and 250 pieces of equipment was in place within days of President Kassym-Jomart "
        "Tokayev's request."
    )
    found = _extract(extractor, text, "en", "2022-01-14")
    assert {q.value for q in found.quantities} >= {2030, 250}
    for c in found.claims:
        if c.event_type in ("Request", "RequestForAssistance", "Meeting"):
            assert not c.quantities, c


def test_a_plan_is_not_the_graphs_event_done(extractor):
    """Trial 47: «Кыргызские военнослужащие … должны вылететь в Казахстан в ближайшие часы» marked the graph's
    kg:kyrgyz-deployment, done, as planned; a plan is an event of its own."""
    text = "Кыргызские военнослужащие, по данным ведомства, должны вылететь в Казахстан в ближайшие часы."
    planned = [c for c in _extract(extractor, text, "ru", "2022-01-07").claims if c.planned]
    assert planned and all(not c.event.endswith("/kyrgyz-deployment") for c in planned)


def test_a_seizure_is_told_apart_by_what_was_seized_not_its_city(extractor):
    """Trial 47: «толпа захватила здание городского акимата» in Almaty matched the seizure of Almaty's airport."""
    text = "В среду беспорядки охватили Алматы, где толпа захватила здание городского акимата."
    seizure = next(c for c in _extract(extractor, text, "ru", "2022-01-07").claims if c.event_type == "Seizure")
    assert not seizure.event.endswith("/almaty-airport-seizure")
    seizure = next(
        c for c in _extract(extractor, "В среду протестующие захватили аэропорт Алматы.", "ru", "2022-01-07").claims
        if c.event_type == "Seizure"
    )  # fmt: skip
    assert seizure.event.endswith("/almaty-airport-seizure")


def test_a_name_with_an_age_after_it_is_a_person_and_a_relative_clause_has_its_doer(extractor):
    """Trial 47: "We spoke to Yerlan Dosmukhamedov, 52, an engineer who lives … near Almaty's second thermal power
    plant, which Kyrgyz soldiers of the CSTO force have been guarding" made the engineer a place, the guarding's."""
    text = (
        "We spoke to Yerlan Dosmukhamedov, 52, an engineer who lives a few streets from Almaty's second thermal "
        "power plant, which Kyrgyz soldiers of the CSTO force have been guarding."
    )
    found = _extract(extractor, text, "en", "2022-01-12")
    assert [m.kind for m in found.mentions if m.text == "Yerlan Dosmukhamedov"] == ["person"]
    guarding = next(c for c in found.claims if c.event_type == "Guarding")
    assert not {r for r in _local_roles(guarding) if r[1] == "yerlan-dosmukhamedov"}, guarding.roles
    assert ("agent", "kyrgyz-contingent") in _local_roles(guarding)


@pytest.mark.parametrize(
    "text, language, event_type",
    [
        ("The bloc, long dismissed as a talking shop, showed it could move fast.", "en", "Dismissal"),
        (
            "On 9 January a toll of 164, attributed to the Health Ministry, was published and then withdrawn as a "
            "technical error.",
            "en",
            "Withdrawal",
        ),
        ("For two days we had no internet and we barely left the flat.", "en", "Withdrawal"),
        ("В Бишкеке несколько десятков человек провели акцию против отправки военных в Казахстан.", "ru", "Deployment"),
    ],
)
def test_trial_47s_words_that_report_no_such_event(extractor, text, language, event_type):
    """Trial 47: disparaged is not dismissed, a figure withdrawn is no force's withdrawal, leaving the flat is no
    withdrawal, and a rally against sending troops sends none."""
    assert event_type not in {c.event_type for c in _extract(extractor, text, language, "2022-01-14").claims}


def test_removed_as_head_is_still_a_dismissal(extractor):
    """The rule above keeps "was removed as head of the National Security Committee" (an outsider's gold)."""
    text = "Karim Masimov was removed as head of the National Security Committee on Wednesday."
    assert "Dismissal" in {c.event_type for c in _extract(extractor, text, "en", "2022-01-07").claims}


def test_a_statement_is_not_the_graphs_request_or_order(extractor):
    """Trials 46 and 47: "Tokayev said he was taking over as head of the Security Council" was a statement of the
    graph's kg:tokayev-request (a request is a statement too), typing the request a Statement."""
    text = "On Wednesday, January 5, Tokayev said he was taking over as head of the Security Council."
    said = next(c for c in _extract(extractor, text, "en", "2022-01-07").claims if c.event_type == "Statement")
    assert not said.event.endswith("/tokayev-request"), said.event


def test_who_tells_it_after_its_clause_takes_no_part_in_it(extractor):
    """Trial 47: "The withdrawal … has been completed, the Russian Defence Ministry said on Wednesday" made the
    ministry an agent of the completion; it is the saying's."""
    text = (
        "The withdrawal of the CSTO force from Kazakhstan has been completed, the Russian Defence Ministry said on "
        "Wednesday."
    )
    claims = _extract(extractor, text, "en", "2022-01-20").claims
    completion = next(c for c in claims if c.event_type == "Completion")
    assert ("agent", "ministry-of-defence-of-russia") not in _local_roles(completion)
    said = next(c for c in claims if c.event_type in ("Statement", "Report"))
    assert ("agent", "ministry-of-defence-of-russia") in _local_roles(said)


def test_a_word_of_a_squares_name_is_no_place_of_its_own(extractor):
    """Trial 47: «На площади Республики» proposed «Республики» as a new place, whose Wikidata candidates were five
    republics."""
    found = _extract(extractor, "На площади Республики полиция применяет светошумовые гранаты.", "ru", "2022-01-05")
    assert not [m for m in found.mentions if m.how == "new" and "Республик" in m.text]


def test_a_capitals_quote_keeps_the_word_that_says_it(extractor):
    """Trial 47: the capital's fact quoted «Almaty, the Kazakh», without "capital"."""
    text = "At a send-off ceremony in Almaty, the Kazakh capital, on Thursday, officers thanked the contingents."
    capital = next(c for c in _extract(extractor, text, "en", "2022-01-14").claims if c.fact and c.fact[1] == "capital")
    assert capital.quote == "Almaty, the Kazakh capital"


def test_two_contingents_moving_together_are_not_one_of_them_alone(extractor):
    """Trial 47: «Армянский и кыргызский контингенты вернулись на родину 14 января» matched kg:kyrgyz-return and made
    the Armenians its agents too."""
    text = "Армянский и кыргызский контингенты вернулись на родину 14 января."
    back = next(c for c in _extract(extractor, text, "ru", "2022-01-19").claims if c.event_type == "Return")
    assert not back.event.endswith("/kyrgyz-return")
    text = "Кыргызский контингент вернулся на родину 14 января."
    back = next(c for c in _extract(extractor, text, "ru", "2022-01-19").claims if c.event_type == "Return")
    assert back.event.endswith("/kyrgyz-return")


def test_a_headlines_as_clause_lends_no_role(extractor):
    """Trial 47: "Russian-led bloc to send peacekeepers as Kazakhstan unrest deepens" made Kazakhstan a sender."""
    text = "Russian-led bloc to send peacekeepers as Kazakhstan unrest deepens"
    sent = next(c for c in _extract(extractor, text, "en", "2022-01-06").claims if c.event_type == "Deployment")
    assert ("sender", "kazakhstan") not in _local_roles(sent)


def test_the_whole_country_is_nationwide_and_the_country_most_named_is_it(extractor):
    """Trial 47: «Режим чрезвычайного положения распространён на всю территорию страны», an entry of a live blog
    about Almaty, matched the state of emergency in Almaty and Mangystau; "extended a state of emergency to the whole
    country" too."""
    blog = (
        "5 января. Хроника\n\n"
        "10:00. В Алматы и Мангистауской области действует режим чрезвычайного положения. Москва следит.\n\n"
        "20:05. Режим чрезвычайного положения распространён на всю территорию страны."
    )
    emergency = [c for c in _extract(extractor, blog, "ru", "2022-01-05").claims if c.event_type == "StateOfEmergency"]
    assert emergency[-1].event.endswith("/kazakhstan-state-of-emergency"), emergency[-1].event
    text = "Protests spread in Almaty. Tokayev extended a state of emergency to the whole country."
    emergency = next(
        c for c in _extract(extractor, text, "en", "2022-01-06").claims if c.event_type == "StateOfEmergency"
    )
    assert ("location", "kazakhstan") in _local_roles(emergency)


def test_at_someones_request_dates_no_request_by_the_deeds_day(extractor):
    """Trial 47: «По просьбе президента Касым-Жомарта Токаева в страну 6 января начали прибывать миротворцы» dated
    the request 6 January and matched Tokayev's request to end the mission."""
    text = "По просьбе президента Касым-Жомарта Токаева в страну 6 января начали прибывать миротворцы ОДКБ."
    request = next(
        c
        for c in _extract(extractor, text, "ru", "2022-01-20").claims
        if c.event_type in ("Request", "RequestForAssistance")
    )
    assert request.date is None
    assert not request.event.endswith("/tokayev-end-mission-request")


def test_a_figure_of_another_years_event_is_not_given_to_the_graphs(extractor):
    """Trial 48: "In December 2011 police opened fire on striking oil workers there, and at least 14 people were
    killed" gave "more than 13 killed" to kg:kazakh-unrest (0.91, accepted)."""
    for text, language in (
        (
            "In December 2011 police opened fire on striking oil workers there, and at least 14 people were killed.",
            "en",
        ),
        ("В декабре 2011 года полиция открыла огонь по бастующим нефтяникам, погибли 16 человек.", "ru"),
    ):
        found = _extract(extractor, text, language, "2022-01-07")
        assert not [c for c in found.claims if c.evidence.startswith("figure:")], text
    found = _extract(extractor, "In January 2022, 225 people were killed in the unrest.", "en", "2022-01-16")
    assert [c for c in found.claims if c.evidence.startswith("figure:")]  # this year's toll still is


def test_a_region_in_an_apposition_with_a_figure_is_the_places_address(extractor):
    """Trial 48: "Zhanaozen, a town of about 150,000 people in the Aktobe Region" (a planted error) gave the protest a
    second location and proposed no located-in fact, so the build could not set it aside."""
    text = (
        "The protests began on Sunday in Zhanaozen, a town of about 150,000 people in the Aktobe Region, after the "
        "price of liquefied gas jumped."
    )
    found = _extract(extractor, text, "en", "2022-01-08")
    protest = next(c for c in found.claims if c.event_type == "Protest")
    assert ("location", "aktobe-region") not in _local_roles(protest)
    facts = {tuple(x.rsplit("/", 1)[-1] for x in c.fact) for c in found.claims if c.fact}
    assert ("zhanaozen", "locatedIn", "aktobe-region") in facts


def test_who_accepts_a_resignation_is_not_carried_in_as_who_resigned(store):
    """Trial 48: "Tokayev accepted the resignation of Prime Minister Askar Mamin's cabinet" (0.80) made Tokayev the
    resignation's agent."""
    extractor = Extractor(store, requirements=Requirements(Project(ROOT)))  # an agent is wanted
    text = "Earlier on Wednesday, Tokayev accepted the resignation of Prime Minister Askar Mamin's cabinet."
    resignation = next(c for c in _extract(extractor, text, "en", "2022-01-06").claims if c.event_type == "Resignation")
    assert ("agent", "tokayev") not in _local_roles(resignation)


@pytest.mark.parametrize(
    "text, event_type",
    [
        (
            "Officials describe the mission as temporary, but no date for the withdrawal has been announced.",
            "Announcement",
        ),
        ("Prices jumped on January 1, when state price controls ended.", "Statement"),
    ],
)
def test_trial_48s_words_that_report_no_such_event(extractor, text, event_type):
    """Trial 48: a date not announced is no announcement; "state price controls" states nothing."""
    assert event_type not in {c.event_type for c in _extract(extractor, text, "en", "2022-01-08").claims}


def test_zas_without_the_soft_sign_is_the_registers_zas(extractor):
    """Trial 48: «Станислав Зас» was proposed as a new person, and his office as a new holding (0.94)."""
    found = _extract(
        extractor, "Генеральный секретарь ОДКБ Станислав Зас заявил, что миссия выполнена.", "ru", "2022-01-20"
    )
    assert "zas" in _linked(found)
    assert not [m for m in found.mentions if m.how == "new" and "Зас" in m.text]


def test_due_to_the_increase_is_a_cause_not_a_plan():
    """ "due to the increase in the price" read "due" as a plan's ("due to arrive"): the rise was a plan to come, and
    no longer matched the graph's price rise once a plan stopped matching what was done."""
    text = "Massive protests broke out due to the increase in the price of liquefied gas."
    assert clause_tense(text, text.index("increase"), "en") == "past"
    text = "The troops are due to arrive on Friday."
    assert clause_tense(text, text.index("arrive"), "en") == "future"


def _claims_of(extractor, text, language, published, event_type):
    return [c for c in _extract(extractor, text, language, published).claims if c.event_type == event_type]


def test_a_second_reading_of_the_twenty_first_round(store):
    """A helper read this round's rules and probed each with sentences of its own: fifteen faults, each now kept
    from coming back here (the sentences are theirs)."""
    extractor = Extractor(store, requirements=Requirements(Project(ROOT)))
    # the asking words govern the name right after them, not the doer after it, and the asker is not carried back in
    approval = _claims_of(extractor, "In response to a call from Tokayev the CSTO approved the deployment on Wednesday "
                          "night.", "en", "2022-01-07", "Approval")[0]  # fmt: skip
    assert ("approver", "csto") in _local_roles(approval) and ("approver", "tokayev") not in _local_roles(approval)
    text = "В ответ на обращение Токаева Совет коллективной безопасности ОДКБ 6 января принял решение о направлении."
    approval = _claims_of(extractor, text, "ru", "2022-01-07", "Approval")[0]
    assert _local_roles(approval) == {("approver", "csto-collective-security-council")}
    sent = _claims_of(extractor, "По просьбе Токаева ОДКБ направила в Казахстан миротворцев.", "ru", "2022-01-07",
                      "Deployment")[0]  # fmt: skip
    assert ("agent", "csto") in _local_roles(sent)
    # a postponement in the next sentence calls off nothing in this one
    text = "Putin spoke to Tokayev by phone on Thursday. Their summit was postponed."
    assert _claims_of(extractor, text, "en", "2022-01-07", "PhoneCall")
    # «через два дня» a paragraph on, in news (no live blog's entry), counts from the date before
    text = "11 января Токаев выступил в Мажилисе.\n\nОн заявил, что через два дня начнётся поэтапный вывод миротворцев."
    days = {d.words: d.first.isoformat() for d in find_dates(text, datetime.date(2022, 1, 14), "ru")}
    assert days["через два дня"] == "2022-01-13"
    # a year named is another than the graph's tolls', not the publication's: an anniversary's toll is the unrest's
    for text, language in (
        ("In January 2022, at least 238 people were killed in the unrest.", "en"),
        ("В январе 2022 года в ходе беспорядков погибли 238 человек.", "ru"),
    ):
        assert [c for c in _extract(extractor, text, language, "2023-01-05").claims if c.quantities], text
    # «объявил» makes the resignation; only a verb that tells of it takes its day
    resignation = _claims_of(extractor, "Об отставке правительства Токаев объявил в среду, 5 января.", "ru",
                             "2022-01-14", "Resignation")[0]  # fmt: skip
    assert resignation.date is not None and resignation.date.first.isoformat() == "2022-01-05"
    # "he" is the speaker only when no one else is named between
    order = _claims_of(extractor, "Putin said Tokayev had assured him that he had ordered troops to restore order.",
                       "en", "2022-01-07", "Order")[0]  # fmt: skip
    assert ("agent", "putin") not in _local_roles(order)
    # "the National Guard" is not nationwide
    curfew = _claims_of(extractor, "Clashes broke out in Almaty overnight. A curfew was imposed as the National Guard "
                        "moved in.", "en", "2022-01-07", "Curfew")[0]  # fmt: skip
    assert ("location", "kazakhstan") not in _local_roles(curfew)
    # a toll across a comma is another clause's: the troops left
    assert _claims_of(extractor, "Russian troops left Almaty, where dozens were killed, on Thursday.", "en",
                      "2022-01-14", "Withdrawal")  # fmt: skip
    # an active participle's subject is its doer
    text = "ОДКБ, направившая в Казахстан 6 января миротворцев, заявила о начале вывода."
    assert ("agent", "csto") in _local_roles(_claims_of(extractor, text, "ru", "2022-01-10", "Deployment")[0])
    # "seized the airport in Almaty" names the airport by its word
    seizure = _claims_of(extractor, "On Wednesday protesters briefly seized the airport in Almaty.", "en",
                         "2022-01-07", "Seizure")[0]  # fmt: skip
    assert seizure.event.endswith("/almaty-airport-seizure")
    # a place whose whereabouts the register does not know is not said to lie apart
    back = _claims_of(extractor, "Российские десантники, охранявшие аэропорт Алматы, вернулись в Иваново.", "ru",
                      "2022-01-10", "Return")[0]  # fmt: skip
    assert back.matched
    # "as well as" opens no clause; "and demand" is no clause opener for "state"-like nouns
    text = "The CSTO sent troops from Russia as well as units from Belarus, Armenia, Tajikistan and Kyrgyzstan."
    assert ("theme", "kyrgyz-contingent") in _local_roles(
        _claims_of(extractor, text, "en", "2022-01-07", "Deployment")[0]
    )
    text = "Thousands of protesters rallied in Zhanaozen and demand the resignation of the government."
    assert _claims_of(extractor, text, "en", "2022-01-07", "Demand")
    # who tells it takes no part, in its own clause only; a home may be named after a time
    text = "Russian paratroopers left Almaty on Thursday, the Russian Defence Ministry said, and flew to Ivanovo."
    assert ("destination", "ivanovo") in _local_roles(_claims_of(extractor, text, "en", "2022-01-11", "Withdrawal")[0])
    text = "The Russian paratroopers flew home on Saturday to Ivanovo."
    assert ("destination", "ivanovo") in _local_roles(_claims_of(extractor, text, "en", "2022-01-17", "Return")[0])
