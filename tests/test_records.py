"""Every written record validates against the schema generated from the models, and round-trips."""
from __future__ import annotations

import json

import jsonschema
import pytest

from extract.records import RECORD_TYPES, json_schema


@pytest.mark.parametrize("kind", ["tasks", "documents", "references", "errors"])
def test_every_record_validates_against_the_generated_schema(kind, dev_outputs):
    validator = jsonschema.Draft202012Validator(json_schema(RECORD_TYPES[kind]),
                                                format_checker=jsonschema.FormatChecker())
    for line in (dev_outputs / f"{kind}.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        validator.validate(record)
        assert json.loads(json.dumps(record, ensure_ascii=False)) == record


def test_schema_rejects_an_empty_string_where_null_is_meant():
    validator = jsonschema.Draft202012Validator(json_schema(RECORD_TYPES["errors"]))
    assert not validator.is_valid({"file": "a.pdf", "sha256": "", "stage": "read", "error": "x"})
    assert validator.is_valid({"file": "a.pdf", "sha256": None, "stage": "read", "error": "x"})


def test_task_records_carry_provenance(dev_outputs):
    for line in (dev_outputs / "tasks.jsonl").read_text(encoding="utf-8").splitlines():
        t = json.loads(line)
        assert t["source"]["file"].endswith(".pdf") and len(t["source"]["sha256"]) == 64
        assert t["source"]["pages"] and len(t["source"]["pages"]) == len(t["source"]["pdf_pages"])
        assert t["gazette"]["issue"] and t["document"]["number"]
