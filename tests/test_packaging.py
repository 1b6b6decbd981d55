"""The package's declarations: licences, and lower bounds that CI really installs."""

from __future__ import annotations

import re
import tomllib

from packaging.version import Version

from .conftest import REPO

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def _pins() -> dict[str, str]:
    pins = {}
    for line in (REPO / ".ci" / "lowest.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pins[name.strip()] = version.strip()
    return pins


def test_ci_installs_exactly_the_lower_bound_of_every_dependency():
    bounds = {}
    for requirement in PYPROJECT["project"]["dependencies"]:
        found = re.fullmatch(r"([a-z0-9-]+)>=([0-9.]+)", requirement)
        assert found, f"{requirement!r} has no plain lower bound"
        bounds[found.group(1)] = found.group(2)
    pins = _pins()
    for name, bound in bounds.items():
        assert Version(pins[name]) == Version(bound), name  # 0.24 is 0.24.0
    # click comes with Typer (before 0.27); its pin is the lowest Typer 0.24 allows.
    assert set(pins) == {*bounds, "click"}


def test_the_code_and_the_data_each_carry_a_licence():
    project = PYPROJECT["project"]
    assert project["license"] == "MIT AND CC-BY-4.0"
    assert project["license-files"] == ["LICENSE", "LICENSE-DATA"]
    assert (REPO / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")
    data = (REPO / "LICENSE-DATA").read_text(encoding="utf-8")
    assert "Creative Commons Attribution 4.0 International Public License" in data
    assert not any(c.startswith("License ::") for c in project["classifiers"])  # PEP 639
