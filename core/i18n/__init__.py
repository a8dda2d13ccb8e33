"""User-facing texts in English and Ukrainian."""

from __future__ import annotations

from typing import Any

from core.i18n import en, uk

CATALOGUES: dict[str, dict[str, str]] = {"en": en.TEXTS, "uk": uk.TEXTS}


class Texts:
    """Texts in one language, falling back to English for a missing key."""

    def __init__(self, language: str) -> None:
        self.language = language if language in CATALOGUES else "en"
        self._catalogue = CATALOGUES[self.language]

    def __call__(self, key: str, **values: Any) -> str:
        template = self._catalogue.get(key) or en.TEXTS[key]
        return template.format(**values) if values else template
