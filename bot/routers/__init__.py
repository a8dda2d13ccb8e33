"""Every feature router, in the order the dispatcher tries them."""

from aiogram import Router

from bot.routers import errors, help, start


def feature_routers() -> list[Router]:
    return [errors.router, start.router, help.router]
