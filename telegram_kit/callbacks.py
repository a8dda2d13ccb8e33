"""Every callback-data factory of the bot; each stays well under Telegram's 64 bytes.

The packed strings are the wire format of buttons already sent (alerts stay in chats for
days), so a prefix or field order never changes (tests/telegram_kit/test_telegram_kit.py)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class LanguageCallback(CallbackData, prefix="lang"):
    code: str


class LinkCallback(CallbackData, prefix="link"):
    """The /link action as a button (used by the relink notice)."""


class UnlinkCallback(CallbackData, prefix="unlink"):
    confirm: bool


class MessagesPage(CallbackData, prefix="msgs"):
    offset: int


class WorkDiaryWeek(CallbackData, prefix="wd"):
    weeks_back: int


class AlertCallback(CallbackData, prefix="al"):
    """Buttons under an alert (core.buttons.AlertAction)."""

    action: str
    match_id: int


class ProfileImport(CallbackData, prefix="pimp"):
    """Import the freelancer profile from the linked Upwork account."""


class SearchCallback(CallbackData, prefix="sf"):
    """The /filters editor: open, toggle a field, edit as text, delete, back, new."""

    action: str
    search_id: int = 0
    field: str = ""


class ProposalCallback(CallbackData, prefix="pr"):
    """Buttons under a draft (core.buttons.DraftAction)."""

    action: str
    proposal_id: int
    arg: str = ""


class BudgetCallback(CallbackData, prefix="budget"):
    amount_cents: int


class MfaCallback(CallbackData, prefix="mfa"):
    action: str


class DeleteCallback(CallbackData, prefix="del"):
    confirm: bool


class DashboardCallback(CallbackData, prefix="dash"):
    """Open the dashboard from a button (the same gate as /dashboard)."""


class HelpCallback(CallbackData, prefix="help"):
    """The /help button under every "I did not understand" hint."""


class SkipReasonCallback(CallbackData, prefix="skr"):
    """The optional one-tap reason under a skipped alert."""

    match_id: int
    reason: str


class TasteResetCallback(CallbackData, prefix="tsr"):
    """/taste: forget what was learned."""


class SuggestionCallback(CallbackData, prefix="sug"):
    """Accept or dismiss a suggested filter change."""

    suggestion_id: int
    accept: bool


class ChannelToggle(CallbackData, prefix="chn"):
    """A toggle on the /email or /sms screen (a core.services.channels.Toggle value)."""

    field: str
