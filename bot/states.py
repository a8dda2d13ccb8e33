from aiogram.fsm.state import State, StatesGroup


class FiltersEditing(StatesGroup):
    waiting_for_line = State()
