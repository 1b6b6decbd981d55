"""Taplo, the TOML toolkit editors use, agrees with roadmaps on layout and on the schema.

The shipped `.taplo.toml` is what a data repository copies; these tests run the `taplo` CLI
from PyPI (a test dependency) with that very file.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmaps.model import Registry
from roadmaps.write import canonical, dumps

from .conftest import MINI, REPO, SHIPPED
from .strategies import registries

TAPLO = str(Path(sys.executable).with_name("taplo"))
CONFIG = REPO / ".taplo.toml"
SCHEMA = REPO / "schema" / "roadmaps.schema.json"


def taplo(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [TAPLO, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "RUST_LOG": "error", "NO_COLOR": "1"},
    )


def _workspace(folder: Path, texts: list[str]) -> list[str]:
    """A data repository: the shipped Taplo configuration and one registry per folder."""
    shutil.copyfile(CONFIG, folder / ".taplo.toml")
    names = []
    for number, text in enumerate(texts):
        path = folder / f"r{number}" / "roadmaps.toml"
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
        names.append(str(path.relative_to(folder)))
    return names


def test_taplo_fmt_leaves_the_shipped_registry_alone():
    done = taplo("fmt", "--check", str(SHIPPED.relative_to(REPO)), cwd=REPO)
    assert done.returncode == 0, done.stderr


def test_taplo_fmt_leaves_what_roadmaps_fmt_writes_alone(tmp_path: Path):
    mini = canonical(MINI.read_text(encoding="utf-8"), "mini.toml")
    names = _workspace(tmp_path, [mini, "#:schema ./s.json\n" + mini])
    done = taplo("fmt", "--check", *names, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    # and it does read them: a line indented otherwise is found
    broken = _workspace_more(tmp_path, mini.replace('\n    "s-kremlin",', '\n  "s-kremlin",', 1))
    assert taplo("fmt", "--check", *broken, cwd=tmp_path).returncode == 1


def _workspace_more(folder: Path, text: str) -> list[str]:
    path = folder / "extra" / "roadmaps.toml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    return [str(path.relative_to(folder))]


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(registries(), min_size=1, max_size=6))
def test_taplo_fmt_agrees_on_any_canonical_registry(batch: list[Registry]):
    with tempfile.TemporaryDirectory() as folder:
        names = _workspace(Path(folder), [dumps(r) for r in batch])
        done = taplo("fmt", "--check", *names, cwd=Path(folder))
        assert done.returncode == 0, done.stderr


def test_taplo_checks_a_registry_against_the_schema_with_the_line(tmp_path: Path):
    good = f"#:schema {SCHEMA}\n" + canonical(MINI.read_text(encoding="utf-8"), "m.toml")
    bad = good.replace("as_of = 2024-06-30", 'as_of = "2021-13"')
    assert bad != good
    names = _workspace(tmp_path, [good, bad])
    assert taplo("check", names[0], cwd=tmp_path).returncode == 0
    done = taplo("check", names[1], cwd=tmp_path)
    assert done.returncode == 1
    assert f"{tmp_path / names[1]}:4:9" in done.stderr
