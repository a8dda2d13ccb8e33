"""What the bot and the workers share of Telegram: callback data, keyboards, the Bot.

Imports aiogram and core, never bot, workers or api; core never imports it.
"""
