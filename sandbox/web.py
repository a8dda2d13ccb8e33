"""The sandbox web chat at `/sandbox`: a visitor talks to the real bot through the emulator.

Mounted by the api only in sandbox mode (`ApiState.sandbox` holds the bridge). One visitor
per browser: a random Telegram user id kept in the `sandbox_visitor` cookie.
"""

from __future__ import annotations

import hashlib
import html
import json
import secrets
from pathlib import Path
from typing import Any

import httpx
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field

from sandbox.emulators.telegram import TelegramEmulator
from sandbox.emulators.telegram_state import MessageState

router = APIRouter(include_in_schema=False)
COOKIE = "sandbox_visitor"
CHAT_PAGE = Path(__file__).with_name("templates") / "chat.html"
ANSWER_WAIT_SECONDS = 3.0
MAX_TYPED = 20_000
MESSAGE_UNITS = 4096
_TAGS = {
    "bold": "b",
    "italic": "i",
    "underline": "u",
    "strikethrough": "s",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "expandable_blockquote": "blockquote",
}


class SendBody(BaseModel):
    # Telegram clients split a longer text into several messages of at most 4096 UTF-16
    # units (core.telegram.org/bots/api#message: text 0-4096 characters); so does the chat
    text: str = Field(min_length=1, max_length=MAX_TYPED)


class PressBody(BaseModel):
    message_id: int
    callback_data: str = Field(min_length=1, max_length=64)


def _telegram(request: Request) -> TelegramEmulator:
    bridge = request.app.state.scout.sandbox
    telegram: TelegramEmulator = bridge.telegram
    return telegram


def _visitor(request: Request) -> int:
    raw = request.cookies.get(COOKIE, "")
    if not raw.isdigit() or not 0 < int(raw) < 2**52:
        raise HTTPException(400, "open /sandbox first")
    return int(raw)


@router.get("/sandbox", response_class=HTMLResponse)
async def chat_page(request: Request) -> HTMLResponse:
    response = HTMLResponse(CHAT_PAGE.read_text(encoding="utf-8"))
    response.headers["Cache-Control"] = "no-store"
    if not request.cookies.get(COOKIE, "").isdigit():
        visitor = 10**9 + secrets.randbelow(10**12)
        response.set_cookie(COOKIE, str(visitor), max_age=30 * 86400, samesite="lax")
    return response


@router.post("/sandbox/api/send")
async def send(body: SendBody, request: Request) -> dict[str, Any]:
    visitor = _visitor(request)
    parts = split_message(body.text)
    if not parts:
        raise HTTPException(400, "the message is empty")
    try:
        for part in parts:
            await _telegram(request).send_message(visitor, part, first_name="Visitor")
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None
    return {"ok": True, "messages": len(parts)}


def split_message(text: str, limit: int = MESSAGE_UNITS) -> list[str]:
    """Pieces of at most `limit` UTF-16 units, cut at a line break or space when there is
    one in the last fifth of a piece (as Telegram clients do); blank pieces are dropped."""
    pieces: list[str] = []
    rest = text
    while rest:
        units, cut = 0, len(rest)
        for index, char in enumerate(rest):
            units += 2 if ord(char) > 0xFFFF else 1
            if units > limit:
                cut = index
                break
        if cut < len(rest):
            soft = max(rest.rfind("\n", 0, cut), rest.rfind(" ", 0, cut))
            cut = soft + 1 if soft > cut * 4 // 5 else cut
        pieces.append(rest[:cut])
        rest = rest[cut:]
    return [piece for piece in pieces if piece.strip()]


@router.api_route("/sandbox/upwork/authorize", methods=["GET", "POST"])
async def upwork_authorize(request: Request) -> Response:
    """The emulated Upwork's authorize page, served through the app's own port."""
    upwork = request.app.state.scout.sandbox.upwork
    target = f"{upwork.authorize_url}?{request.url.query}"
    async with httpx.AsyncClient(timeout=10, follow_redirects=False) as client:
        answer = await client.request(
            request.method, target, content=await request.body(),
            headers={"content-type": request.headers.get("content-type", "")},
        )  # fmt: skip
    headers = {"location": answer.headers["location"]} if "location" in answer.headers else {}
    return Response(
        answer.content, status_code=answer.status_code, headers=headers,
        media_type=answer.headers.get("content-type"),
    )  # fmt: skip


