"""The JSON Schema of an Article line, generated from :mod:`newscrawl.items`.

``python -m newscrawl.schema`` prints it; the package ships it as
``newscrawl/article.schema.json`` (a test checks the two agree). Types come from the
annotations (nested shapes are the TypedDicts of ``items.py``), descriptions from the
docstring under each field. Every key is present on every line (``null`` or empty when the
page does not give it), so every key is required and no other is allowed.
"""

from __future__ import annotations

import ast
import inspect
import json
import sys
import types
import typing
from dataclasses import fields
from pathlib import Path

from . import items

SCHEMA_PATH = Path(__file__).with_name("article.schema.json")
_SCALARS = {str: "string", int: "integer", float: "number", bool: "boolean", type(None): "null"}


def article_schema() -> dict:
    hints = typing.get_type_hints(items.Article, include_extras=True)
    docs = _field_docs(items.Article)
    properties = {}
    for f in fields(items.Article):
        properties[f.name] = {**_schema_of(hints[f.name]), **({"description": docs[f.name]} if f.name in docs else {})}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "newscrawl Article",
        "description": " ".join(inspect.getdoc(items).split()),
        "type": "object",
        "properties": properties,
        "required": [f.name for f in fields(items.Article)],
        "additionalProperties": False,
    }


def _schema_of(hint) -> dict:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint in _SCALARS:
        return {"type": _SCALARS[hint]}
    if origin in (typing.Union, types.UnionType):
        options = [_schema_of(a) for a in args]
        if all(set(o) == {"type"} for o in options):
            return {"type": [o["type"] for o in options]}
        return {"anyOf": options}
    if origin is typing.Literal:
        return {"enum": list(args)}
    if origin is list:
        return {"type": "array", "items": _schema_of(args[0])}
    if origin is dict:
        return {"type": "object", "additionalProperties": _schema_of(args[1])}
    if typing.is_typeddict(hint):
        # Read NotRequired from the hints themselves: with postponed annotations Python 3.11
        # leaves every key in __required_keys__.
        nested = typing.get_type_hints(hint, include_extras=True)
        optional = {k for k, v in nested.items() if typing.get_origin(v) is typing.NotRequired}
        properties = {k: _schema_of(typing.get_args(v)[0] if k in optional else v) for k, v in nested.items()}
        return {"type": "object", "properties": properties, "required": [k for k in nested if k not in optional],
                "additionalProperties": False}
    if hint is dict:
        return {"type": "object"}
    raise TypeError(f"no JSON Schema for {hint!r}")


def _field_docs(cls) -> dict[str, str]:
    """The docstring written under each field of ``cls``."""
    tree = ast.parse(inspect.getsource(cls))
    body = tree.body[0].body
    docs = {}
    for node, following in zip(body, body[1:]):
        if (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant) and isinstance(following.value.value, str)):
            docs[node.target.id] = " ".join(following.value.value.split())
    return docs


def render() -> str:
    return json.dumps(article_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        SCHEMA_PATH.write_text(render(), encoding="utf-8")
    else:
        sys.stdout.write(render())
