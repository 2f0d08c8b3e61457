"""Every record checked against its published JSON Schema, at the cost of a few microseconds.

The schemas are generated from the record types (``extract.records.json_schema``) and use a small
set of keywords; ``compile_schema`` turns one into nested Python closures once, so a record is
checked without jsonschema's per-keyword dispatch (2.5 ms per page of a gazette with jsonschema,
~0.2 ms compiled). A keyword outside the set is an error at compile time, never skipped, and
tests/test_validation.py holds the compiled checks to jsonschema's verdicts on valid and broken
records.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import cache
from typing import Any

from extract.errors import ExtractError
from extract.records import RECORD_TYPES, json_schema

Check = Callable[[Any, str], "str | None"]  # value, where → the first error, or None

_ANNOTATIONS = {"$schema", "$id", "title", "description", "x-congbao-schema-version", "default"}
_TYPES: dict[str, Callable[[Any], bool]] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def _is_date(v: str) -> bool:
    try:
        dt.date.fromisoformat(v)
    except ValueError:
        return False
    return len(v) == 10


_FORMATS: dict[str, Callable[[str], bool]] = {"date": _is_date}


def compile_schema(schema: dict) -> Check:
    """A function giving the first violation of ``schema`` in a value ("where: what"), or None."""
    unknown = set(schema) - _ANNOTATIONS - {"type", "properties", "required", "additionalProperties", "items",
                                             "format", "pattern", "minimum", "maximum", "minLength", "enum"}
    if unknown:
        raise ValueError(f"schema keyword(s) not supported: {', '.join(sorted(unknown))}")
    checks: list[Check] = []
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        tests = [_TYPES[n] for n in names]
        label = " or ".join(names)
        checks.append(lambda v, at: None if any(t(v) for t in tests) else f"{at}: {v!r:.60} is not of type {label}")
    if "enum" in schema:
        allowed = schema["enum"]
        checks.append(lambda v, at: None if v in allowed else f"{at}: {v!r:.60} is not one of {allowed}")
    if "minLength" in schema:
        n = schema["minLength"]
        checks.append(lambda v, at: f"{at}: {v!r:.60} is too short" if isinstance(v, str) and len(v) < n else None)
    if "pattern" in schema:
        rx = re.compile(schema["pattern"])
        checks.append(lambda v, at: f"{at}: {v!r:.60} does not match {rx.pattern!r}"
                      if isinstance(v, str) and not rx.search(v) else None)
    if "format" in schema and schema["format"] in _FORMATS:
        ok = _FORMATS[schema["format"]]
        fmt = schema["format"]
        checks.append(lambda v, at: f"{at}: {v!r:.60} is not a {fmt}" if isinstance(v, str) and not ok(v) else None)
    if "minimum" in schema:
        lo = schema["minimum"]
        checks.append(lambda v, at: f"{at}: {v!r} is less than {lo}"
                      if _TYPES["number"](v) and v < lo else None)
    if "maximum" in schema:
        hi = schema["maximum"]
        checks.append(lambda v, at: f"{at}: {v!r} is more than {hi}"
                      if _TYPES["number"](v) and v > hi else None)
    if "items" in schema:
        item = compile_schema(schema["items"])

        def items(v, at):
            if isinstance(v, list):
                for i, x in enumerate(v):
                    e = item(x, f"{at}/{i}")
                    if e:
                        return e
            return None
        checks.append(items)
    if "properties" in schema or "required" in schema or "additionalProperties" in schema:
        props = {k: compile_schema(s) for k, s in schema.get("properties", {}).items()}
        required = tuple(schema.get("required", ()))
        extra = schema.get("additionalProperties", True)
        extra_check = compile_schema(extra) if isinstance(extra, dict) else None

        def obj(v, at):
            if not isinstance(v, dict):
                return None
            for k in required:
                if k not in v:
                    return f"{at}: {k!r} is a required property"
            for k, x in v.items():
                c = props.get(k)
                if c is None:
                    if extra is False:
                        return f"{at}: additional property {k!r} is not allowed"
                    if extra_check is not None:
                        e = extra_check(x, f"{at}/{k}")
                        if e:
                            return e
                    continue
                e = c(x, f"{at}/{k}")
                if e:
                    return e
            return None
        checks.append(obj)

    def check(v, at):
        for c in checks:
            e = c(v, at)
            if e:
                return e
        return None
    return check


@cache
def record_check(kind: str) -> Check:
    return compile_schema(json_schema(RECORD_TYPES[kind]))


def validate(kind: str, record: dict) -> None:
    """Raise ``ExtractError`` (stage "validate") when ``record`` breaks the published schema."""
    error = record_check(kind)(record, "(record)")
    if error is not None:
        raise ExtractError(f"{kind} record breaks the schema at {error}", stage="validate")
