"""The command line: arguments in, renderables out, errors to exit codes.

This is the only module that imports Typer and the only one that writes to the terminal.
Business rules live in the pure core; here we choose the registry, the date and the stream,
and turn `RoadmapsError` into one line on stderr and an exit code (design §4).
"""

import datetime as dt
import functools
import os
import sys
from collections.abc import Callable, Iterator, MutableMapping
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar, get_args, get_origin

import typer
import typer.main
from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment
from typer.core import TyperCommand, TyperGroup

from . import query as Q
from . import render as R
from .errors import RegistryError, RoadmapsError, Severity, UnknownIdError
from .model import PartialDate, Registry, parse_partial

# -- parsing without pydantic ------------------------------------------------------------
#
# Typer (0.2x) coerces every parameter value through a pydantic TypeAdapter that it builds on
# first use, even a `None` default or a string that stays a string. Building the first adapter
# imports pydantic: about 150 ms, more than Python, Typer and Rich take to start together, on a
# command that then needs 100 ms for everything else. Our parameters are strings, booleans,
# paths, lists of them and string enums, so for the values that need no conversion we give
# the answer Typer would give and leave every other value (a bad choice, an int, an unreadable
# path) to Typer's own coercion, errors and messages included. tests/test_cli_parsing.py pins the equivalence
# against Typer's coercion; a Typer without this hook (before 0.2x) is left alone.

_NOT_TRIVIAL = object()
# A path option as Typer declares it by default: no existence, type or resolution rules.
_PLAIN_PATH = {
    "exists": False,
    "file_okay": True,
    "dir_okay": True,
    "writable": False,
    "readable": True,
    "resolve_path": False,
    "allow_dash": False,
    "path_type": None,
}


def _trivial_value(value: Any, param: Any, ctx: typer.Context) -> Any:
    """What Typer's coercion returns for `value` when it needs no conversion."""
    annotation = param.type_descriptor.annotation
    multi = param.multiple or param.nargs == -1
    if value is None:
        return () if multi else None
    if multi:
        if not isinstance(value, list | tuple) or get_origin(annotation) is not list:
            return _NOT_TRIVIAL
        (item,) = get_args(annotation)
        found = [_trivial_item(v, item, param, ctx) for v in value]
        return _NOT_TRIVIAL if _NOT_TRIVIAL in found else found
    return _trivial_item(value, annotation, param, ctx)


def _trivial_item(value: Any, annotation: Any, param: Any, ctx: typer.Context) -> Any:
    if annotation in (str, bool) and type(value) is annotation:
        return value
    if annotation is Path and type(value) is str:
        info = param.type_descriptor.parameter_info
        plain = all(getattr(info, k, None) == v for k, v in _PLAIN_PATH.items())
        # Typer refuses an existing file it cannot read; any other plain path is just a Path.
        if plain and (not os.path.exists(value) or os.access(value, os.R_OK)):
            return Path(value)
        return _NOT_TRIVIAL
    if isinstance(annotation, type) and issubclass(annotation, StrEnum):
        if isinstance(value, annotation):
            return value
        exact = param.type_descriptor.parameter_info.case_sensitive
        if isinstance(value, str) and exact and ctx.token_normalize_func is None:
            return annotation._value2member_map_.get(value, _NOT_TRIVIAL)
    return _NOT_TRIVIAL


class _TrivialCoercion:
    """Stands in for Typer's lazily built coercion of one parameter."""

    def coerce(self, value: Any, param: Any, ctx: typer.Context) -> Any:
        result = _trivial_value(value, param, ctx)
        if result is _NOT_TRIVIAL:
            param._runtime_param = None  # Typer builds its own from here on
            return param.get_runtime_param().coerce(value, param=param, ctx=ctx)
        return result


def _light(params: list[Any]) -> list[Any]:
    """Give each parameter whose coercion Typer has not built yet the shortcut."""
    for param in params:
        if getattr(param, "_runtime_param", _NOT_TRIVIAL) is None:
            param._runtime_param = _TrivialCoercion()
    return params


class _Command(TyperCommand):
    def get_params(self, ctx: Any) -> list[Any]:
        return _light(super().get_params(ctx))


class _Group(TyperGroup):
    def get_params(self, ctx: Any) -> list[Any]:
        return _light(super().get_params(ctx))


# -- commands built when asked for --------------------------------------------------------
#
# Typer turns every registered command into a Click command before it parses anything:
# signatures read, parameters converted, for sixteen commands, 3 ms of a reading command's
# start-up. The main group holds builders instead and builds a command the first time Click
# asks for it, so `roadmaps status` builds `status` alone while `--help`, completion and the
# "did you mean" of a mistyped command still see every name. Each builder makes a one-command
# Typer and asks `typer.main.get_command` for it: the Click command Typer would have made.

