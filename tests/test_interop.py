"""Outputs load unchanged into tools that are not ours: raptor's rapper and Apache Jena."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import zipfile
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from tests.conftest import require_tool

pytestmark = pytest.mark.external

JAVA_LIBS = Path("/usr/share/java")
JENA_DEPENDENCIES = (
    "commons-cli", "commons-codec", "commons-compress", "commons-csv", "commons-io", "commons-lang3",
    "dexx.collection", "gson", "guava", "httpclient", "httpcore", "jackson-core", "jackson-databind",
    "jackson-annotations", "jsonld-java", "protobuf", "slf4j-api", "slf4j-nop", "thrift", "titanium-json-ld",
)
ROLES_QUERY = """
PREFIX kg: <https://w3id.org/kg-news/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?name ?role WHERE {
  GRAPH ?article { ?person kg:holdsRole ?role }
  GRAPH ?entities { ?person skos:prefLabel ?name }
} ORDER BY ?name ?role
"""


@pytest.fixture(scope="session")
def jena(tmp_path_factory) -> list[str]:
    """A `java -cp ...` prefix for Debian's Jena 4.5 (libapache-jena-java).

    Debian's jena-core relocates xerces to the package `xerces` but keeps its message
    bundles under `org/apache/jena/ext/xerces`, so every datatype check dies with
    "internal error"; copying the bundles to the relocated path, first on the class
    path, mends it. The class path names Jena's own dependencies only, because the
    whole of /usr/share/java binds two conflicting slf4j back-ends.
    """
    java = require_tool("java")
    if not (JAVA_LIBS / "jena-core.jar").exists():
        require_tool("jena-core.jar (Debian libapache-jena-java)")
    resources = tmp_path_factory.mktemp("jena-xerces")
    with zipfile.ZipFile(JAVA_LIBS / "jena-core.jar") as jar:
        for name in jar.namelist():
            if name.startswith("org/apache/jena/ext/xerces/") and name.endswith(".properties"):
                target = resources / name.removeprefix("org/apache/jena/ext/")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(jar.read(name))
    jars = sorted(p for p in JAVA_LIBS.glob("jena-*.jar") if not re.search(r"-\d", p.name))
    jars += [JAVA_LIBS / f"{name}.jar" for name in JENA_DEPENDENCIES]
    return [java, "-cp", ":".join([str(resources), *map(str, jars)])]


@pytest.mark.parametrize("name, syntax", [("graph.ttl", "turtle"), ("graph.nt", "ntriples")])
def test_rapper_parses_merged_outputs(seeds_out, name, syntax):
    rapper = require_tool("rapper")
    result = subprocess.run([rapper, "-i", syntax, "-c", str(seeds_out / name)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    count = int(re.search(r"returned (\d+) triples", result.stderr).group(1))
    assert count == len(rdflib.Graph().parse(seeds_out / "graph.ttl"))


@pytest.mark.parametrize("name", ["graph.ttl", "graph.nt", "graph.trig", "graph.nq"])
def test_jena_riot_validates(seeds_out, jena, name):
    result = subprocess.run([*jena, "riotcmd.riot", "--validate", str(seeds_out / name)],
                            capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "ERROR" not in result.stderr and "WARN" not in result.stderr


def test_jena_answers_a_query_on_the_dataset_as_oxigraph_does(seeds_out, jena, tmp_path):
    query = tmp_path / "roles.rq"
    query.write_text(ROLES_QUERY, encoding="utf-8")
    result = subprocess.run([*jena, "arq.sparql", "--data", str(seeds_out / "graph.trig"), "--query", str(query),
                             "--results=CSV"], capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    jena_rows = [tuple(row) for row in csv.reader(io.StringIO(result.stdout))][1:]
    store = ox.Store()
    store.load(path=str(seeds_out / "graph.trig"), format=ox.RdfFormat.TRIG)
    oxigraph_rows = [(s["name"].value, s["role"].value) for s in store.query(ROLES_QUERY)]
    assert jena_rows == oxigraph_rows
    assert ("Nayib Bukele", "President of El Salvador") in jena_rows
