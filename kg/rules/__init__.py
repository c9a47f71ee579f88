"""The rule layer: what a parsed article states, read off spaCy annotations and the
vocabulary in `kg/data/`. Its public face is `extract()`; the parts are mention typing and
names (`names`, `extract`), quantities, coreference (`context`), clauses read as frames
(`clauses`), statements, and the relations and events read off frames."""

from kg.rules.extract import extract

__all__ = ["extract"]
