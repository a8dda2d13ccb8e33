"""Every feature router, in the order the dispatcher tries them.

Routers are built per dispatcher (a router can belong to only one), so every feature
module exposes `create_router()`.
"""

from aiogram import Router

from bot.routers import (
    account,
    alerts,
    budget,
    channels,
    errors,
    fallback,
    filters,
    help,
    link,
    messages,
    mfa,
    pause,
    private_only,
    profile,
    proposals,
    start,
    stats,
    taste,
    workdiary,
)


def feature_routers() -> list[Router]:
    return [
        module.create_router()
        for module in (
            errors,
            private_only,
            mfa,
            start,
            help,
            link,
            filters,
            profile,
            pause,
            alerts,
            taste,
            proposals,
            budget,
            channels,
            account,
            stats,
            messages,
            workdiary,
            fallback,
        )
    ]
