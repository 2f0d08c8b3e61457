"""The published schemas (``schema/*.schema.json``) are what the code generates, name their kind and
version, and every JSON example in ``docs/`` is a real record that validates against them."""
from __future__ import annotations

import datetime as dt
import json
import re

import jsonschema
import pytest
from conftest import ROOT, run_cli

import congbao
from extract.nlp.deadlines import parse_deadline
from extract.records import RECORD_TYPES, SCHEMA_VERSION, json_schema, schema_id

DOCS = ROOT / "docs"
SCHEMA_DIR = ROOT / "schema"
# An example is a ```json block right after ``<!-- example: KIND -->`` (a whole record of that kind)
# or ``<!-- example: KIND.FIELD -->`` (the value of one field of such a record).
EXAMPLE = re.compile(r"<!-- example: (\w+)(?:\.(\w+))? -->\n```json\n(.*?)\n```", re.S)
JSON_BLOCK = re.compile(r"^```json$", re.M)


def _docs() -> list:
    return sorted(DOCS.glob("*.md"))


def _examples() -> list[tuple[str, str, str | None, object]]:
    """(doc, kind, field, value) of every marked example; a block that is not one JSON document is
    JSON Lines, one example per line."""
    found = []
    for doc in _docs():
        for kind, field, body in EXAMPLE.findall(doc.read_text(encoding="utf-8")):
            try:
                values = [json.loads(body)]
            except json.JSONDecodeError:
                values = [json.loads(line) for line in body.splitlines() if line.strip()]
            found.extend((doc.name, kind, field or None, v) for v in values)
    return found


def _jsonl(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# ---------------------------------------------------------------- committed schemas


@pytest.mark.parametrize("kind", list(RECORD_TYPES))
def test_committed_schema_is_what_the_schema_command_prints(kind):
    done = run_cli("schema", kind)
    assert done.returncode == 0, done.stderr
    committed = (SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert committed == done.stdout, f"schema/{kind}.schema.json is stale: run `make schema`"


@pytest.mark.parametrize("kind", list(RECORD_TYPES))
def test_schema_names_its_kind_and_version(kind):
    schema = json_schema(RECORD_TYPES[kind])
    assert schema["$id"] == schema_id(kind) == f"https://github.com/congbao/congbao/schema/{kind}-{SCHEMA_VERSION}.json"
    assert schema["x-congbao-schema-version"] == SCHEMA_VERSION == congbao.SCHEMA_VERSION
    jsonschema.Draft202012Validator.check_schema(schema)


def test_schema_ids_differ_between_kinds():
    ids = [json_schema(t)["$id"] for t in RECORD_TYPES.values()]
    assert len(set(ids)) == len(ids)


def test_schema_version_is_semantic():
    assert re.fullmatch(r"\d+\.\d+\.\d+", SCHEMA_VERSION)


def test_contract_states_the_current_schema_version():
    text = (DOCS / "output-contract.md").read_text(encoding="utf-8")
    assert f"Record format version **{SCHEMA_VERSION}**" in text
    assert schema_id("tasks") in text


# ---------------------------------------------------------------- examples in the docs


def test_every_json_block_in_the_docs_is_a_checked_example():
    for doc in _docs():
        text = doc.read_text(encoding="utf-8")
        assert len(JSON_BLOCK.findall(text)) == len(EXAMPLE.findall(text)), \
            f"{doc.name}: a ```json block without an <!-- example: KIND --> marker"
    assert {kind for _, kind, _, _ in _examples()} == set(RECORD_TYPES)


@pytest.mark.parametrize("doc,kind,field,value", _examples(),
                         ids=[f"{d}:{k}{'.' + f if f else ''}:{i}" for i, (d, k, f, _) in enumerate(_examples())])
def test_docs_example_validates_against_its_schema(doc, kind, field, value):
    schema = json_schema(RECORD_TYPES[kind])
    if field is not None:
        schema = {"$schema": schema["$schema"], **schema["properties"][field]}
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = [e.message for e in validator.iter_errors(value)]
    assert not errors, errors


@pytest.fixture(scope="module")
def real_records(dev_outputs, tmp_path_factory) -> dict[str, list]:
    """The dev gazettes' records, and the error record of the docs' broken.pdf."""
    records = {kind: _jsonl(dev_outputs / f"{kind}.jsonl") for kind in ("tasks", "documents", "references", "tables")}
    broken = tmp_path_factory.mktemp("broken")
    (broken / "broken.pdf").write_bytes(b"not a pdf\n")
    records["errors"] = congbao.extract(broken).errors
    return records


@pytest.mark.parametrize("doc,kind,field,value", _examples(),
                         ids=[f"{d}:{k}{'.' + f if f else ''}:{i}" for i, (d, k, f, _) in enumerate(_examples())])
def test_docs_example_is_what_congbao_writes(doc, kind, field, value, real_records):
    real = real_records[kind] if field is None else [r[field] for r in real_records[kind]]
    assert value in real, f"{doc}: this {kind} example is not in the output of the dev gazettes any more"


def _documented_deadline_phrases() -> list[tuple[str, str]]:
    text = (DOCS / "output-contract.md").read_text(encoding="utf-8")
    table = re.search(r"^### Deadlines\n(.*?)\n\n(.*?)\n\n", text, re.S | re.M).group(2)
    phrases = []
    for kind, rest in re.findall(r"^\| `(\w+)` \|(.*)$", table, re.M):
        phrases.extend((kind, p) for p in re.findall(r'"([^"]+)"', rest))
    return phrases


@pytest.mark.parametrize("kind,phrase", _documented_deadline_phrases())
def test_contract_deadline_examples_read_as_their_kind(kind, phrase):
    assert parse_deadline(phrase, dt.date(2024, 3, 8)).kind == kind