_BUILDERS: dict[str, Callable[[], Any]] = {}


class _Commands(MutableMapping[str, Any]):
    """The main group's commands by name, each built on first access."""

    def __init__(self) -> None:
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            self._built[name] = _BUILDERS[name]()
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        raise TypeError("roadmaps commands cannot be removed")

    def __iter__(self) -> Iterator[str]:
        return iter([*_BUILDERS, *(n for n in self._built if n not in _BUILDERS)])

    def __len__(self) -> int:
        return len(set(_BUILDERS) | set(self._built))


class _Main(_Group):
    def __init__(self, **settings: Any) -> None:
        super().__init__(**settings)
        self.commands = _Commands()

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # names only: Typer's version would build every command


# Every Typer of ours: plain help text, and our own messages instead of Rich tracebacks.
_TYPER: dict[str, Any] = {"rich_markup_mode": None, "pretty_exceptions_enable": False}


def _register(on: typer.Typer, name: str, help_text: str, fn: Callable[..., Any]) -> None:
    on.command(name, help=help_text, short_help=SHORT_HELP.get(name), cls=_Command)(fn)


def _solo(name: str, help_text: str, fn: Callable[..., Any]) -> Any:
    one = typer.Typer(add_completion=False, **_TYPER)
    _register(one, name, help_text, fn)
    return typer.main.get_command(one)


app = typer.Typer(
    name="roadmaps",
    cls=_Main,
    help="Track how integration road maps and union programs are implemented, with every fact cited.",
    epilog="Environment: ROADMAPS_DATA, the registry file; ROADMAPS_CACHE, the folder of the "
    "reading commands' parse cache, or off; NO_COLOR; COLUMNS.",
    no_args_is_help=True,
    **_TYPER,
    context_settings={"help_option_names": ["-h", "--help"]},
)

F = TypeVar("F", bound=Callable[..., Any])


PIPED_WIDTH = 100  # rich's 80 columns wrap most titles; COLUMNS still wins when set


class _VisibleConsole(Console):
    """A console that shows control characters of the text it prints as escapes (visible.py).

    Every renderable, however nested, is turned into segments by `render`, the step before
    styles become escape sequences of their own: escaping there is the one boundary all
    output for people crosses, tables and messages alike."""

    def render(
        self, renderable: RenderableType, options: ConsoleOptions | None = None
    ) -> Iterator[Segment]:
        from .visible import visible

        for segment in super().render(renderable, options):
            text = segment.text
            if segment.control is None and visible(text) is not text:
                yield Segment(visible(text), segment.style)
            else:
                yield segment


def _consoles() -> tuple[Console, Console]:
    no_color = bool(os.environ.get("NO_COLOR"))
    out = _VisibleConsole(highlight=False, emoji=False, markup=False, no_color=no_color)
    if not out.is_terminal and not os.environ.get("COLUMNS"):
        out.width = PIPED_WIDTH
    err = _VisibleConsole(
        stderr=True, highlight=False, emoji=False, markup=False, no_color=no_color, soft_wrap=True
    )
    return out, err


def _fail(message: str, code: int) -> NoReturn:
    _, err = _consoles()
    err.print(f"roadmaps: {message}", style="red" if err.is_terminal else "")
    raise typer.Exit(code)


SHORT_HELP = {
    "status": "The headline: where every program stands.",
    "show": "One program, sector, plan or source.",
    "list": "A filtered table of programs.",
    "timeline": "Every dated event, in order.",
    "sources": "The bibliography and what cites it.",
    "export": "Publish as json, csv, markdown, html or sqlite.",
    "diff": "What changed between two dates.",
    "check": "Every problem of a registry, for CI.",
    "schema": "Print the JSON Schema of the format.",
    "fmt": "Rewrite the registry in canonical form.",
    "record": "Add a dated, cited status change.",
}


def command(name: str, help_text: str, group: typer.Typer | None = None) -> Callable[[F], F]:
    """Register a command (on `group`, default the main app) whose RoadmapsErrors become a
    message and an exit code."""

    def register(fn: F) -> F:
        @functools.wraps(fn)
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except RegistryError as exc:
                _report_registry(exc)
            except RoadmapsError as exc:
                _fail(str(exc), exc.exit_code)

        if group is None:
            _BUILDERS[name] = functools.partial(_solo, name, help_text, run)
        else:
            _register(group, name, help_text, run)
        return fn

    return register


