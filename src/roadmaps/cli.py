"""The command line: arguments in, renderables out, errors to exit codes.

With the command families it imports last (cli_read, cli_publish, cli_edit), it is the only
code that imports Typer and writes to the terminal. Business rules live in the pure core;
here we choose the registry, the date and the stream, and turn `RoadmapsError` into one line
on stderr and an exit code (design §4).
"""

import datetime as dt
import functools
import importlib
import os
import sys
from collections.abc import Callable, Iterator, MutableMapping, Sequence
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
from .errors import RegistryError, RoadmapsError, Severity, UnknownIdError, UsageError
from .model import Flag, PartialDate, Registry, Status, parse_partial

# -- parsing without pydantic ------------------------------------------------------------
#
# Typer (0.29 and later) coerces every parameter value through a pydantic TypeAdapter that it builds on
# first use, even a `None` default or a string that stays a string. Building the first adapter
# imports pydantic: about 150 ms, more than Python, Typer and Rich take to start together, on a
# command that then needs 100 ms for everything else. Our parameters are strings, booleans,
# paths, lists of them and string enums, so for the values that need no conversion we give
# the answer Typer would give and leave every other value (a bad choice, an int, an unreadable
# path) to Typer's own coercion, errors and messages included. tests/test_cli_parsing.py pins the equivalence
# against Typer's coercion; a Typer without this hook (before 0.29) is left alone, and so is
# one whose private names changed (`_hooked`).

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
        # Typer refuses an existing file it cannot read, and a name with a NUL byte; any other
        # plain path is just a Path.
        if (
            plain
            and "\x00" not in value
            and (not os.path.exists(value) or os.access(value, os.R_OK))
        ):
            return Path(value)
        return _NOT_TRIVIAL
    if isinstance(annotation, type) and issubclass(annotation, StrEnum):
        if isinstance(value, annotation):
            return value
        exact = param.type_descriptor.parameter_info.case_sensitive
        if isinstance(value, str) and exact and ctx.token_normalize_func is None:
            return annotation._value2member_map_.get(value, _NOT_TRIVIAL)
    return _NOT_TRIVIAL


def _refuse_choice(value: Any, param: Any) -> None:
    """A value outside a closed vocabulary, said as a user would say it: "'finished' is not a
    status: use one of planned, agreed, ..." (Typer's own says "Value error, ...")."""
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    if get_origin(annotation) is list:
        (annotation,) = get_args(annotation)
    if not (isinstance(annotation, type) and issubclass(annotation, StrEnum)):
        return
    values = value if isinstance(value, list | tuple) else [value]
    choices = [member.value for member in annotation]
    for item in values:
        if isinstance(item, str) and item not in choices:
            raise typer.BadParameter(_not_one_of(item, param, choices))


def _not_one_of(item: object, param: Any, choices: list[str]) -> str:
    opts = [o for o in getattr(param, "opts", ()) if o.startswith("--")]
    noun = (opts[-1] if opts else getattr(param, "name", None) or "value").lstrip("-")
    return f"{item!r} is not a {noun.replace('_', ' ')}: use one of {', '.join(choices)}."


def _plain_choice(param: Any) -> None:
    """The same sentence from a Typer that hands choices to Click (before 0.29, no private
    hook): Click (8.2 and later) asks its Choice type for the message of a bad value."""
    kind: Any = getattr(param, "type", None)
    if not callable(getattr(kind, "get_invalid_choice_message", None)):
        return
    choices = [str(getattr(c, "value", c)) for c in getattr(kind, "choices", ())]
    kind.get_invalid_choice_message = lambda value, ctx=None: _not_one_of(value, param, choices)


class _TrivialCoercion:
    """Stands in for Typer's lazily built coercion of one parameter."""

    def coerce(self, value: Any, param: Any, ctx: typer.Context) -> Any:
        try:
            result = _trivial_value(value, param, ctx)
        except AttributeError:  # a Typer whose descriptors differ: its own coercion judges
            result = _NOT_TRIVIAL
        if result is _NOT_TRIVIAL:
            _refuse_choice(value, param)
            param._runtime_param = None  # Typer builds its own from here on
            return param.get_runtime_param().coerce(value, param=param, ctx=ctx)
        return result


