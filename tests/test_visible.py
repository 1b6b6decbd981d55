"""Hostile text reaching an output: one escape at each boundary (visible.py), and exports that
carry no formula, link, image, heading or HTML from the data (design §3, §4; issue 13)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from rich.text import Text

from roadmaps import export as X
from roadmaps.cli import _consoles
from roadmaps.export_csv import csv_text
from roadmaps.visible import json_text, markdown, visible

from .conftest import MINI, Invoke

ESC = "\x1b"


def test_visible_escapes_what_drives_a_terminal_and_keeps_the_rest():
    assert visible("plain, Кириллица – ok\n") == "plain, Кириллица – ok\n"
    assert visible("a\x1b[2Jb\x07\t\x7f\x9b") == "a\\x1b[2Jb\\x07\\x09\\x7f\\x9b"
    assert visible("x\u202ey\u2066z") == "x\\u202ey\\u2066z"
    assert visible("bad\udcff") == "bad\\xff"  # a byte of an argument that was not UTF-8


def test_json_text_escapes_c1_bidi_and_surrogates_and_keeps_the_value():
    document = json.dumps({"t": "a\x85b\u202ec\x7f"}, ensure_ascii=False)
    escaped = json_text(document)
    assert escaped == '{"t": "a\\u0085b\\u202ec\\u007f"}'
    assert json.loads(escaped) == {"t": "a\x85b\u202ec\x7f"}


def test_markdown_text_cannot_make_markup():
    hostile = (
        "![i](http://e.org/x.png) [l](javascript:alert(1)) <script>&amp; # h | www.e.org a@b.c"
    )
    shown = markdown(hostile)
    assert shown == (
        "\\!\\[i\\](http\\://e.org/x.png) \\[l\\](javascript\\:alert(1)) \\<script\\>\\&amp; "
        "\\# h \\| www\\.e.org a\\@b.c"
    )
    assert markdown("- item") == "\\- item"
    assert markdown("1. first") == "1\\. first"
    assert markdown("two\nlines") == "two lines"


def test_the_consoles_print_control_characters_as_escapes():
    out, err = _consoles()
    for console in (out, err):
        with console.capture() as captured:
            console.print(Text(f"title{ESC}]0;owned{ESC}\\ and \u202eevil"))
        assert captured.get() == "title\\x1b]0;owned\\x1b\\ and \\u202eevil\n"


def hostile_file(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.write_text(MINI.read_text(encoding="utf-8").replace("format = 1", "format = 1\nbogus = 1"))
    return path


def test_check_text_and_annotations_show_a_hostile_file_name_escaped(
    invoke: Invoke, tmp_path: Path
):
    path = hostile_file(tmp_path, f"r{ESC}[31m.toml")
    for output in ("text", "github"):
        result = invoke("check", str(path), "--format", output, "--ignore", "W")
        assert result.exit_code == 1
        assert ESC not in result.stdout + result.stderr
        assert "r\\x1b[31m.toml" in result.stdout


def test_check_json_escapes_bidi_in_file_names(invoke: Invoke, tmp_path: Path):
    path = hostile_file(tmp_path, "r\u202eLMTH.toml")
    result = invoke("check", str(path), "--format", "json", "--ignore", "W")
    assert "\u202e" not in result.stdout
    assert "r\\u202eLMTH.toml" in result.stdout
    assert json.loads(result.stdout)["files"] == [str(path)]


def test_a_message_quoting_an_argument_is_escaped(invoke: Invoke):
    result = invoke("--data", str(MINI), "show", f"gas{ESC}[2J")
    assert result.exit_code == 2
    assert ESC not in result.stderr


def test_click_usage_errors_are_escaped_too():
    done = subprocess.run(
        [sys.executable, "-m", "roadmaps", f"stat{ESC}]0;x{ESC}\\"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert ESC not in done.stderr and "stat\\x1b]0;x\\x1b\\" in done.stderr


def test_step_summary_cells_cannot_inject_markdown(invoke: Invoke, tmp_path: Path):
    path = hostile_file(tmp_path, "[x](https:evil.example)<img src=x>.toml")
    summary = tmp_path / "summary.md"
    invoke(
        "check",
        str(path),
        "--format",
        "github",
        "--ignore",
        "W",
        env={"GITHUB_STEP_SUMMARY": str(summary)},
    )
    text = summary.read_text(encoding="utf-8")
    assert re.search(r"(?<!\\)\]\(|(?<!\\)<", text) is None  # no link, no HTML
    assert "\\[x\\](https\\:evil.example)\\<img src=x\\>.toml" in text


FORGED = "\\n::error file=x.toml,line=1::forged\\nx.toml:1:1: E999 forged"


def test_a_newline_in_the_registry_cannot_forge_a_line_of_the_check(invoke: Invoke, tmp_path: Path):
    """One problem, one line: a quoted key or a date string with a newline would otherwise
    print lines of its own, a fake problem or a workflow command that GitHub's runner obeys
    (`::error`, `::add-mask::`) in a job that runs `roadmaps check` on a stranger's branch."""
    text = MINI.read_text(encoding="utf-8")
    text = text.replace("[sectors.power]", f'[sectors."power{FORGED}"]')
    text = text.replace("date = 2021-11-04", f'date = "2021{FORGED}"', 1)
    path = tmp_path / "r.toml"
    path.write_text(text, encoding="utf-8")
    result = invoke("check", str(path), "--ignore", "W")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith(f"{path}:") for line in lines), result.stdout
    assert "power\\n::error file=x.toml" in result.stdout
    result = invoke("--data", str(path), "status")  # the same lines block a reading command
    assert result.exit_code == 1
    assert not [
        line
        for line in result.stderr.splitlines()
        if not line.startswith((f"{path}:", "roadmaps: "))
    ], result.stderr


