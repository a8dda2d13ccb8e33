"""Telegram Bot API rules shared by bot and workers (duck-typed: no aiogram in core)."""
