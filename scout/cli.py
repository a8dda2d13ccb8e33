"""`scout run|migrate|keygen|rotate-keys|doctor`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Coroutine, Sequence
from typing import Any, TypeVar

from core.config import SettingsError, load_settings

T = TypeVar("T")

EXIT_SETTINGS = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="scout", description="Upwork Scout")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run the bot, the worker and/or the api")
    run.add_argument("target", nargs="?", default="all", choices=["all", "bot", "worker", "api"])
    commands.add_parser("migrate", help="upgrade the database schema to the latest revision")
    commands.add_parser("keygen", help="print a fresh encryption key for ENCRYPTION_KEYS")
    commands.add_parser("rotate-keys", help="re-encrypt every secret under the first key")
    doctor = commands.add_parser("doctor", help="check settings and every dependency")
    doctor.add_argument(
        "--live", action="store_true",
        help="also run each Upwork read once with a linked account (first thing with a real key)",
    )  # fmt: skip
    doctor.add_argument(
        "--telegram-id", type=int, default=None,
        help="with --live: the account of this Telegram user (default: the latest linked)",
    )  # fmt: skip
    return parser


def run_event_loop(main: Coroutine[Any, Any, T]) -> T:
    """uvloop where it exists: the bot's per-update cost is mostly event-loop and socket
    overhead, and uvloop cuts it by a third (bench/load_bot.py, whose driver and emulators
    run on it too)."""
    try:
        import uvloop
    except ImportError:  # Windows
        return asyncio.run(main)
    return uvloop.run(main)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "keygen":
        from core.crypto import generate_key

        print(generate_key())
        return 0
    try:
        settings = load_settings()
        if args.command == "run":
            if args.target == "bot" or (args.target == "all" and not settings.sandbox_mode):
                settings.require("bot_token")
            from scout.heap import limit_arenas

            limit_arenas()  # before any thread starts
            from scout.lean_imports import skip_unused_modules

            skip_unused_modules()
            from scout.lean_aiogram import import_aiogram_lazily

            import_aiogram_lazily()
            from scout.runner import run

            return run_event_loop(run(args.target, settings))
        if args.command == "migrate":
            from scout.maintenance import migrate

            return migrate(settings)
        if args.command == "rotate-keys":
            from scout.maintenance import rotate

            return asyncio.run(rotate(settings))
        from scout.doctor import doctor

        return asyncio.run(doctor(settings, live=args.live, telegram_id=args.telegram_id))
    except SettingsError as exc:
        print(f"scout: configuration error: {exc}", file=sys.stderr)
        return EXIT_SETTINGS
    except KeyboardInterrupt:
        return 130
