"""The README's pre-commit snippet, run as pasted by pre-commit from PyPI on a throwaway
repository that keeps two registries: it passes when both are clean and fails, naming the line,
when one is broken."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from roadmaps.write import canonical

from .conftest import MINI, REPO

BIN = Path(sys.executable).parent


def readme_config() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- pre-commit -->\n```yaml\n(.*?)```\n<!-- /pre-commit -->", text, re.S)
    assert found is not None
    return found.group(1)


def run(args: list[str], cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": f"{BIN}{os.pathsep}/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "PRE_COMMIT_HOME": str(home / "pre-commit"),
        "NO_COLOR": "1",
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A git repository with two canonical registries, staged, and the README's config."""
    repo = tmp_path / "repo"
    home = tmp_path / "home"
    home.mkdir()
    clean = canonical(MINI.read_text(encoding="utf-8"), "roadmaps.toml")
    for name in ("a", "b"):
        (repo / name / "data").mkdir(parents=True)
        (repo / name / "data" / "roadmaps.toml").write_text(clean, encoding="utf-8")
    (repo / ".pre-commit-config.yaml").write_text(readme_config(), encoding="utf-8")
    assert run(["git", "init", "-q", str(repo)], tmp_path, home).returncode == 0
    return repo


def pre_commit(repo: Path, *hooks: str) -> subprocess.CompletedProcess[str]:
    home = repo.parent / "home"
    assert run(["git", "add", "-A"], repo, home).returncode == 0
    return run([str(BIN / "pre-commit"), "run", "--all-files", *hooks], repo, home)


def test_the_readme_hooks_pass_on_two_clean_registries(repository: Path):
    done = pre_commit(repository)
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"roadmaps check\.+Passed", done.stdout)
    assert re.search(r"roadmaps fmt\.+Passed", done.stdout)


def test_the_check_hook_fails_naming_the_line(repository: Path):
    broken = repository / "b" / "data" / "roadmaps.toml"
    text = broken.read_text(encoding="utf-8")
    line = text.splitlines().index('status = "stalled"') + 1
    broken.write_text(text.replace('status = "stalled"', 'status = "finished"', 1), "utf-8")
    done = pre_commit(repository, "roadmaps-check")
    assert done.returncode == 1
    assert re.search(r"roadmaps check\.+Failed", done.stdout)
    assert f"b/data/roadmaps.toml:{line}:1: E104 programs.gas-market: status " in done.stdout


def test_the_fmt_hook_fixes_a_registry_and_fails_the_commit(repository: Path):
    loose = repository / "a" / "data" / "roadmaps.toml"
    clean = loose.read_text(encoding="utf-8")
    loose.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    done = pre_commit(repository, "roadmaps-fmt")
    assert done.returncode == 1
    assert "files were modified by this hook" in done.stdout
    assert "reformatted a/data/roadmaps.toml" in done.stdout
    assert loose.read_text(encoding="utf-8") == clean
    assert pre_commit(repository, "roadmaps-fmt").returncode == 0


def test_the_published_check_only_hook_names_the_first_line(repository: Path):
    """.pre-commit-hooks.yaml's hooks, run as local hooks on the installed roadmaps."""
    published = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hooks = [{**hook, "language": "system"} for hook in published]
    config = {"repos": [{"repo": "local", "hooks": hooks}]}
    (repository / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), "utf-8")
    assert pre_commit(repository).returncode == 0
    loose = repository / "b" / "data" / "roadmaps.toml"
    loose.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    done = pre_commit(repository, "roadmaps-fmt-check")
    assert done.returncode == 1
    assert "b/data/roadmaps.toml:23: not in canonical form; run `roadmaps fmt`" in done.stdout
    assert loose.read_text(encoding="utf-8") == MINI.read_text(encoding="utf-8")


def test_the_readme_hooks_are_the_published_ones():
    readme = yaml.safe_load(readme_config())["repos"][0]["hooks"]
    published = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    by_id = {hook["id"]: hook for hook in published}
    for hook in readme:
        mine = by_id[hook["id"]]
        keys = ("name", "entry", "files", "types")
        assert {k: hook[k] for k in keys} == {k: mine[k] for k in keys}
