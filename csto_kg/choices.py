"""Option values shared by the command line and the modules behind it. Import-light on purpose: the CLI
reads these at start-up, and `csto-kg query` must not pay for rdflib or pySHACL."""

FORMATS = ("table", "csv", "tsv", "json", "markdown")        # rows
LANGUAGES = ("en", "ru")                                     # labels and messages
REPORT_FORMATS = ("human", "table", "json", "turtle")        # validation reports
ENGINES = ("fast", "pyshacl")                                # SHACL engines
