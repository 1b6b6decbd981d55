"""The editing commands: fmt, record and add.

Every edit goes through write.edit: load, change, check, then an atomic save, so a refused
edit writes nothing (design §6).
"""

import datetime as dt
import functools
import sys
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from typing import Annotated

import typer
import typer.main

from .cli import (
    _BUILDERS,
    _TYPER,
    F,
    _consoles,
    _Group,
    _partial,
    command,
)
from .errors import RegistryError, UsageError
from .model import Registry, Status

# -- editing --------------------------------------------------------------------------------


def _registry_path(ctx: typer.Context) -> Path:
    from .paths import find_registry

    return find_registry(ctx.obj)


def _done(message: str) -> None:
    out, _ = _consoles()
    out.print(message, soft_wrap=True)


@command(
    "fmt",
    "Rewrite registries in canonical form (the form every edit writes). Several files may be "
    "given, as pre-commit passes them; each is handled in turn."
    "\n\nExample: roadmaps fmt --check",
)
def fmt_command(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[PATH]...",
            show_default=False,
            help="Registry files. Default: as for every command.",
        ),
    ] = None,
    check_only: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Change nothing; exit 1 if a file is "
            "not canonical, naming the first line that differs.",
        ),
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Change nothing; print a unified diff.")
    ] = False,
) -> None:
    targets = paths or [_registry_path(ctx)]
    canonical_all = True
    for target in targets:
        canonical_all = _fmt_one(target, check_only, diff) and canonical_all
    if check_only and not canonical_all:
        raise typer.Exit(1)


def _fmt_one(target: Path, check_only: bool, diff: bool) -> bool:
    """Format, check or diff one registry; False when `--check` finds it not canonical."""
    from .load import read_text
    from .paths import display_path
    from .visible import visible
    from .write import canonical, first_difference, locked, save

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
            return True
        if diff:
            import difflib

            sys.stdout.writelines(
                difflib.unified_diff(
                    text.splitlines(keepends=True),
                    fresh.splitlines(keepends=True),
                    *_diff_labels(visible(name)),
                )
            )
        if check_only:
            _, err = _consoles()
            err.print(
                f"{name}:{first_difference(text, fresh)}: not in canonical form; run `roadmaps fmt`"
            )
            return False
        if not diff:
            save(target, fresh)
            _done(f"reformatted {name}")
        return True


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
    "entry is the latest."
    "\n\nExample: roadmaps record gas-market in-progress --date 2025-09-15 --source "
    "belta-2025-09-15",
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


@add_command(
    "sector",
    "Add a sector, optionally under a parent sector."
    "\n\nExample: roadmaps add sector coal --title 'Coal' --parent energy",
)
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


@add_command(
    "plan",
    "Add a plan: an adopted package of programs."
    "\n\nExample: roadmaps add plan main-directions-2027 --title 'Main Directions 2027' "
    "--source kremlin-2021-11-04",
)
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


@add_command(
    "program",
    "Add a program with its first dated, cited history entry."
    "\n\nExample: roadmaps add program coal-market --plan union-programs-2021 --sector energy "
    "--title 'Coal market' --status planned --date 2024-01 --source kremlin-2021-11-04",
)
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


@add_command(
    "source",
    "Add a source; without an ID, one is made from the publisher and date."
    "\n\nExample: roadmaps add source --title 'Meeting of the Supreme State Council' "
    "--publisher Kremlin --url http://en.special.kremlin.ru/events/president/news/67066 "
    "--published 2021-11-04 --language en",
)
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
