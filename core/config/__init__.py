from core.config.settings import AIProvider, BotMode, Settings, SettingsError, load_settings

__all__ = ["AIProvider", "BotMode", "Settings", "SettingsError", "load_settings"]
