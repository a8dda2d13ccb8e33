"""Sample account activity for the emulator's default user: a contract with work diary
time, a contract room, and two proposals (one viewed and answered by the client)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sandbox.emulators.upwork_state import UpworkState


def add_sample_activity(emu: UpworkState) -> None:
    user = emu.default_user
    now = emu.now()
    day = 86400
    today = now - now % day

    contract = emu.add_contract(
        "Django backend maintenance", "Northwind Analytics", hourly_rate=45.0
    )
    emu.log_time(contract.id, today - day + 9 * 3600, cells=12, memo="Billing API bugfixes")
    emu.log_time(contract.id, today - day + 14 * 3600, cells=6, memo="Code review")
    emu.log_time(contract.id, today + 60, cells=3, memo="Deploy hotfix", activity_level=9)

    room = emu.add_room(
        user.id,
        "Northwind Analytics",
        topic=contract.title,
        contract_id=contract.id,
        created_ts=now - 30 * day,
    )
    emu.add_story(
        room.id,
        "Hi Olena, the invoice export fails for March.",
        sender_name="Mark Jensen",
        created_ts=now - 2 * day,
    )
    emu.add_story(
        room.id,
        "Looking into it now, will report back today.",
        from_user=user,
        created_ts=now - 2 * day + 900,
    )
    emu.add_story(
        room.id, "Thanks, the fix works.", sender_name="Mark Jensen", created_ts=now - day
    )

    if len(emu.jobs) >= 6:
        answered = emu.record_proposal(
            user.id,
            emu.jobs[1],
            "Hello! I have built several aiogram 3 bots ...",
            charge_rate=1500.0,
        )
        answered.created_ts = answered.modified_ts = now - 5 * 60
        emu.client_reply(
            answered.id,
            "Thanks for applying. Are you available for a call?",
            client_name="Lena Fischer",
        )
        pending = emu.record_proposal(
            user.id,
            emu.jobs[5],
            "I write data engineering tutorials with runnable code ...",
            charge_rate=45.0,
        )
        pending.created_ts = pending.modified_ts = now - 30 * 60
