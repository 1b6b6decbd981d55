"""A bounded fuzz of the commands that read a registry from a stranger (issue 13): the shipped
registry mutated as bytes and as TOML values, run through `check`, `status` and `fmt --check`.
Whatever the input: no traceback, and an exit code of 0, 1 or 2."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from roadmaps.cli import app

from .conftest import SHIPPED
from .strategies import SURROGATES

ORIGINAL = SHIPPED.read_bytes()
DOCUMENT = tomllib.loads(ORIGINAL.decode("utf-8"))
COMMANDS = (("check", "{}"), ("--data", "{}", "status"), ("fmt", "--check", "{}"))
FUZZ = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def run_all(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "roadmaps.toml"
        path.write_bytes(data)
        for command in COMMANDS:
            args = [arg.format(path) for arg in command]
            result = CliRunner().invoke(
                app, args, env={"ROADMAPS_CACHE": "off", "NO_COLOR": "1", "COLUMNS": "100"}
            )
            if result.exception is not None and not isinstance(result.exception, SystemExit):
                raise AssertionError(f"{args}: {result.exception!r}") from result.exception
            assert result.exit_code in (0, 1, 2), (args, result.exit_code)
            assert "Traceback" not in result.stdout + result.stderr


# -- bytes ---------------------------------------------------------------------------------

edits = st.lists(
    st.tuples(
        st.integers(0, len(ORIGINAL)),
        st.sampled_from(["insert", "delete", "replace"]),
        st.binary(min_size=1, max_size=8)
        | st.sampled_from(
            [b"\x00", b"\x1b[2J", b"\xff", b"\xef\xbb\xbf", b"\r\n", b"#", b'"', b"[", b"]", b"="]
        )
        | st.sampled_from(
            ["\u202e".encode(), b"\xc2\x9b", b"9" * 30, b"9" * 5000, b"\n[[programs.x.history]]\n"]
        ),
    ),
    min_size=1,
    max_size=6,
)


@FUZZ
@given(edits)
def test_mutated_bytes_never_end_in_a_traceback(changes: list[tuple[int, str, bytes]]):
    data = bytearray(ORIGINAL)
    for at, how, chunk in changes:
        at = min(at, len(data))
        if how == "insert":
            data[at:at] = chunk
        elif how == "delete":
            del data[at : at + len(chunk) * 50]
        else:
            data[at : at + len(chunk)] = chunk
    run_all(bytes(data))


# -- values --------------------------------------------------------------------------------

hostile_text = st.text(
    st.characters(codec="utf-8", exclude_categories=SURROGATES), max_size=12
) | st.sampled_from(["\x1b[31mred", "a\u202eb", "\x85", "javascript:alert(1)", "http://a b", ""])
values: st.SearchStrategy[Any] = st.recursive(
    hostile_text
    | st.integers(-(2**70), 2**70)
    | st.sampled_from([2**63, -(2**63) - 1, 2**63 - 1])
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.booleans()
    | st.dates(min_value=dt.date(1, 1, 1))
    | st.datetimes(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(hostile_text, inner, max_size=3),
    max_leaves=6,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            found.append((*prefix, key))
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found.append((*prefix, i))
            found += _paths(value, (*prefix, i))
    return found


PATHS = _paths(DOCUMENT)


def _replaced(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(document, dict):
        return {**document, head: _replaced(document[head], rest, value)}
    copy = list(document)
    copy[head] = _replaced(copy[head], rest, value)
    return copy


@FUZZ
@given(
    st.lists(
        st.tuples(st.sampled_from(PATHS), values, st.sampled_from(["set", "new key"])),
        min_size=1,
        max_size=3,
    )
)
def test_mutated_values_never_end_in_a_traceback(changes: list[tuple[Any, Any, str]]):
    document: Any = DOCUMENT
    for path, value, how in changes:
        try:
            if how == "new key":
                path = (*path[:-1], "x-" + str(path[-1]))
            document = _replaced(document, path, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed the place
    try:
        text = tomli_w.dumps(document)
    except (TypeError, ValueError):
        return  # not expressible in TOML: nothing a registry could hold
    run_all(("#:schema ../schema/roadmaps.schema.json\n" + text).encode("utf-8", "surrogatepass"))


# -- a few through the real entry point ----------------------------------------------------


def test_hostile_files_through_the_entry_point(tmp_path: Path):
    cases = {
        "nul.toml": ORIGINAL.replace(b'title = "', b'title = "\x00', 1),
        "c1.toml": ORIGINAL.replace(b'title = "', b'title = "\\u009b', 1),
        "huge-int.toml": ORIGINAL.replace(
            b"stale_after_days = 365", b"stale_after_days = " + b"9" * 5000
        ),
        "bom.toml": b"\xef\xbb\xbf" + ORIGINAL,
        "crlf.toml": ORIGINAL.replace(b"\n", b"\r\n"),
        "deep.toml": ORIGINAL + b"x = " + b"[" * 5000 + b"]" * 5000 + b"\n",
        "binary.toml": bytes(range(256)) * 4,
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        for args in (
            ["check", str(path)],
            ["--data", str(path), "status"],
            ["fmt", "--check", str(path)],
        ):
            done = subprocess.run(
                [sys.executable, "-m", "roadmaps", *args],
                capture_output=True,
                check=False,
                env={"ROADMAPS_CACHE": "off", "PATH": "/usr/bin:/bin"},
            )
            assert done.returncode in (0, 1, 2), (name, args, done.stderr)
            assert b"Traceback" not in done.stderr and b"internal error" not in done.stderr, (
                name,
                args,
                done.stderr,
            )
