"""One column vocabulary across CSV, JSON and SQLite, described once for Datasette and
Frictionless."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from roadmaps import export as X
from roadmaps.export_vocabulary import TABLES
from roadmaps.model import Registry

DAY = dt.date(2024, 6, 30)


@pytest.fixture(scope="module")
def snap(registry: Registry) -> X.Snapshot:
    return X.Snapshot.of(registry, DAY)


def sqlite_columns(snap: X.Snapshot, tmp_path: Path) -> dict[str, list[str]]:
    path = tmp_path / "r.db"
    X.write_sqlite(snap, path)
    db = sqlite3.connect(path)
    try:
        names = [
            row[0]
            for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%'"
            )
        ]
        return {n: [c[1] for c in db.execute(f"PRAGMA table_info('{n}')")] for n in names}
    finally:
        db.close()


def test_every_column_of_every_export_is_in_the_vocabulary(snap, tmp_path: Path):
    undescribed = []
    for name, (header, _) in X.csv_tables(snap).items():
        undescribed += [f"csv {name}.{c}" for c in header if c not in TABLES[name][1]]
    for name, columns in sqlite_columns(snap, tmp_path).items():
        undescribed += [f"sqlite {name}.{c}" for c in columns if c not in TABLES[name][1]]
    doc = json.loads(X.to_json(snap))
    for name in ("sectors", "plans", "programs", "sources"):
        for record in doc[name]:
            undescribed += [f"json {name}.{k}" for k in record if k not in TABLES[name][1]]
            for claim in record.get("progress", []):
                undescribed += [
                    f"json progress.{k}" for k in claim if k not in TABLES["progress"][1]
                ]
            for entry in record.get("history", []):
                undescribed += [f"json history.{k}" for k in entry if k not in TABLES["history"][1]]
    assert sorted(set(undescribed)) == []


def test_a_claim_is_said_alike_in_every_format(snap, tmp_path: Path):
    """The speaker is `by` and the unit `of` everywhere, as in the registry."""
    csv_header = X.csv_tables(snap)["progress"][0]
    sqlite_header = sqlite_columns(snap, tmp_path)["progress"]
    plans = json.loads(X.to_json(snap))["plans"]
    json_claim = next(claim for plan in plans for claim in plan["progress"])
    for header in (csv_header, sqlite_header, list(json_claim)):
        assert {"subject", "date", "by", "of", "qualifier", "percent", "share"} <= set(header)
        assert not {"speaker", "unit"} & set(header)


def test_the_datapackage_describes_the_csv_files(snap, tmp_path: Path):
    X.write_csv(snap, tmp_path)
    package: dict[str, Any] = json.loads((tmp_path / "datapackage.json").read_text("utf-8"))
    assert package["profile"] == "tabular-data-package"
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    names = {r["name"] for r in package["resources"]}
    assert names == {"programs", "history", "progress", "sources", "plans", "sectors"}
    for resource in package["resources"]:
        with open(tmp_path / resource["path"], encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle))
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == header
        assert all(f["description"] and f["type"] for f in fields)
        for key in resource["schema"].get("foreignKeys", []):
            assert key["reference"]["resource"] in names
