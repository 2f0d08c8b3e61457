"""The compiled record checks (pipelines.writers.validation) agree with jsonschema on the published schemas:
every real record of the dev gazettes passes both, and each way of breaking one fails both."""
from __future__ import annotations

import copy
import json

import jsonschema
import pytest

from extract.records import RECORD_TYPES, json_schema
from pipelines.writers.validation import compile_schema, record_check


def jsonschema_ok(kind: str, record) -> bool:
    v = jsonschema.Draft202012Validator(json_schema(RECORD_TYPES[kind]), format_checker=jsonschema.FormatChecker())
    return v.is_valid(record)


def dev_records(dev_outputs, kind):
    return [json.loads(line) for line in (dev_outputs / f"{kind}.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("kind", ["tasks", "documents", "references"])
def test_every_dev_record_passes_both_checks(dev_outputs, kind):
    recs = dev_records(dev_outputs, kind)
    assert recs
    for r in recs:
        assert record_check(kind)(r, "") is None and jsonschema_ok(kind, r)


BREAKS = [
    # (kind, what it breaks, mutation)
    ("tasks", "a required field gone", lambda r: r.pop("task_id")),
    ("tasks", "a string where a list is", lambda r: r.__setitem__("evidence", "x")),
    ("tasks", "an unknown field", lambda r: r.__setitem__("extra", 1)),
    ("tasks", "a nested unknown field", lambda r: r["source"].__setitem__("bbox", [1])),
    ("tasks", "a page that is not an integer", lambda r: r["source"]["pages"].append("41")),
    ("tasks", "a boolean where an integer is", lambda r: r["source"]["pages"].append(True)),
    ("tasks", "a date that is no date", lambda r: r["gazette"].__setitem__("date", "2023-02-30")),
    ("tasks", "null where a string is required", lambda r: r.__setitem__("task_id", None)),
    ("documents", "a title that is a number", lambda r: r.__setitem__("title", 3)),
    ("references", "a key that is a list", lambda r: r.__setitem__("key", ["x"])),
]


@pytest.mark.parametrize("kind,what,mutate", BREAKS, ids=[b[1] for b in BREAKS])
def test_each_way_of_breaking_a_record_fails_both_checks(dev_outputs, kind, what, mutate):
    record = copy.deepcopy(dev_records(dev_outputs, kind)[0])
    mutate(record)
    assert not jsonschema_ok(kind, record)
    assert record_check(kind)(record, "(record)") is not None


def test_a_schema_keyword_the_compiler_does_not_know_is_refused():
    with pytest.raises(ValueError, match="oneOf"):
        compile_schema({"oneOf": [{"type": "string"}]})
