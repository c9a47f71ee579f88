"""The output formats by name, apart from their writers (`kg.export.WRITERS`), and the
article size limit, so that the command line can list and check them without loading RDF,
page or ingest libraries."""

FORMATS = ("ttl", "nt", "trig", "nq", "jsonld", "graphml", "entities", "facts", "html")
DEFAULT_FORMATS = FORMATS
DEFAULT_MAX_BYTES = 50_000_000
