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

from . import render as R
from .cli import (
    _BUILDERS,
    _TYPER,
    SHORT_HELP,
    F,
    RegistryPaths,
    _consoles,
    _fail,
    _Group,
    _partial,
    _report_registry,
    command,
    complete_ids,
)
from .errors import RegistryError, RoadmapsError, Severity, UsageError
from .model import Qualifier, Registry, Status

# -- editing --------------------------------------------------------------------------------


def _registry_path(ctx: typer.Context) -> Path:
    """The registry an edit writes: the one chosen (--data, $ROADMAPS_DATA) or the nearest
    data/roadmaps.toml; never the copy shipped inside the package (design §4)."""
    from .paths import DEFAULT_RELATIVE

    if ctx.obj:
        return Path(ctx.obj)
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / DEFAULT_RELATIVE).is_file():
            return folder / DEFAULT_RELATIVE
    raise UsageError(
        "no registry to edit here (the copy shipped with roadmaps is read-only): "
        "start one with `roadmaps init`, or choose one with --data PATH"
    )


def _done(message: str) -> None:
    out, _ = _consoles()
    out.print(message, soft_wrap=True)


def _apply(
    ctx: typer.Context,
    change: Callable[[Registry], Registry],
    report: Callable[[Registry, Registry, str], str],
    renamed: tuple[str, str] | None = None,
) -> Registry:
    """Run an edit through write.edit (checked, refused whole or saved whole), print what it
    changed, then the warnings it introduced on stderr (those the registry did not have)."""
    from .paths import display_path
    from .write import edit

    target = _registry_path(ctx)
    seen: list[Registry] = []

    def run(registry: Registry) -> Registry:
        seen.append(registry)
        return change(registry)

    after, text = edit(target, run)
    before = seen[-1]
    _done(report(before, after, display_path(target)))
    _introduced_warnings(target, text, before, after, renamed)
    return after


def _introduced_warnings(
    target: Path, text: str, before: Registry, after: Registry, renamed: tuple[str, str] | None
) -> None:
    """Warnings of `after` that `before` did not have (introduced.py), located in the text
    just saved (without parsing it again) and printed on stderr as `check` prints them."""
    from .introduced import introduced, locate
    from .paths import display_path

    new = introduced(before, after, renamed)
    if not new:
        return
    _, err = _consoles()
    for problem in locate(text, display_path(target), new):
        err.print(R.problem_line(problem))


@command(
    "fmt",
    "Rewrite registries in canonical form (the form every edit writes). Several files may be "
    "given, as pre-commit passes them; each is handled in turn, and one that cannot be read "
    "is reported without stopping the others."
    "\n\nExample: roadmaps fmt --check",
)
def fmt_command(
    ctx: typer.Context,
    paths: RegistryPaths = None,
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
    canonical_all, worst = True, 0
    for target in targets:
        try:
            canonical_all = _fmt_one(target, check_only, diff) and canonical_all
        except RoadmapsError as exc:
            if len(targets) == 1:
                raise
            # pre-commit passes every changed registry at once: one broken file is reported
            # and the others are still formatted, so a commit shows every problem in one go.
            worst = max(worst, _reported(exc))
    if worst or (check_only and not canonical_all):
        raise typer.Exit(worst or 1)


def _reported(exc: RoadmapsError) -> int:
    """Report `exc` as the command would, and return its exit code instead of exiting."""
    try:
        if isinstance(exc, RegistryError):
            _report_registry(exc)
        _fail(str(exc), exc.exit_code)
    except typer.Exit as done:
        return done.exit_code


def _fmt_one(target: Path, check_only: bool, diff: bool) -> bool:
    """Format, check or diff one registry; False when `--check` finds it not canonical."""
    from .load import read_text
    from .paths import display_path
    from .visible import visible
    from .write import canonical, first_difference, locked, refuse_special, save

    name = display_path(target)
    if not (check_only or diff):
        refuse_special(target, " (`roadmaps fmt --check` or `--diff` only read it)")
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

            lines = difflib.unified_diff(
                text.splitlines(keepends=True),
                fresh.splitlines(keepends=True),
                *_diff_labels(visible(name)),
            )
            # The removed lines are the file's own: a CRLF shows as \x0d, not as a line that
            # looks the same as the one that replaces it.
            sys.stdout.writelines(visible(line) for line in lines)
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


# Any record's id: what set and remove take.
AnyId = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        help="Any record's id.",
        autocompletion=complete_ids("programs", "plans", "sectors", "sources"),
        show_default=False,
    ),
]
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
        "--source",
        metavar="ID",
        help="A source id; repeat for more.",
        autocompletion=complete_ids("sources"),
        show_default=False,
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
        str,
        typer.Argument(
            metavar="ID",
            help="The program.",
            autocompletion=complete_ids("programs"),
            show_default=False,
        ),
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

    when = _partial(date)

    def report(before: Registry, after: Registry, name: str) -> str:
        now = after.programs[program_id].status.value
        return (
            f"recorded {program_id}: {status.value} on {when} ({', '.join(source)}); "
            f"status is now {now} in {name}"
        )

    _apply(
        ctx,
        lambda r: E.record(
            r, program_id, status, when, source, note, today=dt.date.today(), bump_as_of=bump_as_of
        ),
        report,
    )


