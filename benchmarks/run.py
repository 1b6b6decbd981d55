"""Measure roadmaps as a user runs it: whole processes, wall time and peak memory.

    python benchmarks/run.py                     # the full table (many minutes)
    python benchmarks/run.py --sizes 1000 10000  # fewer sizes
    python benchmarks/run.py --guard             # CI: small sizes, ratios only, exit 1 on regression

Each figure is the median of --runs runs after one warm-up run; the commands of a group run in
turn, so that a busy minute on a shared machine slows them alike. Peak memory is the child's
own maximum resident set (wait4), not the machine's. Times are compared with floors measured
in the same rounds: start-up with a bare `python -c "import typer, rich.console, rich.table"`,
and the commands on a generated registry with parsing that same file with the compiled tomli,
collector paused (design.md §7). Each size is measured three times: a clean registry, and
two in which every program carries one warning: stale (generate.py --warnings), or one of
five kinds in turn (--warnings=mixed).
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "data" / "roadmaps.toml"
SCHEMA = ROOT / "schema" / "roadmaps.schema.json"
PYTHON = sys.executable
FLOOR = [PYTHON, "-c", "import typer, rich.console, rich.table"]
# The same imports started the way roadmaps starts (roadmaps/__main__.py): collector paused
# for the imports, their objects frozen. Not a budget: it shows how much of a command's time
# is its own work rather than a cheaper start-up.
FLOOR_AS_STARTED = [
    PYTHON,
    "-c",
    "import gc; gc.disable(); import typer, rich.console, rich.table; gc.freeze(); gc.enable()",
]
# What a user types: the console script of this Python's environment.
_SCRIPT = Path(PYTHON).with_name("roadmaps")
ROADMAPS = [str(_SCRIPT)] if _SCRIPT.exists() else [PYTHON, "-m", "roadmaps"]


@dataclass(frozen=True)
class Figure:
    name: str
    seconds: float
    peak_mb: float
    runs: int
    fastest: float = 0.0


COLD = {"ROADMAPS_CACHE": "off"}  # a reading command that parses, as on its first run
# The guard's margins: generous against noise (the fastest of nine status runs has measured
# 1.0-1.2 times the floor here), tight enough that a heavy import (pydantic came back as
# +150 ms on a 90 ms floor) or a quadratic rule fails CI.
STARTUP_MARGIN = 2.0
GROWTH_MARGIN = 1.3
# The floor of the commands on a registry: parsing the file with the compiled tomli, GC paused.
PARSE = (
    "import gc, sys, tomli; gc.disable(); tomli.loads(open(sys.argv[1], encoding='utf-8').read())"
)
# design.md §7: each command within this many times the parse of the same file.
BUDGETS = {"check": 1.6, "fmt --check": 2.0, "record": 3.0}
# The guard's limits at 3,000 programs, fastest run over fastest floor: the budgets with room
# for start-up (a third of a small run) and for a machine shared with others.
# Before issue 17 these ratios were about 2.6 (check, every program stale), 4.9 and 5.3; at
# its end 1.44 to 1.58 (check, the three registries), 1.49 to 1.55 and 1.66 to 1.70. A rule
# gone quadratic or a whole-text index come back (4.1 on the mixed registry) fails them.
GUARD_LIMITS = {"check": 2.1, "fmt --check": 2.4, "record": 3.0}
# The generated registries (generate.py): every program clean; every one stale (W501, found
# at the record); and the five warnings in turn, found at the record, at a key of it, at a
# history entry's key, at a claim and at a source.
KINDS = ("clean", "stale", "mixed")


def once(name: str, argv: Sequence[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds and peak resident MB of one whole process."""
    environment = {**os.environ, **env} if env else None
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{name}: exit {code}: {' '.join(argv)}")
    return elapsed, usage.ru_maxrss / 1024


def measure(
    name: str,
    argv: Sequence[str],
    runs: int,
    prepare: object = None,
    env: dict[str, str] | None = None,
) -> Figure:
    """Median wall time and largest peak RSS over `runs` runs, after one warm-up."""
    return measure_together({name: (argv, env)}, runs, prepare)[0]


