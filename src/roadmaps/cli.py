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
from contextlib import nullcontext
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar, get_args, get_origin

import typer
import typer.main
from rich.console import Console, RenderableType
from typer.core import TyperCommand, TyperGroup

from . import query as Q
from . import render as R
from .errors import RegistryError, RoadmapsError, Severity, UnknownIdError, UsageError
from .model import Flag, PartialDate, Registry, Status, parse_partial

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


def _consoles() -> tuple[Console, Console]:
    no_color = bool(os.environ.get("NO_COLOR"))
    out = Console(highlight=False, emoji=False, markup=False, no_color=no_color)
    if not out.is_terminal and not os.environ.get("COLUMNS"):
        out.width = PIPED_WIDTH
    err = Console(
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

    sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2, default=str) + "\n")


def _fancy() -> bool:
    out, _ = _consoles()
    return out.is_terminal


# -- reading commands ---------------------------------------------------------------------


@command(
    "status",
    "The headline: programs per status and sector, plan coverage, latest claims, "
    "and what is stalled, disputed, overdue, stale or conflicting.",
)
def status(
    ctx: typer.Context,
    plan: Annotated[str | None, typer.Option("--plan", help="Only this plan's programs.")] = None,
    as_of: AsOf = None,
    json: Json = False,
) -> None:
    registry = _open(ctx)
    _require(registry, "plans", plan, "plan")
    day = _as_of(as_of)
    views = Q.snapshot(registry, day)
    if plan is not None:
        views = [v for v in views if v.program.plan == plan]
    if json:
        _emit_json(R.status_json(registry, views, day, plan))
    else:
        _emit(R.status_view(registry, views, day, plan, _fancy()))


@command(
    "show",
    "One record: a program with its cited history, a sector with its sub-sectors, "
    "a plan, or a source and what cites it.",
)
def show(
    ctx: typer.Context,
    record_id: Annotated[
        str, typer.Argument(metavar="ID", help="A program, sector, plan or source id.")
    ],
    as_of: AsOf = None,
    json: Json = False,
) -> None:
    registry = _open(ctx)
    day = _as_of(as_of)
    kind = registry.kind_of(record_id)
    if kind is None:
        raise UnknownIdError(record_id, Q.nearest(record_id, registry.all_ids()))
    fancy = _fancy()
    if kind == "programs":
        program = registry.programs[record_id]
        conflicted = frozenset(c.first.subject for c in Q.conflicts(registry, day))
        v = Q.view(registry, program, day, conflicted)
        if json:
            _emit_json(
                {
                    "format": R.FORMAT,
                    "kind": "program",
                    "as_of": day.isoformat(),
                    "program": R.program_json(program, v),
                }
            )
        else:
            _emit(R.show_program(registry, v, program, day, fancy))
    elif kind == "sectors":
        sector = registry.sectors[record_id]
        members = Q.subtree(registry, record_id)
        views = [v for v in Q.snapshot(registry, day) if v.program.sector in members]
        if json:
            _emit_json(
                {
                    "format": R.FORMAT,
                    "kind": "sector",
                    "as_of": day.isoformat(),
                    "sector": {
                        "id": sector.id,
                        "title": sector.title,
                        "parent": sector.parent,
                        "note": sector.note,
                        "sub_sectors": sorted(members - {sector.id}),
                    },
                    "by_status": {s.value: n for s, n in Q.count_by_status(views).items()},
                    "programs": [R.view_json(v) for v in views],
                }
            )
        else:
            _emit(R.show_sector(registry, sector, views, fancy))
    elif kind == "plans":
        plan = registry.plans[record_id]
        views = [v for v in Q.snapshot(registry, day) if v.program.plan == record_id]
        if json:
            _emit_json(
                {
                    "format": R.FORMAT,
                    "kind": "plan",
                    "as_of": day.isoformat(),
                    "plan": R.plan_json(plan, Q.identified(registry)[plan.id]),
                    "programs": [R.view_json(v) for v in views],
                }
            )
        else:
            _emit(R.show_plan(registry, plan, views, fancy))
    else:
        source = registry.sources[record_id]
        cited = Q.citations(registry).get(record_id, [])
        if json:
            _emit_json(
                {"format": R.FORMAT, "kind": "source", "source": R.source_json(source, cited)}
            )
        else:
            _emit(R.show_source(source, cited, fancy))