add_app = typer.Typer(
    name="add",
    help="Add a program, source, sector or plan."
    "\n\nExample: roadmaps add sector coal --title 'Coal' --parent energy",
    short_help="Add a program, source, sector or plan.",
    no_args_is_help=True,
    cls=_Group,
    add_completion=False,
    **_TYPER,
)
_BUILDERS["add"] = functools.partial(typer.main.get_command, add_app)


def add_command(name: str, help_text: str) -> Callable[[F], F]:
    return command(name, help_text, add_app)


def _added(ctx: typer.Context, kind: str, rid: str, change: Callable[[Registry], Registry]) -> None:
    _apply(ctx, change, lambda before, after, name: f"added {kind} {rid} to {name}")


Text = Annotated[str, typer.Option(show_default=False)]
MaybeText = Annotated[str | None, typer.Option(show_default=False)]
MaybeDate = Annotated[
    str | None,
    typer.Option(
        metavar="DATE",
        help="YYYY-MM-DD, or YYYY-MM / YYYY when only that is known.",
        show_default=False,
    ),
]


@add_command(
    "sector",
    "Add a sector, optionally under a parent sector."
    "\n\nExample: roadmaps add sector coal --title 'Coal' --parent energy",
)
def add_sector(
    ctx: typer.Context,
    sector_id: Annotated[str, typer.Argument(metavar="ID", show_default=False)],
    title: Text,
    parent: Annotated[
        str | None, typer.Option(autocompletion=complete_ids("sectors"), show_default=False)
    ] = None,
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
    adopted: MaybeDate = None,
    size: Annotated[int | None, typer.Option(min=1, show_default=False)] = None,
    source: Annotated[
        list[str] | None,
        typer.Option(metavar="ID", autocompletion=complete_ids("sources"), show_default=False),
    ] = None,
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
    plan: Annotated[str, typer.Option(autocompletion=complete_ids("plans"), show_default=False)],
    sector: Annotated[
        str, typer.Option(autocompletion=complete_ids("sectors"), show_default=False)
    ],
    title: Text,
    status: Annotated[Status, typer.Option(show_default=False, help="Its status at --date.")],
    date: DateOpt,
    source: SourcesOpt,
    title_ru: MaybeText = None,
    deadline: MaybeDate = None,
    follows: Annotated[
        list[str] | None,
        typer.Option(metavar="ID", autocompletion=complete_ids("programs"), show_default=False),
    ] = None,
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
    published: MaybeDate = None,
    note: MaybeText = None,
) -> None:
    from . import edit as E
    from .model import Source

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
        listed = " and ".join([", ".join(missing[:-1]), missing[-1]] if missing[:-1] else missing)
        raise UsageError(f"add source needs {listed}")
    when = _partial(published) if published else None
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

    _apply(ctx, change, lambda before, after, name: f"added source {chosen[-1]} to {name}")


# -- the rest of the editing loop: init, claim, set, rename, remove --------------------------

SHORT_HELP.update(
    init="Start a new registry in this folder.",
    claim="Add a dated, cited progress claim.",
    set="Change or clear one field of a record.",
    rename="Rename an id and every reference to it.",
    remove="Remove a record nothing refers to.",
)

NEXT_STEPS = """\
Next steps (each command's -h lists its options):
  roadmaps add sector SECTOR --title TITLE
  roadmaps add source --title TITLE --publisher NAME --published DATE --language en --url URL
  roadmaps add plan PLAN --title TITLE --adopted DATE --source SOURCE
  roadmaps add program PROGRAM --plan PLAN --sector SECTOR --title TITLE --status agreed --date DATE --source SOURCE
  roadmaps record PROGRAM STATUS --date DATE --source SOURCE --note TEXT
  roadmaps claim PLAN --date DATE --by "NAME, OFFICE" --percent N --of UNIT --source SOURCE
  roadmaps status
  roadmaps check && roadmaps fmt --check"""


