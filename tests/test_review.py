"""`csto-kg review`: the page under attack (Host, Origin, stalled and vanishing clients, forms posted twice, any edit
text), one session per source, nothing decided on a full disk, the counter after a second extract, edits generic
over a claim's triples (the figure bug), claims added from the text and marked as the source's error, undo at any
point, `--accept-above` and `--checked-only`. Real parts throughout: HTTP on 127.0.0.1, the command in a
pseudo-terminal, Chromium for the page."""

from __future__ import annotations

import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from csto_kg import namespaces as ns
from csto_kg.cli import main
from csto_kg.errors import KgError
from csto_kg.ingest.edits import figures_of
from csto_kg.ingest.review import EXTRACTOR, Session, load_candidates, subject_of
from csto_kg.ingest.review_page import make_review_server
from csto_kg.project import Project
from csto_kg.store import BuildDir

from .conftest import ROOT
from .test_ingest import RU_ARTICLE, Terminal, claims_in_build

EN_ARTICLE = (
    "Kazakhstan, January 13. The CSTO began the withdrawal of 2,030 soldiers and 250 vehicles from Kazakhstan on "
    "January 13.\nAlmaty, the biggest city of Kyrgyzstan, saw protests on January 5.\n"
)
# what the curators of the second batch met: a fact and an event on one sentence, a new entity one candidate proposes
# (Karazhanbasmunai), a person the register lacks (Zhaksybekov), two requests of one type on one sentence, a heading
# that runs into its sentence; the two names are made up, so that no register entry the project gains ever holds them
PROBE_ARTICLE = (
    "Almaty, January 6. Kazakh President Kassym-Jomart Tokayev accepted the government's resignation on January 5.\n"
    "Askar Zhaksybekov, the Prime Minister, left with his government.\n"
    "Oil workers at Karazhanbasmunai protested in Zhanaozen on January 4, the Ministry of Energy said.\n"
    "Tokayev asked the CSTO for help and turned to its leaders on January 5.\n"
    "Peacekeepers land in Almaty\nThe first CSTO peacekeepers landed in Almaty on January 6.\n"
)


def _run(root: Path, build_dir: Path, *args):
    return CliRunner().invoke(main, ["--root", str(root), "--build-dir", str(build_dir), *args])


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    """A project with three new articles added, built and extracted once: RU (Kaktus Media), EN (a wire with
    figures and a source's error) and PROBE (what the second batch's curators met). Tests take copies."""
    root = tmp_path_factory.mktemp("prepared")
    for folder in ("ontology", "graph", "queries", "shapes"):
        shutil.copytree(ROOT / folder, root / folder)
    build_dir = root / "build"
    assert _run(root, build_dir, "build", "--no-hermit", "-q").exit_code == 0
    ids = {}
    for name, lang, text, publisher, published in (
        ("ru", "ru", RU_ARTICLE, "Kaktus Media", "2022-01-14"),
        ("en", "en", EN_ARTICLE, "Test Wire", "2022-01-13"),
        ("probe", "en", PROBE_ARTICLE, "Probe Wire", "2022-01-06"),
    ):
        article = root / f"{name}.txt"
        article.write_text(text, encoding="utf-8")
        result = _run(root, build_dir, "add", str(article), "--publisher", publisher, "--published", published,
                      "--lang", lang)  # fmt: skip
        assert result.exit_code == 0, result.output
        ids[name] = result.output.split("added source ", 1)[1].split(":", 1)[0]
    assert _run(root, build_dir, "build", "--no-hermit", "-q").exit_code == 0
    for source in ids.values():
        assert _run(root, build_dir, "extract", source).exit_code == 0
    return root, ids


class Copy:
    """A disposable copy of the prepared project: run commands on it, open sessions, serve its page."""

    def __init__(self, prepared, tmp_path):
        original, self.ids = prepared
        self.root = tmp_path / "project"
        shutil.copytree(original, self.root, symlinks=True)
        self.project = Project(self.root)
        self.build_dir = self.root / "build"

    def __call__(self, *args):
        return _run(self.root, self.build_dir, *args)

    def cli(self, *args) -> list[str]:
        return [sys.executable, str(ROOT / "cli.py"), "--root", str(self.root), "--build-dir", str(self.build_dir),
                *args]  # fmt: skip

    def session(self, lang="ru", reviewer="tester", holder="the terminal", replace_edited=False) -> Session:
        graph = BuildDir(self.build_dir).open_store()
        return Session(self.project, self.ids[lang], reviewer, graph, holder=holder, replace_edited=replace_edited)


@pytest.fixture
def copy(prepared, tmp_path):
    return Copy(prepared, tmp_path)