@command(
    "list", "A table of programs, filtered by status, sector (with sub-sectors), plan or flag."
)
def list_programs(
    ctx: typer.Context,
    status: Annotated[
        Status | None, typer.Option("--status", help="Only programs with this status.")
    ] = None,
    sector: SectorFilter = None,
    plan: Annotated[str | None, typer.Option("--plan", help="Only this plan's programs.")] = None,
    flag: Annotated[
        Flag | None, typer.Option("--flag", help="Only programs with this flag.")
    ] = None,
    as_of: AsOf = None,
    json: Json = False,
) -> None:
    registry = _open(ctx)
    _require(registry, "sectors", sector, "sector")
    _require(registry, "plans", plan, "plan")
    day = _as_of(as_of)
    views = Q.select(
        registry, Q.snapshot(registry, day), status=status, sector=sector, plan=plan, flag=flag
    )
    if json:
        _emit_json(
            {
                "format": R.FORMAT,
                "as_of": day.isoformat(),
                "count": len(views),
                "programs": [R.view_json(v) for v in views],
            }
        )
    elif views:
        _emit(R.programs_table(views, _fancy()))
    else:
        _, err = _consoles()
        err.print("no program matches")


@command(
    "timeline", "Every dated event in order: plan adoptions, status changes and progress claims."
)
def timeline(
    ctx: typer.Context,
    since: Annotated[
        str | None, typer.Option("--since", metavar="DATE", help="From this date on.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", metavar="DATE", help="Up to this date.")
    ] = None,
    sector: SectorFilter = None,
    plan: Annotated[
        str | None, typer.Option("--plan", help="Only this plan and its programs.")
    ] = None,
    json: Json = False,
) -> None:
    registry = _open(ctx)
    _require(registry, "sectors", sector, "sector")
    _require(registry, "plans", plan, "plan")
    found = Q.timeline(
        registry, since=_day(since, end=False), until=_day(until), sector=sector, plan=plan
    )
    if json:
        _emit_json(
            {
                "format": R.FORMAT,
                "since": since,
                "until": until,
                "count": len(found),
                "events": [R.event_json(e) for e in found],
            }
        )
    elif found:
        _emit(R.timeline_table(found, _fancy()))
    else:
        _, err = _consoles()
        err.print("no event in that range")


@command("sources", "The bibliography, and how many records cite each source.")
def sources(
    ctx: typer.Context,
    unused: Annotated[
        bool, typer.Option("--unused", help="Only sources that nothing cites.")
    ] = False,
    json: Json = False,
) -> None:
    registry = _open(ctx)
    cited = Q.citations(registry)
    ids = [sid for sid in registry.sources if not unused or not cited.get(sid)]
    if json:
        _emit_json(
            {
                "format": R.FORMAT,
                "count": len(ids),
                "sources": [
                    R.source_json(registry.sources[sid], cited.get(sid, [])) for sid in ids
                ],
            }
        )
    elif ids:
        _emit(R.sources_table(registry, cited, ids, _fancy()))
    else:
        _, err = _consoles()
        err.print("every source is cited" if unused else "the registry has no sources")


# -- publishing ---------------------------------------------------------------------------


class ExportFormat(StrEnum):
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"
    HTML = "html"
    SQLITE = "sqlite"


@command(
    "export",
    "Publish the registry with derived statuses and flags: json, csv (a folder of "
    "tables), markdown, html (one self-contained page) or sqlite.",
)
def export_command(
    ctx: typer.Context,
    output_format: Annotated[
        ExportFormat, typer.Option("--format", help="What to write.", show_default=False)
    ],
    output: Annotated[
        str,
        typer.Option(
            "-o",
            "--output",
            metavar="PATH",
            show_default=False,
            help="Where: a file, a folder for csv, or - for stdout (json, markdown, html).",
        ),
    ],
    as_of: AsOf = None,
) -> None:
    from . import export as X

    registry = _open(ctx)
    snap = X.Snapshot.of(registry, _as_of(as_of))
    text_formats = {
        ExportFormat.JSON: X.to_json,
        ExportFormat.MARKDOWN: X.to_markdown,
        ExportFormat.HTML: X.to_html,
    }
    if output == "-":
        if output_format not in text_formats:
            raise UsageError(f"--format {output_format.value} writes files; give -o PATH")
        sys.stdout.write(text_formats[output_format](snap))
        return
    target = Path(output)
    try:
        if output_format in text_formats:
            from .write import save

            save(target, text_formats[output_format](snap))
        elif output_format is ExportFormat.CSV:
            X.write_csv(snap, target)
        else:
            X.write_sqlite(snap, target)
    except OSError as exc:
        raise UsageError(f"{target}: cannot write ({exc.strerror or exc})") from None
    _, err = _consoles()
    err.print(f"wrote {output_format.value} as of {snap.day.isoformat()} to {target}")


