"""Option values shared by the command line and the modules behind it. Import-light on purpose: the CLI
reads these at start-up, and `csto-kg query` must not pay for rdflib or pySHACL."""

FORMATS = ("table", "csv", "tsv", "json", "xml", "markdown")  # rows (json, xml: the SPARQL 1.1 results formats)
GRAPH_FORMATS = ("turtle", "jsonld", "ntriples")            # graphs from CONSTRUCT and DESCRIBE
LANGUAGES = ("en", "ru")                                     # labels and messages
REPORT_FORMATS = ("human", "table", "json", "turtle")        # validation reports
ENGINES = ("fast", "pyshacl")                                # SHACL engines