class Page:
    """The review page served from a thread, and raw HTTP to it."""

    def __init__(self, session: Session, **options):
        self.session = session
        self.server, self.url = make_review_server(session, "127.0.0.1", 0, **options)
        self.port = self.server.port
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()
        self.session.close()

    def send(self, raw: bytes) -> tuple[int, dict, str]:
        with socket.create_connection(("127.0.0.1", self.port), timeout=30) as s:
            s.sendall(raw)
            data = b""
            while chunk := s.recv(65536):
                data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
        return int(lines[0].split()[1]), headers, body.decode("utf-8")

    def get(self, host: str | None = None) -> tuple[int, dict, str]:
        host = host or f"127.0.0.1:{self.port}"
        return self.send(f"GET / HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())

    def form(self) -> dict[str, str]:
        status, _, body = self.get()
        assert status == 200
        return {
            "token": re.search(r"name='token' value='([^']+)'", body).group(1),
            "version": re.search(r"name='version' value='(\d+)'", body).group(1),
            "key": (re.search(r"name='key' value='([^']+)'", body) or re.search("()", "")).group(1),
        }

    def post(self, fields: dict, origin: str | None = "own", host: str | None = None, extra: str = ""):
        body = urlencode(fields).encode()
        host = host or f"127.0.0.1:{self.port}"
        origin_line = "" if origin is None else f"Origin: {f'http://{host}' if origin == 'own' else origin}\r\n"
        head = (
            f"POST /decide HTTP/1.1\r\nHost: {host}\r\n{origin_line}{extra}"
            f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        return self.send(head.encode() + body)


# --- the page under attack -----------------------------------------------------------------------------------------


def test_the_page_answers_only_at_its_loopback_names(copy):
    page = Page(copy.session())
    try:
        for host in ("evil.example", f"evil.example:{page.port}", "127.0.0.1", f"127.0.0.2:{page.port}", "a b"):
            status, _, body = page.get(host)
            assert status == 421, host  # DNS rebinding: another name pointed at 127.0.0.1 gets nothing
            assert page.server.page.token not in body
        for host in (f"127.0.0.1:{page.port}", f"localhost:{page.port}", f"LOCALHOST:{page.port}"):
            status, _, body = page.get(host)
            assert status == 200 and page.server.page.token in body, host
        token = page.form()["token"]
        status, _, _ = page.post({"token": token, "action": "undo"}, host="evil.example")
        assert status == 421
    finally:
        page.close()


def test_the_page_takes_forms_only_from_its_own_origin(copy):
    page = Page(copy.session())
    try:
        form = page.form()
        accept = {**form, "action": "accept"}
        for origin in (
            "null",
            "http://evil.example",
            f"http://127.0.0.1:{page.port + 1}",
            f"https://127.0.0.1:{page.port}",
        ):
            status, _, _ = page.post(accept, origin=origin)
            assert status == 403, origin
        status, _, _ = page.post(accept, extra="Sec-Fetch-Site: cross-site\r\n", origin=None)
        assert status == 403
        status, _, _ = page.post({**accept, "token": "x" * 32})
        assert status == 403
        status, _, _ = page.post({**accept, "token": "токен"})  # not ASCII: refused, not a 500
        assert status == 403
        assert not page.session.decisions.items  # nothing of the above decided anything
        status, headers, _ = page.post(accept)
        assert status == 303 and headers["location"] == "/"
        assert [d.verdict for d in page.session.decisions.items] == ["accepted"]
    finally:
        page.close()


def test_each_form_acts_once_however_often_it_is_posted(copy):
    page = Page(copy.session())
    try:
        first = page.form()
        assert page.post({**first, "action": "accept"})[0] == 303
        assert page.post({**first, "action": "accept"})[0] == 303  # the same form again: the page was out of date
        second = page.form()
        assert page.post({**second, "action": "reject", "reason": "a guess"})[0] == 303
        assert [d.verdict for d in page.session.decisions.items] == ["accepted", "rejected"]
        undo = page.form()
        for _ in range(2):
            assert page.post({**undo, "action": "undo"})[0] == 303
        assert [d.verdict for d in page.session.decisions.items] == ["accepted"]  # one undo form undid one decision
        status, _, body = page.get()
        assert "out of date" in body
    finally:
        page.close()


def test_stalled_clients_cost_no_thread_and_are_dropped(copy):
    page = Page(copy.session(), head_seconds=3, body_seconds=3)  # at most 64 connections at once
    try:
        threads = threading.active_count()
        stalled = []
        for n in range(300):
            s = socket.create_connection(("127.0.0.1", page.port), timeout=60)
            s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " if n % 2 else b"POST /decide HTTP/1.1\r\n")
            stalled.append(s)
        body_stall = socket.create_connection(("127.0.0.1", page.port), timeout=60)
        token = page.server.page.token
        body_stall.sendall(
            f"POST /decide HTTP/1.1\r\nHost: 127.0.0.1:{page.port}\r\nContent-Length: 500\r\n\r\ntoken={token}".encode()
        )
        stalled.append(body_stall)
        assert page.get()[0] == 200  # served while three hundred clients hang: the oldest made room
        assert threading.active_count() == threads  # no thread per client
        for s in stalled:  # the server ends every stalled connection by itself: at its deadline, or to make room
            try:
                while s.recv(65536):
                    pass
            except ConnectionResetError:
                pass
            s.close()
        assert page.get()[0] == 200
        assert page.server.clients == 0
    finally:
        page.close()


def test_clients_that_vanish_leave_no_traceback_on_the_reviewers_terminal(copy):
    process = subprocess.Popen(
        copy.cli("review", copy.ids["ru"], "--page", "--port", "0"),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        env={**os.environ, "PYTHONFAULTHANDLER": "1"},  # SIGABRT then prints where each thread is
    )  # fmt: skip
    try:
        line = process.stderr.readline()
        port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", line).group(1))
        for n in range(200):
            s = socket.create_connection(("127.0.0.1", port), timeout=30)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            if n % 3 == 0:
                s.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
            elif n % 3 == 1:
                s.sendall(b"GET / HT")
            s.close()  # a reset before the answer is read
        with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
            s.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
            assert s.recv(12) == b"HTTP/1.1 200"
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            _, errors = process.communicate(timeout=60)
        except subprocess.TimeoutExpired:  # seen once in a full run (stop 31), never alone: say where it hung
            os.killpg(process.pid, signal.SIGABRT)
            _, errors = process.communicate(timeout=30)
            pytest.fail(f"review --page did not stop within 60 s of Ctrl-C; its threads then:\n{errors}")
    assert "Traceback" not in errors and "Error" not in errors, errors
    assert not (copy.project.candidates_dir / f"{copy.ids['ru']}.review.lock").exists()


def test_a_claim_file_edited_by_hand_is_never_replaced_without_a_word(copy):
    source = copy.ids["ru"]
    with copy.session() as session:
        session.decide(session.items()[0], "accepted")
    claims = copy.project.claims_dir / f"{source}.trig"
    written = claims.read_bytes()
    with copy.session() as session:  # as review wrote it: opens, and leaves it as it is
        pass
    assert claims.read_bytes() == written
    edited = written.replace(b"kgo:quote", b"kgo:quote", 1) + b"\n# a curator's note\nkg:x a kgo:Person .\n"
    claims.write_bytes(edited)
    with pytest.raises(KgError, match="is not what the review's decisions write") as refused:
        copy.session()
    assert f"graph/claims/{source}.trig" in str(refused.value) and "--replace-edited" in str(refused.value)
    assert claims.read_bytes() == edited  # nothing lost
    result = copy("review", source)
    assert result.exit_code == 2 and "is not what the review's decisions write" in result.output
    assert claims.read_bytes() == edited
    claims.unlink()  # a missing file is a difference too
    with pytest.raises(KgError, match="is missing"):
        copy.session()
    with copy.session(replace_edited=True):  # said so: the record's version is written
        pass
    assert claims.read_bytes() == written


def test_a_replayed_decision_passes_over_an_edit_it_took_back_whose_term_has_left_the_graph(copy):
    # asbarez's record: a fact naming an event later merged into another, taken back in the same decision
    gone = "kg:tokayev holds kg:a-holding-merged-since"
    edits = [("fact", gone), ("role", "agent kg:tokayev"), ("-fact", gone)]
    with copy.session() as session:
        candidate = session.items()[0]
        with pytest.raises(KgError, match="a-holding-merged-since"):
            session.draft(candidate, edits)  # a person typing it is told
        replayed = session.draft(candidate, edits, replay=True)
        assert replayed.quads == session.draft(candidate, [("role", "agent kg:tokayev")]).quads
        with pytest.raises(KgError, match="a-holding-merged-since"):
            session.draft(candidate, [("fact", gone)], replay=True)  # not taken back: the replay still refuses it


def test_one_review_of_a_source_at_a_time_and_the_second_is_told_who_holds_it(copy):
    source = copy.ids["ru"]
    page = Page(copy.session(reviewer="Page Person"))
    try:
        refused = copy("review", source, "--reviewer", "other")
        assert refused.exit_code == 2
        assert f"source {source} is being reviewed by reviewer page-person on the page {page.url}" in refused.output
        with pytest.raises(KgError, match="is being reviewed by reviewer page-person"):
            copy.session(reviewer="third")
        assert page.get()[0] == 200  # the holder keeps working
    finally:
        page.close()
    terminal = Terminal(*copy.cli("review", source, "--reviewer", "first")[2:])
    terminal.expect("[q]uit")
    refused = copy("review", source, "--page", "--port", "0")
    assert refused.exit_code == 2 and "being reviewed by reviewer first in the terminal" in refused.output
    os.killpg(terminal.process.pid, signal.SIGKILL)  # its lock dies with it
    terminal.close()
    with copy.session() as session:
        assert session.progress() == (0, 4)


def test_a_full_disk_decides_nothing_and_says_so(copy):
    """On a disk that takes no more than a few hundred bytes a file, the claim file cannot be written: the
    decision is not recorded either, the reviewer is told, and the review goes on."""
    source = copy.ids["ru"]

    def small_files():
        resource.setrlimit(resource.RLIMIT_FSIZE, (400, 400))

    result = subprocess.run(
        copy.cli("review", source, "--reviewer", "tester"), input="a\nq\n", capture_output=True, text=True,
        preexec_fn=small_files, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f"graph/claims/{source}.trig: cannot write: File too large: nothing was decided" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert "stopped: 0 of 4 decided" in result.stdout
    assert not (copy.project.claims_dir / f"{source}.trig").exists()
    assert not (copy.project.candidates_dir / f"{source}.decisions.trig").exists()
    resumed = subprocess.run(copy.cli("review", source), input="a\nq\n", capture_output=True, text=True, timeout=120)
    assert "stopped: 1 of 4 decided" in resumed.stdout  # with room on the disk, the same key decides


EDIT_TEXTS = [
    ("role", "a>b kg:tokayev", "'a>b' is not a term"),
    ("type", "<a b>", "'<a b>' is not an IRI"),
    ("type", "kgo:Arival", "not a class of the ontology (did you mean kgo:Arrival"),
    ("role", "theme kg:nonexistent-thing", "kg:nonexistent-thing: no such entity"),
    ("role", "agent <javascript:alert(1)>", "no such entity"),
    ("date", "2022-02-30", "is not a date"),
    ("fact", 'kg:tokayev rdfs:label "<script>alert(1)</script>', "write text in double quotes"),
    ("quantity", "many Vehicle", "is not a figure of this claim"),
    ("quantity", "19 Tanks", "not a kgo:CountedKind"),
    ("-because", "x", "takes no value"),
    ("label@en\x00", "x", "cannot be edited"),
    ("quote", "\u202e\u0000", "must occur exactly once"),
]


def test_any_edit_text_is_refused_in_one_line_and_the_page_keeps_working(copy):
    page = Page(copy.session())
    try:
        for field, value, message in EDIT_TEXTS:
            form = page.form()
            status, _, _ = page.post({**form, "action": "edit", "field": field, "value": value})
            assert status == 303
            status, _, body = page.get()
            assert status == 200
            shown = re.search(r"<p class='error' id='message'>(.*?)</p>", body).group(1)
            assert message.replace("'", "&#x27;").replace("<", "&lt;").replace(">", "&gt;") in shown, (field, shown)
            assert "<script>" not in body
        assert not page.session.pending  # nothing refused was kept
    finally:
        page.close()
    piped = subprocess.run(
        copy.cli("review", copy.ids["ru"]), input="e\nrole\na>b kg:tokayev\ne\ntype\n<a b>\nq\n",
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert piped.returncode == 0 and "Traceback" not in piped.stdout + piped.stderr
    assert "'a>b' is not a term" in piped.stdout and "'<a b>' is not an IRI" in piped.stdout


# --- the counter, the claim shown, entities checked as typed, the options ----------------------------------------


def test_the_counter_counts_what_there_is_after_a_second_extract(copy):
    source = copy.ids["ru"]
    with copy.session() as session:
        candidates = session.items()
        session.decide(candidates[0], "accepted")
        session.decide(candidates[1], "rejected", reason="a guess")
        session.decide(candidates[2], "rejected", reason="not about the mission")
        assert session.progress() == (3, 4)
    assert copy("extract", source).exit_code == 0  # the two rejected are not proposed again
    with copy.session() as session:
        assert session.progress() == (1, 2)
        assert session.position(session.current()) == 2
    result = subprocess.run(copy.cli("review", source), input="q\n", capture_output=True, text=True, timeout=120)
    assert "[2/2] Completion" in result.stdout and "(1 decided)" in result.stdout
    assert "stopped: 1 of 2 decided" in result.stdout


def test_the_terminal_shows_the_claim_it_will_write_and_redraws_it_after_each_edit(copy):
    source = copy.ids["ru"]
    terminal = Terminal(*copy.cli("review", source, "--reviewer", "tester")[2:])
    terminal.expect("[1/4] Return")
    terminal.expect("[q]uit")
    terminal.press("s")
    shown = terminal.expect("[q]uit")
    assert "[2/4] WelcomeCeremony" in shown
    assert "kg:kyrgyz-welcome kgo:location kg:ak-zhol-checkpoint" in shown
    assert "quote: «Их встречали на КПП «Ак-Жол — Автодорожный»»" in shown
    terminal.press("e")
    terminal.expect("field")
    terminal.type("role\r")
    terminal.expect("PROPERTY ENTITY")
    terminal.type("theme kg:nonexistent-thing\r")
    shown = terminal.expect("[q]uit")
    assert "kg:nonexistent-thing: no such entity in the graph" in shown  # refused as typed, not by the build
    terminal.press("e")
    terminal.expect("field")
    terminal.type("role\r")
    terminal.expect("PROPERTY ENTITY")
    terminal.type("participant kg:japarov\r")
    shown = terminal.expect("[q]uit")
    assert "kg:kyrgyz-welcome kgo:participant kg:japarov" in shown  # the claim redrawn with the edit
    terminal.press("e")  # a field and its value on one line, as the README shows (blind trial 40: refused)
    terminal.expect("field")
    terminal.type("role participant kg:tokayev\r")
    shown = terminal.expect("[q]uit")
    assert "kg:kyrgyz-welcome kgo:participant kg:tokayev" in shown and "cannot be edited" not in shown
    terminal.press("e")
    terminal.expect("field")
    terminal.type("role theme kg:nonexistent-thing\r")
    assert "kg:nonexistent-thing: no such entity in the graph" in terminal.expect("[q]uit")
    terminal.press("e")
    terminal.expect("field")
    terminal.type("because\r")
    terminal.expect("because")
    terminal.type("Japarov welcomed them, the next sentence says.\r")
    shown = terminal.expect("[q]uit")
    assert "because: Japarov welcomed them, the next sentence says." in shown  # every note shown
    terminal.press("e")
    terminal.expect("field")
    terminal.type("-because\r")
    shown = terminal.expect("[q]uit")
    assert "because:" not in shown.split("as it will be written:")[1]
    terminal.press("q")
    terminal.expect("stopped: 0 of 4 decided")
    assert terminal.close() == 0


def test_options_that_would_do_nothing_are_refused(copy):
    source = copy.ids["ru"]
    for args, message in (
        (("review", source, "--host", "127.0.0.1"), "--host: only with --page"),
        (("review", source, "--port", "8001"), "--port: only with --page"),
        (("review", source, "--page", "--accept-above", "0.9"), "--accept-above accepts without a person"),
        (("review", source, "--accept-above", "0.9", "--reviewer", "me"), "--reviewer: --accept-above attributes"),
        (("serve", "--review", source), f"the review page is `csto-kg review {source} --page` now"),
        (("--checked-only", "review", source), "--checked-only applies to"),
    ):
        result = copy(*args)
        assert result.exit_code == 2 and message in result.output, (args, result.output)


# --- edits are generic over the claim's triples ------------------------------------------------------------------


def test_edits_of_a_candidate_with_figures_go_to_its_event_not_a_figure(copy):
    """The bug that made kg:csto-withdrawal a kgo:Quantity: edits went to the first typed node of the graph."""
    with copy.session("en") as session:
        withdrawal = next(c for c in session.candidates if c.event_type == "Withdrawal")
        event = ox.NamedNode(withdrawal.subject)
        graph = ox.NamedNode(withdrawal.iri)
        assert withdrawal.subject == ns.KG + "csto-force-withdrawal"
        # whatever order the store gives the quads in, the subject is the event
        assert subject_of(list(reversed(withdrawal.quads)), graph) == subject_of(withdrawal.quads, graph)
        figures = {q.object for q in withdrawal.quads if q.predicate.value == ns.KGO + "quantity"}
        assert len(figures) == 2
        edits = [("type", "kgo:Return"), ("date", "2022-01-14"), ("role", "agent kg:csto-peacekeeping-force")]
        quads = session.draft(withdrawal, edits).quads
        about = lambda node, p: {q.object.value for q in quads if q.subject == node and q.predicate.value == p}  # noqa: E731
        assert about(event, ns.RDF_TYPE) == {ns.KGO + "Return"}
        assert about(event, ns.KGO + "date") == {"2022-01-14"}
        assert ns.KG + "csto-peacekeeping-force" in about(event, ns.KGO + "agent")
        for figure in figures:
            assert about(figure, ns.RDF_TYPE) == {ns.KGO + "Quantity"}
            assert not about(figure, ns.KGO + "date") and not about(figure, ns.KGO + "agent")


def test_figures_are_added_and_corrected_and_the_total_checked_against_its_parts(copy):
    with copy.session("en") as session:
        withdrawal = next(c for c in session.candidates if c.event_type == "Withdrawal")
        personnel = next(
            q.subject.value for q in withdrawal.quads if q.predicate.value == ns.KGO + "countOf"
            and q.object.value == ns.KGO + "Personnel"
        )  # fmt: skip
        session.edit(withdrawal, "quantity", f"{ns.curie(personnel)} 2,100 Personnel MoreThan")
        session.edit(withdrawal, "quantity", "8 ArmouredVehicle")
        session.edit(withdrawal, "quantity", "11 Automobile")
        with pytest.raises(KgError, match="not a figure of this claim"):
            session.edit(withdrawal, "-quantity", "kg:tokayev")
        lines = session.claim_lines(withdrawal)
        assert f"{ns.curie(personnel)} kgo:numericValue 2100" in lines
        assert f"{ns.curie(personnel)} kgo:bound kgo:MoreThan" in lines
        session.decide(withdrawal, "accepted")
    assert copy("build", "--no-hermit", "-q").exit_code == 0
    built = copy("sparql", "SELECT ?a ?b WHERE { ?d kgo:aspect kgo:QuantityAspect ; kgo:firstValue ?a ; "
                 "kgo:secondValue ?b }", "-f", "csv").output  # fmt: skip
    assert "250 vehicles (all kinds),8 armoured vehicles + 11 automobiles = 19" in built  # 19 against 250


def test_a_figure_is_named_by_its_number_in_the_list_and_recorded_by_its_iri(copy):
    with copy.session("en") as session:
        withdrawal = next(c for c in session.candidates if c.event_type == "Withdrawal")
        figures = [line.split(": ", 1)[1] for line in session.claim_lines(withdrawal) if line.startswith("figure #")]
        assert len(figures) >= 2
        assert session.edit(withdrawal, "quantity", "#2 19 Vehicle") == ("quantity", f"{figures[1]} 19 Vehicle")
        assert f"{figures[1]} kgo:numericValue 19" in session.claim_lines(withdrawal)
        assert session.edit(withdrawal, "-quantity", "#1") == ("-quantity", figures[0])
        lines = session.claim_lines(withdrawal)
        assert not any(line.startswith(figures[0]) for line in lines)
        assert f"figure #1: {figures[1]}" in lines  # the list renumbered; the recorded edits still name the IRIs
        with pytest.raises(KgError, match=r"#9 is not a figure of this claim \(its figures: #1 "):
            session.edit(withdrawal, "-quantity", "#9")
        session.decide(withdrawal, "accepted")
    assert copy("build", "--no-hermit", "-q").exit_code == 0


def _figures_said(session, candidate) -> list[tuple[str, str]]:
    """(number, kind) of each figure of the claim as review lists them, in the order `#N` counts them."""
    lines = session.claim_lines(candidate)
    listed = [line.split(": ", 1)[1] for line in lines if line.startswith("figure #")]
    said = {
        node: {p: v for n, p, v in (line.split(" ", 2) for line in lines) if n == node} for node in listed
    }  # fmt: skip
    return [(said[node]["kgo:numericValue"], said[node]["kgo:countOf"]) for node in listed]


def test_figures_are_numbered_as_listed_and_a_correction_keeps_to_its_figure_when_an_edit_is_taken_back(copy):
    with copy.session("en") as session:
        withdrawal = next(c for c in session.candidates if c.event_type == "Withdrawal")
        lines = session.claim_lines(withdrawal)
        # the figures' statements come in the order the numbers count them
        shown = list(dict.fromkeys(line.split(" ", 1)[0] for line in lines if " kgo:numericValue " in line))
        assert shown == [line.split(": ", 1)[1] for line in lines if line.startswith("figure #")]
        session.edit(withdrawal, "quantity", "5 Vehicle")
        session.edit(withdrawal, "quantity", "7 Personnel")
        five = next(n for n, (v, _) in enumerate(_figures_said(session, withdrawal), start=1) if v == "5")
        session.edit(withdrawal, "-quantity", f"#{five}")
        session.edit(withdrawal, "quantity", "9 Vehicle")
        nine = next(n for n, (v, _) in enumerate(_figures_said(session, withdrawal), start=1) if v == "9")
        session.edit(withdrawal, "quantity", f"#{nine} 11 Vehicle")
        session.drop_edit(withdrawal, "3")  # the 5 vehicles come back; the 9 corrected to 11 stays the 11
        values = sorted(v for v, _ in _figures_said(session, withdrawal))
        assert "5" in values and "7" in values and "11" in values and "9" not in values
        # a decision keeps the edits as recorded (a figure by its IRI), however they were typed
        session.decide(withdrawal, "accepted", edits=[("quantity", "#1 251 Vehicle"), ("-quantity", "#2")])
    record = (copy.project.candidates_dir / f"{copy.ids['en']}.decisions.trig").read_text(encoding="utf-8")
    assert r"\tquantity\tkg:" in record and r"\t-quantity\tkg:" in record and r"\t#" not in record


def test_a_reviewer_adds_a_fact_extract_missed_and_marks_it_the_sources_error(copy):
    source = copy.ids["en"]
    terminal = Terminal(*copy.cli("review", source, "--reviewer", "tester")[2:])
    terminal.expect("[q]uit")
    terminal.press("n")
    terminal.expect("words of the text")
    terminal.type("Almaty, the biggest city of Kyrgyzstan\r")
    terminal.expect("what they state")
    terminal.type("kg:almaty locatedIn kg:kyrgyzstan\r")
    shown = terminal.expect("[q]uit")
    assert (
        "kg:almaty kgo:locatedIn kg:kyrgyzstan" in shown and "quote: «Almaty, the biggest city of Kyrgyzstan»" in shown
    )
    terminal.press("e")
    terminal.expect("field")
    terminal.type("error\r")
    terminal.expect("REASON")
    terminal.type("Almaty is in Kazakhstan; the article confuses it with Bishkek\r")
    shown = terminal.expect("[q]uit")
    assert "source's error: Almaty is in Kazakhstan" in shown
    terminal.press("a")
    terminal.expect("accepted")
    terminal.expect("[q]uit")
    terminal.press("q")
    assert terminal.close() == 0
    assert copy("build", "--no-hermit", "-q").exit_code == 0
    claim = f"{ns.CLAIM}{source}/almaty-the-biggest-city-of-kyrgyzstan"
    rows = copy("sparql", f"SELECT ?why WHERE {{ <{claim}> a kgo:SourceError ; kgo:errorReason ?why }}", "-f", "csv")
    assert "marked in review: Almaty is in Kazakhstan" in rows.output
    believed = copy("sparql", "ASK { GRAPH ?g { kg:almaty kgo:locatedIn kg:kyrgyzstan } }", "-f", "csv")
    assert "false" in believed.output  # kept beside the claim, not believed
    assert claims_in_build(copy)[claim] == "https://w3id.org/csto-kg/reviewer/tester"


def test_undo_works_at_any_point_the_last_decision_included(copy):
    source = copy.ids["en"]
    terminal = Terminal(*copy.cli("review", source)[2:])
    for _ in range(2):
        terminal.expect("[q]uit")
        terminal.press("r")
        terminal.expect("reason")
        terminal.type("not in this test\r")
    terminal.expect("nothing left to decide (2 of 2 decided, 0 skipped)")
    terminal.press("u")
    terminal.expect("undone: rejected")
    terminal.expect("[2/2]")
    terminal.expect("[q]uit")
    terminal.press("q")
    terminal.expect("stopped: 1 of 2 decided")
    assert terminal.close() == 0


# --- accepted without a person ------------------------------------------------------------------------------------


def accepted_and_built(copy, text: str, publisher: str, published: str, lang: str = "ru") -> str:
    """An article added, extracted, every candidate accepted without a person, and the build taking them."""
    article = copy.root / "article.txt"
    article.write_text(text, encoding="utf-8")
    added = copy("add", str(article), "--publisher", publisher, "--published", published, "--lang", lang)
    assert added.exit_code == 0, added.output
    source = added.output.split("added source ", 1)[1].split(":", 1)[0]
    assert copy("extract", source).exit_code == 0
    result = copy("review", source, "--accept-above", "0")
    assert result.exit_code == 0, result.output
    built = copy("build", "--no-hermit", "-q")
    assert built.exit_code == 0, built.output
    return source


def test_what_accept_above_leaves_to_a_person_is_named_with_why(copy):
    """Trial 35: 7 of 43 candidates at or above the bar were left undecided with no word of them."""
    article = copy.root / "article.txt"
    article.write_text("Unidentified gunmen seized the airport on Wednesday.\n", encoding="utf-8")
    added = copy("add", str(article), "--publisher", "Left Wire", "--published", "2022-01-12", "--lang", "en")
    source = added.output.split("added source ", 1)[1].split(":", 1)[0]
    assert copy("extract", source).exit_code == 0
    result = copy("review", source, "--accept-above", "0")
    assert result.exit_code == 0, result.output
    left = [line for line in result.output.splitlines() if line.startswith("  left to a person: seizure-")]
    assert len(left) == 1 and "not what the build takes as it stands (the shapes want kgo:theme" in left[0], (
        result.output
    )
    decided, total = re.search(r"(\d+) of (\d+) decided", result.output).groups()
    assert int(total) - int(decided) >= 1


def test_new_events_of_one_type_from_one_article_get_labels_of_their_own(copy):
    """An outsider's trial: three undated statements of one article, accepted without a person, were three new
    events labelled "Statement (SOURCE)" each, and the build refused them (check:shared-label-violation)."""
    text = "Tokayev said the situation was stable. Pashinyan said the troops were ready. Putin said it was a success.\n"
    source = accepted_and_built(copy, text, "Label Wire", "2022-01-08", lang="en")
    query = (f"SELECT ?label WHERE {{ ?e rdfs:label ?label . FILTER(LANG(?label) = 'en' "
             f"&& STRSTARTS(STR(?label), 'Statement ({source}')) }}")  # fmt: skip
    rows = [row.strip('"') for row in copy("sparql", query, "-f", "csv").output.splitlines()[1:]]
    assert sorted(rows) == [f"Statement ({source})", f"Statement ({source}, 2)", f"Statement ({source}, 3)"], rows


def test_a_night_named_by_its_weekday_is_extracted_reviewed_and_built(copy):
    """«в ночь на среду» (the night before Wednesday) is read as the two days, and the build, which counts relative
    date words again, takes the claim that carries them."""
    text = "Власти Казахстана в ночь на среду объявили чрезвычайное положение в Алматы.\n"
    accepted_and_built(copy, text, "Night Wire", "2022-01-05")
    rows = copy("sparql", "SELECT ?s ?e WHERE { ?c kgo:dateWords ?w . FILTER(STR(?w) = 'в ночь на среду') "
                "GRAPH ?c { ?event kgo:startDate ?s ; kgo:endDate ?e } }", "-f", "csv")  # fmt: skip
    assert "2022-01-04,2022-01-05" in rows.output, rows.output


def test_accept_above_leaves_a_candidate_whose_quote_occurs_twice_and_the_build_takes_the_rest(copy):
    """An attack's case: an article saying one sentence twice gave two candidates quoting it, accepted without a
    person; the build then refused both quotes as ambiguous. Review refuses them (a person may lengthen the quote)."""
    said = "Власти Казахстана в среду объявили чрезвычайное положение в Алматы."
    accepted_and_built(copy, f"{said}\nТокаев принял отставку правительства.\n{said}\n", "Twice Wire", "2022-01-06")
    quotes = copy("sparql", "SELECT ?q WHERE { ?selector oa:exact ?q }", "-f", "csv").output
    assert said.rstrip(".") not in quotes.splitlines() and "Токаев принял отставку правительства" in quotes, quotes


def test_accept_above_writes_once_what_deciding_one_candidate_after_another_writes(copy):
    """accept_above decides in memory, each acceptance known to the next one's checks, and writes the files once (a
    write after each decision made a thousand candidates take minutes): the files are those the decisions made one
    after another write, and what review knows is what its store holds."""
    from csto_kg.ingest.knowledge import TYPES
    from csto_kg.querying import NAMES, solutions

    def files(session):
        paths = (session.claims_path, session.register_path, session.decisions.path)
        return {p.name: re.sub(r'".*?"\^\^xsd:dateTime', "AT", p.read_text(encoding="utf-8")) for p in paths}

    def known(session):
        queried: dict[str, set[str]] = {}
        for row in solutions(session.knowledge.store, TYPES):
            queried.setdefault(row["s"].value, set()).add(row["class"].value)
        names = {(r["x"].value, r["name"].value) for r in solutions(session.knowledge.store, NAMES)}
        return queried, names

    with copy.session("ru", holder="--accept-above") as session:
        taken = [c.key for c in session.accept_above(0)]
        assert len(taken) >= 3
        at_once = files(session)
        assert (session.knowledge.types(), set(session.knowledge.names().rows)) == known(session)
        while session.undo() is not None:
            pass
        assert not session.claims_path.exists() and session.knowledge.types() == known(session)[0]
        for candidate in [c for c in session.undecided() if c.key in taken]:
            session.decide(candidate, "accepted", edits=[], by=EXTRACTOR)
        assert files(session) == at_once
        assert (session.knowledge.types(), set(session.knowledge.names().rows)) == known(session)


def test_accept_above_is_attributed_to_extract_and_checked_only_leaves_it_out(copy):
    source = copy.ids["ru"]
    result = copy("review", source, "--accept-above", "0.55")
    assert result.exit_code == 0, result.output
    # the return (0.59) and the welcome (0.62); not the statement (0.52), nor the completion (0.08)
    assert "accepted 2 candidates of confidence 0.55 or more" in result.output
    assert "the rest: csto-kg review" in result.output
    assert copy("build", "--no-hermit", "-q").exit_code == 0
    claim = f"{ns.CLAIM}{source}/return-2022-01-14"
    assert claims_in_build(copy, source) == {claim: EXTRACTOR, f"{ns.CLAIM}{source}/welcomeceremony-undated": EXTRACTOR}
    agent = copy("sparql", f"SELECT ?v WHERE {{ <{EXTRACTOR}> a prov:SoftwareAgent ; schema:softwareVersion ?v }}",
                 "-f", "csv")  # fmt: skip
    assert agent.output.splitlines()[1] == __import__("csto_kg").__version__
    kinds = copy("sparql", f"ASK {{ <{claim}> a kgo:UncheckedClaim }}", "-f", "csv")
    assert "true" in kinds.output
    assert "reviewer/" not in (copy.project.claims_dir / f"{source}.trig").read_text(encoding="utf-8")
    row = [r for r in copy("query", "corroboration", "-p", "min", "1", "-f", "csv").output.splitlines()
           if r.startswith("kg:kyrgyz-return,") and ",kgo:destination," in r][0]  # fmt: skip
    curated, reviewed, unchecked = row.rsplit(",", 3)[1:]
    assert (curated, unchecked) == ("1", "1")  # the seed by hand, this source by extract (others through review)
    checked = copy("--checked-only", "sparql", f"ASK {{ GRAPH <{claim}> {{ ?s ?p ?o }} }}", "-f", "csv")
    assert checked.exit_code == 0 and "false" in checked.output
    rows = copy("--checked-only", "query", "corroboration", "-p", "min", "1", "-f", "csv").output.splitlines()
    row = [r for r in rows if r.startswith("kg:kyrgyz-return,") and ",kgo:destination," in r][0]
    assert row.rsplit(",", 3)[1:] == [curated, reviewed, "0"]  # the same, without what no one checked
    exported = copy("--checked-only", "export", "-f", "nquads", "-o", "-").output
    assert claim not in exported and "claim/000_9509c5daf987dd37/" in exported
    assert claim in copy("export", "-f", "nquads", "-o", "-").output
    again = copy("review", source, "--accept-above", "0.55")
    assert "accepted 0 candidates" in again.output


def test_extract_again_after_a_build_keeps_what_was_accepted_and_review_goes_on(copy):
    """Trial 35: after `review --accept-above` and a build, `extract` read the source's own accepted claims back in
    (a new event renamed …-2 → …-3) and review then refused the claims file as edited (exit 2)."""
    source = copy.ids["ru"]
    assert copy("review", source, "--accept-above", "0.55").exit_code == 0
    claims = (copy.project.claims_dir / f"{source}.trig").read_text(encoding="utf-8")
    assert copy("build", "--no-hermit", "-q").exit_code == 0
    again = copy("extract", source)
    assert again.exit_code == 0 and "2 accepted before kept as accepted" in again.output, again.output
    result = copy("review", source, "--accept-above", "0.55")
    assert result.exit_code == 0, result.output
    assert "accepted 0 candidates" in result.output
    after = (copy.project.claims_dir / f"{source}.trig").read_text(encoding="utf-8")
    assert set(ox.parse(after, format=ox.RdfFormat.TRIG)) == set(ox.parse(claims, format=ox.RdfFormat.TRIG))
    keys = [c.key for c in load_candidates(copy.project, source)]
    assert len(keys) == len(set(keys))  # each once: the accepted ones are not proposed a second time


def test_on_the_page_a_reviewer_adds_a_claim_edits_its_figures_marks_an_error_and_undoes(copy, browser):
    source = copy.ids["en"]
    page = Page(copy.session("en", reviewer="page reviewer"))
    try:
        tab = browser.new_page()
        tab.goto(page.url)
        assert tab.text_content("#type") == "Withdrawal"
        assert "kgo:numericValue 2030" in tab.text_content("#triples")
        tab.select_option("#form-edit select", "quantity")
        node = f"kg:csto-force-withdrawal-quantity-{source}-withdrawal-2022-01-13-2"  # the source's own figure
        tab.fill("#form-edit input[name=value]", f"{node} 19 Vehicle")
        tab.click("#edit")
        assert "kgo:numericValue 19" in tab.text_content("#triples")
        assert "kgo:numericValue 250" not in tab.text_content("#triples")  # the figure corrected, not a second one
        tab.click("#accept")
        assert tab.text_content("#progress").startswith("1 of 2 decided")
        tab.fill("#form-add input[name=words]", "Almaty, the biggest city of Kyrgyzstan")
        tab.fill("#form-add input[name=what]", "kg:almaty kgo:locatedIn kg:kyrgyzstan")
        tab.click("#add")
        assert "kg:almaty kgo:locatedIn kg:kyrgyzstan" in tab.text_content("#triples")
        assert tab.text_content("#progress").startswith("1 of 3 decided")
        tab.select_option("#form-edit select", "error")
        tab.fill("#form-edit input[name=value]", "Almaty is a city of Kazakhstan")
        tab.click("#edit")
        assert "source's error: Almaty is a city of Kazakhstan" in tab.text_content("#triples")
        tab.click("#accept")
        tab.fill("#form-reject input[name=reason]", "not in this test")
        tab.click("#reject")
        assert tab.is_visible("#done")
        tab.click("#undo")  # after the last decision too
        assert not tab.is_visible("#done") and tab.text_content("#progress").startswith("2 of 3 decided")
        tab.close()
    finally:
        page.close()
    assert copy("build", "--no-hermit", "-q").exit_code == 0
    accepted = claims_in_build(copy, source)
    assert sorted(accepted) == [
        f"{ns.CLAIM}{source}/almaty-the-biggest-city-of-kyrgyzstan",
        f"{ns.CLAIM}{source}/withdrawal-2022-01-13",
    ]
    claim = f"{ns.CLAIM}{source}/withdrawal-2022-01-13"
    figures = copy("sparql", f"SELECT ?n WHERE {{ GRAPH <{claim}> {{ kg:csto-force-withdrawal kgo:quantity ?q . "
                   "?q kgo:countOf kgo:Vehicle ; kgo:numericValue ?n } }", "-f", "csv").output  # fmt: skip
    assert figures.split() == ["n", "19"]


def test_review_edits_reach_every_curated_event_of_the_six_sources(store):
    """bench/review_bench.py's simulated reviewer: every candidate that reports a curated event can be edited into
    what the curated claim says, and the Session takes it (the figures of effort are in docs/benchmarks.md)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from review_bench import evaluate

    snapshot = ox.Store()
    snapshot.load(path=str(ROOT / "graph" / "wikidata" / "snapshot.ttl"), format=ox.RdfFormat.TURTLE)
    figures = evaluate(store, Project(ROOT), snapshot)["all"]
    assert figures["refused"] == []
    assert len(figures["accepted"]) >= 0.75 * figures["events"]


def test_the_simulated_reviewer_compares_figures_by_what_they_say_not_by_their_names():
    # a figure extract names otherwise than the curated claim, with the same number, kind and bound, costs no edit
    sys.path.insert(0, str(ROOT / "bench"))
    from types import SimpleNamespace

    from review_bench import figure_edits

    kgo, event, g = ns.KGO, ox.NamedNode(ns.KG + "e"), ox.DefaultGraph()

    def figure(name, number, kind, bound="Exactly"):
        node = ox.NamedNode(ns.KG + name)
        return [
            ox.Quad(event, ox.NamedNode(kgo + "quantity"), node, g),
            ox.Quad(
                node,
                ox.NamedNode(kgo + "numericValue"),
                ox.Literal(str(number), datatype=ox.NamedNode(ns.XSD + "integer")),
                g,
            ),
            ox.Quad(node, ox.NamedNode(kgo + "countOf"), ox.NamedNode(kgo + kind), g),
            ox.Quad(node, ox.NamedNode(kgo + "bound"), ox.NamedNode(kgo + bound), g),
        ]

    draft = SimpleNamespace(
        subject=event, graph=g, quads=figure("e-quantity-1", 150, "Personnel") + figure("e-quantity-2", 19, "Vehicle")
    )
    curated = [("150", kgo + "Personnel", kgo + "Exactly", None), ("19", kgo + "Vehicle", kgo + "MoreThan", None),
               ("8", kgo + "Vehicle", None, None)]  # fmt: skip
    assert figure_edits(draft, curated) == [
        ("quantity", "#2 19 Vehicle MoreThan"),
        ("quantity", "8 Vehicle"),
    ]
    assert figure_edits(draft, curated[:1]) == [("-quantity", "#2")]
    assert figure_edits(draft, []) == [("-quantity", "#2"), ("-quantity", "#1")]  # the last first: none moves
    # taken away before anything is added: an added figure may be listed before one to take away
    other = SimpleNamespace(
        subject=event, graph=g, quads=figure("e-quantity-1", 2030, "Personnel") + figure("e-quantity-2", 250, "Vehicle")
    )
    wanted = [("2030", kgo + "Personnel", None, None), ("150", kgo + "Personnel", None, None)]
    assert figure_edits(other, wanted) == [("-quantity", "#2"), ("quantity", "150 Personnel")]
    assert figure_edits(draft, curated[:1] + [("19", kgo + "Vehicle", kgo + "Exactly", kgo + "Item")]) == []


def _served(command: list[str], path: str) -> str:
    """GET `path` from `csto-kg … serve --port 0` started for it, then stop the server."""
    import urllib.request

    process = subprocess.Popen(command + ["serve", "--port", "0"], stderr=subprocess.PIPE, text=True,
                               start_new_session=True)  # fmt: skip
    try:
        for line in process.stderr:
            if found := re.search(r"serving on (http://\S+?)/? ", line):
                break
        with urllib.request.urlopen(found.group(1) + path, timeout=60) as answer:
            return answer.read().decode("utf-8")
    finally:
        os.killpg(process.pid, signal.SIGINT)
        process.communicate(timeout=60)


def test_the_entity_pages_keep_to_checked_claims_when_served_checked_only(copy):
    source = copy.ids["ru"]
    assert copy("review", source, "--accept-above", "0.55").exit_code == 0
    assert copy("build", "--no-hermit", "-q").exit_code == 0
    cli = copy.cli()
    everything = _served(cli, "/entity/kyrgyz-return")
    checked = _served([*cli, "--checked-only"], "/entity/kyrgyz-return")
    assert source in everything and "Kyrgyzstan" in checked
    assert source not in checked  # the claim extract accepted is not on the page


def test_a_decision_still_applies_when_extract_no_longer_proposes_what_it_took_away(copy):
    source = copy.ids["ru"]
    with copy.session() as session:
        welcome = next(c for c in session.candidates if c.event_type == "WelcomeCeremony")
        session.decide(welcome, "accepted", edits=[("-role", "location kg:ak-zhol-checkpoint")])
    path = copy.project.candidates_dir / f"{source}.trig"
    candidates = ox.Store()
    candidates.load(path=str(path), format=ox.RdfFormat.TRIG)
    candidates.remove(
        ox.Quad(ox.NamedNode(ns.KG + "kyrgyz-welcome"), ox.NamedNode(ns.KGO + "location"),
                ox.NamedNode(ns.KG + "ak-zhol-checkpoint"), ox.NamedNode(welcome.iri))
    )  # fmt: skip  # what a later extract proposes: the location no longer
    candidates.dump(str(path), format=ox.RdfFormat.TRIG)
    with copy.session() as session:  # starts, and writes the claim again from the record
        assert session.progress() == (1, 4)
        written = (copy.project.claims_dir / f"{source}.trig").read_text(encoding="utf-8")
        assert "kg:kyrgyz-welcome" in written and "kgo:location" not in written
        undone = session.undo()
        assert undone.edits == [("-role", "location kg:ak-zhol-checkpoint")]
        assert session.pending.get(welcome.key, []) == []  # nothing left to take away


# --- what the curators of the second batch could not do, or did and corrupted the graph ----------------------------


class Reviewer:
    """A person at `csto-kg review SOURCE` in a pseudo-terminal: each action waits for the screen it needs and
    returns what the terminal showed until the next key is wanted."""

    def __init__(self, copy: Copy, source: str, name: str = "tester", *options: str):
        self.terminal = Terminal(*copy.cli("review", source, "--reviewer", name, *options)[2:])
        self._then()

    def _then(self) -> str:
        self.screen = re.sub(r"\x1b\[[0-9;]*m", "", self.terminal.expect("[q]uit"))  # without the styles
        return self.screen

    def edit(self, field: str, value: str | None = None) -> str:
        self.terminal.press("e")
        self.terminal.expect("field (? lists them)")
        self.terminal.type(field + "\r")
        if value is not None:
            self.terminal.expect(f"  {field}: ")
            self.terminal.type(value + "\r")
        return self._then()

    def accept(self, *labels: str) -> str:
        self.terminal.press("a")
        for label in labels:
            self.terminal.expect("label in ")
            self.terminal.type(label + "\r")
        return self._then()

    def reject(self, reason: str) -> str:
        self.terminal.press("r")
        self.terminal.expect("reason")
        self.terminal.type(reason + "\r")
        return self._then()

    def add(self, words: str, what: str) -> str:
        self.terminal.press("n")
        self.terminal.expect("words of the text")
        self.terminal.type(words + "\r")
        self.terminal.expect("what they state")
        self.terminal.type(what + "\r")
        return self._then()

    def key(self, key: str) -> str:
        self.terminal.press(key)
        return self._then()

    def quit(self) -> str:
        self.terminal.press("q")
        said = self.terminal.expect("reviewed " if "nothing left" in self.screen else "resumes")
        assert self.terminal.close() == 0
        return said

    def to(self, name: str) -> str:
        """Skip until the candidate of that claim name is shown (the heading names it)."""
        for _ in range(30):
            heading = [line for line in self.screen.splitlines() if re.match(r"\s*\[\d+/\d+\] ", line)][-1]
            if f" {name} " in heading + " ":
                return self.screen
            self.key("s")
        raise AssertionError(f"no candidate {name}:\n{self.screen}")


def _claims_file(copy: Copy, name: str) -> str:
    return (copy.project.claims_dir / f"{copy.ids[name]}.trig").read_text(encoding="utf-8")


def test_subject_retargets_only_the_claims_root_and_no_edit_makes_a_node_of_two_disjoint_classes(copy):
    """Defect 8: `e subject kg:EVENT` on a fact (Tokayev holds the presidency) rewrote kg:tokayev into the event
    everywhere, `e type kgo:Approval` then made a Person an Approval, and HermiT failed the build; a `fact` whose
    property's domain is an event made the CSTO force an Event. Now the fact stays as it is, the edits after it act
    on the event, and what would make a node an instance of two disjoint classes is refused as typed."""
    review = Reviewer(copy, copy.ids["probe"])
    review.to("holds-tokayev-president-of-kazakhstan")
    review.edit("subject", "kg:kyrgyz-approval")
    shown = review.edit("type", "kgo:Approval")
    assert "kg:kyrgyz-approval a kgo:Approval" in shown
    assert "kg:tokayev kgo:holds kg:tokayev-president-of-kazakhstan" in shown  # the fact is not rewritten
    shown = review.edit("fact", "kg:csto-peacekeeping-force majorityContributor kg:russia")
    assert (
        "kg:csto-peacekeeping-force would be a kgo:Event (the subject of kgo:majorityContributor) and a "
        "kgo:Organisation (the graph's): the ontology makes them disjoint" in shown
    )
    shown = review.edit("subject", "kg:tokayev")  # the claim's own node, renamed: a person would be an approval
    assert "kg:tokayev would be a kgo:Event" in shown and "kgo:Person" in shown
    shown = review.accept()
    assert "accepted holds-tokayev-president-of-kazakhstan" in shown
    review.quit()
    written = _claims_file(copy, "probe")
    assert "kg:tokayev kgo:holds kg:tokayev-president-of-kazakhstan" in written
    assert "kg:kyrgyz-approval a kgo:Approval" in written and "kg:tokayev a " not in written
    result = copy("build", "-q")  # with the reasoner: ontology and data consistent
    assert result.exit_code == 0, result.output


def test_what_this_review_accepted_and_files_not_built_yet_are_known_to_the_next_edit(copy):
    """Defect 3: an event typed and labelled by a claim accepted earlier in the same review, or by a claim file of
    another source not built yet, was 'no such entity' for a later edit, and the accept check read the shapes'
    wants from the last build: every new IRI needed a `csto-kg build` before it could be named."""
    review = Reviewer(copy, copy.ids["ru"])
    review.accept()  # the Kyrgyz return, reported again
    review.key("s")
    review.to("statement-undated")
    review.edit("type", "kgo:Announcement")
    review.edit("label@en", "Japarov announces the mission completed")
    review.edit("label@ru", "Жапаров объявляет о завершении миссии")
    review.edit("role", "about kg:csto-mission")
    review.accept()  # a new event of this source: kg:statement-kaktus-media-…, in no build
    review.quit()
    written = _claims_file(copy, "ru")
    announcement = re.search(r"(kg:statement-kaktus-media-\w+) a kgo:Announcement", written).group(1)
    # the same review, resumed: the claim just accepted names its event; so does another source's review
    review = Reviewer(copy, copy.ids["ru"])
    shown = review.to("completion-undated")
    shown = review.edit("role", f"theme {announcement}")
    assert f"completion-undated: role = theme {announcement}" in shown
    review.quit()
    other = Reviewer(copy, copy.ids["probe"])
    other.to("arrival-undated")
    other.edit("subject", announcement)  # typed and labelled only by a claim file no build has read
    shown = other.edit("type", "kgo:Announcement")
    assert "the shapes also want" not in shown.split("[q]uit")[-2]
    shown = other.accept()
    assert "accepted arrival-undated" in shown and "cannot accept" not in shown
    other.quit()
    assert copy("build", "--no-hermit", "-q").exit_code == 0


def test_a_new_entity_is_registered_whichever_candidate_proposed_it_and_labels_are_asked_only_when_named(copy):
    """Defects 1 and 4: accepting a claim after taking away the new entity extract proposed still asked for its
    labels; a new entity one candidate proposed and another named was never typed (the build failed: unknown
    entity)."""
    review = Reviewer(copy, copy.ids["probe"])
    review.to("protest-2022-01-04")
    assert "new entity kg:karazhanbasmunai: kgo:Organisation «Karazhanbasmunai»" in review.screen
    shown = review.edit("-role", "agent kg:karazhanbasmunai")
    assert "new entity kg:karazhanbasmunai" not in shown.split("as it will be written:")[-1]
    shown = review.accept()  # no label asked of an entity the claim no longer names
    assert "accepted protest-2022-01-04" in shown and "label in" not in shown
    review.to("statement-undated")
    review.edit("-role", "agent kg:tokayev")
    shown = review.edit("role", "agent Karazhanbasmunai")  # by its name: another candidate's proposal
    assert "statement-undated: role = agent kg:karazhanbasmunai" in shown
    shown = review.accept("q")  # trial 39: a key pressed to quit is no label
    assert "«q» is no label for kg:karazhanbasmunai in ru" in shown and "accepted statement-undated" not in shown
    shown = review.accept("Каражанбасмунай")
    assert "accepted statement-undated" in shown
    review.quit()
    register = (copy.project.register_dir / f"{copy.ids['probe']}.ttl").read_text(encoding="utf-8")
    assert "kg:karazhanbasmunai a kgo:Organisation" in register and '"Каражанбасмунай"@ru' in register
    result = copy("build", "--no-hermit", "-q")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    "written", ["kg:karazhanbasmunai", "<https://w3id.org/csto-kg/id/karazhanbasmunai>", "Karazhanbasmunai"]
)
def test_a_label_edit_reads_the_entity_in_any_form(copy, written):
    """Defect 2: `e kg:x label@ru TEXT` with a CURIE was accepted and never took effect (the accept prompted
    again, and a scripted q went into the prompt)."""
    review = Reviewer(copy, copy.ids["probe"])
    review.to("protest-2022-01-04")
    shown = review.edit(f"{written} label@ru", "Каражанбасмунай")
    assert "protest-2022-01-04: https://w3id.org/csto-kg/id/karazhanbasmunai label@ru = Каражанбасмунай" in shown
    shown = review.accept()  # nothing asked
    assert "accepted protest-2022-01-04" in shown and "label in" not in shown
    review.quit()
    register = (copy.project.register_dir / f"{copy.ids['probe']}.ttl").read_text(encoding="utf-8")
    assert '"Каражанбасмунай"@ru' in register


def test_quitting_keeps_the_edits_typed_and_the_next_review_takes_them_up(copy):
    """Defect 6: `q` with edits pending dropped them without a word (thousands of keys lost)."""
    review = Reviewer(copy, copy.ids["probe"])
    review.to("statement-undated")
    review.edit("+because", "the ministry's words, reported")  # (its speaker is the ministry: nothing to take away)
    review.add("the Ministry of Energy said", "kgo:Statement")
    said = review.quit()
    assert "kept: 1 edit(s) on 1 candidate(s) and 1 claim(s) being added" in said
    review = Reviewer(copy, copy.ids["probe"])
    assert "resuming with 1 edit(s) on 1 candidate(s) and 1 claim(s) being added" in review.screen
    # the claim being added is shown first (trial 45: an `a` typed for it accepted another candidate)
    first = review.screen.split("resuming with", 1)[1]  # (the screen up to its first prompt)
    assert "the-ministry-of-energy-said" in first and "added by the reviewer" in first, first
    shown = review.to("statement-undated")
    assert "edit 1: +because = the ministry's words, reported" in shown
    review.quit()


def test_an_added_claim_mints_entities_in_several_statements_and_registers_them_with_both_labels(copy):
    """Defect 5: `n` could not introduce a new entity and took one statement whose object had to exist (`n … ||
    kg:tokayev holds kg:new-holding` refused), so a person the register lacked was added to entities.ttl by hand."""
    review = Reviewer(copy, copy.ids["probe"])
    shown = review.add(
        "Askar Zhaksybekov, the Prime Minister",
        "kg:askar-zhaksybekov holds kg:zhaksybekov-prime-minister ; kg:askar-zhaksybekov a kgo:Person ; "
        "kg:zhaksybekov-prime-minister a kgo:OfficeHolding ; "
        "kg:zhaksybekov-prime-minister office Prime Minister of Kazakhstan",
    )
    assert "adding askar-zhaksybekov-the-prime-minister" in shown
    assert "kg:askar-zhaksybekov kgo:holds kg:zhaksybekov-prime-minister" in shown  # its subject: the first statement's
    assert "kg:zhaksybekov-prime-minister kgo:office kg:prime-minister-of-kazakhstan" in shown  # a name read
    assert "new entity kg:askar-zhaksybekov: kgo:Person" in shown
    shown = review.accept("Askar Zhaksybekov", "Аскар Жаксыбеков")  # both labels asked: nothing names him yet
    assert "accepted askar-zhaksybekov-the-prime-minister" in shown
    review.quit()
    register = (copy.project.register_dir / f"{copy.ids['probe']}.ttl").read_text(encoding="utf-8")
    assert "kg:askar-zhaksybekov a kgo:Person" in register
    assert '"Askar Zhaksybekov"@en' in register and '"Аскар Жаксыбеков"@ru' in register
    assert copy("build", "--no-hermit", "-q").exit_code == 0
    why = copy("why", "Аскара Жаксыбекова")  # the register's name, read in any inflection
    assert why.exit_code == 0 and "Askar Zhaksybekov, the Prime Minister" in why.output


def test_an_office_a_review_minted_stays_in_its_register_file_once_the_build_has_it(copy):
    """The register file is written from the decisions: an office the claim mints went in while the build did not
    type it, and out once the build (reading that very file) did, so each opening wrote the other version and four
    reviewed sources could not be opened without --replace-edited."""
    review = Reviewer(copy, copy.ids["probe"])
    review.add(
        "Askar Zhaksybekov, the Prime Minister",
        "kg:askar-zhaksybekov holds kg:zhaksybekov-first-minister ; kg:askar-zhaksybekov a kgo:Person ; "
        "kg:zhaksybekov-first-minister a kgo:OfficeHolding ; "
        "kg:zhaksybekov-first-minister office kg:first-minister-of-probe ; kg:first-minister-of-probe a kgo:Office ; "
        "kg:first-minister-of-probe officeIn kg:kazakhstan",
    )
    review.accept("Askar Zhaksybekov", "Аскар Жаксыбеков", "First Minister of Probe", "Первый министр Пробы")
    review.quit()
    register = copy.project.register_dir / f"{copy.ids['probe']}.ttl"
    written = register.read_text(encoding="utf-8")
    assert "kg:first-minister-of-probe a kgo:Office" in written
    for _ in range(2):  # built from that file, then opened: the same file, twice over
        built = copy("build", "--no-hermit", "-q")
        assert built.exit_code == 0, built.output
        with copy.session("probe"):
            pass
        assert register.read_text(encoding="utf-8") == written


def test_values_and_quotes_take_line_breaks(copy):
    """Defect 7: `"first line\\nsecond"@en` read as "first linensecond", and a quote spanning a heading and its
    sentence could not be typed; a long literal could be taken away only by typing it whole."""
    review = Reviewer(copy, copy.ids["probe"])
    shown = review.to("statement-undated")
    statement = re.search(r"(kg:statement-probe-wire-\S+) a kgo:Statement", shown).group(1)
    shown = review.edit("-fact", f"{statement} content")  # every value: a long literal need not be typed again
    assert "kgo:content" not in shown.split("as it will be written:")[-1]
    shown = review.edit("fact", f'{statement} content "Production continued,\\nthe ministry said."@en')
    assert f'{statement} kgo:content "Production continued,\\nthe ministry said."@en' in shown
    review.accept()
    review.to("arrival-undated")
    shown = review.edit("quote", r"Peacekeepers land in Almaty\nThe first CSTO peacekeepers landed")
    assert "quote: «Peacekeepers land in Almaty\r\nThe first CSTO peacekeepers landed»" in shown
    review.edit("date", "2022-01-06")
    shown = review.edit("because", r"The heading says it\nand so does the sentence.")
    assert "because: The heading says it\r\nand so does the sentence." in shown
    review.accept()
    review.quit()
    claims = ox.Store()
    claims.load(path=str(copy.project.claims_dir / f"{copy.ids['probe']}.trig"), format=ox.RdfFormat.TRIG)
    quotes = {q.object.value for q in claims.quads_for_pattern(None, ox.NamedNode(ns.KGO + "quote"), None)}
    assert "Peacekeepers land in Almaty\nThe first CSTO peacekeepers landed" in quotes
    contents = {q.object.value for q in claims.quads_for_pattern(None, ox.NamedNode(ns.KGO + "content"), None)}
    assert contents == {"Production continued,\nthe ministry said."}
    assert copy("build", "--no-hermit", "-q").exit_code == 0  # the quote resolves to its offsets


def test_two_candidates_of_one_sentence_and_one_type_are_decided_each_on_its_own(copy):
    """Defect 9: two RequestForAssistance candidates of one sentence had one key: deciding one decided both."""
    source = copy.ids["probe"]
    with copy.session("probe") as session:
        requests = [c for c in session.candidates if c.event_type == "RequestForAssistance"]
        assert len(requests) == 2 and requests[0].key != requests[1].key
    review = Reviewer(copy, source)
    review.to("requestforassistance-undated")
    shown = review.reject("the same request as the next")
    assert "rejected requestforassistance-undated" in shown
    assert "requestforassistance-2022-01-05" in shown.split("rejected requestforassistance-undated")[1]
    shown = review.accept()
    assert "accepted requestforassistance-2022-01-05" in shown
    review.quit()
    assert "requestforassistance-2022-01-05" in _claims_file(copy, "probe")
    result = copy("extract", source)  # the rejection is remembered for that one alone
    assert "1 rejected before" in result.output
    with copy.session("probe") as session:
        assert [c.iri.rsplit("/", 1)[1] for c in session.candidates if c.event_type == "RequestForAssistance"] == [
            "requestforassistance-2022-01-05"
        ]


def test_figures_added_in_review_name_their_source_and_claim(copy):
    """Defect 10 (fixed on main, kept): `e quantity N KIND` named the node <subject>-quantity-N, so two sources'
    figures of one event shared a node and HermiT found two values of a functional property."""
    nodes = []
    for name in ("en", "probe"):
        review = Reviewer(copy, copy.ids[name])
        if name == "probe":
            review.to("arrival-undated")
            review.edit("subject", "kg:csto-force-withdrawal")
            review.edit("type", "kgo:Withdrawal")
        shown = review.edit("quantity", "19 Vehicle" if name == "en" else "21 Vehicle")
        nodes += re.findall(r"kgo:quantity (kg:csto-force-withdrawal-quantity-\S+)", shown)
        review.accept()
        review.quit()
    assert len(set(nodes)) == len(nodes) >= 3
    assert any(copy.ids["probe"] in node for node in nodes) and any(copy.ids["en"] in node for node in nodes)
    result = copy("build", "-q")  # with the reasoner: one value of kgo:numericValue per node
    assert result.exit_code == 0, result.output


def test_undo_shows_the_undone_candidate_next_and_quitting_keeps_an_added_claim(copy):
    """Defect 11: after `u`, an added claim came back as a draft shown ahead of the candidate undone with it, and
    `q` lost it."""
    review = Reviewer(copy, copy.ids["probe"])
    review.to("protest-2022-01-04")
    review.edit("-role", "agent kg:karazhanbasmunai")
    review.accept()
    review.add("the Ministry of Energy said", "kgo:Statement")
    review.edit("label@en", "The Ministry of Energy's statement")
    review.edit("label@ru", "Заявление Министерства энергетики")
    review.edit("role", "agent kg:tokayev")
    shown = review.accept()
    assert "accepted the-ministry-of-energy-said" in shown
    shown = review.key("u")
    assert "undone: accepted" in shown and "the-ministry-of-energy-said" in shown.split("undone")[-1]
    shown = review.key("u")
    heading = [line for line in shown.splitlines() if re.match(r"\s*\[\d+/\d+\] ", line)][-1]
    assert "protest-2022-01-04" in heading  # what was undone last is shown next, not the added claim
    said = review.quit()
    assert "1 claim(s) being added" in said
    review = Reviewer(copy, copy.ids["probe"])
    shown = review.to("the-ministry-of-energy-said")
    assert "The Ministry of Energy's statement" in shown  # its edits kept with it
    review.quit()


def test_a_claim_is_renamed_and_takes_a_second_quote(copy):
    """Defects 12 and 13: claims kept extract's names (`handover-undated` held a decision), and `quote` replaced the
    claim's quotes, so a claim could not have two."""
    review = Reviewer(copy, copy.ids["probe"])
    review.to("requestforassistance-undated")
    shown = review.edit("name", "requestforassistance-2022-01-05")
    assert "requestforassistance-2022-01-05 names another claim of this source" in shown
    shown = review.edit("name", "Tokayev Request")
    assert "is no claim name" in shown
    shown = review.edit("name", "tokayev-asks-the-csto")
    assert re.search(r"\] RequestForAssistance tokayev-asks-the-csto  confidence", shown)  # the heading names it
    shown = review.edit("+quote", "Tokayev asked the CSTO for help")
    assert shown.count("quote: «") == 1  # the candidate's quote already holds those words: not a second time
    shown = review.edit("+quote", "Kazakh President Kassym-Jomart Tokayev")
    assert "quote: «Tokayev asked the CSTO for help and turned to its leaders on January 5»" in shown
    assert "quote: «Kazakh President Kassym-Jomart Tokayev»" in shown
    shown = review.accept()
    assert "accepted tokayev-asks-the-csto" in shown
    review.quit()
    assert "claim:tokayev-asks-the-csto" in _claims_file(copy, "probe")
    assert copy("build", "--no-hermit", "-q").exit_code == 0
    claim = f"{ns.CLAIM}{copy.ids['probe']}/tokayev-asks-the-csto"
    quotes = copy("sparql", f"SELECT ?exact WHERE {{ ?a oa:hasBody <{claim}> ; oa:hasTarget/oa:hasSelector ?s . "
                  "?s oa:exact ?exact }", "-f", "csv").output  # fmt: skip
    assert "Kazakh President Kassym-Jomart Tokayev" in quotes and "asked the CSTO for help" in quotes


def test_a_claim_carries_the_figure_of_another_event_it_names(copy):
    """Defect 14: `quantity` acted only on the claim's subject, so a statement's claim could not carry the figure of
    the event it reports."""
    review = Reviewer(copy, copy.ids["probe"])
    review.to("statement-undated")
    review.edit("role", "about kg:csto-deployment")
    shown = review.edit("quantity", "kg:csto-deployment 2,030 Personnel")
    node = re.search(r"kg:csto-deployment kgo:quantity (\S+)", shown).group(1)
    assert f"{node} kgo:numericValue 2030" in shown
    shown = review.edit("quantity", "kg:tokayev 3 Personnel")  # a person has no figure: kgo:quantity is an event's
    assert "kg:tokayev would be a kgo:Event (the subject of kgo:quantity)" in shown
    shown = review.edit("quantity", f"{node} 2,000 Personnel About")  # the figure corrected where it is
    assert f"{node} kgo:numericValue 2000" in shown and f"{node} kgo:bound kgo:About" in shown
    review.accept()
    review.quit()
    assert copy("build", "--no-hermit", "-q").exit_code == 0
    claim = f"{ns.CLAIM}{copy.ids['probe']}/statement-undated"
    rows = copy("sparql", f"SELECT ?n WHERE {{ GRAPH <{claim}> {{ kg:csto-deployment kgo:quantity ?q . "
                "?q kgo:numericValue ?n } }", "-f", "csv").output  # fmt: skip
    assert rows.split() == ["n", "2000"]


def test_candidates_come_in_reading_then_file_order_and_each_key_says_which_claim_it_acted_on(copy):
    """Defect 15: with several candidates on one sentence a reviewer (or a script) acting on 'the next candidate'
    landed on the wrong one. The order is the quote's place in the text, then the candidates file's order; the
    heading names the claim, and every key says which claim it acted on."""
    source = copy.ids["probe"]
    text = (copy.project.candidates_dir / f"{source}.trig").read_text(encoding="utf-8")
    in_file = list(dict.fromkeys(re.findall(r"^claim:\S+?\\/([\w-]+)", text, re.M)))  # each claim's first lines
    with copy.session("probe") as session:
        starts = {c.iri.rsplit("/", 1)[-1]: c.start for c in session.candidates}
        order = [c.iri.rsplit("/", 1)[-1] for c in session.items()]
    assert order == sorted(in_file, key=lambda name: starts[name])  # a stable sort: the file's order on a tie
    review = Reviewer(copy, source)
    for n, name in enumerate(order, start=1):
        assert f"[{n}/{len(order)}] " in review.screen and f" {name}  confidence" in review.screen
        shown = review.key("s")
        assert f"skipped {name} (it stays undecided)" in shown
    review.quit()


def test_entity_fields_take_the_names_the_graph_has(copy):
    """Defect 16: typing CURIEs was most of a review's keys. Every entity field takes a name as the graph has it, in
    any language and inflection (as query parameters and `why` read it); the edit is recorded with the CURIE."""
    source = copy.ids["ru"]
    review = Reviewer(copy, source)
    review.to("welcomeceremony-undated")
    shown = review.edit("role", "participant Жапаровым")  # an inflected Russian name
    assert "welcomeceremony-undated: role = participant kg:japarov" in shown
    shown = review.edit("role", "location Almaty")  # an English one, in a Russian article
    assert "welcomeceremony-undated: role = location kg:almaty" in shown
    shown = review.edit("-role", "location Алматы")
    assert "welcomeceremony-undated: -role = location kg:almaty" in shown
    shown = review.edit("role", "participant Atlantis")
    assert "'Atlantis': no such entity" in shown and "did you mean" in shown
    review.accept()
    review.quit()
    decisions = (copy.project.candidates_dir / f"{source}.decisions.trig").read_text(encoding="utf-8")
    assert "participant kg:japarov" in decisions and "Жапаровым" not in decisions  # a name may name two later
    assert "kg:kyrgyz-welcome kgo:participant kg:japarov" in _claims_file(copy, "ru")


def _rows(copy: Copy, *args) -> list[dict]:
    import csv
    import io

    result = copy(*args, "-f", "csv")
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.output)))


def test_query_figures_lists_a_figure_once_however_many_retractions_withdraw_it(copy):
    """Defect 26: `query figures` listed a figure once per retraction claim (164 three times)."""
    with copy.session("probe") as session:
        protest = next(c for c in session.candidates if c.iri.endswith("/protest-2022-01-04"))
        session.edit(protest, "-role", "agent kg:karazhanbasmunai")
        session.edit(protest, "quantity", "164 PeopleKilled")
        node = ns.curie(figures_of(session.draft(protest))[0].value)
        session.decide(protest, "accepted")
        for words in ("the Ministry of Energy said", "Tokayev asked the CSTO"):
            added = session.add(words, f"kgo:Retraction ; retracts {node} ; agent Tokayev")
            session.edit(added, "label@en", f"Retraction: {words}")
            session.edit(added, "label@ru", f"Опровержение: {words}")
            session.decide(added, "accepted")
    result = copy("build", "--no-hermit", "-q")
    assert result.exit_code == 0, result.output
    rows = _rows(copy, "query", "figures", "-p", "what", "deaths")
    rows = [r for r in rows if r["value"] == "164" and copy.ids["probe"] in r["sources"]]  # the project's own aside
    assert len(rows) == 1 and rows[0]["retracted"] == "retracted"


def test_query_troop_contributions_shows_every_figure_a_source_gives_with_its_bound(copy):
    """Defect 27: MAX over the figures' strings showed one personnel figure per source, and an aircraft count lost
    its bound ("more than 70" showed as 70)."""
    with copy.session("probe") as session:
        arrival = next(c for c in session.candidates if c.iri.endswith("/arrival-undated"))
        session.edit(arrival, "subject", "kg:csto-deployment")
        session.edit(arrival, "type", "kgo:Deployment")
        session.edit(arrival, "quantity", "kg:csto-deployment 2,030 Personnel")
        session.edit(arrival, "quantity", "kg:csto-deployment 2000 Personnel About")
        session.edit(arrival, "quantity", "kg:csto-deployment 70 Aircraft MoreThan")
        session.edit(arrival, "fact", "kg:csto-deployment meansOfTransport kgo:Airlift")
        session.decide(arrival, "accepted")
    result = copy("build", "--no-hermit", "-q")
    assert result.exit_code == 0, result.output
    rows = [r for r in _rows(copy, "query", "troop-contributions") if r["source"] == f"src:{copy.ids['probe']}"]
    assert rows, "the source's row"
    assert sorted(rows[0]["personnel"].split("; ")) == ["2030", "about 2000"]
    assert "more than 70 aircraft" in rows[0]["travelledIn"]


def _decisions_file(copy: Copy, name: str) -> str:
    return (copy.project.candidates_dir / f"{copy.ids[name]}.decisions.trig").read_text(encoding="utf-8")


def _notes(copy: Copy, name: str, claim: str) -> list[str]:
    """The kgo:inferredBecause notes of one claim of the source's claim file."""
    store = ox.Store()
    store.load(path=str(copy.project.claims_dir / f"{copy.ids[name]}.trig"), format=ox.RdfFormat.TRIG)
    node = ox.NamedNode(f"{ns.CLAIM}{copy.ids[name]}/{claim}")
    return sorted(q.object.value for q in store.quads_for_pattern(node, ox.NamedNode(ns.KGO + "inferredBecause"), None))


def test_a_reopened_claim_stays_decided_until_decided_again_and_its_new_edits_are_kept(copy):
    """Curators' defect: `--reopen` took the decision off the record at once and kept the edits in memory only, so
    `q` dropped the claim from the claim file and the next session showed extract's candidate without its edits.
    Now quitting, or Ctrl-C, changes neither file; the edits typed on the reopened claim come back with the next
    `--reopen`, even after a session that did not reopen it; the new decision then replaces the old one. And
    `because` replaces the claim's note (a reopened claim ended with two), `+because` adds one."""
    probe = copy.ids["probe"]
    review = Reviewer(copy, probe)
    review.to("statement-undated")
    review.edit("because", "first note")
    review.accept()
    review.quit()
    claims, decisions = _claims_file(copy, "probe"), _decisions_file(copy, "probe")

    review = Reviewer(copy, probe, "tester", "--reopen", "statement-undated")
    opened = review.screen
    review.edit("because", "second note")
    said = review.quit()
    assert _claims_file(copy, "probe") == claims and _decisions_file(copy, "probe") == decisions
    assert "stays accepted as before until you decide it again" in opened and "edit 1: because = first note" in opened
    assert "statement-undated stays accepted as before (its 2 edit(s) kept for `--reopen statement-undated`)" in said

    review = Reviewer(copy, probe, "tester", "--reopen", "statement-undated")
    assert "the edits typed on it last time are pending again" in review.screen
    assert "edit 2: because = second note" in review.screen
    os.killpg(review.terminal.process.pid, signal.SIGINT)  # Ctrl-C (the pty is not its controlling terminal)
    assert review.terminal.close() != 0
    review = Reviewer(copy, probe, "tester", "--reopen", "statement-undated")
    os.killpg(review.terminal.process.pid, signal.SIGKILL)
    assert review.terminal.close() == -signal.SIGKILL
    assert _claims_file(copy, "probe") == claims and _decisions_file(copy, "probe") == decisions

    review = Reviewer(copy, probe)  # a session that does not reopen it writes the pending file and keeps them
    review.to("arrival-undated")
    review.edit("because", "a note on another claim")
    review.quit()
    assert _claims_file(copy, "probe") == claims

    review = Reviewer(copy, probe, "tester", "--reopen", "statement-undated")
    assert "edit 2: because = second note" in review.screen
    shown = review.edit("+because", "third note")
    assert "because: second note" in shown and "because: third note" in shown and "because: first note" not in shown
    shown = review.accept()
    assert "accepted statement-undated" in shown
    review.quit()
    assert _notes(copy, "probe", "statement-undated") == ["second note", "third note"]
    assert _decisions_file(copy, "probe").count("kgc:Decision") == decisions.count("kgc:Decision")  # replaced
    assert not re.search(r"statement-undated.*first note", _claims_file(copy, "probe"), re.S)


def test_a_pending_edit_is_taken_away_by_its_number_and_no_event_is_its_own_part(copy):
    """Curators' defect: a reopened claim's earlier edits could not be taken away one by one, so `e subject
    kg:almaty-curfew` renamed the claim's event everywhere and review accepted `kg:almaty-curfew kgo:subEventOf
    kg:almaty-curfew`. Now the edits are listed numbered and `-edit N` takes one away (refused while a later edit
    needs it), and a statement relating a node to itself by a property the ontology makes irreflexive is refused as
    typed."""
    probe = copy.ids["probe"]
    review = Reviewer(copy, probe)
    review.to("arrival-undated")
    review.edit("role", "subEventOf kg:csto-deployment")
    review.accept()
    review.quit()
    claims = _claims_file(copy, "probe")
    review = Reviewer(copy, probe, "tester", "--reopen", "arrival-undated")
    shown = review.edit("subject", "kg:csto-deployment")
    assert (
        "kg:csto-deployment kgo:subEventOf kg:csto-deployment: nothing is related to itself by kgo:subEventOf "
        "(the ontology makes it irreflexive)" in shown
    )
    assert "edit 2:" not in shown  # refused: not recorded
    shown = review.edit("fact", "kg:probe-hangar a kgo:Place")
    shown = review.edit("role", "location kg:probe-hangar")
    assert "edit 3: role = location kg:probe-hangar" in shown
    shown = review.edit("-edit", "2")
    assert "an edit after it needs it" in shown and "edit 3: role = location kg:probe-hangar" in shown
    shown = review.edit("-edit", "4")
    assert "give the number of a pending edit, 1 to 3" in shown
    review.edit("-edit", "3")
    shown = review.edit("-edit", "2")
    assert "-edit = 2 (fact = kg:probe-hangar a kgo:Place)" in shown
    assert "probe-hangar" not in shown.split("as it will be written:")[-1]
    shown = review.edit("-edit", "1")
    assert "edit 1:" not in shown.split("as it will be written:")[-1]
    assert "kgo:subEventOf" not in shown.split("as it will be written:")[-1]
    shown = review.edit("subject", "kg:csto-deployment")
    assert "edit 1: subject = kg:csto-deployment" in shown and "irreflexive" not in shown.split("[q]uit")[-2]
    review.quit()
    assert _claims_file(copy, "probe") == claims  # nothing decided anew: the claim stays as it was


def test_the_shapes_find_what_is_its_own_part_as_review_does(tmp_path):
    """What review refuses as typed, a node related to itself by a property the ontology marks kgo:irreflexive, is a
    violation of the shapes too (a hand-written file, or a cycle closed by the build's transitive closure)."""
    data = tmp_path / "own-part.ttl"
    data.write_text(
        "@prefix kg: <https://w3id.org/csto-kg/id/> . @prefix kgo: <https://w3id.org/csto-kg/ontology#> .\n"
        "kg:probe-event a kgo:Deployment ; kgo:subEventOf kg:probe-event .\n"
        "kg:probe-place a kgo:Place ; kgo:locatedIn kg:probe-place .\n"
        "kg:probe-other a kgo:Deployment ; kgo:subEventOf kg:probe-event .\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["--root", str(ROOT), "validate", str(data), "-f", "turtle"])
    assert result.exit_code == 1, result.output
    report = ox.Store()
    report.load(result.output.encode(), format=ox.RdfFormat.TURTLE)
    query = (
        "SELECT ?focus WHERE { ?r <http://www.w3.org/ns/shacl#sourceConstraint> <https://w3id.org/csto-kg/shapes#"
        "not-its-own-part> ; <http://www.w3.org/ns/shacl#focusNode> ?focus }"
    )
    found = sorted(row["focus"].value.removeprefix(ns.KG) for row in report.query(query))
    assert found == ["probe-event", "probe-place"]


def test_a_claim_giving_a_second_value_the_shapes_allow_once_is_refused():
    """ "Exactly one person or body resigns": a candidate naming another agent of the graph's resignation would fail
    the build (an attack accepted one without a person); review refuses it, saying which property."""
    from csto_kg.ingest.requirements import Requirements
    from csto_kg.project import find_project

    kg, kgo = ns.KG, ns.KGO
    event = ox.NamedNode(kg + "government-resignation")
    graph = ox.Store()
    graph.add(ox.Quad(event, ox.NamedNode(ns.RDF_TYPE), ox.NamedNode(kgo + "Resignation")))
    graph.add(ox.Quad(event, ox.NamedNode(kgo + "agent"), ox.NamedNode(kg + "government-of-kazakhstan")))
    requirements = Requirements(find_project(Path(__file__).parent.parent), graph)
    claim = ox.NamedNode(ns.CLAIM + "x/resignation")
    same = [ox.Quad(event, ox.NamedNode(kgo + "agent"), ox.NamedNode(kg + "government-of-kazakhstan"), claim)]
    other = [ox.Quad(event, ox.NamedNode(kgo + "agent"), ox.NamedNode(kg + "tokayev"), claim)]
    assert requirements.too_many(same, event) == []
    assert requirements.too_many(other, event) == ["kgo:agent"]


def test_the_pipelines_judge_knows_the_claims_it_accepted_before_in_the_article():
    """The pipeline accepts without a person against the build, which is the same for every article: two candidates
    of one article naming two agents of the graph's resignation (which has none) were both accepted, and the output
    broke a shape. The second is refused once the first is accepted; a second agent said of another event is not."""
    from csto_kg.ingest.edits import Editor
    from csto_kg.ingest.requirements import Requirements
    from csto_kg.ingest.review import EXTRACTOR, QUOTE, Candidate, Judge, review_terms
    from csto_kg.project import find_project

    kg, kgo = ns.KG, ns.KGO
    graph = ox.Store()
    for event in ("government-resignation", "other-resignation"):
        graph.add(ox.Quad(ox.NamedNode(kg + event), ox.NamedNode(ns.RDF_TYPE), ox.NamedNode(kgo + "Resignation")))
        for lang in ("en", "ru"):
            graph.add(ox.Quad(ox.NamedNode(kg + event), ox.NamedNode(ns.RDFS_LABEL), ox.Literal(event, language=lang)))
    project = find_project(Path(__file__).parent.parent)
    requirements = Requirements(project, graph)
    text = "The government resigned. Tokayev resigned. Smailov resigned."

    def candidate(name: str, event: str, agent: str, quote: str) -> Candidate:
        claim, node = ox.NamedNode(ns.CLAIM + f"x/{name}"), ox.NamedNode(kg + event)
        quads = [
            ox.Quad(node, ox.NamedNode(ns.RDF_TYPE), ox.NamedNode(kgo + "Resignation"), claim),
            ox.Quad(node, ox.NamedNode(kgo + "agent"), ox.NamedNode(kg + agent), claim),
            ox.Quad(claim, ox.NamedNode(QUOTE), ox.Literal(quote)),
        ]
        start = text.index(quote)
        return Candidate(claim.value, name, "Resignation", start, start + len(quote), 0.9, "", node.value, quads, {},
                         subject=node.value)  # fmt: skip

    first = candidate("first", "government-resignation", "government-of-kazakhstan", "The government resigned.")
    second = candidate("second", "government-resignation", "tokayev", "Tokayev resigned.")
    elsewhere = candidate("elsewhere", "other-resignation", "smailov", "Smailov resigned.")
    judge = Judge(requirements, Editor(review_terms(project, requirements.schema, graph)), "en", text)
    assert judge.refusal(first, []) is None and judge.refusal(second, []) is None
    judge.earlier += judge.accepted_quads(first, EXTRACTOR, "2026-12-06T00:00:00Z")
    assert "kgo:agent" in judge.refusal(second, [])
    assert judge.refusal(elsewhere, []) is None and judge.refusal(first, []) is None


def test_review_refuses_a_past_event_dated_after_its_source_was_published(copy):
    """The build's one-claim checks (`# scope: one claim` in queries/checks/) are review's too: a date edited to after
    the source's publication, on an event reported as past, is refused with the check's message, as a plan it is not."""
    with copy.session("ru") as session:
        candidate = next(
            c for c in session.undecided()
            if any(q.predicate.value == ns.KGO + "date" for q in c.quads) and session.refusal(c, []) is None
        )  # fmt: skip
        later = (session.published + __import__("datetime").timedelta(days=3)).isoformat()
        why = session.refusal(candidate, [("date", later)])
        assert why is not None and why.startswith("This claim reports an event as past but dates it after its source")
        assert f"on {later}, published {session.published.isoformat()}" in why
        planned = [("date", later), ("role", "modality kgo:Planned")]
        # a day the words do not state needs a note, as the build asks (review let it pass, the build refused it)
        assert "is not stated in its quote" in session.refusal(candidate, planned)
        assert session.refusal(candidate, [*planned, ("+because", "the plan's day, said the next day")]) is None
        with pytest.raises(KgError, match="reports an event as past"):
            session.decide(candidate, "accepted", edits=[("date", later)])
        assert session.refusal(candidate, [("date", session.published.isoformat())]) is None


def test_accept_above_after_reopen_replaces_the_reopened_decision(copy):
    """A second reading's case: `--reopen CLAIM --accept-above 0` appended a second decision for the reopened claim
    (the old one stayed on record, the claim got two times of acceptance)."""
    with copy.session("ru", holder="--accept-above") as session:
        assert session.accept_above(0)
        first = session.decisions.items[0]
    with copy.session("ru", holder="--accept-above") as session:
        session.reopen(first.claim)
        assert first.key in {c.key for c in session.accept_above(0)}
        keys = [d.key for d in session.decisions.items]
        assert len(keys) == len(set(keys)) and first.key in keys and not session.reopened
    with copy.session("ru") as session:  # read back from the files
        assert len([d for d in session.decisions.items if d.key == first.key]) == 1
    times = re.findall(r"generatedAtTime", (copy.project.claims_dir / f"{copy.ids['ru']}.trig").read_text("utf-8"))
    assert len(times) == len(keys)


def test_reopen_of_a_claim_never_decided_says_so_plainly(copy):
    """An outsider's trial: `--reopen` on a source with no decision yet said «decided: , …»."""
    with copy.session("ru") as session:
        with pytest.raises(KgError) as refused:
            session.reopen("no-such-claim")
    assert "has no decision on no-such-claim (nothing is decided on it yet)" in str(refused.value)
    with copy.session("ru", holder="--accept-above") as session:
        session.accept_above(0)
    with copy.session("ru") as session:
        with pytest.raises(KgError) as refused:
            session.reopen("no-such-claim")
    assert "(decided: " in str(refused.value) and ", )" not in str(refused.value)


def test_what_accept_above_accepts_the_build_takes_or_a_person_decides(copy, tmp_path):
    """The third outsider's trial: `review --accept-above 0` on an article of theirs accepted a candidate that
    made the graph break a shape no one-claim check sees, and `build` refused everything. What was accepted is now
    assembled with the graph; what breaks a shape is left to a person, by name. (Their case, a matched movement
    given a contingent its event lacked, no longer arises since trial 47's rule; a return dated before the graph's
    arrival of the same force there, kgs:return-after-arrival, is one.)"""
    for article, leaves in (
        (ROOT / "tests" / "fixtures" / "outsider" / "withdrawal-schedule-ru.txt", None),
        (tmp_path / "early-return-ru.txt", "return-"),
    ):
        if leaves:
            article.write_text("Кыргызские миротворцы вернулись из Алматы в Бишкек 5 января.\n", encoding="utf-8")
        added = copy("add", str(article), "--publisher", "Volga Courier", "--published", "2022-01-13", "--lang", "ru")
        assert added.exit_code == 0, added.output
        source = added.output.split("added source ", 1)[1].split(":", 1)[0]
        assert copy("build", "--no-hermit", "-q").exit_code == 0
        assert copy("extract", source).exit_code == 0
        accepted = copy("review", source, "--accept-above", "0")
        assert accepted.exit_code == 0, accepted.output
        if leaves:
            assert f"left to a person: {leaves}" in accepted.output, accepted.output
            assert "the graph's shapes refuse it" in accepted.output
        built = copy("build", "--no-hermit", "-q")
        assert built.exit_code == 0, built.output


def test_a_new_place_must_say_its_country_before_it_is_accepted(copy):
    """Trial 44: a claim added with `n` minting a city (`kg:osh a kgo:City ; kg:kyrgyzstan capital kg:osh`) asked
    only for labels; accepted, it made the next build fail (kgs:in-a-country wants kgo:locatedIn, a qualified count
    review did not read). Review now says so before it accepts, of the claim's subject or of a place it mints, and
    the build passes once the country is given."""
    with copy.session("en") as session:
        city = session.add(
            "the biggest city of Kyrgyzstan", "kg:tien-town a kgo:City ; kg:kyrgyzstan capital kg:tien-town"
        )
        other = session.add("saw protests", "kg:kyrgyzstan capital kg:lake-town ; kg:lake-town a kgo:City")
        for added, iri, en, ru in (
            (city, "kg:tien-town", "Tien Town", "Тянь-Таун"),
            (other, "kg:lake-town", "Lake Town", "Лейк-Таун"),
        ):
            session.edit(added, f"{iri} label@en", en)
            session.edit(added, f"{iri} label@ru", ru)
            refused = session.refusal(added)
            assert refused is not None and "kgo:locatedIn" in refused, refused
        assert "kgo:locatedIn (to a kgo:Country) of kg:lake-town" in session.refusal(other)
        assert "fact kg:lake-town kgo:locatedIn ENTITY" in session.refusal(other)
        # a place that is no country, or an alliance, says no country (a second reading: accepted, the build failed)
        for wrong in (
            "kg:tien-town locatedIn kg:tien-valley ; kg:tien-valley a kgo:Place",
            "kg:tien-town locatedIn CSTO",
        ):
            trial = session.add("the biggest city of Kyrgyzstan", f"kg:tien-town a kgo:City ; {wrong}")
            assert "kgo:locatedIn (to a kgo:Country)" in session.missing(trial), wrong
            session.decide(trial, "rejected", "a test")
        # through a region the graph puts in a country it does
        session.edit(other, "fact", "kg:lake-town locatedIn kg:mangystau-region")
        assert not session.missing(other) and session.refusal(other) is None, session.refusal(other)
        session.edit(city, "fact", "kg:tien-town locatedIn Kyrgyzstan")
        assert session.refusal(city) is None, session.refusal(city)
        session.decide(city, "accepted")
    result = copy("build", "--no-hermit", "-q")
    assert result.exit_code == 0, result.output