@router.post("/sandbox/api/press")
async def press(body: PressBody, request: Request) -> dict[str, Any]:
    """Press a callback button; returns the bot's answer (a toast) if it comes quickly."""
    visitor, telegram = _visitor(request), _telegram(request)
    try:
        update = await telegram.press_button(visitor, body.message_id, body.callback_data)
    except LookupError as exc:
        raise HTTPException(404, str(exc)) from None
    query_id = update["callback_query"]["id"]
    try:
        answer = await telegram.wait_for(
            lambda r: (
                r.method == "answerCallbackQuery"
                and str(r.params.get("callback_query_id")) == query_id
            ),
            ANSWER_WAIT_SECONDS,
        )
    except TimeoutError:
        return {"ok": True, "answer": None}
    return {"ok": True, "answer": answer.params.get("text") or None}


@router.get("/sandbox/api/messages")
async def messages(request: Request, after: str = "") -> JSONResponse:
    """The chat in order, edits applied; `messages` is null when `version` equals `after`."""
    visitor = _visitor(request)
    chat = _telegram(request).chats.get(visitor)
    shown = [_message(m) for m in chat.messages.values() if not m.deleted] if chat else []
    version = hashlib.sha1(json.dumps(shown).encode()).hexdigest()[:16]
    body = {"version": version, "messages": None if version == after else shown}
    return JSONResponse(body, headers={"Cache-Control": "no-store"})


def _message(message: MessageState) -> dict[str, Any]:
    text = message.content or ""
    rendered = render_html(text, message.entities) if message.from_bot else html.escape(text)
    if message.media:
        kind = next(iter(message.media))
        rendered = f"<i>[{html.escape(kind)}]</i> " + rendered
    rows = (message.reply_markup or {}).get("inline_keyboard") or []
    return {
        "id": message.message_id,
        "from_bot": message.from_bot,
        "html": rendered,
        "edited": message.edit_date is not None,
        "buttons": [[_button(b) for b in row] for row in rows],
    }


def _button(button: dict[str, Any]) -> dict[str, Any]:
    shown: dict[str, Any] = {"text": str(button.get("text", ""))}
    url = button.get("url") or (button.get("login_url") or {}).get("url")
    if isinstance(url, str) and url.startswith(("http://", "https://")):
        shown["url"] = url
    elif "callback_data" in button:
        shown["callback_data"] = str(button["callback_data"])
    return shown


def _utf16_units(text: str) -> list[str]:
    """One entry per UTF-16 code unit: the character at its first unit, "" at its second."""
    units: list[str] = []
    for char in text:
        units.append(char)
        if ord(char) > 0xFFFF:
            units.append("")
    return units


def _open_tag(entity: dict[str, Any], text: str) -> tuple[str, str] | None:
    kind = entity.get("type")
    if kind in _TAGS:
        tag = _TAGS[str(kind)]
        return f"<{tag}>", f"</{tag}>"
    href = entity.get("url") if kind == "text_link" else text if kind == "url" else None
    if isinstance(href, str):
        if kind == "url" and "://" not in href:
            href = f"https://{href}"  # Telegram links bare "example.com" too
        if href.startswith(("http://", "https://")):
            attrs = f'href="{html.escape(href)}" target="_blank" rel="noopener noreferrer"'
            return f"<a {attrs}>", "</a>"
    return None


def render_html(text: str, entities: list[dict[str, Any]]) -> str:
    """The bot's text as safe HTML: only known formatting entities become tags."""
    units = _utf16_units(text)
    opens: dict[int, list[tuple[int, str, str]]] = {}
    for entity in entities:
        start, length = int(entity.get("offset", 0)), int(entity.get("length", 0))
        end = min(start + length, len(units))
        if length <= 0 or not 0 <= start < end:
            continue
        tags = _open_tag(entity, "".join(units[start:end]))
        if tags is not None:
            opens.setdefault(start, []).append((end, *tags))
    out: list[str] = []
    stack: list[tuple[int, str]] = []  # (end, closing tag), innermost last
    for position in range(len(units) + 1):
        while stack and stack[-1][0] <= position:
            out.append(stack.pop()[1])
        for end, opening, closing in sorted(opens.get(position, []), key=lambda e: -e[0]):
            end = min([end, *(e for e, _ in stack)])  # entities nest; never cross
            out.append(opening)
            stack.append((end, closing))
        if position < len(units):
            out.append(html.escape(units[position]))
    return "".join(out)
