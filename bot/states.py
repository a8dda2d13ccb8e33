from aiogram.fsm.state import State, StatesGroup


class FiltersEditing(StatesGroup):
    waiting_for_line = State()


class DraftEditing(StatesGroup):
    waiting_for_instruction = State()
    waiting_for_text = State()


class MfaFlow(StatesGroup):
    confirming = State()
    disabling = State()
    gate = State()


class ContactFlow(StatesGroup):
    """A new email address or phone number waits for its one-time code."""

    code = State()
