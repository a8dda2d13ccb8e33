"""telegram_kit: core's buttons become the callback data the bot's handlers parse.

Alerts and drafts stay in chats for days, so the packed strings are a wire format: the
literals below are what earlier releases sent, and must still be produced and understood.
"""

from __future__ import annotations

import pytest
from aiogram.filters.callback_data import CallbackData

from core.buttons import (
    Action,
    AlertAction,
    Button,
    DraftAction,
    RaiseBudget,
    Relink,
    relink_button,
)
from core.i18n import Texts
from telegram_kit import callbacks
from telegram_kit.keyboards import keyboard, pack

WIRE = [
    (AlertAction("draft", 42), "al:draft:42", callbacks.AlertCallback),
    (AlertAction("skip", 7), "al:skip:7", callbacks.AlertCallback),
    (DraftAction("approve", 9), "pr:approve:9:", callbacks.ProposalCallback),
    (DraftAction("reason", 9, "price"), "pr:reason:9:price", callbacks.ProposalCallback),
    (RaiseBudget(250), "budget:250", callbacks.BudgetCallback),
    (Relink(), "link", callbacks.LinkCallback),
]


@pytest.mark.parametrize(("action", "wire", "factory"), WIRE)
def test_actions_pack_to_the_strings_already_sent(
    action: Action, wire: str, factory: type[CallbackData]
) -> None:
    assert pack(action) == wire
    assert factory.unpack(wire).pack() == wire


def test_old_strings_unpack_to_the_fields_handlers_read() -> None:
    alert = callbacks.AlertCallback.unpack("al:skip:7")
    assert (alert.action, alert.match_id) == ("skip", 7)
    draft = callbacks.ProposalCallback.unpack("pr:regen:12:")
    assert (draft.action, draft.proposal_id, draft.arg) == ("regen", 12, "")
    assert callbacks.BudgetCallback.unpack("budget:1500").amount_cents == 1500


def test_bot_only_factories_keep_their_format() -> None:
    assert callbacks.SkipReasonCallback(match_id=3, reason="price").pack() == "skr:3:price"
    assert callbacks.SuggestionCallback(suggestion_id=5, accept=True).pack() == "sug:5:1"
    assert callbacks.SearchCallback(action="open", search_id=2).pack() == "sf:open:2:"
    assert callbacks.ChannelToggle(field="email").pack() == "chn:email"
    assert callbacks.LanguageCallback(code="uk").pack() == "lang:uk"


def test_prefixes_are_unique() -> None:
    factories = [
        value
        for value in vars(callbacks).values()
        if isinstance(value, type) and issubclass(value, CallbackData) and value is not CallbackData
    ]
    prefixes = [factory.__prefix__ for factory in factories]
    assert len(factories) >= 18 and len(prefixes) == len(set(prefixes))


def test_keyboard_packs_rows_of_actions_and_links() -> None:
    rows = [
        [Button("Draft", AlertAction("draft", 1)), Button("Skip", AlertAction("skip", 1))],
        [Button("Open", url="https://www.upwork.com/jobs/~01")],
        [relink_button(Texts("en"))],
    ]
    markup = keyboard(rows)
    [draft, skip], [link], [relink] = markup.inline_keyboard
    assert (draft.text, draft.callback_data, draft.url) == ("Draft", "al:draft:1", None)
    assert skip.callback_data == "al:skip:1"
    assert (link.callback_data, link.url) == (None, "https://www.upwork.com/jobs/~01")
    assert relink.callback_data == "link" and relink.text == Texts("en")("link.button")


def test_every_packed_string_fits_telegram() -> None:
    longest = DraftAction("reason", 2**31 - 1, "x" * 20)
    assert len(pack(longest).encode()) <= 64