Command = Sequence[str] | tuple[Sequence[str], dict[str, str] | None]


def measure_together(
    commands: dict[str, Command], runs: int, prepare: object = None
) -> list[Figure]:
    """`measure` for several commands, their runs taken in turn, so that a machine that
    slows down for a minute slows all of them alike and their ratios hold."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, list[float]] = {name: [] for name in commands}
    for i in range(runs + 1):
        for name, command in commands.items():
            if callable(prepare):
                prepare()
            argv, env = command if isinstance(command, tuple) else (command, None)
            elapsed, peak = once(name, argv, env)
            if i:  # the first round warms the file cache
                times[name].append(elapsed)
                peaks[name].append(peak)
    return [
        Figure(name, statistics.median(times[name]), max(peaks[name]), runs, min(times[name]))
        for name in commands
    ]


def compile_bytecode() -> None:
    """Write the package's bytecode first, as `pip install` does. Under
    PYTHONDONTWRITEBYTECODE (set on some machines) an editable install would otherwise compile
    every module from source on every run: 50 ms that no installed copy ever pays."""
    spec = importlib.util.find_spec("roadmaps")
    if spec is None or spec.origin is None:
        raise SystemExit("roadmaps is not installed in this Python")
    compileall.compile_dir(Path(spec.origin).parent, quiet=1)


def generate(n: int, folder: Path, kind: str = "clean") -> Path:
    path = folder / f"r{n}-{kind}.toml"
    if not path.exists():
        with open(path, "w", encoding="utf-8") as out:
            subprocess.run(
                [
                    PYTHON,
                    str(ROOT / "benchmarks" / "generate.py"),
                    *([] if kind == "clean" else [f"--warnings={kind}"]),
                    str(n),
                ],
                stdout=out,
                check=True,
            )
    return path


def has_command(name: str) -> bool:
    """`roadmaps site` comes with another branch: measured where it exists."""
    found = subprocess.run(
        [*ROADMAPS, name, "--help"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return found.returncode == 0


def as_json(toml_path: Path) -> Path:
    """The registry as JSON, dates as strings, for check-jsonschema."""
    path = toml_path.with_suffix(".json")
    if not path.exists():

        def plain(value: object) -> object:
            if isinstance(value, dict):
                return {k: plain(v) for k, v in value.items()}
            if isinstance(value, list):
                return [plain(v) for v in value]
            return value.isoformat() if hasattr(value, "isoformat") else value

        data = tomllib.loads(toml_path.read_text(encoding="utf-8"))
        path.write_text(json.dumps(plain(data)), encoding="utf-8")
    return path


def wall(argv: Sequence[str]) -> float:
    return once(" ".join(argv), argv)[0]


def startup_ratio(command: Sequence[str], floor: Sequence[str], runs: int) -> float:
    """Fastest run of `command` over fastest run of the floor, the two alternated so that both
    see the same machine. Noise only ever adds time to a start-up, so minima compare what the
    code costs; medians of separate series drifted from 2.8 to 4.6 on an unchanged build."""
    wall(command)
    wall(floor)
    commands, floors = [], []
    for _ in range(runs):
        floors.append(wall(floor))
        commands.append(wall(command))
    return min(commands) / min(floors)


def exponent(small: Figure, large: Figure, n_small: int, n_large: int) -> float:
    return math.log(large.seconds / small.seconds) / math.log(n_large / n_small)


def run(
    sizes: Sequence[int],
    runs: int,
    folder: Path,
    check_only: Sequence[int] = (),
    quick: bool = False,
) -> tuple[list[Figure], dict[str, float], Figure]:
    """The whole table; `quick` (the guard) leaves out the commands no guard ratio uses."""
    data = ["--data", str(SHIPPED)]
    figures = measure_together(
        {
            "floor: python -c 'import typer, rich.console, rich.table'": FLOOR,
            "the same imports, started as roadmaps starts": FLOOR_AS_STARTED,
            "roadmaps --version": [*ROADMAPS, "--version"],
            "roadmaps status (shipped)": [*ROADMAPS, *data, "status"],
            "roadmaps status (shipped, cache off)": ([*ROADMAPS, *data, "status"], COLD),
            "roadmaps show energy (shipped)": [*ROADMAPS, *data, "show", "energy"],
        },
        max(runs, 11),  # start-up figures are short and noisy: more runs cost little
    )
    floor = figures[0]
    started, status, status_cold, show = figures[1], figures[3], figures[4], figures[5]
    ratios = {
        "status / floor": status.seconds / floor.seconds,
        "status, cache off / floor": status_cold.seconds / floor.seconds,
        "show energy / floor": show.seconds / floor.seconds,
        "status / the same imports started as roadmaps starts": status.seconds / started.seconds,
    }
    checks: dict[str, dict[int, Figure]] = {kind: {} for kind in KINDS}
    site = has_command("site")
    for n in sizes:
        for kind in KINDS:
            path = generate(n, folder, kind)
            label = f"{n:,} programs ({path.stat().st_size / 1e6:.0f} MB, {kind})"
            group = registry_group(path, label, n in check_only, folder)
            found = measure_together(group, runs, prepare=fresh_copies(path, folder))
            figures += found
            parse, by_name = found[0], {f.name: f for f in found}
            checks[kind][n] = by_name[f"check, {label}"]
            for command in BUDGETS:
                mine = by_name.get(f"{command}, {label}")
                if mine is not None:
                    ratios[f"{command} / parse, {label}"] = mine.seconds / parse.seconds
                    # The guard's measure: noise only ever adds time, so on a busy machine
                    # the fastest runs show the cost of the code better than the medians.
                    ratios[f"{command} / parse, {label}, fastest runs"] = (
                        mine.fastest / parse.fastest
                    )
            if kind == "clean" and n not in check_only and not quick:
                figures += clean_extras(path, label, runs, site)
    for kind in KINDS:
        ordered = sorted(checks[kind])
        if len(ordered) >= 2:
            small, large = ordered[0], ordered[-1]
            ratios[f"check growth exponent {small:,} to {large:,}, {kind}"] = exponent(
                checks[kind][small], checks[kind][large], small, large
            )
    return figures, ratios, floor


def fresh_copies(path: Path, folder: Path) -> object:
    work = folder / "edit.toml"

    def fresh_copy() -> None:
        shutil.copyfile(path, work)

    return fresh_copy


def registry_group(path: Path, label: str, check_only: bool, folder: Path) -> dict[str, Command]:
    """The floor and the budgeted commands on one registry, measured in turn."""
    group: dict[str, Command] = {
        f"floor: parse with tomli, GC paused, {label}": [PYTHON, "-c", PARSE, str(path)],
        f"check, {label}": [*ROADMAPS, "check", str(path)],
    }
    if check_only:
        return group
    group[f"fmt --check, {label}"] = [*ROADMAPS, "fmt", "--check", str(path)]
    group[f"record, {label}"] = [
        *ROADMAPS,
        "--data",
        str(folder / "edit.toml"),
        "record",
        "p-000001",
        "done",
        "--date",
        "2026-11-01",
        "--source",
        "s-000001",
    ]
    return group


def clean_extras(path: Path, label: str, runs: int, site: bool) -> list[Figure]:
    """Reading and publishing commands, not budgeted against the parse (html and site: memory)."""
    data = [*ROADMAPS, "--data", str(path)]
    status = [*data, "status", "--as-of", "2026-11-01"]
    figures = [
        measure(f"status, {label}, cache off", status, runs, env=COLD),
        measure(f"status, {label}, cached", status, runs),
    ]
    for output in ("json", "html"):
        export = [*data, "export", "--format", output, "-o", os.devnull, "--as-of", "2026-11-01"]
        figures.append(measure(f"export --format {output}, {label}", export, runs))
    if site:
        with tempfile.TemporaryDirectory() as out:
            figures.append(
                measure(f"site, {label}", [*data, "site", "-o", str(Path(out) / "site")], runs)
            )
    peer = shutil.which("check-jsonschema") or str(Path(PYTHON).with_name("check-jsonschema"))
    if Path(peer).exists():
        figures.append(
            measure(
                f"peer: check-jsonschema, {label} as JSON",
                [peer, "--schemafile", str(SCHEMA), str(as_json(path))],
                runs,
            )
        )
    return figures


def table(figures: Sequence[Figure], ratios: dict[str, float], floor: Figure) -> str:
    """Every figure against the start-up floor and, on a generated registry, against parsing
    that registry (the floor of design.md §7's budgets)."""
    prefix = "floor: parse with tomli, GC paused, "
    parses = {f.name.removeprefix(prefix): f for f in figures if f.name.startswith(prefix)}
    lines = [
        "| command | median wall | × start-up floor | × parse | peak memory |",
        "|---|---:|---:|---:|---:|",
    ]
    for f in figures:
        parse = next((p for label, p in parses.items() if label in f.name), None)
        against = f"{f.seconds / parse.seconds:.2f}" if parse is not None else ""
        lines.append(
            f"| {f.name} | {f.seconds:.3f} s | {f.seconds / floor.seconds:.2f} | {against} "
            f"| {f.peak_mb:.0f} MB |"
        )
    lines += ["", "| ratio | value |", "|---|---:|"]
    lines += [f"| {name} | {value:.2f} |" for name, value in ratios.items()]
    return "\n".join(lines)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, {cpu}; Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--guard", action="store_true", help="CI: small sizes, fail on a ratio regression"
    )
    parser.add_argument("--keep", type=Path, help="keep generated registries in this folder")
    parser.add_argument(
        "--check-only",
        type=int,
        nargs="*",
        default=[50000],
        help="sizes measured with `check` alone (the growth exponent), to keep the run short",
    )
    args = parser.parse_args()
    compile_bytecode()
    if args.guard:
        args.sizes, args.runs, args.check_only = [300, 3000], 3, []
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        # The runs' parse cache lives with the generated files, never in the user's.
        os.environ["ROADMAPS_CACHE"] = str(Path(tmp) / "cache")
        figures, ratios, floor = run(args.sizes, args.runs, folder, args.check_only, args.guard)
    print(f"machine: {machine()}")
    print(table(figures, ratios, floor))
    if args.guard:
        guard(figures, ratios)


