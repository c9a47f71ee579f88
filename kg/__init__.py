"""kg: turn English news articles into an RDF knowledge graph with provenance.

`build` and `BuildReport` load the whole pipeline (spaCy, rdflib, networkx), so they are
imported on first use: `import kg.model` or `kg --help` stays quick."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kg")
except PackageNotFoundError:
    __version__ = "0.0.0+local"

__all__ = ["BuildReport", "__version__", "build"]


def __getattr__(name: str):
    if name in {"build", "BuildReport"}:
        from kg import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
