"""The kg ontology, SHACL shapes, JSON-LD context and competency queries, installed as
`kg.ontology` so that `kg validate` finds them after a plain `pip install`."""
