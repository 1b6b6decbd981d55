"""Shared fixtures: the small registry for command tests, and a CLI runner with stable output."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from roadmaps.check import check
from roadmaps.cli import app
from roadmaps.errors import Severity
from roadmaps.load import load_path
from roadmaps.model import Registry
from roadmaps.write import canonical

# Property tests judge behaviour, never speed (speed is benchmarks/' business): no per-example
# deadline, which a loaded 2-core machine can miss. In CI the examples are derived from each
# test itself, so a run is reproducible; elsewhere they are random, to keep finding new cases.
settings.register_profile("roadmaps", deadline=None)
settings.register_profile("roadmaps-ci", deadline=None, derandomize=True)
settings.load_profile("roadmaps-ci" if os.environ.get("CI") else "roadmaps")

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini.toml"
REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "data" / "roadmaps.toml"


@dataclass(frozen=True)
class Run:
    exit_code: int
    stdout: str
    stderr: str


Invoke = Callable[..., Run]


@pytest.fixture(autouse=True, scope="session")
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The suite's own parse cache, never the user's; on, so every reading command test
    also reads through it."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ROADMAPS_CACHE", str(folder))
        yield folder


@pytest.fixture(scope="session")
def registry() -> Registry:
    """The small registry, loaded once: records are frozen, so tests can share it."""
    loaded = load_path(MINI)
    assert loaded.problems == () and loaded.registry is not None
    return loaded.registry


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A private copy of the small registry, so no test can alter another's input."""
    copy = tmp_path / "mini.toml"
    shutil.copyfile(MINI, copy)
    return copy


@pytest.fixture
def invoke(monkeypatch: pytest.MonkeyPatch) -> Invoke:
    """Run the CLI as a pipe would see it: no terminal, 100 columns, no colour."""
    monkeypatch.delenv("ROADMAPS_DATA", raising=False)

    def run(*args: str, env: dict[str, str] | None = None) -> Run:
        runner = CliRunner()
        result = runner.invoke(
            app, list(args), env={"COLUMNS": "100", "NO_COLOR": "1", **(env or {})}
        )
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Run(result.exit_code, result.stdout, result.stderr)

    return run


@pytest.fixture
def canon(tmp_path: Path) -> Path:
    """The small registry in canonical form, as every edit leaves it."""
    path = tmp_path / "r.toml"
    path.write_text(canonical(MINI.read_text(encoding="utf-8"), "r.toml"), encoding="utf-8")
    return path


def errors(path: Path) -> list[str]:
    return [str(p) for p in check(load_path(path)) if p.severity is Severity.ERROR]
