"""The W3C SPARQL 1.1 Protocol tests (tests/w3c/sparql11-protocol/manifest.ttl) against `csto-kg serve`.

Each test is one or more HTTP requests with the status class, the result format (boolean, tabular, RDF) and the
boolean the answer must have. The graphs a test names (ut:graphData) are loaded as named graphs of a store the
server serves. The endpoint is read-only: the query tests and the bad-request tests apply as written; an update
test's requests are answered 403 (refused), which the tests below check instead of the update's effect.
"""

from __future__ import annotations

import json
import urllib.parse
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.collection import Collection

from .conftest import ROOT
from .test_serve import start, stop

SUITE = Path(__file__).parent / "w3c" / "sparql11-protocol"
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
HTS = rdflib.Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
UT = rdflib.Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
RDFS = rdflib.RDFS

MANIFEST = rdflib.Graph().parse(SUITE / "manifest.ttl", format="turtle", publicID=(SUITE / "manifest.ttl").as_uri())
ENTRIES = list(Collection(MANIFEST, next(MANIFEST.objects(None, MF.entries))))


def _requests(entry):
    action = MANIFEST.value(entry, MF.action)
    for request in Collection(MANIFEST, MANIFEST.value(action, HT.requests)):
        body = MANIFEST.value(request, HT.body)
        headers = {
            str(MANIFEST.value(h, HT.fieldName)): str(MANIFEST.value(h, HT.fieldValue))
            for h in (
                Collection(MANIFEST, MANIFEST.value(request, HT.headers)) if MANIFEST.value(request, HT.headers) else []
            )
        }
        data = None
        if body is not None:
            encoding = str(MANIFEST.value(body, CNT.characterEncoding) or "UTF-8")
            data = str(MANIFEST.value(body, CNT.chars)).encode(encoding.lower().replace("utf-16", "utf-16"))
        response = MANIFEST.value(request, HT.resp)
        yield {
            "method": str(MANIFEST.value(request, HT.methodName)),
            "path": str(MANIFEST.value(request, HT.absolutePath)),
            "headers": headers,
            "data": data,
            "statuses": {str(s).rsplit("StatusCode", 1)[1] for s in MANIFEST.objects(response, MF.expectedStatus)},
            "format": str(MANIFEST.value(response, MF.expectedFormat) or ""),
            "boolean": MANIFEST.value(response, MF.expectedBoolean),
        }


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    """A store holding every graph the tests name (data1..3 as the kasei.us graphs), served."""
    folder = tmp_path_factory.mktemp("protocol") / "store"
    store = ox.Store(str(folder))
    for data in MANIFEST.objects(None, UT.graphData):
        source, name = MANIFEST.value(data, UT.graph), MANIFEST.value(data, RDFS.label)
        store.load(
            path=str(SUITE / Path(str(source)).name), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(name))
        )
    store.flush()
    del store
    from csto_kg.project import Project

    project = Project(ROOT)
    app, handle, url = start(str(folder), project, timeout=5.0)
    yield url
    stop(app, handle)


def _send(url: str, request: dict):
    import http.client

    netloc = urllib.parse.urlsplit(url).netloc
    path = request["path"].replace("/sparql/", "/sparql", 1)
    connection = http.client.HTTPConnection(netloc, timeout=30)
    connection.request(request["method"], path, body=request["data"], headers=request["headers"])
    response = connection.getresponse()
    return response.status, response.getheader("Content-Type", ""), response.read()


def _format_and_boolean(media: str, body: bytes):
    media = media.split(";")[0].strip()
    if media == "application/sparql-results+json":
        data = json.loads(body)
        return ("boolean", data["boolean"]) if "boolean" in data else ("tabular", None)
    if media == "application/sparql-results+xml":
        root = ET.fromstring(body)
        boolean = root.find("{http://www.w3.org/2005/sparql-results#}boolean")
        return ("boolean", boolean.text == "true") if boolean is not None else ("tabular", None)
    if media in ("text/csv", "text/tab-separated-values"):
        return "tabular", None
    syntax = ox.RdfFormat.from_media_type(media)
    if syntax is not None:
        list(ox.parse(body, format=syntax))  # it must parse
        return "RDF", None
    return media, None


@pytest.mark.parametrize("entry", ENTRIES, ids=[str(e).rsplit("#", 1)[1] for e in ENTRIES])
def test_the_protocol_suite(endpoint, entry):
    name = str(entry).rsplit("#", 1)[1]
    updating = name.startswith("update_")  # a write: refused by this read-only endpoint
    for request in _requests(entry):
        status, media, body = _send(endpoint, request)
        writes = (
            request["headers"].get("content-type", "").startswith("application/sparql-update")
            or (request["data"] or b"").startswith(b"update=")
            or "update=" in request["path"]
        )
        if updating and writes:
            assert status == 403, (name, status, body)
            break  # the requests after it check the update's effect, which a read-only endpoint never has
        assert str(status)[0] + "xx" in request["statuses"], (name, status, body[:300])
        if request["format"]:
            kind, boolean = _format_and_boolean(media, body)
            assert kind == request["format"], (name, media, body[:300])
            if request["boolean"] is not None:
                assert boolean == request["boolean"].toPython(), (name, body)