# -- exports ---------------------------------------------------------------------------------


def test_csv_cells_that_would_be_formulas_are_neutralised():
    rows = [["=1+1", "+3", "-2", "@SUM(A1)", "\t=x", "\r=x", "a=b", "", 7]]
    text = csv_text(["a", "b", "c", "d", "e", "f", "g", "h", "i"], rows)
    assert text.split("\r\n")[1] == "'=1+1,'+3,'-2,'@SUM(A1),'\t=x,\"'\r=x\",a=b,,7"


def test_markdown_export_escapes_titles_and_links(registry, tmp_path: Path):
    from dataclasses import replace

    program = registry.programs["gas-market"]
    source = registry.sources[program.history[-1].sources[0]]
    hostile = replace(
        registry,
        title="# Owned ![x](https://e.example/p.png)",
        programs={
            **registry.programs,
            "gas-market": replace(program, title="<script>alert(1)</script> [click](javascript:x)"),
        },
        sources={
            **registry.sources,
            source.id: replace(source, url="https://e.example/a_(b)"),
        },
    )
    text = X.to_markdown(X.Snapshot.of(hostile, registry.as_of.start))
    assert text.startswith("# \\# Owned \\!\\[x\\](https\\://e.example/p.png)\n")
    assert re.search(r"(?<!\\)<script", text) is None
    assert re.search(r"(?<!\\)\[click", text) is None
    assert f"[{source.id}](<https://e.example/a_(b)>)" in text


def test_html_still_escapes_and_links_only_web_addresses(registry):
    from dataclasses import replace

    program = registry.programs["gas-market"]
    hostile = replace(
        registry,
        programs={**registry.programs, "gas-market": replace(program, title="<script>x</script>")},
    )
    text = X.to_html(X.Snapshot.of(hostile, registry.as_of.start))
    assert "<script>x</script>" not in text and "&lt;script&gt;" in text


def test_no_raw_escape_reaches_a_terminal_from_an_environment_path(tmp_path: Path):
    env = {**os.environ, "ROADMAPS_DATA": str(tmp_path / f"none{ESC}[2J.toml")}
    done = subprocess.run(
        [sys.executable, "-m", "roadmaps", "status"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 2
    assert ESC not in done.stderr and "none\\x1b[2J.toml: no such file" in done.stderr


def test_json_for_scripts_escapes_c1_and_bidi(capsys):
    from roadmaps.cli import _emit_json

    _emit_json({"format": 1, "title": "a\x9bb\u202ec"})
    out = capsys.readouterr().out
    assert out == '{\n  "format": 1,\n  "title": "a\\u009bb\\u202ec"\n}\n'
    assert json.loads(out)["title"] == "a\x9bb\u202ec"


INVISIBLE = "\ufeff\u200b\u200e\u200f\u061c\u2028\u2029\ufff9\ufffa\ufffb"


def test_visible_escapes_invisible_format_characters_but_not_joiners():
    """A byte-order mark, a zero-width space, direction marks, line and paragraph separators
    and interlinear annotation marks show nothing (or break a line) on a terminal: a title
    could hide text from a reviewer with them. The zero-width joiners (U+200C, U+200D) are
    kept: they belong to emoji and to Persian and Indic text."""
    assert visible(f"a{INVISIBLE}b") == (
        "a\\ufeff\\u200b\\u200e\\u200f\\u061c\\u2028\\u2029\\ufff9\\ufffa\\ufffbb"
    )
    assert visible("\u200c\u200d") == "\u200c\u200d"


def test_invisible_characters_in_the_registry_are_escaped_for_people_not_in_json(
    invoke: Invoke, tmp_path: Path
):
    path = tmp_path / "r.toml"
    text = MINI.read_text(encoding="utf-8")
    path.write_text(text.replace("indirect taxation", "indirect\\ufeff\\u200btaxation", 1))
    assert path.read_text(encoding="utf-8") != text
    shown = invoke("--data", str(path), "show", "tax-code")
    assert shown.exit_code == 0
    assert "indirect\\ufeff\\u200btaxation" in shown.stdout and "\ufeff" not in shown.stdout
    as_json = invoke("--data", str(path), "show", "tax-code", "--json")
    assert json.loads(as_json.stdout)["program"]["title"].endswith("indirect\ufeff\u200btaxation")
