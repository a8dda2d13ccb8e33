"""Core's buttons packed into Telegram keyboards: the one place an action becomes bytes."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from core.buttons import Action, AlertAction, Button, DraftAction, RaiseBudget, Relink, Rows
from telegram_kit.callbacks import AlertCallback, BudgetCallback, LinkCallback, ProposalCallback


def pack(action: Action) -> str:
    match action:
        case AlertAction(kind, match_id):
            return AlertCallback(action=kind, match_id=match_id).pack()
        case DraftAction(kind, proposal_id, arg):
            return ProposalCallback(action=kind, proposal_id=proposal_id, arg=arg).pack()
        case RaiseBudget(amount_cents):
            return BudgetCallback(amount_cents=amount_cents).pack()
        case Relink():
            return LinkCallback().pack()


def button(spec: Button) -> InlineKeyboardButton:
    data = pack(spec.action) if spec.action is not None else None
    return InlineKeyboardButton(text=spec.text, callback_data=data, url=spec.url)


def keyboard(rows: Rows) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[button(b) for b in row] for row in rows])