def _hooked(param: Any) -> bool:
    """Whether `param` has the private coercion hook of the Typers that use pydantic: a
    `_runtime_param` not built yet, `get_runtime_param` and a `type_descriptor`. Without them
    (Typer before 0.29, or a Typer that renamed them) the parameter keeps Typer's public path."""
    return (
        getattr(param, "_runtime_param", _NOT_TRIVIAL) is None
        and callable(getattr(param, "get_runtime_param", None))
        and hasattr(param, "type_descriptor")
    )


def _light(params: list[Any]) -> list[Any]:
    """Give each parameter whose coercion Typer has not built yet the shortcut, and help that
    names values as a user would."""
    for param in params:
        if _hooked(param):
            param._runtime_param = _TrivialCoercion()
        if not getattr(param, "_roadmaps_plain", False):
            _plain_help(param)
            _plain_choice(param)
            _plain_range(param)
    return params


def _click_class(name: str) -> type[Exception]:
    """One of Click's exception classes, wherever this Typer keeps Click (Typer 0.27 and
    later vendor it): found among the ancestors of Typer's BadParameter."""
    return next(c for c in typer.BadParameter.__mro__ if c.__name__ == name)


_CLICK_USAGE = _click_class("UsageError")


def _plain_range(param: Any) -> None:
    """A bounded number said in words ("a whole number, 1 or more", not Click's `[x>=1]`) and
    refused in a sentence ("--size must be 1 or more, not 0"). Typer 0.29 and later keep the
    bounds on the parameter (`min`, `max`) and describe them in `_get_number_range_help_str`;
    before, Click's IntRange type keeps them and describes them in `_describe_range`."""
    kind: Any = getattr(param, "type", None)
    if callable(getattr(kind, "_describe_range", None)):  # Typer 0.24-0.28: Click's IntRange
        if getattr(kind, "min_open", False) or getattr(kind, "max_open", False):
            return
        low, high = kind.min, kind.max
        whole = type(kind).__name__ == "IntRange"
        owner, hook = kind, "_describe_range"
    elif callable(getattr(param, "_get_number_range_help_str", None)):
        low, high = getattr(param, "min", None), getattr(param, "max", None)
        annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
        whole = annotation is int
        owner, hook = param, "_get_number_range_help_str"
    else:
        return
    if low is None and high is None:
        return
    if low is not None and high is not None:
        bound = f"from {low} to {high}"
    else:
        bound = f"{low} or more" if low is not None else f"{high} or less"
    words = f"{'a whole number' if whole else 'a number'}, {bound}"
    setattr(owner, hook, lambda: words)
    process = param.process_value

    def refuse_out_of_range(ctx: Any, value: Any) -> Any:
        for item in value if isinstance(value, list | tuple) else [value]:
            try:
                number = (int if whole else float)(item) if isinstance(item, str) else None
            except ValueError:
                continue  # not a number: the type's own message says so
            if number is not None and (
                (low is not None and number < low) or (high is not None and number > high)
            ):
                opts = [o for o in getattr(param, "opts", ()) if o.startswith("--")]
                name = opts[-1] if opts else str(getattr(param, "name", "value"))
                raise _CLICK_USAGE(f"{name} must be {bound}, not {item}.", ctx)
        return process(ctx, value)

    param.process_value = refuse_out_of_range


def _plain_help(param: Any) -> None:
    """Help without Typer's type names (`<str>`, `<list[Path]>`) or usage braces (`{ID}`):
    a value is shown by its metavar, a choice by its values (`text|json|github`)."""
    param._roadmaps_plain = True
    if getattr(param, "show_envvar", False) and getattr(param, "envvar", None) is None:
        param.show_envvar = False  # Typer 0.24 with Click 8.2 would say "(env var: 'None')"
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return
    if getattr(param, "metavar", None) is None:
        descriptor = getattr(param, "type_descriptor", None)
        choices = getattr(descriptor, "choices", None) if descriptor is not None else None
        if getattr(descriptor, "is_choice", False) and choices:
            param.metavar = "|".join(str(getattr(c, "value", c)) for c in choices)
        else:
            param.metavar = (getattr(param, "name", None) or "value").upper().replace("_", "-")
    if getattr(param, "param_type_name", "") == "argument":
        param.display_type_rich = lambda ctx: None  # the metavar says it all
        if hasattr(param, "_usage_display_name"):
            param._usage_display_name = functools.partial(_usage_name, param)