def _report_registry(exc: RegistryError) -> NoReturn:
    _, err = _consoles()
    for problem in exc.problems:
        err.print(R.problem_line(problem))
    errors = sum(1 for p in exc.problems if p.severity is Severity.ERROR)
    noun = "error" if errors == 1 else "errors"
    err.print(
        f"roadmaps: {exc.path} has {errors} {noun}; fix them, or run `roadmaps check` for the full report"
    )
    raise typer.Exit(1)


# -- options ------------------------------------------------------------------------------


def _version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"roadmaps {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            envvar="ROADMAPS_DATA",
            help="Registry file. Default: the nearest "
            "data/roadmaps.toml from here upwards, else the registry shipped with roadmaps.",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    ctx.obj = data


def _partial(value: str) -> PartialDate:
    """Read YYYY-MM-DD, YYYY-MM or YYYY, keeping the precision given."""
    if value == "today":
        return PartialDate.of(dt.date.today())
    partial: PartialDate | None
    try:
        full = len(value) == 10
        partial = PartialDate.of(dt.date.fromisoformat(value)) if full else parse_partial(value)
    except ValueError:
        partial = None
    if partial is None:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
    return partial


def _day(value: str | None, *, end: bool = True) -> dt.date | None:
    """A month or year stands for its last day when it closes a period (--as-of, --until) and
    for its first day when it opens one (--since)."""
    if value is None:
        return None
    partial = _partial(value)
    return partial.end if end else partial.start


AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="Answer as of this date (YYYY-MM-DD, YYYY-MM or YYYY). Default: today.",
        show_default=False,
    ),
]
Json = Annotated[
    bool, typer.Option("--json", help="One JSON document on stdout instead of tables.")
]
SectorFilter = Annotated[
    str | None, typer.Option("--sector", help="Only this sector and its sub-sectors.")
]


def _open(ctx: typer.Context) -> Registry:
    """The registry a reading command answers from, refused if it has structural errors."""
    from .cache import open_registry
    from .paths import find_registry

    return open_registry(find_registry(ctx.obj))


def _as_of(value: str | None) -> dt.date:
    return _day(value) or dt.date.today()


def _require(registry: Registry, table: str, wanted: str | None, what: str) -> None:
    records = getattr(registry, table)
    if wanted is not None and wanted not in records:
        raise UnknownIdError(wanted, Q.nearest(wanted, records), what)


def _emit(renderable: RenderableType) -> None:
    out, _ = _consoles()
    if out.is_terminal:
        out.print(renderable)
        return
    # Piped output is for diffs and scripts: no padding spaces at the ends of lines.
    with out.capture() as captured:
        out.print(renderable)
    sys.stdout.write("\n".join(line.rstrip() for line in captured.get().splitlines()) + "\n")


def _emit_json(doc: dict[str, Any]) -> None:
    import json

    from .visible import json_text

    sys.stdout.write(json_text(json.dumps(doc, ensure_ascii=False, indent=2, default=str)) + "\n")


def _fancy() -> bool:
    out, _ = _consoles()
    return out.is_terminal


# -- running ------------------------------------------------------------------------------


class _VisibleStderr:
    """Standard error for Click's own messages, which quote arguments: control characters
    shown as escapes, like every other message (visible.py)."""

    def write(self, text: str) -> int:
        from .visible import visible

        return sys.stderr.write(visible(text))

    def flush(self) -> None:
        sys.stderr.flush()

    def isatty(self) -> bool:
        return sys.stderr.isatty()

    def __getattr__(self, name: str) -> Any:
        return getattr(sys.stderr, name)


# Click's base exception, wherever this Typer keeps Click (vendored since Typer 0.2x).
_CLICK_ERROR: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException"
)


def run() -> int:
    """Run the command line and return its exit code, Click's errors shown by us (escaped) and
    Ctrl-C as 130, rather than by Click's standalone mode."""
    try:
        result = app(standalone_mode=False)
    except _CLICK_ERROR as exc:
        exc.show(file=_VisibleStderr())  # type: ignore[attr-defined]
        return int(exc.exit_code)  # type: ignore[attr-defined]
    except typer.Abort as exc:
        interrupted = isinstance(exc.__cause__ or exc.__context__, KeyboardInterrupt)
        return 130 if interrupted else 1
    return result if isinstance(result, int) else 0


# -- the commands, by family (design §7) ------------------------------------------------------
#
# Imported last: each family registers its commands with `command` above. The order of these
# imports is the order of `roadmaps --help`.

from . import cli_read, cli_publish, cli_edit  # noqa: E402, F401, I001
