"""Every feature router, in the order the dispatcher tries them.

Routers are built per dispatcher (a router can belong to only one), so every feature
module exposes `create_router()`.
"""

from aiogram import Router

from bot.routers import (
    alerts,
    budget,
    errors,
    filters,
    help,
    link,
    messages,
    pause,
    profile,
    proposals,
    start,
    workdiary,
)


def feature_routers() -> list[Router]:
    return [
        module.create_router()
        for module in (
            errors,
            start,
            help,
            link,
            filters,
            profile,
            pause,
            alerts,
            proposals,
            budget,
            messages,
            workdiary,
        )
    ]