@command(
    "init",
    "Start a new registry: data/roadmaps.toml under the current folder (or the --data file), "
    "with its JSON Schema beside it so that editors can complete and check it.\n\n"
    "Refuses to overwrite a registry unless given --force.\n\n"
    'Example: roadmaps init --title "Eurasian Economic Union integration"',
)
def init_command(
    ctx: typer.Context,
    title: Annotated[
        str, typer.Option("--title", help="What the registry follows.", show_default=True)
    ] = "Integration road maps",
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="When the registry was last reviewed as a whole. Default: today.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing registry with an empty one.")
    ] = False,
) -> None:
    import json

    from .check import check
    from .fields import DEFAULT_STALE_AFTER_DAYS, FORMAT
    from .load import load_text
    from .paths import DEFAULT_RELATIVE, display_path
    from .schema import json_schema
    from .write import EditRefused, WriteError, dumps, locked, save

    target = Path(ctx.obj) if ctx.obj else Path.cwd() / DEFAULT_RELATIVE
    schema_path = target.with_name("roadmaps.schema.json")
    registry = Registry(
        format=FORMAT,
        title=title,
        as_of=_partial(as_of or "today"),
        stale_after_days=DEFAULT_STALE_AFTER_DAYS,
    )
    text = dumps(registry, f"#:schema {schema_path.name}")
    errors = [
        p for p in check(load_text(text, display_path(target))) if p.severity is Severity.ERROR
    ]
    if errors:
        raise EditRefused(display_path(target), errors)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(f"{display_path(target.parent)}: cannot create ({exc.strerror})") from None
    with locked(target):
        if target.exists() and not force:
            from .edit import EditError

            raise EditError(
                f"{display_path(target)} already exists; nothing was written "
                "(--force replaces it with an empty registry)"
            )
        save(schema_path, json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n")
        save(target, text)
    _done(
        f"created {display_path(target)} and its schema {display_path(schema_path)}\n\n{NEXT_STEPS}"
    )


@command(
    "claim",
    "Add a dated progress claim to a plan or a program: who said how far it has got, citing "
    "sources. Give --percent, or --done with --total.\n\n"
    "\b\nExample: roadmaps claim union-programs-2021 --date 2023-11-29 --by "
    '"Mikhail Mishustin, Prime Minister of Russia" --qualifier about --percent 90 --total 990 '
    "--of measures --source ura-2023-11-29",
)
def claim_command(
    ctx: typer.Context,
    subject: Annotated[
        str,
        typer.Argument(
            metavar="SUBJECT",
            help="A plan or program id.",
            autocompletion=complete_ids("plans", "programs"),
            show_default=False,
        ),
    ],
    date: DateOpt,
    by: Annotated[
        str, typer.Option("--by", help="Who said it: name and office.", show_default=False)
    ],
    source: SourcesOpt,
    percent: Annotated[
        str | None,
        typer.Option(
            "--percent", metavar="N", help="How far, in percent (0 to 100).", show_default=False
        ),
    ] = None,
    done: Annotated[
        int | None, typer.Option("--done", min=0, help="How many are done...", show_default=False)
    ] = None,
    total: Annotated[
        int | None, typer.Option("--total", min=1, help="...of how many.", show_default=False)
    ] = None,
    of: Annotated[
        str | None,
        typer.Option("--of", metavar="UNIT", help='What is counted: "measures", "programs".'),
    ] = None,
    qualifier: Annotated[
        Qualifier | None,
        typer.Option(
            "--qualifier",
            help="How the figure was hedged: about, almost, at-least, more-than or less-than.",
            show_default=False,
        ),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="Context, in a sentence.")] = None,
    bump_as_of: BumpOpt = False,
) -> None:
    from . import edit as E
    from .model import ProgressClaim
    from .query import describe_claim

    share = _percent(percent)
    if share is not None and done is not None:
        raise UsageError("give --percent, or --done with --total, not both")
    if share is None and (done is None or total is None):
        raise UsageError("give --percent N, or --done N with --total N")
    if done is not None and total is not None and done > total:
        raise UsageError(f"--done {done} is more than --total {total}")
    new = ProgressClaim(
        subject=subject,
        date=_partial(date),
        by=by,
        sources=tuple(dict.fromkeys(source)),
        percent=share,
        done=done,
        total=total,
        of=of,
        qualifier=qualifier,
        note=note,
    )
    _apply(
        ctx,
        lambda r: E.claim(r, new, today=dt.date.today(), bump_as_of=bump_as_of),
        lambda before, after, name: (
            f"added a progress claim to {subject}: {new.date}, {by}: {describe_claim(new)} "
            f"({', '.join(new.sources)}) in {name}"
        ),
    )


