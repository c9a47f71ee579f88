"""Bad input gives one line naming the file, a documented exit code, and never a
half-written output."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg.fsutil
from kg.cli import app
from kg.errors import EXIT_INPUT, OutputError
from kg.fsutil import replace_all, stage
from tests.conftest import SEEDS, read_jsonl

GOOD = (SEEDS / "000_1b95a740fe692537.txt").read_text("utf-8")


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def one_line_error(result) -> str:
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    return lines[0]


@pytest.mark.parametrize("content, fragment", [
    (b"", "file is empty"),
    (b"  \n\t \n", "file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    (b"<!DOCTYPE html><html><body><nav><a href='/'>Home</a></nav></body></html>", "HTML page holds no article text"),
    (b"  <html lang=en><body></body></html>", "HTML page holds no article text"),
])
def test_a_single_bad_file_is_an_error(tmp_path, content, fragment):
    bad = tmp_path / "article.txt"
    bad.write_bytes(content)
    result = run("build", str(bad), "--out", str(tmp_path / "out"))
    assert result.exit_code == EXIT_INPUT
    line = one_line_error(result)
    assert str(bad) in line and fragment in line
    assert not (tmp_path / "out").exists()


def test_missing_path_is_an_error(tmp_path):
    result = run("build", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "out"))
    assert result.exit_code == EXIT_INPUT
    assert "nope.txt" in one_line_error(result) and "no such file" in result.output


def test_folder_without_articles_is_an_error(tmp_path):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    result = run("build", str(tmp_path), "--out", str(tmp_path / "out"))
    assert result.exit_code == EXIT_INPUT
    assert "directory holds no articles kg reads" in one_line_error(result)


def test_folder_of_only_bad_files_is_an_error(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blank.txt").write_text("  ")
    result = run("build", str(tmp_path), "--out", str(tmp_path / "out"))
    assert result.exit_code == EXIT_INPUT
    assert "no usable articles" in result.output and "empty.txt: skipped" in result.output


def test_bad_files_named_beside_good_ones_are_skipped_and_the_build_goes_on(tmp_path):
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text(GOOD, encoding="utf-8")
    bad.write_bytes(b"\x00\x01binary")
    result = run("build", str(bad), str(good), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "bad.txt: skipped: looks like a binary file" in result.output
    assert "built 1 article(s)" in result.output


def test_bad_files_in_a_folder_are_skipped_with_a_warning(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "copy.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "latin1.txt").write_bytes("Müller said so.".encode("latin-1"))
    (tmp_path / "image.txt").write_bytes(b"\x00\x01\x02binary")
    result = run("build", str(tmp_path), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    for name in ("empty.txt", "image.txt"):
        assert f"{name}: skipped" in result.output
    assert "latin1.txt: invalid UTF-8 at byte offset 1" in result.output
    assert "good.txt: skipped: same text as copy.md, built once" in result.output
    assert "built 2 article(s)" in result.output
    assert (tmp_path / "out" / "graph.ttl").exists()


def test_failed_build_leaves_existing_outputs_untouched(tmp_path):
    out = tmp_path / "out"
    assert run("build", str(SEEDS / "000_1b95a740fe692537.txt"), "--out", str(out)).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02garbage")
    assert run("build", str(bad), "--out", str(out)).exit_code == EXIT_INPUT
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_interrupted_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "graph.ttl"
    target.write_bytes(b"old")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(kg.fsutil.os, "replace", broken_replace)
    with pytest.raises(OutputError, match="No space left"):
        replace_all([(stage(target, lambda out: out.write(b"new")), target)])
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl"]


def test_bad_sidecar_names_the_sidecar(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "a.meta.json").write_text("{not json")
    result = run("build", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"))
    assert result.exit_code == EXIT_INPUT
    assert "a.meta.json" in one_line_error(result)


def test_unknown_format_is_a_usage_error(tmp_path):
    result = run("build", str(SEEDS), "--out", str(tmp_path), "--formats", "ttl,pdf")
    assert result.exit_code == 2
    assert "pdf" in result.output


def test_bom_is_not_part_of_the_text(tmp_path):
    from kg.ingest import read_document
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffJane Doe spoke.".encode("utf-8"))
    assert read_document(Path(path)).text == "Jane Doe spoke."


def test_bad_alias_file_names_the_file(tmp_path):
    aliases = tmp_path / "aliases.json"
    aliases.write_text("[broken", encoding="utf-8")
    result = run("build", str(SEEDS / "000_1b95a740fe692537.txt"), "--out", str(tmp_path / "out"),
                 "--aliases", str(aliases))
    assert result.exit_code == EXIT_INPUT
    assert "aliases.json" in one_line_error(result) and "alias file is not valid" in result.output


def test_invalid_utf8_is_replaced_and_reported_with_its_offset(tmp_path):
    article = tmp_path / "mixed.txt"
    article.write_bytes(b"Judge Ana Ruiz met Tomas Berg in Lima. Caf\xe9 prices rose.\n")
    result = run("build", str(article), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "mixed.txt: invalid UTF-8 at byte offset 42 (1 replaced with U+FFFD)" in result.output
    text = article.read_bytes().decode("utf-8", errors="replace")
    for entity in read_jsonl(tmp_path / "out" / "entities.jsonl"):
        for mention in entity["mentions"]:
            assert text[mention["start"]:mention["end"]] == mention["text"]


def test_utf16_with_bom_and_crlf_line_ends(tmp_path):
    text = "Judge Ana Ruiz met Tomas Berg in Lima.\r\nThe meeting ended early.\r\n"
    article = tmp_path / "utf16.txt"
    article.write_bytes(text.encode("utf-16"))
    assert run("build", str(article), "--out", str(tmp_path / "out")).exit_code == 0
    mentions = [m for e in read_jsonl(tmp_path / "out" / "entities.jsonl") for m in e["mentions"]]
    assert {m["text"] for m in mentions} >= {"Ana Ruiz", "Tomas Berg", "Lima"}
    assert all(text[m["start"]:m["end"]] == m["text"] for m in mentions)


def test_file_over_max_bytes_is_refused(tmp_path):
    article = tmp_path / "big.txt"
    article.write_text("Jane Doe spoke. " * 100, encoding="utf-8")
    result = run("build", str(article), "--out", str(tmp_path / "out"), "--max-bytes", "1000")
    assert result.exit_code == EXIT_INPUT
    assert "big.txt" in one_line_error(result) and "more than --max-bytes 1,000" in result.output


@pytest.mark.slow
def test_very_long_lines_and_tokens_build(tmp_path):
    article = tmp_path / "long.txt"
    article.write_text("Judge Ana Ruiz spoke in Lima. " + "x" * 100_000 + " " + "word " * 20_000 + "\n",
                       encoding="utf-8")
    result = run("build", str(article), "--out", str(tmp_path / "out"), "--formats", "ttl,entities")
    assert result.exit_code == 0, result.output
    assert any(e["name"] == "Ana Ruiz" for e in read_jsonl(tmp_path / "out" / "entities.jsonl"))


def test_no_room_for_temporary_files_is_an_output_error_that_says_what_to_do(tmp_path, monkeypatch):
    import tempfile

    out = tmp_path / "out"
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "missing"))
    result = run("build", str(SEEDS / "000_1b95a740fe692537.txt"), "--out", str(out))
    assert result.exit_code == 4
    line = one_line_error(result)
    assert "[E302]" in line and "TMPDIR" in line and str(tmp_path / "missing") in line
    assert not out.exists()
