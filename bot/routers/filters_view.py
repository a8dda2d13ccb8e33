"""How the /filters editor shows a search and its buttons."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from core.db.models import DeliveryMode, SearchProfile
from core.i18n import Texts
from core.matching import FilterValues, format_filters
from core.telegram.message_text import shorten
from telegram_kit.callbacks import SearchCallback


def _button(text: str, action: str, search_id: int = 0, field: str = "") -> InlineKeyboardButton:
    data = SearchCallback(action=action, search_id=search_id, field=field).pack()
    return InlineKeyboardButton(text=text, callback_data=data)


def search_list(searches: list[SearchProfile], texts: Texts) -> tuple[str, InlineKeyboardMarkup]:
    rows = [
        [
            _button(
                ("★ " if s.is_primary else "")
                + f"{s.name}: {format_filters(FilterValues.of_columns(s))}"[:60],
                "open",
                s.id,
            )
        ]
        for s in searches
    ]
    rows.append([_button(texts("filters.new"), "new")])
    text = texts("filters.list") if searches else texts("filters.none")
    return text, InlineKeyboardMarkup(inline_keyboard=rows)


def search_detail(search: SearchProfile, texts: Texts) -> tuple[str, InlineKeyboardMarkup]:
    any_ = texts("filters.any")
    quiet = (
        f"{search.quiet_hours_start:02d}:00–{search.quiet_hours_end:02d}:00"
        if search.quiet_hours_start is not None and search.quiet_hours_end is not None
        else texts("filters.off")
    )
    delivery = texts(
        "filters.instant" if search.delivery_mode is DeliveryMode.INSTANT else "filters.digest"
    )
    text = texts(
        "filters.detail",
        name=shorten(search.name, 200),  # escaped lengths: the detail stays < 4,096
        line=shorten(format_filters(FilterValues.of_columns(search)), 2500) or any_,
        delivery=delivery,
        quiet=quiet,
        score=search.min_ai_score,
    )
    sid = search.id
    verified = texts("filters.on") if search.client_payment_verified else texts("filters.off")
    rows = [
        [
            _button(texts("filters.type", value=search.job_type or any_), "toggle", sid, "type"),
            _button(
                texts("filters.level", value=search.experience_level or any_),
                "toggle",
                sid,
                "level",
            ),
        ],
        [_button(texts("filters.verified", value=verified), "toggle", sid, "verified")],
        [
            _button("− 10", "toggle", sid, "score_down"),
            _button(texts("filters.score", value=search.min_ai_score), "noop", sid),
            _button("+ 10", "toggle", sid, "score_up"),
        ],
        [
            _button(texts("filters.delivery", value=delivery), "toggle", sid, "delivery"),
            _button(texts("filters.quiet", value=quiet), "toggle", sid, "quiet"),
        ],
        [
            _button(texts("filters.edit"), "edit", sid),
            _button(texts("filters.delete"), "delete", sid),
        ],
        [_button(texts("filters.back"), "back")],
    ]
    return text, InlineKeyboardMarkup(inline_keyboard=rows)