def _percent(value: str | None) -> float | None:
    """An int when the figure is whole (90, not 90.0: the file keeps what the speaker said)."""
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        raise UsageError(f"--percent: {value!r} is not a number") from None
    if not 0 <= number <= 100:
        raise UsageError(f"--percent must be between 0 and 100, not {value}")
    return int(number) if number.is_integer() and "." not in value else number


@command(
    "set",
    "Change one field of a record, or clear an optional one with --unset. The value is read "
    "by the field's type: a date (YYYY-MM-DD, YYYY-MM or YYYY), a number, an id, or ids "
    "separated by commas. `status` changes through `roadmaps record`, an id through "
    "`roadmaps rename`.\n\n"
    "Example: roadmaps set gas-market deadline 2023-12-01",
)
def set_command(
    ctx: typer.Context,
    record_id: AnyId,
    field: Annotated[
        str | None,
        typer.Argument(metavar="FIELD", help="The field to change.", show_default=False),
    ] = None,
    value: Annotated[
        str | None,
        typer.Argument(metavar="VALUE", help="Its new value.", show_default=False),
    ] = None,
    unset: Annotated[
        str | None,
        typer.Option("--unset", metavar="FIELD", help="Clear this optional field instead."),
    ] = None,
) -> None:
    from . import setfield as S

    if unset is not None:
        if field is not None:
            raise UsageError("give either FIELD VALUE or --unset FIELD, not both")
        name = unset
        change: Callable[[Registry], Registry] = lambda r: S.unset_field(r, record_id, name)  # noqa: E731
    else:
        if field is None or value is None:
            raise UsageError("give FIELD and VALUE, or --unset FIELD")
        name, text = field, value
        change = lambda r: S.set_field(r, record_id, name, text)  # noqa: E731

    def report(before: Registry, after: Registry, path: str) -> str:
        kind = before.kind_of(record_id)
        assert kind is not None
        spec = S.SPECS[kind]
        f = spec.field(name)
        assert f is not None
        was = S.display(f, getattr(getattr(before, kind)[record_id], name))
        now = S.display(f, getattr(getattr(after, kind)[record_id], name))
        if unset is not None:
            return f"cleared {record_id} {name} (was {was}) in {path}"
        had = "it had none" if was == "(none)" else f"was {was}"
        return f"set {record_id} {name} to {now} ({had}) in {path}"

    try:
        _apply(ctx, change, report)
    except S.Unchanged as exc:
        _, err = _consoles()
        err.print(str(exc))


@command(
    "rename",
    "Rename any id: a sector, plan, program or source keeps its place, and every reference "
    "to it (plan, sector, parent, follows, cited sources, claims) follows.\n\n"
    "Example: roadmaps rename tass-2022-12-16 tass-ru-2022-12-16",
)
def rename_command(
    ctx: typer.Context,
    old: Annotated[
        str,
        typer.Argument(
            metavar="OLD",
            help="The id now.",
            autocompletion=complete_ids("programs", "plans", "sectors", "sources"),
            show_default=False,
        ),
    ],
    new: Annotated[
        str, typer.Argument(metavar="NEW", help="The id to give it.", show_default=False)
    ],
) -> None:
    from .rename import referrers, rename

    def report(before: Registry, after: Registry, path: str) -> str:
        kind = before.kind_of(old)
        count = len(referrers(before, old))
        refs = "reference" if count == 1 else "references"
        return f"renamed {(kind or 's')[:-1]} {old} to {new} and {count} {refs} in {path}"

    _apply(ctx, lambda r: rename(r, old, new), report, renamed=(old, new))


@command(
    "remove",
    "Remove a record (a program with its history and claims, a plan with its claims). "
    "Refused while anything refers to it: the references are listed, to change or remove "
    "first.\n\n"
    "Example: roadmaps remove tass-2022-12-16",
)
def remove_command(
    ctx: typer.Context,
    record_id: AnyId,
) -> None:
    from . import edit as E

    def report(before: Registry, after: Registry, path: str) -> str:
        kind = before.kind_of(record_id)
        assert kind is not None
        record = getattr(before, kind)[record_id]
        counts = (
            (len(getattr(record, "history", ())), "history entry", "history entries"),
            (len(getattr(record, "progress", ())), "progress claim", "progress claims"),
        )
        parts = [f"{n} {one if n == 1 else many}" for n, one, many in counts if n]
        with_ = f" with its {' and '.join(parts)}" if parts else ""
        return f"removed {kind[:-1]} {record_id}{with_} from {path}"

    _apply(ctx, lambda r: E.remove(r, record_id), report)
