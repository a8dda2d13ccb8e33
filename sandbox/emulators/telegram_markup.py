"""Text formatting of the Telegram emulator: parse modes, entities, reply markup validation.

Offsets and lengths of entities are in UTF-16 code units, as in the real Bot API.
"""

from __future__ import annotations

import re
from typing import Any

from sandbox.emulators.telegram_state import JSON, TelegramApiError, bad_request

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
MAX_INLINE_BUTTONS = 100

_HTML_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "tg-emoji": "custom_emoji",
    "blockquote": "blockquote",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_CHAR_REF = re.compile(r"&(#[xX][0-9a-fA-F]{1,8}|#[0-9]{1,8}|[a-zA-Z]{2,8});")
_ATTR = re.compile(r"""([a-zA-Z_-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_MDV2_RESERVED = frozenset("_*[]()~`>#+-=|{}.!")
_AUTO_PATTERNS = (
    ("bot_command", re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w@/])")),
    ("mention", re.compile(r"(?<![\w@])@[A-Za-z][A-Za-z0-9_]{3,31}(?![\w@])")),
    ("hashtag", re.compile(r"(?<![\w#])#\w*[^\W\d]\w*")),
    ("url", re.compile(r"(?<![\w@/])https?://[^\s<>\"]+[^\s<>\".,;:!?)\]'}]")),
)
_NO_AUTO_INSIDE = frozenset({"code", "pre", "text_link", "custom_emoji"})
_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_BUTTON_URL = re.compile(r"^(?:(?:https?|tg)://)?[\w.-]+(?:\.[A-Za-z]{2,}|:\d+)?(?:[/?#]\S*)?$")


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _cant_parse(detail: str) -> TelegramApiError:
    return bad_request(f"can't parse entities: {detail}")


class _Builder:
    """Accumulates plain text and entities while a formatted text is parsed."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.parts: list[str] = []
        self.pos = 0  # UTF-16 offset in the plain text
        self.entities: list[JSON] = []

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.pos += utf16_len(text)

    def byte_offset(self, index: int) -> int:
        return len(self.source[:index].encode())

    def entity(self, kind: str, start: int, **extra: Any) -> None:
        if self.pos > start:
            self.entities.append(
                {"type": kind, "offset": start, "length": self.pos - start, **extra}
            )

    def result(self) -> tuple[str, list[JSON]]:
        entities = sorted(self.entities, key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.parts), entities


def parse_html(source: str) -> tuple[str, list[JSON]]:
    out = _Builder(source)
    stack: list[tuple[str, int, dict[str, str]]] = []  # tag, start offset, attributes
    i = 0
    while i < len(source):
        char = source[i]
        if char == "&":
            ref = _CHAR_REF.match(source, i)
            name = ref.group(1) if ref else ""
            if ref and name.startswith("#"):
                code = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
                out.add(chr(code) if 0 < code < 0x110000 else "\ufffd")
                i = ref.end()
                continue
            if ref and name in _NAMED_ENTITIES:
                out.add(_NAMED_ENTITIES[name])
                i = ref.end()
                continue
            out.add(char)
            i += 1
            continue
        if char != "<":
            out.add(char)
            i += 1
            continue
        offset = out.byte_offset(i)
        end = source.find(">", i)
        if end < 0:
            raise _cant_parse(f"Unclosed start tag at byte offset {offset}")
        inner = source[i + 1 : end]
        i = end + 1
        if inner.startswith("/"):
            name = inner[1:].strip().lower()
            if not stack:
                raise _cant_parse(f"Unexpected end tag at byte offset {offset}")
            tag, start, attrs = stack.pop()
            if name != tag:
                raise _cant_parse(
                    f'Unmatched end tag at byte offset {offset}, expected "</{tag}>", '
                    f'found "</{name}>"'
                )
            _close_html_tag(out, tag, start, attrs, stack)
            continue
        name, _, rest = inner.strip().partition(" ")
        name = name.rstrip("/").lower()
        if name not in _HTML_TAGS:
            raise _cant_parse(f'Unsupported start tag "{name}" at byte offset {offset}')
        attrs = {
            m.group(1).lower(): _unescape(m.group(2) or m.group(3) or m.group(4) or "")
            for m in _ATTR.finditer(rest)
        }
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise _cant_parse(f'Tag "span" must have class "tg-spoiler" at byte offset {offset}')
        if name == "tg-emoji" and not attrs.get("emoji-id"):
            raise _cant_parse(
                f'Tag "tg-emoji" must have attribute "emoji-id" at byte offset {offset}'
            )
        stack.append((name, out.pos, attrs))
    if stack:
        raise _cant_parse(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    return out.result()


def _unescape(value: str) -> str:
    return _CHAR_REF.sub(lambda m: _NAMED_ENTITIES.get(m.group(1), m.group(0)), value)


def _close_html_tag(
    out: _Builder,
    tag: str,
    start: int,
    attrs: dict[str, str],
    stack: list[tuple[str, int, dict[str, str]]],
) -> None:
    kind = _HTML_TAGS[tag]
    if kind == "text_link":
        if attrs.get("href"):
            out.entity("text_link", start, url=attrs["href"])
    elif kind == "code" and stack and stack[-1][0] == "pre":
        css_class = attrs.get("class", "")
        if css_class.startswith("language-"):  # <pre><code class="language-x"> is one entity
            stack[-1][2]["language"] = css_class.removeprefix("language-")
    elif kind == "pre":
        extra = {"language": attrs["language"]} if attrs.get("language") else {}
        out.entity("pre", start, **extra)
    elif kind == "custom_emoji":
        out.entity("custom_emoji", start, custom_emoji_id=attrs["emoji-id"])
    elif kind == "blockquote" and "expandable" in attrs:
        out.entity("expandable_blockquote", start)
    else:
        out.entity(kind, start)


def parse_markdown_v2(source: str) -> tuple[str, list[JSON]]:
    out = _Builder(source)
    stack: list[tuple[str, int, int]] = []  # entity type, start offset, byte offset
    quote_start: int | None = None
    i = 0
    while i < len(source):
        char = source[i]
        at_line_start = i == 0 or source[i - 1] == "\n"
        if char == "\\":
            if i + 1 < len(source) and 0 < ord(source[i + 1]) < 127:
                out.add(source[i + 1])
                i += 2
                continue
            raise _reserved(char)
        if char == ">" and at_line_start:
            if quote_start is None:
                quote_start = out.pos
            i += 1
            continue
        if char == "\n" and quote_start is not None and not source.startswith(">", i + 1):
            out.entity("blockquote", quote_start)
            quote_start = None
        if char == "`":
            i = _markdown_code(source, i, out)
            continue
        if char == "]" and stack and stack[-1][0] in ("text_link", "custom_emoji"):
            kind, start, byte_offset = stack.pop()
            url, i = _link_target(source, i + 1, byte_offset)
            if kind == "custom_emoji":
                out.entity(kind, start, custom_emoji_id=url.rpartition("id=")[2])
            else:
                out.entity(kind, start, url=url)
            continue
        delimiter = {"*": "bold", "~": "strikethrough", "_": "italic", "[": "text_link"}.get(char)
        width = 1
        if source.startswith("__", i):
            delimiter, width = "underline", 2
        elif source.startswith("||", i):
            delimiter, width = "spoiler", 2
        elif source.startswith("![", i):
            delimiter, width = "custom_emoji", 2
        if delimiter is None:
            if char in _MDV2_RESERVED:
                raise _reserved(char)
            out.add(char)
            i += 1
            continue
        open_kinds = [entry[0] for entry in stack]
        if delimiter in ("text_link", "custom_emoji") or delimiter not in open_kinds:
            stack.append((delimiter, out.pos, out.byte_offset(i)))
        elif stack[-1][0] == delimiter:
            _, start, _ = stack.pop()
            out.entity(delimiter, start)
        else:
            raise _unclosed(stack[-1][2])
        i += width
    if stack:
        raise _unclosed(stack[-1][2])
    if quote_start is not None:
        out.entity("blockquote", quote_start)
    return out.result()


def _reserved(char: str) -> TelegramApiError:
    return _cant_parse(
        f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
    )


def _unclosed(byte_offset: int) -> TelegramApiError:
    return _cant_parse(f"Can't find end of the entity starting at byte offset {byte_offset}")


def _markdown_code(source: str, i: int, out: _Builder) -> int:
    """Parse `code` or ```pre``` starting at ``i``; return the index after it."""
    byte_offset = out.byte_offset(i)
    fence = "```" if source.startswith("```", i) else "`"
    j = i + len(fence)
    language = ""
    if fence == "```":
        newline = source.find("\n", j)
        first_line = source[j:newline] if newline >= 0 else ""
        if newline >= 0 and first_line and " " not in first_line and "`" not in first_line:
            language, j = first_line, newline + 1
    start = out.pos
    while j < len(source):
        if source[j] == "\\" and j + 1 < len(source):
            out.add(source[j + 1])
            j += 2
        elif source.startswith(fence, j):
            extra = {"language": language} if language else {}
            out.entity("pre" if fence == "```" else "code", start, **extra)
            return j + len(fence)
        else:
            out.add(source[j])
            j += 1
    raise _unclosed(byte_offset)


def _link_target(source: str, j: int, byte_offset: int) -> tuple[str, int]:
    if not source.startswith("(", j):
        raise _reserved("]")
    url: list[str] = []
    j += 1
    while j < len(source):
        if source[j] == "\\" and j + 1 < len(source):
            url.append(source[j + 1])
            j += 2
        elif source[j] == ")":
            return "".join(url), j + 1
        else:
            url.append(source[j])
            j += 1
    raise _unclosed(byte_offset)


def parse_markdown(source: str) -> tuple[str, list[JSON]]:
    """Legacy Markdown: *bold*, _italic_, `code`, ```pre```, [text](url); no nesting."""
    out = _Builder(source)
    kinds = {"*": "bold", "_": "italic"}
    i = 0
    while i < len(source):
        char = source[i]
        if char == "\\" and i + 1 < len(source) and source[i + 1] in "*_`[":
            out.add(source[i + 1])
            i += 2
        elif char == "`":
            i = _markdown_code(source, i, out)
        elif char in kinds:
            end = source.find(char, i + 1)
            if end < 0:
                raise _unclosed(out.byte_offset(i))
            start = out.pos
            out.add(source[i + 1 : end])
            out.entity(kinds[char], start)
            i = end + 1
        elif char == "[":
            close = source.find("](", i)
            end = source.find(")", close + 2) if close >= 0 else -1
            if end < 0:
                raise _unclosed(out.byte_offset(i))
            start = out.pos
            out.add(source[i + 1 : close])
            out.entity("text_link", start, url=source[close + 2 : end])
            i = end + 1
        else:
            out.add(char)
            i += 1
    return out.result()


def format_text(
    text: str | None, parse_mode: str | None, entities: Any, *, limit: int, empty: str
) -> tuple[str, list[JSON]]:
    """Apply parse_mode/entities like the Bot API; raise the real errors."""
    if not text:
        raise bad_request(empty)
    if isinstance(entities, list):
        plain, parsed = text, [dict(e) for e in entities if isinstance(e, dict)]
    elif entities is not None:
        raise _cant_parse("entities must be an Array")
    elif not parse_mode:
        plain, parsed = text, []
    elif parse_mode.lower() == "html":
        plain, parsed = parse_html(text)
    elif parse_mode.lower() == "markdownv2":
        plain, parsed = parse_markdown_v2(text)
    elif parse_mode.lower() == "markdown":
        plain, parsed = parse_markdown(text)
    else:
        raise bad_request(f"unsupported parse_mode {parse_mode!r}")
    plain, parsed = _strip(plain, parsed)
    if not plain:
        raise bad_request(empty)
    if utf16_len(plain) > limit:
        raise bad_request(
            "message is too long" if limit == MAX_TEXT else "message caption is too long"
        )
    return plain, sorted(parsed + auto_entities(plain, parsed), key=lambda e: e["offset"])


def _strip(text: str, entities: list[JSON]) -> tuple[str, list[JSON]]:
    """Telegram trims surrounding whitespace; entities are shifted and clipped with it."""
    stripped = text.strip()
    if stripped == text:
        return text, entities
    shift = utf16_len(text) - utf16_len(text.lstrip())
    size = utf16_len(stripped)
    kept: list[JSON] = []
    for entity in entities:
        start = max(entity["offset"] - shift, 0)
        end = min(entity["offset"] + entity["length"] - shift, size)
        if end > start:
            kept.append({**entity, "offset": start, "length": end - start})
    return stripped, kept


def auto_entities(text: str, explicit: list[JSON] | None = None) -> list[JSON]:
    """Entities Telegram detects by itself: bot commands, mentions, hashtags, URLs."""
    blocked = [
        (e["offset"], e["offset"] + e["length"])
        for e in explicit or []
        if e.get("type") in _NO_AUTO_INSIDE
    ]
    found: list[JSON] = []
    for kind, pattern in _AUTO_PATTERNS:
        for match in pattern.finditer(text):
            offset = utf16_len(text[: match.start()])
            length = utf16_len(match.group(0))
            if any(start < offset + length and offset < end for start, end in blocked):
                continue
            found.append({"type": kind, "offset": offset, "length": length})
    return found


def validate_reply_markup(markup: Any, *, private_chat: bool = True) -> JSON | None:
    """Check reply_markup like the Bot API does; return it unchanged."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise bad_request(
                'can\'t parse inline keyboard button: field "inline_keyboard" '
                "must be an Array of Arrays"
            )
        buttons = [button for row in rows for button in row]
        if len(buttons) > MAX_INLINE_BUTTONS:
            raise bad_request("reply markup is too long")
        for button in buttons:
            _validate_inline_button(button)
            # "Available only in private chats between a user and the bot"
            # (https://core.telegram.org/bots/api#inlinekeyboardbutton, web_app); elsewhere
            # the API answers BUTTON_TYPE_INVALID (grammyjs/grammY#490).
            if "web_app" in button and not private_chat:
                raise bad_request("BUTTON_TYPE_INVALID")
        return markup
    if "keyboard" in markup:
        rows = markup["keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise bad_request("can't parse reply keyboard markup JSON object")
        return markup
    if markup.get("remove_keyboard") is True or markup.get("force_reply") is True:
        return markup
    raise bad_request("can't parse reply keyboard markup JSON object")


def _validate_inline_button(button: Any) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request("can't parse inline keyboard button: Text must be a String")
    actions = [key for key in _BUTTON_ACTIONS if key in button]
    if not actions:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in button:
        url = button["url"]
        if not isinstance(url, str) or not _BUTTON_URL.match(url):
            raise bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")
    if "web_app" in button:
        # WebAppInfo.url: "An HTTPS URL of a Web App to be opened"
        # (https://core.telegram.org/bots/api#webappinfo).
        info = button["web_app"]
        url = info.get("url") if isinstance(info, dict) else None
        if not isinstance(url, str) or not url.startswith("https://") or not _BUTTON_URL.match(url):
            raise bad_request(
                f"inline keyboard button Web App URL '{url}' is invalid: "
                "Only HTTPS links are allowed"
            )
