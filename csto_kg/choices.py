"""Option values shared by the command line and the modules behind it. Import-light on purpose: the CLI
reads these at start-up, and `csto-kg query` must not pay for rdflib or pySHACL."""

from .formats import RDF_DATA, names, names_of

FORMATS = names("rows")  # rows (json, xml: the SPARQL 1.1 results formats)
GRAPH_FORMATS = names("graph")  # graphs from CONSTRUCT and DESCRIBE
EXPORT_FORMATS = names_of(RDF_DATA)  # a whole build: the graph syntaxes and the dataset ones
LANGUAGES = ("en", "ru")  # labels and messages
REPORT_FORMATS = ("human", "table", "json", "turtle")  # validation reports
ENGINES = ("fast", "pyshacl")  # SHACL engines
# The confidence at or above which extract's candidates may be accepted without a person: the lowest at which the
# candidates of the articles its confidence table is learnt from (TUNE and the outsiders') are right 9 in 10, events
# and facts each, every candidate with the confidence a table learnt without its article gives it (`python
# bench/ingest_bench.py` prints it; tests/test_ingest.py fails when it is below what the bench measures).
ACCEPT_ABOVE = 0.88
