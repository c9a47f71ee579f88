"""A saved news page as an article: its main text and its own metadata, read with
trafilatura (the field's standard extractor for news pages: it drops navigation, ads,
related links, cookie banners and comments)."""

from __future__ import annotations

from pathlib import Path

from kg.errors import InputError

MIN_LINE_WORDS = 4
PAGE_FIELDS = {"title": "title", "date": "date", "outlet": "sitename", "url": "url", "author": "author"}


def page_article(html: str | bytes, where: Path | str, url: str | None = None) -> tuple[str, dict[str, str]]:
    """The main text of a page and its title, date, outlet (og:site_name, JSON-LD publisher),
    canonical URL and author, where the page gives them (`url`: where it was fetched from); the
    headline is metadata, not the text's first line. A page with no article text (no line of
    a few words: a front page of links, a bare menu) is an error naming it."""
    import trafilatura

    extracted = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                            include_tables=False, include_images=False)
    found = extracted.as_dict() if extracted is not None else {}
    text = (found.get("text") or "").strip()
    if not any(len(line.split()) >= MIN_LINE_WORDS for line in text.splitlines()):
        raise InputError("E110", "HTML page holds no article text", path=where,
                         hint="save the page itself, not a front page or a page of links")
    meta = {key: str(found[field]).strip() for key, field in PAGE_FIELDS.items() if found.get(field)}
    first, _, rest = text.partition("\n")
    if rest.strip() and first.strip() == meta.get("title"):
        text = rest.strip()
    return text, meta
