"""Country normalisation: ISO codes, English and Ukrainian names -> ISO 3166-1 alpha-3.

Upwork reports `client.location.country` as a full name ("United States") or a
three-letter code ("GBR"); people type ISO-2 ("US"), ISO-3 ("USA") or a name
("India", "Україна"). Everything is reduced to the alpha-3 code so that a filter and a
job compare equal. ISO 3166-1 comes from pycountry (codes; name, common and official
names; Ukrainian names from its iso3166-1 translations); `_ALIASES` adds only the
everyday and Upwork spellings ISO lacks, and `_UKRAINIAN` the few Ukrainian names
pycountry's catalogue leaves untranslated.
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

import pycountry

_ALIASES: dict[str, tuple[str, ...]] = {
    "USA": ("America", "Сполучені Штати", "Америка"),
    "GBR": ("UK", "Great Britain", "Britain", "England", "Scotland", "Wales", "Британія"),
    "ARE": ("UAE", "Emirates", "ОАЕ"),
    "RUS": ("Russia", "Росія"),
    "KOR": ("Korea", "Republic of Korea", "Korea South"),
    "PRK": ("Korea North",),
    "CZE": ("Czech",),
    "TUR": ("Turkey",),
    "MKD": ("Macedonia",),
    "PSE": ("Palestine", "Palestinian Territories", "Palestinian Territory", "Палестина"),
    "VAT": ("Vatican", "Vatican City", "Holy See", "Ватикан"),
    "CIV": ("Ivory Coast",),
    "CPV": ("Cape Verde",),
    "SWZ": ("Swaziland",),
    "MMR": ("Burma",),
    "BRN": ("Brunei",),
    "TLS": ("East Timor",),
    "MAC": ("Macau",),
    "FSM": ("Micronesia",),
    "FLK": ("Falkland Islands",),
    "COD": ("Democratic Republic of the Congo", "Congo Kinshasa", "DR Congo", "DRC"),
    "COG": ("Congo Brazzaville",),
    "VIR": ("US Virgin Islands", "United States Virgin Islands"),
    "MAF": ("Saint Martin",),
    "SXM": ("Sint Maarten",),
    "BES": ("Caribbean Netherlands", "Bonaire"),
    "SHN": ("Saint Helena",),
    "NLD": ("Holland",),
    "KNA": ("St Kitts and Nevis",),
    "LCA": ("St Lucia",),
    "VCT": ("St Vincent and the Grenadines",),
    # Not in ISO 3166-1 (a user-assigned code; a withdrawn one) but still seen in the wild.
    "XKX": ("XK", "XKX", "Kosovo", "Косово"),
    "ANT": ("AN", "ANT", "Netherlands Antilles"),
}

# English ISO name -> Ukrainian, where pycountry's uk catalogue has no translation.
_UKRAINIAN: dict[str, str] = {
    "Bonaire, Sint Eustatius and Saba": "Бонайре, Сінт-Естатіус і Саба",
    "Curaçao": "Кюрасао",
    "Hungary": "Угорщина",
    "Libya": "Лівія",
    "Montenegro": "Чорногорія",
    "Niue": "Ніуе",
    "Sint Maarten (Dutch part)": "Сінт-Мартен (голландська частина)",
    "Taiwan, Province of China": "Тайвань, провінція Китаю",
}


def _key(value: str) -> str:
    """Case, accents, punctuation and a leading "the" don't matter."""
    text = unicodedata.normalize("NFKD", value)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = " ".join(re.sub(r"[\W_]+", " ", text.replace("&", " and ")).split())
    return text.removeprefix("the ")


def _iso_3166() -> Iterator[tuple[str, str, tuple[str, ...], tuple[str, ...]]]:
    """(alpha-2, alpha-3, English names, Ukrainian names) per country; the first English
    name is ISO's, the last Ukrainian one the everyday name (common name when there is one)."""
    ukrainian = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["uk"])
    for country in pycountry.countries:
        everyday = [country.name, *filter(None, [getattr(country, "common_name", None)])]
        official = getattr(country, "official_name", None)
        english = (*everyday, *filter(None, [official]))
        translated = (_UKRAINIAN.get(name) or ukrainian.gettext(name) for name in everyday)
        yield country.alpha_2, country.alpha_3, english, tuple(dict.fromkeys(translated))


_COUNTRIES = tuple(_iso_3166())


def _build() -> dict[str, str]:
    table: dict[str, str] = {}
    for alpha2, alpha3, english, ukrainian in _COUNTRIES:
        for name in (alpha2, alpha3, *english, *ukrainian):
            table.setdefault(_key(name), alpha3)
    for alpha3, aliases in _ALIASES.items():
        for alias in aliases:
            table.setdefault(_key(alias), alpha3)
    return table


_BY_KEY = _build()
ALPHA3_CODES = frozenset(_BY_KEY.values())
# alpha-3 -> {"en": ISO's English name, "uk": the everyday Ukrainian name}
_NAMES = {alpha3: {"en": en[0], "uk": uk[-1]} for _, alpha3, en, uk in _COUNTRIES}


@lru_cache(maxsize=4096)
def normalize_country(value: str) -> str | None:
    """The ISO alpha-3 code of a code or name, or None when it names no known country."""
    return _BY_KEY.get(_key(value)) if value else None


def country_code(value: str) -> str:
    """A country as filters store and compare it: ISO alpha-3, or upper-cased when unknown."""
    return normalize_country(value) or value.strip().upper()


def country_name(value: str, language: str = "en") -> str:
    """How to show a country to a person: "ROU" and "Romania" both become "Romania"
    (or "Румунія"); an unknown value is shown as given."""
    code = normalize_country(value)
    names = _NAMES.get(code or "")
    return names.get(language, names["en"]) if names else value.strip()