@command("diff", "What changed status between two dates, and the progress claims made in between.")
def diff_command(
    ctx: typer.Context,
    start: Annotated[
        str, typer.Argument(metavar="FROM", help="YYYY-MM-DD, YYYY-MM or YYYY.", show_default=False)
    ],
    end: Annotated[
        str | None, typer.Argument(metavar="[TO]", help="Default: today.", show_default=False)
    ] = None,
    json: Json = False,
) -> None:
    from . import export as X

    registry = _open(ctx)
    day_from = _day(start) or dt.date.today()
    day_to = _day(end) or dt.date.today()
    if day_to < day_from:
        raise UsageError(f"TO ({day_to.isoformat()}) is before FROM ({day_from.isoformat()})")
    found = X.changes(registry, day_from, day_to)
    claims = X.claims_between(registry, day_from, day_to)
    if json:
        _emit_json(
            {
                "format": R.FORMAT,
                "from": day_from.isoformat(),
                "to": day_to.isoformat(),
                "changes": [
                    {
                        "program": c.program.id,
                        "title": c.program.title,
                        "from": c.old,
                        "to": c.new,
                        "date": str(c.entry_date),
                        "sources": list(c.sources),
                    }
                    for c in found
                ],
                "claims": [R.claim_json(c) for c in claims],
            }
        )
        return
    _emit(R.diff_view(found, claims, day_from, day_to, _fancy()))


# -- the check --------------------------------------------------------------------------


class CheckFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"


def _ignored(value: str | None) -> tuple[str, ...]:
    """Codes or families ("W5", "E4") to silence; an unknown one is a usage error, not a no-op."""
    from .rules import RULES

    if not value:
        return ()
    wanted = tuple(code.strip().upper() for code in value.split(",") if code.strip())
    for code in wanted:
        if not any(rule.code.startswith(code) for rule in RULES):
            raise UsageError(
                f"--ignore: {code!r} is not a rule code or family (see `roadmaps check --rules`)"
            )
    return wanted


@command(
    "check",
    "Check registries for every problem at once: syntax, shape, references, history, "
    "sources, and warnings (stale, overdue, conflicting, unused, size).",
)
def check_command(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[PATH]...",
            show_default=False,
            help="Registry files. Default: as for every command.",
        ),
    ] = None,
    output: Annotated[
        CheckFormat,
        typer.Option(
            "--format", help="text for people, json for machines, github for workflow annotations."
        ),
    ] = CheckFormat.TEXT,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail the check too.")] = False,
    ignore: Annotated[
        str | None,
        typer.Option(
            "--ignore",
            metavar="CODES",
            help="Comma-separated codes or families to silence: E402,W5.",
        ),
    ] = None,
    rules: Annotated[bool, typer.Option("--rules", help="List every rule and exit.")] = False,
) -> None:
    from . import report
    from .check import check
    from .load import load_path
    from .paths import display_path, find_registry

    if rules:
        sys.stdout.write(report.rules_json() if output is CheckFormat.JSON else report.rules_text())
        return
    silenced = _ignored(ignore)
    files = paths or [find_registry(ctx.obj)]
    problems = []
    for path in files:
        problems += check(load_path(path), wanted=lambda code: not code.startswith(silenced))
    names = [display_path(path) for path in files]
    if output is CheckFormat.JSON:
        sys.stdout.write(report.as_json(problems, names))
    elif output is CheckFormat.GITHUB:
        sys.stdout.write(report.github(problems))
        summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary_file:
            with open(summary_file, "a", encoding="utf-8") as handle:
                handle.write(report.step_summary(problems, names))
    else:
        sys.stdout.write(report.text(problems))
    _, err = _consoles()
    err.print(report.summary(problems, names))
    errors, warnings = report.counts(problems)
    if errors or (strict and warnings):
        raise typer.Exit(1)