def guard(figures: Sequence[Figure], ratios: dict[str, float]) -> None:
    """Generous margins, ratios only: they catch a quadratic rule, a heavy import or a command
    that went back to rebuilding the whole text, not a busy machine."""
    failures = []
    for name, value in ratios.items():
        if name.startswith("check growth") and value > GROWTH_MARGIN:
            failures.append(f"{name}: {value:.2f} > {GROWTH_MARGIN}")
    # Fastest run over fastest floor, the two alternated: noise only ever adds time.
    by_name = {f.name: f for f in figures}
    for kind in KINDS:
        label = next(
            f.name for f in figures if f.name.startswith("check, 3,000") and kind in f.name
        )
        label = label.removeprefix("check, ")
        parse = by_name[f"floor: parse with tomli, GC paused, {label}"]
        for command, limit in GUARD_LIMITS.items():
            ratio = by_name[f"{command}, {label}"].fastest / parse.fastest
            print(
                f"{command} / parse, {label}, fastest of {parse.runs}: {ratio:.2f} (limit {limit})"
            )
            if ratio > limit:
                failures.append(f"{command} / parse, {label}: {ratio:.2f} > {limit}")
    startup = startup_ratio([*ROADMAPS, "--data", str(SHIPPED), "status"], FLOOR, runs=9)
    print(f"status start-up, fastest of 9 alternated runs: {startup:.2f} × floor")
    if startup > STARTUP_MARGIN:
        failures.append(f"status start-up regressed: {startup:.2f} × floor > {STARTUP_MARGIN}")
    if failures:
        print("\n".join(["benchmark guard failed:", *failures]), file=sys.stderr)
        sys.exit(1)
    print("benchmark guard: ratios within their margins")


if __name__ == "__main__":
    main()
