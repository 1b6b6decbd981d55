"""The command line's shortcut past Typer's pydantic coercion: same values, no pydantic."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
import typer
import typer.main
from hypothesis import given
from hypothesis import strategies as st

from roadmaps.cli import _NOT_TRIVIAL, _hooked, _light, _trivial_value, _TrivialCoercion, app

from .conftest import MINI, REPO

build_runtime_param: Any
try:  # Typer's private coercion, present from 0.29 on; older Typers keep the public path
    from typer._coercion import build_runtime_param
except ImportError:  # pragma: no cover - exercised at the lowest versions pyproject allows
    build_runtime_param = None

needs_hook = pytest.mark.skipif(
    build_runtime_param is None, reason="this Typer has no private coercion hook"
)


def _parameters() -> Iterator[tuple[Any, Any]]:
    """Every parameter of every command, with a context of its own command."""

    def walk(command: Any) -> Iterator[tuple[Any, Any]]:
        ctx = typer.Context(command)
        for param in command.get_params(ctx):
            yield command, param
        for sub in getattr(command, "commands", {}).values():
            yield from walk(sub)

    return walk(typer.main.get_command(app))


PARAMETERS = list(_parameters()) if build_runtime_param is not None else []
VALUES = (
    st.none()
    | st.booleans()
    | st.sampled_from(["text", "json", "github", "done", "csv", "stalled", "", "-", "Text"])
    # paths: an existing file, a folder, a missing file
    | st.sampled_from([str(MINI), str(REPO), str(REPO / "no-such.toml")])
    | st.text(max_size=8)
    | st.lists(st.text(max_size=5) | st.sampled_from([str(MINI), str(REPO)]), max_size=3).map(tuple)
)


@needs_hook
def test_every_kind_of_parameter_is_covered():
    annotations = {str(param.type_descriptor.annotation) for _, param in PARAMETERS}
    assert {"<class 'str'>", "<class 'bool'>", "list[str]"} <= annotations
    assert {"<class 'pathlib.Path'>", "list[pathlib.Path]"} <= annotations
    assert any("Enum" in str(type(param.type_descriptor.annotation)) for _, param in PARAMETERS)


@needs_hook
@given(index=st.integers(0, max(len(PARAMETERS) - 1, 0)), value=VALUES)
def test_a_trivial_value_is_what_typer_itself_would_give(index: int, value: Any):
    command, param = PARAMETERS[index]
    ctx = typer.Context(command)
    ours = _trivial_value(value, param, ctx)
    if ours is _NOT_TRIVIAL:
        return
    assert build_runtime_param is not None
    theirs = build_runtime_param(param.type_descriptor).coerce(value, param=param, ctx=ctx)
    assert (ours, type(ours)) == (theirs, type(theirs))


@pytest.mark.parametrize(
    "argv",
    [
        ["status"],
        ["status", "--plan", "new-plan", "--as-of", "2024-06-30", "--json"],
        ["show", "energy"],
        ["list", "--status", "done", "--sector", "finance"],
        ["check", "--format", "json", str(MINI)],
    ],
)
def test_reading_commands_never_import_pydantic(argv: list[str]):
    """pydantic costs more start-up time than Python, Typer and Rich together."""
    probe = (
        "import sys\n"
        "from roadmaps.__main__ import main\n"
        f"sys.argv = ['roadmaps', '--data', {str(MINI)!r}, *{argv!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exit:\n"
        "    assert exit.code in (0, None), exit.code\n"
        "print('pydantic:', sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic'), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )
    assert (done.returncode, done.stderr.splitlines()[-1]) == (0, "pydantic: []")


def test_a_value_typer_must_judge_still_gets_typers_message():
    done = subprocess.run(
        [sys.executable, "-m", "roadmaps", "--data", str(MINI), "list", "--status", "nope"],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "100"},
        check=False,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert "Invalid value for '--status'" in done.stderr
    assert "'nope' is not a status: use one of planned, agreed," in done.stderr


@needs_hook
def test_the_shortcut_answers_the_values_commands_meet_most():
    for command, param in PARAMETERS:
        ctx = typer.Context(command)
        annotation = param.type_descriptor.annotation
        assert _trivial_value(None, param, ctx) is not _NOT_TRIVIAL, param.name
        if annotation is str:
            assert _trivial_value("x", param, ctx) == "x"
        elif annotation == list[str]:
            assert _trivial_value(("a", "b"), param, ctx) == ["a", "b"]
        elif annotation is Path:
            assert _trivial_value(str(MINI), param, ctx) == MINI
        elif annotation == list[Path]:
            assert _trivial_value((str(MINI), "x.toml"), param, ctx) == [MINI, Path("x.toml")]
        elif isinstance(annotation, type) and issubclass(annotation, Enum):
            first = next(iter(annotation))
            assert _trivial_value(first.value, param, ctx) is first


class _OldParam:
    """A parameter as Typer before 0.29 made it: no private coercion hook."""

    name = "status"


class _Coerced:
    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        return ("typer's own", value)


class _ChangedParam:
    """A parameter of a Typer that kept `_runtime_param` but changed its descriptors."""

    def __init__(self) -> None:
        self._runtime_param: Any = None
        self.type_descriptor = object()  # no .annotation: our shortcut cannot read it
        self.multiple = False
        self.nargs = 1

    def get_runtime_param(self) -> Any:
        if self._runtime_param is None:
            self._runtime_param = _Coerced()
        return self._runtime_param


def test_a_typer_without_the_private_hook_keeps_its_public_path():
    old = _OldParam()
    assert not _hooked(old)
    assert _light([old]) == [old]
    assert not hasattr(old, "_runtime_param")


def test_a_typer_whose_private_names_changed_gets_its_own_coercion():
    param = _ChangedParam()
    assert _hooked(param)
    _light([param])
    assert isinstance(param._runtime_param, _TrivialCoercion)
    answer = param._runtime_param.coerce("x", param, typer.Context(typer.main.get_command(app)))
    assert answer == ("typer's own", "x")
    assert isinstance(param._runtime_param, _Coerced)


def test_the_cli_works_on_whatever_typer_is_installed():
    done = subprocess.run(
        [sys.executable, "-m", "roadmaps", "--data", str(MINI), "list", "--status", "done"],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "100"},
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("program")