@command("schema", "Print the JSON Schema of the registry format, for editors and validators.")
def schema_command() -> None:
    import json

    from .schema import json_schema

    sys.stdout.write(json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n")


# -- editing --------------------------------------------------------------------------------


def _registry_path(ctx: typer.Context) -> Path:
    from .paths import find_registry

    return find_registry(ctx.obj)


def _done(message: str) -> None:
    out, _ = _consoles()
    out.print(message, soft_wrap=True)


@command("fmt", "Rewrite the registry in canonical form (the form every edit writes).")
def fmt_command(
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Argument(
            metavar="[PATH]",
            show_default=False,
            help="Registry file. Default: as for every command.",
        ),
    ] = None,
    check_only: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Change nothing; exit 1 if the file is "
            "not canonical, naming the first line that differs.",
        ),
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Change nothing; print a unified diff.")
    ] = False,
) -> None:
    from .load import read_text
    from .paths import display_path
    from .write import canonical, first_difference, locked, save

    target = path or _registry_path(ctx)
    name = display_path(target)
    with locked(target) if not (check_only or diff) else nullcontext():
        text, not_utf8 = read_text(target)
        if not_utf8 is not None:
            from .load import load_path

            raise RegistryError(name, load_path(target).problems)
        fresh = canonical(text, name)
        if fresh == text:
            _, err = _consoles()
            err.print(f"{name} is already canonical")
            return
        if diff:
            import difflib

            sys.stdout.writelines(
                difflib.unified_diff(
                    text.splitlines(keepends=True),
                    fresh.splitlines(keepends=True),
                    *_diff_labels(name),
                )
            )
        if check_only:
            _, err = _consoles()
            err.print(
                f"{name}:{first_difference(text, fresh)}: not in canonical form; run `roadmaps fmt`"
            )
            raise typer.Exit(1)
        if not diff:
            save(target, fresh)
            _done(f"reformatted {name}")


def _diff_labels(name: str) -> tuple[str, str]:
    return (name, name) if Path(name).is_absolute() else (f"a/{name}", f"b/{name}")


StatusArg = Annotated[
    Status,
    typer.Argument(
        metavar="STATUS",
        help="planned, agreed, in-progress, done, stalled, disputed or abandoned.",
        show_default=False,
    ),
]
DateOpt = Annotated[
    str,
    typer.Option(
        "--date",
        metavar="DATE",
        help="When it happened: YYYY-MM-DD, or YYYY-MM / YYYY when only that is known.",
        show_default=False,
    ),
]
SourcesOpt = Annotated[
    list[str],
    typer.Option(
        "--source", metavar="ID", help="A source id; repeat for more.", show_default=False
    ),
]
BumpOpt = Annotated[
    bool,
    typer.Option(
        "--bump-as-of", help="Allow a date after the registry's as_of, moving as_of to it."
    ),
]


@command(
    "record",
    "Append a dated, cited history entry to a program; its status follows when the "
    "entry is the latest.",
)
def record_command(
    ctx: typer.Context,
    program_id: Annotated[
        str, typer.Argument(metavar="ID", help="The program.", show_default=False)
    ],
    status: StatusArg,
    date: DateOpt,
    source: SourcesOpt,
    note: Annotated[
        str | None, typer.Option("--note", help="What happened, in a sentence.")
    ] = None,
    bump_as_of: BumpOpt = False,
) -> None:
    from . import edit as E
    from .paths import display_path
    from .write import edit

    when = _partial(date)
    target = _registry_path(ctx)
    changed = edit(
        target,
        lambda r: E.record(
            r, program_id, status, when, source, note, today=dt.date.today(), bump_as_of=bump_as_of
        ),
    )
    now = changed.programs[program_id].status.value
    _done(
        f"recorded {program_id}: {status.value} on {when} ({', '.join(source)}); status is now {now} "
        f"in {display_path(target)}"
    )


add_app = typer.Typer(
    name="add",
    help="Add a program, source, sector or plan.",
    no_args_is_help=True,
    cls=_Group,
    add_completion=False,
    **_TYPER,
)
_BUILDERS["add"] = functools.partial(typer.main.get_command, add_app)


def add_command(name: str, help_text: str) -> Callable[[F], F]:
    return command(name, help_text, add_app)


def _added(ctx: typer.Context, kind: str, rid: str, change: Callable[[Registry], Registry]) -> None:
    from .paths import display_path
    from .write import edit

    target = _registry_path(ctx)
    edit(target, change)
    _done(f"added {kind} {rid} to {display_path(target)}")


