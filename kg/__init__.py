"""kg: turn English news articles into an RDF knowledge graph with provenance."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kg")
except PackageNotFoundError:
    __version__ = "0.0.0+local"

from kg.pipeline import BuildReport, build

__all__ = ["BuildReport", "__version__", "build"]
