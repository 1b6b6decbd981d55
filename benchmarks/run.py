"""Measure roadmaps as a user runs it: whole processes, wall time and peak memory.

    python benchmarks/run.py                     # the full table (several minutes)
    python benchmarks/run.py --sizes 1000 10000  # fewer sizes
    python benchmarks/run.py --guard             # CI: small sizes, ratios only, exit 1 on regression

Each figure is the median of --runs runs after one warm-up run. Peak memory is the child's own
maximum resident set (wait4), not the machine's. Times are compared with the floor, a bare
`python -c "import typer, rich.console, rich.table"` measured in the same run, and sizes with
each other (the growth exponent), so the ratios mean something on any machine.
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


COLD = {"ROADMAPS_CACHE": "off"}  # a reading command that parses, as on its first run
# The guard's margins: generous against noise (the fastest of nine status runs has measured
# 1.0-1.2 times the floor here), tight enough that a heavy import (pydantic came back as
# +150 ms on a 90 ms floor) or a quadratic rule fails CI.
STARTUP_MARGIN = 2.0
GROWTH_MARGIN = 1.3


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
        Figure(name, statistics.median(times[name]), max(peaks[name]), runs) for name in commands
    ]


def compile_bytecode() -> None:
    """Write the package's bytecode first, as `pip install` does. Under
    PYTHONDONTWRITEBYTECODE (set on some machines) an editable install would otherwise compile
    every module from source on every run: 50 ms that no installed copy ever pays."""
    spec = importlib.util.find_spec("roadmaps")
    if spec is None or spec.origin is None:
        raise SystemExit("roadmaps is not installed in this Python")
    compileall.compile_dir(Path(spec.origin).parent, quiet=1)


def generate(n: int, folder: Path) -> Path:
    path = folder / f"r{n}.toml"
    if not path.exists():
        with open(path, "w", encoding="utf-8") as out:
            subprocess.run(
                [PYTHON, str(ROOT / "benchmarks" / "generate.py"), str(n)], stdout=out, check=True
            )
    return path


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
    sizes: Sequence[int], runs: int, folder: Path, check_only: Sequence[int] = ()
) -> tuple[list[Figure], dict[str, float], Figure]:
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
    checks: dict[int, Figure] = {}
    peer = shutil.which("check-jsonschema") or str(Path(PYTHON).with_name("check-jsonschema"))
    for n in sizes:
        path = generate(n, folder)
        size_mb = path.stat().st_size / 1e6
        label = f"{n:,} programs ({size_mb:.0f} MB)"
        checks[n] = measure(f"check, {label}", [*ROADMAPS, "check", str(path)], runs)
        figures.append(checks[n])
        if n in check_only:
            continue
        status = [*ROADMAPS, "--data", str(path), "status", "--as-of", "2026-11-01"]
        figures.append(measure(f"status, {label}, cache off", status, runs, env=COLD))
        figures.append(measure(f"status, {label}, cached", status, runs))
        figures.append(
            measure(
                f"export --format json, {label}",
                [
                    *ROADMAPS,
                    "--data",
                    str(path),
                    "export",
                    "--format",
                    "json",
                    "-o",
                    os.devnull,
                    "--as-of",
                    "2026-11-01",
                ],
                runs,
            )
        )
        work = folder / f"edit{n}.toml"

        def fresh_copy(source: Path = path, target: Path = work) -> None:
            shutil.copyfile(source, target)

        figures.append(
            measure(
                f"record, {label}",
                [
                    *ROADMAPS,
                    "--data",
                    str(work),
                    "record",
                    "p-000001",
                    "done",
                    "--date",
                    "2026-11-01",
                    "--source",
                    "s-000001",
                ],
                runs,
                prepare=fresh_copy,
            )
        )
        if Path(peer).exists():
            figures.append(
                measure(
                    f"peer: check-jsonschema, {label} as JSON",
                    [peer, "--schemafile", str(SCHEMA), str(as_json(path))],
                    runs,
                )
            )
    started, status, status_cold, show = figures[1], figures[3], figures[4], figures[5]
    ratios = {
        "status / floor": status.seconds / floor.seconds,
        "status, cache off / floor": status_cold.seconds / floor.seconds,
        "show energy / floor": show.seconds / floor.seconds,
        "status / the same imports started as roadmaps starts": status.seconds / started.seconds,
    }
    ordered = sorted(checks)
    if len(ordered) >= 2:
        ratios[f"check growth exponent {ordered[0]:,} to {ordered[-1]:,}"] = exponent(
            checks[ordered[0]], checks[ordered[-1]], ordered[0], ordered[-1]
        )
    return figures, ratios, floor


def table(figures: Sequence[Figure], ratios: dict[str, float], floor: Figure) -> str:
    lines = ["| command | median wall | × floor | peak memory |", "|---|---:|---:|---:|"]
    for f in figures:
        lines.append(
            f"| {f.name} | {f.seconds:.3f} s | {f.seconds / floor.seconds:.2f} | {f.peak_mb:.0f} MB |"
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
        args.sizes, args.runs = [300, 3000], 3
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        # The runs' parse cache lives with the generated files, never in the user's.
        os.environ["ROADMAPS_CACHE"] = str(Path(tmp) / "cache")
        figures, ratios, floor = run(args.sizes, args.runs, folder, args.check_only)
    print(f"machine: {machine()}")
    print(table(figures, ratios, floor))
    if args.guard:
        # Generous margins, ratios only: they catch a quadratic rule or a heavy import, not noise.
        growth = next(v for k, v in ratios.items() if k.startswith("check growth"))
        failures = []
        if growth > GROWTH_MARGIN:
            failures.append(
                f"check grows faster than linearly: exponent {growth:.2f} > {GROWTH_MARGIN}"
            )
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