def _usage_name(param: Any) -> str:
    name = str(param.metavar)
    if not param.required and not name.startswith("["):
        name = f"[{name}]"
    if param.nargs != 1 and not name.endswith("..."):
        name += "..."
    return name


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
    on.command(name, help=_keep_example(help_text), short_help=SHORT_HELP.get(name), cls=_Command)(
        fn
    )


def _keep_example(help_text: str) -> str:
    """The closing `Example: roadmaps ...` paragraph is a command to copy: Click's `\b` marker
    keeps it on one line instead of rewrapping it like prose."""
    head, _, last = help_text.rpartition("\n\n")
    if head and last.startswith("Example: "):
        return f"{head}\n\n\b\n{last}"
    return help_text


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


INTERRUPTED = 130  # the exit code of a command ended by Ctrl-C, as shells report it
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
    "site": "A static website with an Atom feed and a JSON index.",
    "diff": "What changed between two dates.",
    "check": "Every problem of a registry, for CI.",
    "schema": "Print the JSON Schema of the format.",
    "fmt": "Rewrite the registry in canonical form.",
    "record": "Add a dated, cited status change.",
}


def command(name: str, help_text: str, group: typer.Typer | None = None) -> Callable[[F], F]:
    """Register a command (on `group`, default the main app) whose RoadmapsErrors become a
    message and an exit code, and which takes `--data PATH` after its name as well as before
    it (users type options after the command)."""

    def register(fn: F) -> F:
        from typing import get_type_hints

        hints = get_type_hints(fn, include_extras=True)  # read once: Typer reads them again
        ctx_name = next((n for n, hint in hints.items() if hint is typer.Context), None)

        @functools.wraps(fn)
        def run(*args: Any, **kwargs: Any) -> Any:
            data = kwargs.pop(_DATA_AFTER, None)
            ctx = kwargs.get(ctx_name) if ctx_name else kwargs.pop(_CTX, None)
            if data is not None and ctx is not None:
                ctx.obj = data  # after the command wins over before it, as it is read later
            try:
                return fn(*args, **{k: _text_argument(v) for k, v in kwargs.items()})
            except RegistryError as exc:
                _report_registry(exc)
            except RoadmapsError as exc:
                _fail(str(exc), exc.exit_code)

        _take_data(fn, run, hints, ctx_name)

        if group is None:
            _BUILDERS[name] = functools.partial(_solo, name, help_text, run)
        else:
            _register(group, name, help_text, run)
        return fn

    return register


def _text_argument(value: Any) -> Any:
    """A text argument as its author typed it. Without a UTF-8 locale or UTF-8 mode (LC_ALL=C,
    PYTHONUTF8=0), Python decodes each non-ASCII byte of an argument as an escaped byte (a lone
    surrogate), so `search газ` sought six escapes and found nothing. Where those bytes are
    UTF-8 they are read as UTF-8 again; bytes that are not stay escaped (and shown so,
    visible.py). Paths (Path values) are left as Python decoded them: that is how the file
    system names them in such a locale (`path_argument` for the options typed as text)."""
    if isinstance(value, str):
        if not any("\udc80" <= c <= "\udcff" for c in value):
            return value
        try:
            return os.fsencode(value).decode("utf-8")
        except UnicodeError:
            return value
    if isinstance(value, list | tuple):
        return type(value)(_text_argument(v) for v in value)
    return value


def path_argument(value: str) -> Path:
    """A path given to an option typed as text (`-o PATH`, which may be `-`): read back as the
    file system's name for it, which `_text_argument` had read as UTF-8."""
    return Path(os.fsdecode(value.encode("utf-8", "surrogateescape")))


_DATA_AFTER = "roadmaps_data_after"  # the parameter every command gets for `--data`
_CTX = "roadmaps_context"  # and a context, for the commands that do not ask for one

