"""`scout run` imports aiogram with deferred type validators (scout/lean_aiogram.py): every
Telegram type and method, and every `Response[...]` the client session builds, must still
validate exactly as with aiogram's own eager import, and the import must cost less memory.

Each check runs in a fresh interpreter: this test session has imported aiogram already."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

PROBE = textwrap.dedent(
    """
    import asyncio, gc, json, sys, weakref
    lazy = sys.argv[1] == "lazy"
    if lazy:
        from scout.lean_aiogram import import_aiogram_lazily
        assert import_aiogram_lazily()
    import aiogram.methods, aiogram.types
    from aiogram.methods.base import Response
    from pydantic import BaseModel

    def rss_mib():
        for line in open("/proc/self/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024

    UPDATE = {"update_id": 7, "callback_query": {
        "id": "1", "from": {"id": 5, "is_bot": False, "first_name": "Ann"},
        "chat_instance": "9", "data": "al:skip:3", "message": {
            "message_id": 3, "date": 1, "chat": {"id": 5, "type": "private"}, "text": "Job",
            "reply_markup": {"inline_keyboard": [[{"text": "Skip", "callback_data": "x"}]]}}}}

    async def main():
        imported = rss_mib()
        complete = {name: getattr(aiogram.methods, name).__pydantic_complete__
                    for name in ("EditMessageText", "SendMessage", "SendInvoice")}
        namespaces = {id(cls.__pydantic_parent_namespace__)
                      for module in (aiogram.types, aiogram.methods)
                      for cls in vars(module).values()
                      if isinstance(cls, type) and issubclass(cls, BaseModel)
                      and not cls.__pydantic_complete__}
        update = aiogram.types.Update.model_validate(UPDATE)
        dumps = {"update": update.model_dump(mode="json", exclude_none=True)}
        answer = Response[list[aiogram.types.Update]].model_validate(
            {"ok": True, "result": [UPDATE]})
        dumps["response"] = answer.model_dump(mode="json", exclude_none=True)
        failed = []
        for module in (aiogram.types, aiogram.methods):
            for name in module.__all__:
                cls = getattr(module, name)
                if not (isinstance(cls, type) and issubclass(cls, BaseModel)):
                    continue
                if cls.__pydantic_generic_metadata__["parameters"]:
                    continue  # TelegramMethod itself: only its subclasses are used
                try:
                    cls.__pydantic_validator__.title  # builds a deferred validator
                    cls.__pydantic_serializer__.to_python  # and its serializer
                    if returning := getattr(cls, "__returning__", None):
                        Response[returning].__pydantic_validator__.title
                except Exception as exc:
                    failed.append(f"{name}: {exc}")
        answer_type = weakref.ref(Response[bool])
        gc.collect()
        kept = answer_type() is not None
        print(json.dumps({"imported_mib": imported, "failed": failed, "dumps": dumps,
                          "response_kept": kept, "complete": complete,
                          "namespaces": len(namespaces)}))

    asyncio.run(main())
    """
)


def probe(mode: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, mode], capture_output=True, text=True, timeout=300, check=True
    )
    return json.loads(out.stdout)


def test_lazy_aiogram_builds_every_type_and_response_like_the_eager_import() -> None:
    lazy, eager = probe("lazy"), probe("eager")
    assert lazy["failed"] == []
    assert eager["failed"] == []
    assert lazy["dumps"] == eager["dumps"]
    # Built once per process: pydantic's own cache of `Response[bool]` is weak.
    assert lazy["response_kept"] is True
    # What every update uses is built before the first one; the rest waits for its first use.
    assert lazy["complete"] == {"EditMessageText": True, "SendMessage": True, "SendInvoice": False}
    assert lazy["dumps"]["update"]["callback_query"]["message"]["text"] == "Job"
    # The point of it: most of aiogram's import cost is validators nobody uses.
    assert lazy["imported_mib"] < eager["imported_mib"] - 50
    # The deferred models share one copy of the namespace they resolve against (a copy
    # each was 21 MiB of weak references).
    assert lazy["namespaces"] == 1


def test_lazy_import_leaves_an_already_imported_aiogram_alone() -> None:
    import aiogram.types

    from scout.lean_aiogram import import_aiogram_lazily

    assert import_aiogram_lazily() is False
    assert aiogram.types.Update.__pydantic_complete__  # built eagerly, as aiogram ships it
