"""Bytes to article text: UTF-8 (with or without BOM) or UTF-16 with a BOM, binary files
refused, and markdown read without its markup."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

from kg.errors import InputError
from kg.ingest.notices import Notice, warn

BINARY_PROBE_BYTES = 8192
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
HTML_START = re.compile(r"\s*(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.IGNORECASE)
BLOCK_ENDS = {"paragraph_close", "heading_close", "blockquote_close", "list_item_close", "table_close"}


def decode(path: Path | str, data: bytes, on_warning: Callable[[Notice], None] | None) -> str:
    """The text of a file's bytes; refuses binary data and broken UTF-16."""
    if data.startswith(UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError("E105", f"invalid UTF-16 at byte offset {exc.start}", path=path,
                             hint="re-save the file as UTF-8") from exc
    if b"\x00" in data[:BINARY_PROBE_BYTES]:
        raise InputError("E104", "looks like a binary file, not text", path=path, hint="give kg plain-text articles")
    return decode_utf8(path, data, on_warning)


def decode_utf8(path: Path | str, data: bytes, on_warning: Callable[[Notice], None] | None) -> str:
    """UTF-8 text; bytes that do not decode become U+FFFD, reported once with the first offset."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8-sig", errors="replace")
        bad = text.count("\ufffd") - data.decode("utf-8-sig", errors="ignore").count("\ufffd")
        warn(on_warning, Notice(Path(path), f"invalid UTF-8 at byte offset {exc.start} ({bad} replaced with U+FFFD); "
                                            "re-save the file as UTF-8 for exact text"))
        return text


def looks_like_html(text: str) -> bool:
    return HTML_START.match(text) is not None


@cache
def markdown_parser():
    from markdown_it import MarkdownIt
    return MarkdownIt("commonmark").enable("table")


def markdown_text(source: str) -> str:
    """Markdown as the text a reader sees: no markers for emphasis, links, headings, lists or
    quotes, no images, code blocks or raw HTML; a block per paragraph, a line per source line
    ('**ACCRA, May 9** — The …' -> 'ACCRA, May 9 — The …'). markdown-it-py (CommonMark)
    parses it; it comes with rich."""
    blocks: list[str] = []
    current: list[str] = []
    for token in markdown_parser().parse(source):
        if token.type == "inline":
            current.append(inline_text(token.children or []))
        elif token.type in BLOCK_ENDS and current:
            blocks.append(" ".join(part for part in current if part).strip())
            current = []
    if current:
        blocks.append(" ".join(current).strip())
    return "\n\n".join(block for block in blocks if block)


def inline_text(children) -> str:
    """The words of a block's inline tokens (an image, with its alt text, is left out)."""
    parts: list[str] = []
    for child in children:
        if child.type in {"text", "code_inline"}:
            parts.append(child.content)
        elif child.type in {"softbreak", "hardbreak"}:
            parts.append("\n")
    return "".join(parts)