DataAfter = Annotated[
    Path | None,
    typer.Option(
        "--data",
        metavar="PATH",
        help="Registry file, as the option before the command.",
        show_default=False,
    ),
]


def _take_data(
    fn: Callable[..., Any], run: Callable[..., Any], hints: dict[str, Any], ctx_name: str | None
) -> None:
    """Give `run` the signature of `fn` plus `--data` (and a context when `fn` has none):
    Typer reads the signature, so every command registered here gets the option."""
    import inspect

    signature = inspect.signature(fn)
    params = [
        p.replace(annotation=hints.get(n, p.annotation)) for n, p in signature.parameters.items()
    ]
    kinds = inspect.Parameter
    if ctx_name is None:
        params.insert(0, kinds(_CTX, kinds.POSITIONAL_OR_KEYWORD, annotation=typer.Context))
    params.append(kinds(_DATA_AFTER, kinds.KEYWORD_ONLY, default=None, annotation=DataAfter))
    run.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in params}


def _report_registry(exc: RegistryError) -> NoReturn:
    """The problems as `check` prints them, then one line on what to do. A refused edit's
    problems are named by file and record only: their lines are in text never written."""
    _, err = _consoles()
    for problem in exc.problems:
        if exc.located:
            err.print(R.problem_line(problem))
        else:
            from .visible import one_line

            about = f"{problem.record}: " if problem.record else ""
            line = f"{problem.file}: {problem.code} {about}{problem.message}"
            err.print(one_line(line), highlight=False)
    errors = sum(1 for p in exc.problems if p.severity is Severity.ERROR)
    noun, them = ("error", "it") if errors == 1 else ("errors", "them")
    if exc.located:
        err.print(
            f"roadmaps: {exc.path} has {errors} {noun}; fix {them}, or run `roadmaps check` "
            "for the full report"
        )
    else:
        err.print(f"roadmaps: refused: the edit would leave {errors} {noun}; nothing was written")
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
            metavar="PATH",
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
        # Read inside the command, so Click does not know the parameter: name it (the
        # option or argument given this text), as a bad --status is named.
        ctx = _current_context()
        given = None
        if ctx is not None:
            given = next((p for p in ctx.command.params if ctx.params.get(p.name) == value), None)
        message = f"{value!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)"
        raise typer.BadParameter(message, ctx=ctx, param=given)
    return partial


def _current_context() -> Any:
    """Click's current context, wherever this Typer keeps Click (Typer 0.27 and later vendor it);
    None when it cannot be found."""
    base = typer.BadParameter.__module__.rpartition(".")[0]
    try:
        return importlib.import_module(f"{base}.globals").get_current_context(silent=True)
    except (ImportError, AttributeError):
        return None


def _day(value: str | None, *, end: bool = True) -> dt.date | None:
    """A month or year stands for its last day when it closes a period (--as-of, --until) and
    for its first day when it opens one (--since)."""
    if value is None:
        return None
    partial = _partial(value)
    return partial.end if end else partial.start


def _period(
    since: str | None, until: str | None, names: tuple[str, str] = ("--since", "--until")
) -> tuple[dt.date | None, dt.date | None]:
    """A period from `since` (a month or year opens at its first day) to `until` (closes at
    its last); one that ends before it starts is a usage error (design §4)."""
    start, end = _day(since, end=False), _day(until)
    if start is not None and end is not None and end < start:
        raise UsageError(
            f"{names[1]} {until} ends on {end.isoformat()}, before {names[0]} {since} starts "
            f"on {start.isoformat()}"
        )
    return start, end


# -- completion ---------------------------------------------------------------------------
#
# Completion runs on every <TAB>: it must be quick and must never fail. It reads the registry
# the command would read (through the parse cache) and offers the ids of the tables asked for;
# any trouble at all (no registry, errors, a bad --data) offers nothing.


def _completion_registry(ctx: Any) -> Registry | None:
    try:
        from .cache import open_registry
        from .paths import find_registry

        chosen = None
        while ctx is not None and chosen is None:
            params = getattr(ctx, "params", None) or {}
            chosen = params.get(_DATA_AFTER) or params.get("data")
            ctx = getattr(ctx, "parent", None)
        return open_registry(find_registry(chosen))
    except Exception:  # completion must never fail, whatever the registry
        return None


