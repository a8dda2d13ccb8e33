"""Import aiogram without building a validator for every Telegram type up front.

aiogram declares its types with pydantic's `defer_build=True`, then calls `model_rebuild`
on all of them at import to resolve their forward references, which builds ~600
pydantic-core validators, each holding its own copy of the nested types: ~85 MiB of RSS
for a bot that validates a dozen of them. Here that import-time rebuild only records the
namespace the type's annotations need; pydantic builds a validator on first use, exactly
as `defer_build` intends. Anything unexpected falls back to aiogram's own eager import.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel
from pydantic._internal._model_construction import build_lenient_weakvaluedict

log = logging.getLogger(__name__)
TYPES_MODULE = "aiogram.types."
LAZY_MODULES = (TYPES_MODULE, "aiogram.methods.")
# What nearly every update and every worker send validates. Built before serving, not on a
# user's first tap: built then, EditMessageText alone took 44 ms, and the first second of
# bench/load_bot.py answered presses in up to 170 ms while the bot built these.
HOT_METHODS = (
    "SendMessage", "EditMessageText", "EditMessageReplyMarkup", "AnswerCallbackQuery",
    "SendChatAction",
)  # fmt: skip
HOT_TYPES = ("InlineKeyboardMarkup", "InlineKeyboardButton")


def import_aiogram_lazily() -> bool:
    """Import aiogram with deferred type validators; False when aiogram was already
    imported or the lazy path failed (then it is imported the usual way)."""
    if "aiogram" in sys.modules:
        return False
    eager = BaseModel.__dict__["model_rebuild"]
    namespaces: list[Mapping[str, Any]] = []

    def record_namespace(
        cls: type[BaseModel], /, *, _types_namespace: Mapping[str, Any] | None = None, **kw: Any
    ) -> bool | None:
        if _types_namespace is None or not cls.__module__.startswith(LAZY_MODULES):
            return eager.__func__(cls, _types_namespace=_types_namespace, **kw)  # type: ignore[no-any-return]
        # aiogram's own loop passes one namespace holding every type; pydantic's rebuilds of
        # `TelegramMethod[...]` parametrisations pass an empty one: those wait as well.
        if cls.__module__.startswith(TYPES_MODULE) and not namespaces:
            namespaces.append(_types_namespace)
        _defer(cls, namespaces[0] if namespaces else _types_namespace)
        return None

    setattr(BaseModel, "model_rebuild", classmethod(record_namespace))  # noqa: B010
    try:
        import aiogram  # noqa: F401 — imported for its side effect, under the patch
    except Exception:  # any surprise: import aiogram as it ships (below)
        log.warning("lazy aiogram import failed; importing it eagerly", exc_info=True)
        namespaces.clear()
    finally:
        setattr(BaseModel, "model_rebuild", eager)  # noqa: B010
    if not namespaces:
        _forget_aiogram()
        return False
    # Methods are built when their class is created, before the types resolve, so they are
    # still pending; generic models (`Response[Message]`) resolve the nested types of their
    # parametrisations through the origin's namespace. Both get the types' namespace.
    for module in [m for name, m in sys.modules.items() if name.startswith("aiogram.")]:
        for value in list(vars(module).values()):
            if _pending_or_generic(value):
                _defer(value, namespaces[0])
    _keep_responses_built()
    _build_hot_models()
    return True


def _keep_responses_built() -> None:
    """Every Bot API call validates its answer as `Response[<return type>]`, a class pydantic
    creates on demand and caches only weakly: the collector drops it between calls and the
    next call builds it again (2 ms for `bool`, ~150 ms for `Message` with deferred types).
    There are a few dozen return types, so a strong cache is bounded; the ones every
    process uses are built now rather than on a user's first tap."""
    from aiogram.methods.base import Response
    from aiogram.types import Message, Update

    parametrise = Response.__class_getitem__
    built: dict[Any, Any] = {}

    def cached(cls: type[BaseModel], params: Any) -> Any:
        if cls is not Response:  # an already parametrised Response, or a subclass
            return parametrise.__func__(cls, params)  # type: ignore[attr-defined]
        try:
            return built[params]
        except KeyError:
            built[params] = model = parametrise(params)
            return model
        except TypeError:  # unhashable parameters: not cacheable, build as pydantic does
            return parametrise(params)

    setattr(Response, "__class_getitem__", classmethod(cached))  # noqa: B010
    for returning in (bool, Message, Message | bool, list[Update]):
        cached(Response, returning)


def _build_hot_models() -> None:
    import aiogram.methods
    import aiogram.types

    for module, names in ((aiogram.methods, HOT_METHODS), (aiogram.types, HOT_TYPES)):
        for name in names:
            model: type[BaseModel] = getattr(module, name)
            model.model_rebuild()


def _pending_or_generic(value: object) -> bool:
    return (
        isinstance(value, type)
        and issubclass(value, BaseModel)
        and value.__module__.startswith("aiogram.")
        and (
            not value.__pydantic_complete__
            or bool(value.__pydantic_generic_metadata__["parameters"])
        )
    )


def _defer(cls: type[BaseModel], namespace: Mapping[str, Any]) -> None:
    # pydantic resolves a pending model's annotations against this namespace when its
    # validator is first needed (the MockValSer it installs calls model_rebuild then).
    cls.__pydantic_parent_namespace__ = _lenient(namespace)


_LENIENT: dict[int, tuple[Mapping[str, Any], dict[str, Any] | None]] = {}


def _lenient(namespace: Mapping[str, Any]) -> dict[str, Any] | None:
    """One weak-valued copy of a namespace for every model deferred with it: pydantic only
    reads it (unpacking a fresh dict each time), and a copy per model of aiogram's ~870
    types cost 21 MiB of weak references for its ~460 deferred models."""
    held = _LENIENT.get(id(namespace))
    if held is None or held[0] is not namespace:
        held = _LENIENT[id(namespace)] = (namespace, build_lenient_weakvaluedict(dict(namespace)))
    return held[1]


def _forget_aiogram() -> None:
    for name in [module for module in sys.modules if module.split(".")[0] == "aiogram"]:
        del sys.modules[name]
    import aiogram  # noqa: F401
