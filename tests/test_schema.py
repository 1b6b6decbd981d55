"""The JSON Schema for editors: generated from fields.py, committed, and true to the loader."""

import datetime as dt
import json
import tomllib
from typing import Any

import jsonschema
import pytest

from roadmaps.schema import json_schema

from .conftest import REPO, SHIPPED, Invoke
from .test_check import MUTATIONS

COMMITTED = REPO / "schema" / "roadmaps.schema.json"


def as_json(value: Any) -> Any:
    """TOML values as editors hand them to a JSON Schema validator: dates become strings."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def validator() -> Any:
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_the_committed_schema_is_what_the_command_prints(invoke: Invoke):
    result = invoke("schema")
    assert result.exit_code == 0
    assert result.stdout == COMMITTED.read_text(encoding="utf-8")
    assert json.loads(result.stdout) == json_schema()


def test_the_shipped_registry_validates():
    data = as_json(tomllib.loads(SHIPPED.read_text(encoding="utf-8")))
    assert [e.message for e in validator().iter_errors(data)] == []


def test_the_registry_points_editors_at_the_schema():
    assert SHIPPED.read_text(encoding="utf-8").startswith(
        "#:schema ../schema/roadmaps.schema.json\n"
    )


SHAPE = [m for m in MUTATIONS if m[2] in {"E104", "E101", "E304", "E401"}]


@pytest.mark.parametrize(("name", "text"), [(m[0], m[1]) for m in SHAPE], ids=[m[0] for m in SHAPE])
def test_the_schema_rejects_shape_mutations(name: str, text: str):
    errors = list(validator().iter_errors(as_json(tomllib.loads(text))))
    assert errors, name


def test_the_schema_requires_a_figure_on_claims():
    claim: dict[str, Any] = {"date": "2023", "by": "A", "of": "measures", "sources": ["s"]}
    doc = {
        "format": 1,
        "title": "T",
        "as_of": "2024-01-01",
        "plans": {"p": {"title": "P", "progress": [claim]}},
    }
    assert list(validator().iter_errors(doc))
    claim["percent"] = 40
    assert list(validator().iter_errors(doc)) == []