def complete_ids(*tables: str) -> Callable[[typer.Context, str], list[tuple[str, str]]]:
    """A completion function offering the ids of `tables` that start with what was typed,
    each with its title as help."""

    def complete(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
        registry = _completion_registry(ctx)
        if registry is None:
            return []
        found = []
        for table in tables:
            for record_id, record in getattr(registry, table).items():
                if record_id.startswith(incomplete):
                    found.append((record_id, str(getattr(record, "title", ""))))
        return found

    return complete


# The files check and fmt take, several at once as pre-commit passes them.
RegistryPaths = Annotated[
    list[Path] | None,
    typer.Argument(
        metavar="[PATH]...",
        show_default=False,
        help="Registry files. Default: as for every command.",
    ),
]
AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="Answer as things were known on this date: YYYY-MM-DD, or YYYY-MM or YYYY for "
        "the last day of that month or year. Default: today.",
        show_default=False,
    ),
]
Json = Annotated[
    bool, typer.Option("--json", help="One JSON document on stdout instead of tables.")
]
# Filters may be repeated: the values of one filter are alternatives, filters combine (§4).
SectorFilter = Annotated[
    list[str] | None,
    typer.Option(
        "--sector",
        metavar="SECTOR",
        help="Only this sector and its sub-sectors; repeat for either.",
        autocompletion=complete_ids("sectors"),
        show_default=False,
    ),
]
PlanFilter = Annotated[
    list[str] | None,
    typer.Option(
        "--plan",
        metavar="PLAN",
        help="Only this plan's programs; repeat for either.",
        autocompletion=complete_ids("plans"),
        show_default=False,
    ),
]
StatusFilter = Annotated[
    list[Status] | None,
    typer.Option(
        "--status", help="Only programs with this status; repeat for either.", show_default=False
    ),
]
FlagFilter = Annotated[
    list[Flag] | None,
    typer.Option(
        "--flag", help="Only programs with this flag; repeat for either.", show_default=False
    ),
]


def _open(ctx: typer.Context) -> Registry:
    """The registry a reading command answers from, refused if it has any error (design §4)."""
    from .cache import open_registry
    from .paths import find_registry

    return open_registry(find_registry(ctx.obj))


def _as_of(value: str | None) -> dt.date:
    return _day(value) or dt.date.today()


def _require(registry: Registry, table: str, wanted: str | Sequence[str] | None, what: str) -> None:
    """Every id given must be in `table`; the first that is not is a usage error."""
    records = getattr(registry, table)
    for one in [wanted] if isinstance(wanted, str) else wanted or ():
        if one not in records:
            raise UnknownIdError(one, Q.nearest(one, records), what)


def _emit(renderable: RenderableType) -> None:
    out, _ = _consoles()
    # Never cropped: a line runs past the edge only to keep a URL whole (design §4).
    if out.is_terminal:
        out.print(renderable, crop=False)
        return
    # Piped output is for diffs and scripts: no padding spaces at the ends of lines.
    with out.capture() as captured:
        out.print(renderable, crop=False)
    sys.stdout.write("\n".join(line.rstrip() for line in captured.get().splitlines()) + "\n")


def _emit_json(doc: dict[str, Any]) -> None:
    import json

    from .visible import json_text

    sys.stdout.write(json_text(json.dumps(doc, ensure_ascii=False, indent=2, default=str)) + "\n")


def _color() -> bool:
    """Whether colour reaches the reader: a terminal, and NO_COLOR not set."""
    out, _ = _consoles()
    return out.is_terminal and not out.no_color


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


_CLICK_ERROR = _click_class("ClickException")


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
        return INTERRUPTED if interrupted else 1
    return result if isinstance(result, int) else 0


# -- the commands, by family (design §7) ------------------------------------------------------
#
# Imported last: each family registers its commands with `command` above. The order of these
# imports is the order of `roadmaps --help`.

from . import cli_read, cli_publish, cli_edit  # noqa: E402, F401, I001
