"""The README is the front door: its examples must be what the commands print today."""

import importlib.util
import re
from pathlib import Path
from types import ModuleType

from .conftest import REPO

README = REPO / "README.md"


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "readme_generator", REPO / "scripts" / "readme.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_examples_and_tables_match_the_code(monkeypatch):
    monkeypatch.chdir(REPO)
    text = README.read_text(encoding="utf-8")
    assert load_generator().render(text) == text, (
        "README is out of date: run python scripts/readme.py"
    )


def test_ci_runs_exactly_the_readme_test_command():
    text = README.read_text(encoding="utf-8")
    command = re.search(r"Run the tests:\n\n```sh\n(.+)\n```", text)
    assert command is not None
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert command.group(1) in ci.splitlines()


def test_every_command_is_in_the_readme():
    text = README.read_text(encoding="utf-8")
    for name in (
        "status",
        "show",
        "list",
        "timeline",
        "sources",
        "check",
        "fmt",
        "record",
        "add",
        "export",
        "diff",
        "schema",
        "search",
        "init",
        "claim",
        "set",
        "rename",
        "remove",
    ):
        assert f"roadmaps {name}" in text, name


def test_every_registry_path_in_the_readme_exists():
    for link in re.findall(r"\]\(((?!http)[^)#]+)\)", README.read_text(encoding="utf-8")):
        assert (REPO / Path(link)).exists(), link


SECTIONS = [
    # The front door's order: what it is, the two commands, the tour, a tracker of your own,
    # the file format, the check's rules, safety, CI and editor recipes, the benchmarks.
    "## Quick start",
    "## A tour",
    "### `roadmaps status`: the headline",
    "### `roadmaps show ID`: one record",
    "### `roadmaps list`: a filtered table",
    "### `roadmaps timeline`: every dated event in order",
    "### `roadmaps sources`: the bibliography",
    "### JSON for scripts",
    "### Output, streams and exit codes",
    "### How tables adapt to the width",
    "## Start a tracker for another process",
    "## Editing the registry",
    "## The registry file",
    "## The dataset",
    "## `roadmaps check`: the gate for CI and editors",
    "## Safety",
    "## CI and editors",
    "## Benchmarks",
    "## Development",
]


def test_the_readme_keeps_its_sections_in_order():
    headings = [
        line for line in README.read_text(encoding="utf-8").splitlines() if line.startswith("#")
    ]
    assert [h for h in headings if h in SECTIONS] == SECTIONS


def test_a_new_example_marker_never_swallows_the_prose_after_it(monkeypatch):
    monkeypatch.chdir(REPO)
    text = (
        "<!-- example: roadmaps show gaz -->\nprose that must stay\n\n"
        "<!-- example: roadmaps --version -->\n```console\n$ roadmaps --version\nold\n```\n<!-- /example -->\n"
        "<!-- rules -->\nmore prose\n"
    )
    rendered = load_generator().render(text)
    assert "prose that must stay\n" in rendered and "more prose\n" in rendered
    assert rendered.count("<!-- /example -->") == 2
    assert "old\n" not in rendered


def test_the_github_actions_recipe_is_least_privilege_current_and_pinned():
    import yaml

    text = README.read_text(encoding="utf-8")
    found = re.search(r"<!-- github-actions -->\n```yaml\n(.*?)```\n", text, re.S)
    assert found is not None
    workflow = yaml.safe_load(found.group(1))
    assert workflow["permissions"] == {"contents": "read"}
    steps = workflow["jobs"]["check"]["steps"]
    uses = [step["uses"] for step in steps if "uses" in step]
    assert uses == ["actions/checkout@v4", "actions/setup-python@v5"]
    runs = [step["run"] for step in steps if "run" in step]
    assert re.fullmatch(r'pip install "roadmaps @ git\+https://\S+@COMMIT_SHA"', runs[0])
    assert runs[1:] == [
        "roadmaps check --format github data/roadmaps.toml",
        "roadmaps fmt --check data/roadmaps.toml",
    ]


def test_a_session_runs_in_a_new_empty_folder_and_leaves_none_behind(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    text = (
        "<!-- session -->\n```console\n$ roadmaps init --title T \\\n    --as-of 2026-11-23\nold\n"
        "$ roadmaps check\n```\n<!-- /session -->\n"
    )
    rendered = load_generator().render(text)
    assert rendered.startswith(
        "<!-- session -->\n```console\n$ roadmaps init --title T \\\n    --as-of 2026-11-23\n"
        "created data/roadmaps.toml and its schema data/roadmaps.schema.json\n"
    )
    assert rendered.endswith(
        "$ roadmaps check\nno problems in data/roadmaps.toml\n```\n<!-- /session -->\n"
    )
    assert "old\n" not in rendered
    assert list(tmp_path.iterdir()) == []
