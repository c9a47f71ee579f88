"""Benchmark ingest and write bench/INGEST.md.

Two measurements, each against a baseline run in the same script:

* the same articles built from saved HTML pages (each wrapped in navigation, a cookie
  banner, related links, an advert and comments) and from plain text: the time pages add;
* the peak memory of reading web archives of two sizes (each HTML response one article):
  it must not grow with the archive, since records stream through a disk spool.

Texts are GUM documents from ../shared/data, as in bench/run.py.

    python bench/ingest.py [--articles 1000] [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import html
import io
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import publish, source_texts  # noqa: E402

PAGE = """<!DOCTYPE html><html><head><title>{title}</title>
<meta property="og:site_name" content="Bench Courier"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies.</div>
<article><h1>{title}</h1>{paragraphs}</article>
<aside class="related"><h3>Related stories</h3><ul><li><a href="/a">Another story</a></li></ul></aside>
<div class="advert">Buy cheap flights now!</div>
<section class="comments"><h3>Comments</h3><p>Great article, thanks!</p></section>
</body></html>"""


def page_of(text: str, index: int) -> str:
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    return PAGE.format(title=f"Story {index}", paragraphs=paragraphs)


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def build_seconds(folder: Path, out: Path) -> float:
    return timed([sys.executable, "-m", "kg", "build", str(folder), "--out", str(out), "--formats", "ttl"])


def write_archive(path: Path, pages: list[str]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for i, page in enumerate(pages):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"https://bench.example/{i}", "response",
                                                          payload=io.BytesIO(page.encode("utf-8")),
                                                          http_headers=headers))


INGEST_PEAK = """
import resource, sys
from kg.ingest import load_documents
documents = load_documents([sys.argv[1]])
count = sum(1 for _ in documents)
print(count, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def ingest_peak(archive: Path) -> tuple[int, float]:
    """Articles read from an archive and the reading process's peak RSS (MB)."""
    done = subprocess.run([sys.executable, "-c", INGEST_PEAK, str(archive)], check=True, capture_output=True,
                          text=True)
    count, peak = done.stdout.split()
    return int(count), float(peak)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    args = parser.parse_args()
    texts = source_texts(args.data)
    chosen = [f"{texts[i % len(texts)]}\n(Archive copy {i}.)" for i in range(args.articles)]
    rows = []
    with tempfile.TemporaryDirectory(prefix="kg-ingest-bench-") as scratch:
        root = Path(scratch)
        plain, pages = root / "text", root / "html"
        plain.mkdir()
        pages.mkdir()
        for i, text in enumerate(chosen):
            (plain / f"a{i:05d}.txt").write_text(text, encoding="utf-8")
            (pages / f"a{i:05d}.html").write_text(page_of(text, i), encoding="utf-8")
        text_seconds = build_seconds(plain, root / "out-text")
        page_seconds = build_seconds(pages, root / "out-html")
        small, large = root / "small.warc.gz", root / "large.warc.gz"
        write_archive(small, [page_of(t, i) for i, t in enumerate(chosen[:len(chosen) // 10])])
        write_archive(large, [page_of(t, i) for i, t in enumerate(chosen)])
        for archive in (small, large):
            count, peak = ingest_peak(archive)
            rows.append((archive.stat().st_size / 1e6, count, peak))
    lines = [
        "# Ingest benchmark",
        "",
        f"Made by `python bench/ingest.py --articles {args.articles}` on {platform.machine()}, "
        f"Python {platform.python_version()}. Texts: GUM documents from ../shared/data.",
        "",
        "| build of | articles | `kg build` (s) | against text |",
        "|---|---|---|---|",
        f"| plain text (.txt) | {args.articles:,} | {text_seconds:.1f} | 1.00x |",
        f"| saved pages (.html, with page furniture) | {args.articles:,} | {page_seconds:.1f} | "
        f"{page_seconds / text_seconds:.2f}x |",
        "",
        "Reading web archives (ingest only, in a fresh process):",
        "",
        "| archive (MB, gzip) | articles | peak RSS (MB) |",
        "|---|---|---|",
        *(f"| {size:.1f} | {count:,} | {peak:.0f} |" for size, count, peak in rows),
        "",
    ]
    publish("INGEST.md", lines)


if __name__ == "__main__":
    main()
