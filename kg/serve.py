"""A read-only SPARQL 1.1 Protocol endpoint over a built graph, and the graph page.

Each query runs in a forked child process, so a query that outlives the time limit is
killed rather than left running; the child also stops at the result-size limit. Updates,
LOAD and federated SERVICE calls are refused: the endpoint never changes the graph and
never calls out to another host; it answers only requests that name its own address.
"""

from __future__ import annotations

import multiprocessing
import re
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs

import anyio
import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

from kg.errors import SetupError
from kg.query import QUOTED, calls_out, open_source
from kg.store import is_store

DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_RESULTS = 100_000
MAX_QUERY_BYTES = 64_000
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
SELECT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/json": ox.QueryResultsFormat.JSON,
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
UPDATE = re.compile(r"\b(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Answer:
    status: int
    media_type: str
    body: bytes


def refusal(query: str) -> Answer | None:
    """Why a query is refused, looking only at its keywords (not at strings, IRIs or comments)."""
    bare = QUOTED.sub(" ", query)
    if calls_out(query):
        return Answer(403, "text/plain", b"SERVICE (federated queries) is refused: this endpoint calls no other host\n")
    if UPDATE.search(bare) and not re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", bare, re.IGNORECASE):
        return Answer(403, "text/plain", b"this endpoint is read-only: updates and LOAD are refused\n")
    return None


def negotiate(accept: str, table: dict) -> str:
    """The first media type of `table` that the Accept header names (or the table's first)."""
    for part in accept.split(","):
        media = part.split(";")[0].strip().lower()
        if media in table:
            return media
    return next(iter(table))


def evaluate(store: ox.Store, query: str, accept: str, max_results: int) -> Answer:
    """Run a query and serialise its result for the client; a result over the size limit
    is refused (counted in a first pass, so that it is never serialised)."""
    try:
        result = store.query(query, use_default_graph_as_union=True)
    except SyntaxError as exc:
        return Answer(400, "text/plain", f"SPARQL syntax error: {exc}\n".encode())
    if not isinstance(result, ox.QueryBoolean):
        for count, _ in enumerate(result, start=1):
            if count > max_results:
                return too_many(max_results)
        result = store.query(query, use_default_graph_as_union=True)
    if isinstance(result, ox.QueryTriples):
        media = negotiate(accept, GRAPH_TYPES)
        return Answer(200, media, ox.serialize(result, format=GRAPH_TYPES[media]))
    media = negotiate(accept, SELECT_TYPES)
    return Answer(200, media, result.serialize(format=SELECT_TYPES[media]))


def too_many(limit: int) -> Answer:
    return Answer(413, "text/plain", f"the result has more than {limit} rows: add a LIMIT\n".encode())


def run_isolated(store: ox.Store, query: str, accept: str, timeout: float, max_results: int) -> Answer:
    """Evaluate in a forked child; kill it at the time limit."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def work() -> None:
        answer = evaluate(store, query, accept, max_results)
        sender.send((answer.status, answer.media_type, answer.body))

    child = context.Process(target=work, daemon=True)
    child.start()
    sender.close()
    try:
        if receiver.poll(timeout):
            return Answer(*receiver.recv())
        return Answer(503, "text/plain", f"the query ran longer than {timeout:g} s and was stopped\n".encode())
    except EOFError:
        return Answer(500, "text/plain", b"the query failed\n")
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()


def create_app(source: Path | str, timeout: float = DEFAULT_TIMEOUT, max_results: int = DEFAULT_MAX_RESULTS,
               hosts: Iterable[str] = LOOPBACK_NAMES) -> Starlette:
    """The endpoint's app: /sparql, and / for the graph page (or, serving a file or a store,
    a line saying what is served). Only requests naming one of `hosts` are answered, so a
    web page cannot reach a loopback endpoint through a name it rebinds (DNS rebinding)."""
    store = open_source(source)
    page = Path(source) / "graph.html" if Path(source).is_dir() and not is_store(Path(source)) else None

    async def sparql(request: Request) -> Response:
        if request.method == "POST":
            body = await request.body()
            if len(body) > MAX_QUERY_BYTES:
                return PlainTextResponse(f"request larger than {MAX_QUERY_BYTES} bytes\n", status_code=413)
            kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if kind == "application/sparql-update":
                return PlainTextResponse("this endpoint is read-only: updates are refused\n", status_code=403)
            if kind == "application/sparql-query":
                query = body.decode("utf-8", "replace")
            else:
                form = parse_qs(body.decode("utf-8", "replace"))
                if "update" in form:
                    return PlainTextResponse("this endpoint is read-only: updates are refused\n", status_code=403)
                query = form.get("query", [""])[0]
        else:
            query = request.query_params.get("query", "")
            if len(query.encode()) > MAX_QUERY_BYTES:
                return PlainTextResponse(f"query larger than {MAX_QUERY_BYTES} bytes\n", status_code=413)
        if not query.strip():
            return PlainTextResponse("give a SPARQL query in 'query'\n", status_code=400)
        answer = refusal(query) or await anyio.to_thread.run_sync(
            run_isolated, store, query, request.headers.get("accept", ""), timeout, max_results)
        return Response(answer.body, status_code=answer.status, media_type=answer.media_type)

    async def graph_page(request: Request) -> Response:
        if page is None or not page.exists():
            return PlainTextResponse(f"kg's read-only SPARQL endpoint for {Path(source).name}: query it at /sparql "
                                     "(the graph page is served for a build folder)\n")
        return FileResponse(page, media_type="text/html")

    return Starlette(routes=[Route("/sparql", sparql, methods=["GET", "POST"]), Route("/", graph_page)],
                     middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=list(hosts))])


def host_names(host: str, extra: Iterable[str] = ()) -> list[str]:
    """The Host header names the endpoint answers: those of the bound address (every loopback
    name for a loopback address), and any the user adds ('*' for any)."""
    names = list(LOOPBACK_NAMES) if host in LOOPBACK_NAMES else [host]
    return [*names, *extra]


def serve(source: Path | str, host: str = "127.0.0.1", port: int = 7878, timeout: float = DEFAULT_TIMEOUT,
          max_results: int = DEFAULT_MAX_RESULTS, hosts: Iterable[str] = ()) -> None:
    """Run the endpoint until Ctrl-C; a port already in use is an error naming it."""
    import uvicorn

    app = create_app(source, timeout, max_results, host_names(host, hosts))
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise SetupError("E902", f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                             hint="choose another --port, or stop what uses it") from exc
    uvicorn.run(app, host=host, port=port, log_level="warning")
