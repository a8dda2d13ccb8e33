"""Every GraphQL document the product sends, held against the rebuilt Upwork schema.

The documents are found, not listed: every module-level string under ``core/`` that is a
GraphQL operation. A string literal anywhere in the product (``core``, ``bot``, ``workers``,
``api``, ``scout``) that starts an operation must be part of one of them, so a document
written inline in a function cannot slip past; a document added later is covered without
touching this file.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from pathlib import Path
from typing import Any

import pytest
from graphql import (
    DocumentNode,
    EnumValueNode,
    FieldNode,
    GraphQLEnumType,
    GraphQLInputObjectType,
    ObjectFieldNode,
    OperationDefinitionNode,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    get_named_type,
    parse,
    validate,
    visit,
)
from graphql.error import GraphQLSyntaxError

import core
from sandbox.emulators.upwork_graphql import SCHEMA_FILE, upwork_schema

CORE = Path(core.__file__).parent
PRODUCT = [CORE.parent / package for package in ("core", "bot", "workers", "api", "scout")]
# Named or not, the product writes every operation with its keyword (a bare `{ x }` would be
# indistinguishable from a text template).
_OPERATION = re.compile(r"^\s*(query|mutation|subscription)(\s+[_A-Za-z]|\s*[({])")


def _is_operation(text: str) -> bool:
    if not _OPERATION.match(text):
        return False
    try:
        document = parse(text)
    except GraphQLSyntaxError:
        return False
    return any(isinstance(d, OperationDefinitionNode) for d in document.definitions)


def product_documents() -> dict[str, str]:
    """module.NAME -> document, for every module-level operation string under core/."""
    found: dict[str, str] = {}
    for module_info in pkgutil.walk_packages(core.__path__, "core."):
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            if isinstance(value, str) and _is_operation(value):
                found.setdefault(value, f"{module_info.name}.{name}")
    return {where: document for document, where in found.items()}


def inline_literals() -> list[tuple[str, str]]:
    """(file:line, text) of every product string literal that starts a GraphQL operation."""
    literals = []
    for path in sorted(p for package in PRODUCT for p in package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            text = node.value if isinstance(node, ast.Constant) else None
            # Every operation has a selection set; prose such as Telegram's "query is
            # too old" starts like one but has no braces.
            if isinstance(text, str) and _OPERATION.match(text) and "{" in text:
                literals.append((f"{path.relative_to(CORE.parent)}:{node.lineno}", text))
    return literals


DOCUMENTS = product_documents()


def test_the_product_documents_are_all_found() -> None:
    names = {where.rsplit(".", 1)[1] for where in DOCUMENTS}
    # The ones every part of the product relies on; the list above grows by itself.
    assert names >= {"JOB_SEARCH", "CURRENT_USER", "CURRENT_ORGANIZATION", "OWN_PROFILE",
                     "ROOMS", "ROOM_STORIES", "ACTIVE_CONTRACTS", "WORK_DAYS", "WORK_DIARY",
                     "SUBMIT_PROPOSAL", "OWN_PROPOSALS", "PROPOSAL_ROOMS"}  # fmt: skip
    for where, text in inline_literals():
        assert any(text in document for document in DOCUMENTS.values()), (
            f"{where} holds a GraphQL document that is not a module-level constant"
        )


@pytest.mark.parametrize("where", sorted(DOCUMENTS))
def test_document_validates_against_the_rebuilt_schema(where: str) -> None:
    errors = validate(upwork_schema(), parse(DOCUMENTS[where]))
    assert [e.message for e in errors] == [], where


# ---------------------------------------------------------------- unconfirmed parts


def unconfirmed() -> set[str]:
    """ "Type.member" for every field, input field or enum value marked `# unconfirmed`."""
    marked: set[str] = set()
    current = None
    for line in SCHEMA_FILE.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        head = re.match(r"^(type|input|enum)\s+(\w+)", stripped)
        if head:
            current = head.group(2)
        elif current and "# unconfirmed" in stripped and not stripped.startswith('"'):
            member = re.match(r"^(\w+)", stripped)
            if member:
                marked.add(f"{current}.{member.group(1)}")
    return marked


class _Used(Visitor):
    def __init__(self, type_info: TypeInfo) -> None:
        super().__init__()
        self.type_info = type_info
        self.used: set[str] = set()

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        parent = self.type_info.get_parent_type()
        if parent is not None:
            self.used.add(f"{parent.name}.{node.name.value}")

    def enter_object_field(self, node: ObjectFieldNode, *_: Any) -> None:
        parent = get_named_type(self.type_info.get_parent_input_type())
        if isinstance(parent, GraphQLInputObjectType):
            self.used.add(f"{parent.name}.{node.name.value}")

    def enter_enum_value(self, node: EnumValueNode, *_: Any) -> None:
        enum = get_named_type(self.type_info.get_input_type())
        if isinstance(enum, GraphQLEnumType):
            self.used.add(f"{enum.name}.{node.value}")


def used_members(document: DocumentNode) -> set[str]:
    type_info = TypeInfo(upwork_schema())
    collector = _Used(type_info)
    visit(document, TypeInfoVisitor(type_info, collector))
    return collector.used


def test_unconfirmed_marks_name_real_schema_members() -> None:
    marked = unconfirmed()
    assert {"WorkDiaryTimeCell.cellDateTime", "CreateProposalMilestone.amount",
            "VendorProposalSortAttributeType.MODIFIEDDATETIME"} <= marked  # fmt: skip
    schema = upwork_schema()
    for key in marked:
        type_name, member = key.split(".")
        named = schema.get_type(type_name)
        assert named is not None, key
        members = named.values if isinstance(named, GraphQLEnumType) else named.fields  # type: ignore[attr-defined]
        assert member in members, key


@pytest.mark.parametrize("where", sorted(DOCUMENTS))
def test_document_stays_off_what_no_source_confirms(where: str) -> None:
    assert used_members(parse(DOCUMENTS[where])) & unconfirmed() == set(), where