Text = Annotated[str, typer.Option(show_default=False)]
MaybeText = Annotated[str | None, typer.Option(show_default=False)]


@add_command("sector", "Add a sector, optionally under a parent sector.")
def add_sector(
    ctx: typer.Context,
    sector_id: Annotated[str, typer.Argument(metavar="ID", show_default=False)],
    title: Text,
    parent: MaybeText = None,
    note: MaybeText = None,
) -> None:
    from . import edit as E
    from .model import Sector

    sector = Sector(id=sector_id, title=title, parent=parent, note=note)
    _added(ctx, "sector", sector_id, lambda r: E.add_sector(r, sector))


@add_command("plan", "Add a plan: an adopted package of programs.")
def add_plan(
    ctx: typer.Context,
    plan_id: Annotated[str, typer.Argument(metavar="ID", show_default=False)],
    title: Text,
    title_ru: MaybeText = None,
    adopted: MaybeText = None,
    size: Annotated[int | None, typer.Option(min=1, show_default=False)] = None,
    source: Annotated[list[str] | None, typer.Option(metavar="ID", show_default=False)] = None,
    summary: MaybeText = None,
    note: MaybeText = None,
) -> None:
    from . import edit as E
    from .model import Plan

    plan = Plan(
        id=plan_id,
        title=title,
        title_ru=title_ru,
        adopted=_partial(adopted) if adopted else None,
        size=size,
        sources=tuple(source or ()),
        summary=summary,
        note=note,
    )
    _added(ctx, "plan", plan_id, lambda r: E.add_plan(r, plan))


@add_command("program", "Add a program with its first dated, cited history entry.")
def add_program(
    ctx: typer.Context,
    program_id: Annotated[str, typer.Argument(metavar="ID", show_default=False)],
    plan: Text,
    sector: Text,
    title: Text,
    status: Annotated[Status, typer.Option(show_default=False, help="Its status at --date.")],
    date: DateOpt,
    source: SourcesOpt,
    title_ru: MaybeText = None,
    deadline: MaybeText = None,
    follows: Annotated[list[str] | None, typer.Option(metavar="ID", show_default=False)] = None,
    summary: MaybeText = None,
    note: MaybeText = None,
    history_note: Annotated[
        str | None, typer.Option(help="A note on the first history entry.")
    ] = None,
    bump_as_of: BumpOpt = False,
) -> None:
    from . import edit as E
    from .model import HistoryEntry, Program

    entry = HistoryEntry(
        date=_partial(date), status=status, sources=tuple(dict.fromkeys(source)), note=history_note
    )
    program = Program(
        id=program_id,
        plan=plan,
        sector=sector,
        title=title,
        status=status,
        title_ru=title_ru,
        deadline=_partial(deadline) if deadline else None,
        follows=tuple(follows or ()),
        summary=summary,
        note=note,
        history=(entry,),
    )
    _added(
        ctx,
        "program",
        program_id,
        lambda r: E.add_program(r, program, today=dt.date.today(), bump_as_of=bump_as_of),
    )


@add_command("source", "Add a source; without an ID, one is made from the publisher and date.")
def add_source(
    ctx: typer.Context,
    source_id: Annotated[str | None, typer.Argument(metavar="[ID]", show_default=False)] = None,
    title: Text = "",
    publisher: Text = "",
    language: Annotated[
        str, typer.Option(help='A language code: "en", "ru", "be".', show_default=False)
    ] = "",
    url: MaybeText = None,
    published: MaybeText = None,
    note: MaybeText = None,
) -> None:
    from . import edit as E
    from .model import Source
    from .paths import display_path
    from .write import edit

    missing = [
        name
        for name, value in (
            ("--title", title),
            ("--publisher", publisher),
            ("--language", language),
        )
        if not value
    ]
    if missing:
        raise UsageError(f"add source needs {', '.join(missing)}")
    when = _partial(published) if published else None
    target = _registry_path(ctx)
    chosen: list[str] = []

    def change(registry: Registry) -> Registry:
        rid = source_id or E.propose_source_id(registry, publisher, when)
        chosen.append(rid)
        source = Source(
            id=rid,
            title=title,
            publisher=publisher,
            language=language,
            url=url,
            published=when,
            note=note,
        )
        return E.add_source(registry, source, today=dt.date.today())

    edit(target, change)
    _done(f"added source {chosen[-1]} to {display_path(target)}")
