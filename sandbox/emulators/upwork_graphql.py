"""GraphQL layer of the Upwork emulator: schema, scope checks, and Upwork-style errors.

Upwork runs graphql-java, so errors look like graphql-java's: validation errors read
``Validation error (FieldUndefined@[room/stories/edges/node/systemStory]) : Field 'systemStory'
in type 'RoomStory' is undefined`` with ``extensions.classification == "ValidationError"``; a
missing scope aborts the whole request with ``The client or authentication token doesn't have
enough oauth2 permissions/scopes to access: [Type.field, ...].`` and
``extensions.classification == "ExecutionAborted"``. Both arrive with HTTP 200.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    GraphQLSyntaxError,
    InlineFragmentNode,
    Node,
    OperationDefinitionNode,
    SelectionSetNode,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    build_schema,
    execute,
    parse,
    validate,
    visit,
)

from sandbox.emulators.upwork_data import SCOPES

SCHEMA_FILE = Path(__file__).with_name("upwork_schema.graphql")

# Every root field also needs this one ("required for all the cases", says Upwork).
COMMON_SCOPE = "common:read"

# "Type.field" -> scopes it needs. Root fields not listed need only COMMON_SCOPE.
FIELD_SCOPES: dict[str, frozenset[str]] = {
    "Query.freelancerProfileByProfileKey": frozenset({"profile:read"}),
    "CurrentUser.freelancerProfile": frozenset({"profile:read"}),
    "Query.marketplaceJobPostingsSearch": frozenset({"jobs:read"}),
    "Query.marketplaceJobPosting": frozenset({"jobs:read"}),
    "Query.roomList": frozenset({"messages:read"}),
    "Query.room": frozenset({"messages:read"}),
    "Query.roomStories": frozenset({"messages:read"}),
    "Room.vendorProposal": frozenset({"proposals:read"}),
    "Query.workDiaryContract": frozenset({"workdiary:read"}),
    "Query.workDays": frozenset({"workdiary:read"}),
    "Query.timeReport": frozenset({"workdiary:read"}),
    "Query.contractTimeReport": frozenset({"workdiary:read"}),
    "CurrentUser.timeReport": frozenset({"workdiary:read"}),
    "CurrentUser.contractTimeReport": frozenset({"workdiary:read"}),
    "Query.talentWorkHistory": frozenset({"workdiary:read"}),
    "Query.vendorProposals": frozenset({"proposals:read"}),
    "Query.vendorProposal": frozenset({"proposals:read"}),
    "Mutation.createJobProposal": frozenset({"proposals:submit"}),
}
ROOT_TYPES = ("Query", "Mutation")


@cache
def upwork_schema() -> GraphQLSchema:
    return build_schema(SCHEMA_FILE.read_text(encoding="utf-8"))


def required_scopes(field_key: str) -> frozenset[str]:
    scopes = FIELD_SCOPES.get(field_key, frozenset())
    if field_key.split(".", 1)[0] in ROOT_TYPES:
        scopes = scopes | {COMMON_SCOPE}
    return scopes


class _ScopeCollector(Visitor):
    def __init__(self, type_info: TypeInfo, granted: frozenset[str]) -> None:
        super().__init__()
        self.type_info = type_info
        self.granted = granted
        self.blocked: list[str] = []
        self.missing: set[str] = set()

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        parent = self.type_info.get_parent_type()
        name = node.name.value
        if parent is None or name.startswith("__"):
            return
        key = f"{parent.name}.{name}"
        missing = required_scopes(key) - self.granted
        if missing and key not in self.blocked:
            self.blocked.append(key)
            self.missing |= missing


def scope_error(document: DocumentNode, granted: frozenset[str]) -> dict[str, Any] | None:
    """The error Upwork returns when the token may not read some requested field."""
    type_info = TypeInfo(upwork_schema())
    collector = _ScopeCollector(type_info, granted)
    visit(document, TypeInfoVisitor(type_info, collector))
    if not collector.blocked:
        return None
    fields = ", ".join(sorted(collector.blocked))
    return {
        "message": (
            "The client or authentication token doesn't have enough oauth2 "
            f"permissions/scopes to access: [{fields}]."
        ),
        "extensions": {
            "classification": "ExecutionAborted",
            # Emulator extras (not sent by Upwork): which scopes would unlock the fields.
            "code": "INSUFFICIENT_SCOPE",
            "requiredScopes": sorted(collector.missing),
            "requiredPermissions": [SCOPES[s] for s in sorted(collector.missing)],
        },
    }


# ---------------------------------------------------------------- validation errors

_RULES: list[tuple[re.Pattern[str], str, str | None]] = [
    (re.compile(p), kind, fmt)
    for p, kind, fmt in [
        (
            r"^Cannot query field '(?P<f>[^']+)' on type '(?P<t>[^']+)'",
            "FieldUndefined",
            "Field '{f}' in type '{t}' is undefined",
        ),
        (
            r"^Unknown argument '(?P<a>[^']+)' on field",
            "UnknownArgument",
            "Unknown field argument '{a}'",
        ),
        (
            r"^Field '(?P<f>[^']+)' argument '(?P<a>[^']+)' of type '[^']+' is required",
            "MissingFieldArgument",
            "Missing field argument '{a}'",
        ),
        (
            r"^Argument '[^(']+\((?P<a>[^:']+):\)' of type '[^']+' is required",
            "MissingFieldArgument",
            "Missing field argument '{a}'",
        ),
        (
            r"^Field '(?P<f>[^']+)' of type '(?P<t>[^']+)' must have a selection of subfields",
            "SubselectionRequired",
            "Subselection required for type '{t}' of field '{f}'",
        ),
        (
            r"^Field '(?P<f>[^']+)' must not have a selection since type '(?P<t>[^']+)'",
            "SubselectionNotAllowed",
            "Subselection not allowed on leaf type '{t}' of field '{f}'",
        ),
        (r"^Unknown type '(?P<t>[^']+)'", "UnknownType", "Unknown type '{t}'"),
        (
            r"^Variable '\$(?P<v>[^']+)' is not defined",
            "UndefinedVariable",
            "Undefined variable '{v}'",
        ),
        (r"^Variable '\$(?P<v>[^']+)' is never used", "UnusedVariable", "Unused variable '{v}'"),
        (r"^Variable '\$[^']+' of type '[^']+' used in position", "VariableTypeMismatch", None),
        (r"^Unknown fragment", "UndefinedFragment", None),
        (r"^Fragment '[^']+' is never used", "UnusedFragment", None),
        (r"^There can be only one", "DuplicateName", None),
        (r"^Unknown directive", "UnknownDirective", None),
    ]
]


def _all_nodes(node: Node) -> list[Node]:
    found = [node]
    for key in node.keys:
        value = getattr(node, key, None)
        if isinstance(value, Node):
            found += _all_nodes(value)
        elif isinstance(value, tuple | list):
            for item in value:
                if isinstance(item, Node):
                    found += _all_nodes(item)
    return found


def _field_paths(document: DocumentNode) -> dict[int, str]:
    """id(node) -> graphql-java style path ``a/b/c`` for fields and their argument values."""
    paths: dict[int, str] = {}

    def walk(selection_set: SelectionSetNode | None, prefix: list[str]) -> None:
        for sel in selection_set.selections if selection_set else ():
            if isinstance(sel, FieldNode):
                path = [*prefix, sel.name.value]
                joined = "/".join(path)
                paths[id(sel)] = joined
                for arg in sel.arguments or ():
                    for n in _all_nodes(arg):
                        paths[id(n)] = joined
                if sel.selection_set is not None:
                    paths[id(sel.selection_set)] = joined
                walk(sel.selection_set, path)
            elif isinstance(sel, InlineFragmentNode):
                walk(sel.selection_set, prefix)
            elif isinstance(sel, FragmentSpreadNode):
                paths[id(sel)] = "/".join(prefix)

    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode | FragmentDefinitionNode):
            walk(definition.selection_set, [])
    return paths


def _locations(error: GraphQLError) -> list[dict[str, int]]:
    return [{"line": loc.line, "column": loc.column} for loc in error.locations or []]


def validation_error(error: GraphQLError, paths: dict[int, str]) -> dict[str, Any]:
    message = error.message.rstrip(".")
    kind, detail = "WrongType", message
    for pattern, rule_kind, fmt in _RULES:
        match = pattern.search(error.message)
        if match:
            kind = rule_kind
            detail = fmt.format(**match.groupdict()) if fmt else message
            break
    path = next((paths[id(n)] for n in error.nodes or () if id(n) in paths), "")
    return {
        "message": f"Validation error ({kind}@[{path}]) : {detail}",
        "locations": _locations(error),
        "extensions": {"classification": "ValidationError"},
    }


def syntax_error(error: GraphQLSyntaxError) -> dict[str, Any]:
    return {
        "message": f"Invalid Syntax : {error.message}",
        "locations": _locations(error),
        "extensions": {"classification": "InvalidSyntax"},
    }


def execution_error(error: GraphQLError) -> dict[str, Any]:
    formatted: dict[str, Any] = dict(error.formatted)
    extensions = dict(formatted.get("extensions") or {})
    extensions.setdefault("classification", "DataFetchingException")
    formatted["extensions"] = extensions
    return formatted


def root_field_names(document: DocumentNode, operation_name: str | None) -> tuple[str, list[str]]:
    """(operation name or "", root field names) of the operation that would run."""
    ops = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    op = next((o for o in ops if o.name and o.name.value == operation_name), None)
    op = op or (ops[0] if ops else None)
    if op is None:
        return "", []
    names = [s.name.value for s in op.selection_set.selections if isinstance(s, FieldNode)]
    return (op.name.value if op.name else ""), names


def run_graphql(
    query: str,
    variables: dict[str, Any] | None,
    operation_name: str | None,
    granted: frozenset[str],
    root: dict[str, Any],
    context: Any,
) -> tuple[dict[str, Any], str, list[str]]:
    """Parse, validate, check scopes and execute. Returns (body, operation, root fields)."""
    try:
        document = parse(query)
    except GraphQLSyntaxError as exc:
        return {"errors": [syntax_error(exc)]}, "", []
    op_name, fields = root_field_names(document, operation_name)
    schema = upwork_schema()
    errors = validate(schema, document)
    if errors:
        paths = _field_paths(document)
        return {"errors": [validation_error(e, paths) for e in errors]}, op_name, fields
    denied = scope_error(document, granted)
    if denied is not None:
        return {"errors": [denied]}, op_name, fields
    result = execute(
        schema,
        document,
        root_value=root,
        context_value=context,
        variable_values=variables,
        operation_name=operation_name,
    )
    if not isinstance(result, ExecutionResult):  # pragma: no cover
        raise RuntimeError("the emulator's resolvers are synchronous")
    body: dict[str, Any] = {}
    if result.errors:
        if result.data is None and all(not e.path for e in result.errors):
            # Variable coercion or operation selection failed before execution started.
            body["errors"] = [
                {
                    "message": f"Validation error (WrongType@[]) : {e.message}",
                    "locations": _locations(e),
                    "extensions": {"classification": "ValidationError"},
                }
                for e in result.errors
            ]
            return body, op_name, fields
        body["errors"] = [execution_error(e) for e in result.errors]
    body["data"] = result.data
    return body, op_name, fields
