"""Every feature router, in the order the dispatcher tries them."""

from aiogram import Router

from bot.routers import errors, help, link, messages, start, workdiary


def feature_routers() -> list[Router]:
    return [
        errors.router,
        start.router,
        help.router,
        link.router,
        messages.router,
        workdiary.router,
    ]
