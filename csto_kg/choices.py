"""Option values shared by the command line and the modules behind it. Import-light on purpose: the CLI
reads these at start-up, and `csto-kg query` must not pay for rdflib or pySHACL."""

from .formats import RDF_DATA, names, names_of

FORMATS = names("rows")  # rows (json, xml: the SPARQL 1.1 results formats)
GRAPH_FORMATS = names("graph")  # graphs from CONSTRUCT and DESCRIBE
EXPORT_FORMATS = names_of(RDF_DATA)  # a whole build: the graph syntaxes and the dataset ones
LANGUAGES = ("en", "ru")  # labels and messages
REPORT_FORMATS = ("human", "table", "json", "turtle")  # validation reports
ENGINES = ("fast", "pyshacl")  # SHACL engines
