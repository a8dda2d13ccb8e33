"""The command menu Telegram shows, in both languages."""

from __future__ import annotations

from aiogram import Bot
from aiogram.types import BotCommand, BotCommandScopeDefault

COMMANDS: dict[str, dict[str, str]] = {
    "en": {
        "start": "Start and onboarding",
        "link": "Link your Upwork account",
        "unlink": "Unlink Upwork",
        "filters": "What jobs you want",
        "profile": "Your freelancer profile",
        "pause": "Pause alerts",
        "resume": "Resume alerts",
        "stats": "Your last 7 days",
        "dashboard": "Analytics in the browser",
        "mfa": "Two-factor protection",
        "messages": "Latest Upwork messages",
        "workdiary": "This week's hours",
        "taste": "What I learned from your taps",
        "why": "Why an alert scored as it did",
        "help": "What I can do",
        "delete_me": "Erase all your data",
    },
    "uk": {
        "start": "Початок роботи",
        "link": "Під'єднати Upwork",
        "unlink": "Від'єднати Upwork",
        "filters": "Які вакансії вам потрібні",
        "profile": "Ваш профіль фрилансера",
        "pause": "Призупинити сповіщення",
        "resume": "Відновити сповіщення",
        "stats": "Останні 7 днів",
        "dashboard": "Аналітика в браузері",
        "mfa": "Двофакторний захист",
        "messages": "Останні повідомлення Upwork",
        "workdiary": "Години цього тижня",
        "taste": "Що я вивчив з ваших рішень",
        "why": "Чому сповіщення має таку оцінку",
        "help": "Що я вмію",
        "delete_me": "Стерти всі ваші дані",
    },
}


async def publish_commands(bot: Bot) -> None:
    for language, commands in COMMANDS.items():
        menu = [BotCommand(command=name, description=text) for name, text in commands.items()]
        code = None if language == "en" else language
        await bot.set_my_commands(menu, scope=BotCommandScopeDefault(), language_code=code)
