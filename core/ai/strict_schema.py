"""The output models' JSON schemas in the subset OpenAI's strict structured output accepts
(the same schema is the Anthropic tool's input schema)."""

from __future__ import annotations

import copy
import functools
from typing import Any

from pydantic import BaseModel

_MOVED_TO_DESCRIPTION = {
    "minLength": "at least {} characters",
    "maxLength": "at most {} characters",
}
_DROPPED = {"title", "default"}


def _strict(node: Any) -> Any:
    if isinstance(node, list):
        return [_strict(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    hints: list[str] = []
    for key, value in node.items():
        if key in _DROPPED:
            continue
        if key in _MOVED_TO_DESCRIPTION:
            hints.append(_MOVED_TO_DESCRIPTION[key].format(value))
            continue
        if key in ("properties", "$defs"):
            out[key] = {name: _strict(sub) for name, sub in value.items()}
        else:
            out[key] = _strict(value)
    if hints:
        description = str(out.get("description", "")).rstrip()
        hint = "; ".join(hints).capitalize() + "."
        out["description"] = f"{description} {hint}".strip()
    if out.get("type") == "object" or "properties" in out:
        out["additionalProperties"] = False
        out["required"] = list(out.get("properties", {}))
    return out


def strict_json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON schema in the form OpenAI strict mode (and Anthropic tools) accept.

    Every object gets `additionalProperties: false` and all its properties required;
    `minLength`/`maxLength` (not supported by strict mode) become words in the description
    (the validators trim long text instead); titles and defaults are dropped.
    """
    return copy.deepcopy(_strict_schema(model))


@functools.cache
def _strict_schema(model: type[BaseModel]) -> dict[str, Any]:
    """Built once per model: pydantic's schema generation cost ~5 ms of CPU per AI call."""
    return dict(_strict(copy.deepcopy(model.model_json_schema())))
