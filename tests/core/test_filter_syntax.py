"""The one-line `/filters` syntax: every term kind, errors that name every bad term."""

from __future__ import annotations

from dataclasses import fields
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.db.models.search_profile import SearchProfile
from core.matching import (
    DEFAULT_MIN_AI_SCORE,
    FilterSyntaxError,
    FilterValues,
    format_filters,
    parse_filters,
)
from core.matching.countries import ALPHA3_CODES
from core.matching.criteria import normalize_terms
from core.matching.hard_filters import term_words


@pytest.mark.parametrize(
    ("line", "column", "value"),
    [
        ("python", "include_keywords", ("python",)),
        ("Python DJANGO", "include_keywords", ("python", "django")),
        ('"Machine   Learning"', "include_keywords", ("machine learning",)),
        ("“react native”", "include_keywords", ("react native",)),
        ("«веб сайт» розробка", "include_keywords", ("веб сайт", "розробка")),
        ("c++ c# node.js", "include_keywords", ("c++", "c#", "node.js")),
        ('"verified"', "include_keywords", ("verified",)),
        ("-wordpress", "exclude_keywords", ("wordpress",)),
        ('-"data entry"', "exclude_keywords", ("data entry",)),
        ("-Реклама", "exclude_keywords", ("реклама",)),
        ("budget>=500", "fixed_budget_min", Decimal(500)),
        ("BUDGET>=$1.5k", "fixed_budget_min", Decimal(1500)),
        ("budget>=99.99", "fixed_budget_min", Decimal("99.99")),
        ("hourly>=30", "hourly_min", Decimal(30)),
        ("verified", "client_payment_verified", True),
        ("Verified", "client_payment_verified", True),
        ("spent>=10000", "client_min_spent", Decimal(10000)),
        ("rating>=4.5", "client_min_rating", Decimal("4.5")),
        ("rating>=4,5", "client_min_rating", Decimal("4.5")),
        ("rating>=5", "client_min_rating", Decimal(5)),
        ("hires>=3", "client_min_hires", 3),
        ("country!=IN", "excluded_countries", ("IND",)),
        ("country!=ind", "excluded_countries", ("IND",)),
        ('country!="United States"', "excluded_countries", ("USA",)),
        ("country!=India country!=GB", "excluded_countries", ("IND", "GBR")),
        ("country!=US country!=USA", "excluded_countries", ("USA",)),
        ("Country!=Україна", "excluded_countries", ("UKR",)),
        ("proposals<20", "max_proposals", 20),
        ("age<=24h", "max_job_age_hours", 24),
        ("age<=2d", "max_job_age_hours", 48),
        ("age<=6", "max_job_age_hours", 6),
        ("type=hourly", "job_type", "hourly"),
        ("type=Fixed", "job_type", "fixed"),
        ("level=entry", "experience_level", "entry"),
        ("level=intermediate", "experience_level", "intermediate"),
        ("LEVEL=EXPERT", "experience_level", "expert"),
        ("score>=70", "min_ai_score", 70),
        ("score>=0", "min_ai_score", 0),
    ],
)
def test_each_term_kind(line: str, column: str, value: Any) -> None:
    values = parse_filters(line)
    assert getattr(values, column) == value
    others = {f.name for f in fields(FilterValues)} - {column}
    assert all(getattr(values, name) == getattr(FilterValues(), name) for name in others)


def test_a_full_line() -> None:
    line = (
        'python django "machine learning" -wordpress -"data entry" budget>=500 hourly>=30 '
        'verified spent>=1000 rating>=4.5 hires>=1 country!=IN country!="United States" '
        "proposals<20 age<=24h type=hourly level=expert score>=70"
    )
    assert parse_filters(line) == FilterValues(
        include_keywords=("python", "django", "machine learning"),
        exclude_keywords=("wordpress", "data entry"),
        job_type="hourly",
        fixed_budget_min=Decimal(500),
        hourly_min=Decimal(30),
        experience_level="expert",
        client_payment_verified=True,
        client_min_spent=Decimal(1000),
        client_min_rating=Decimal("4.5"),
        client_min_hires=1,
        excluded_countries=("IND", "USA"),
        max_proposals=20,
        max_job_age_hours=24,
        min_ai_score=70,
    )


def test_ukrainian_words_and_phrases() -> None:
    values = parse_filters('Розробка "Телеграм бот" -реклама «інтернет магазин» п’ять')
    assert values.include_keywords == ("розробка", "телеграм бот", "інтернет магазин", "п’ять")
    assert values.exclude_keywords == ("реклама",)
    assert parse_filters(format_filters(values)) == values


def test_every_bad_term_is_named_and_nothing_is_returned() -> None:
    with pytest.raises(FilterSyntaxError) as caught:
        parse_filters('python budget>=abc foo=bar rating>=9 hourly>=30 level=guru "unterminated')
    assert caught.value.tokens == (
        "budget>=abc",
        "foo=bar",
        "rating>=9",
        "level=guru",
        '"unterminated',
    )
    message = str(caught.value)
    for token in caught.value.tokens:
        assert token in message
    assert 'unknown filter "foo"' in message
    assert "at most 5" in message


@pytest.mark.parametrize(
    "line",
    [
        "budget>500",
        "budget=>500",
        "budget>=",
        "budget>=-5",
        "budget>=1,000",
        "budget>=1.234",
        "hourly>=lots",
        "spent>=1e5",
        "rating>=5.01",
        "hires>=1.5",
        "hires>=-1",
        "country=US",
        "country!=Narnia",
        "country!=",
        "proposals<=5",
        "proposals<0",
        "age<=0h",
        "age<=3w",
        "age>=3h",
        "type=full-time",
        "level=senior",
        "score>=101",
        "score>=7.5",
        "бюджет>=500",
        "=500",
        ">=500",
        "-",
        '""',
        '-""',
        "!!!",
        'a"b"',
        '"a"b',
        '-"a"b',
        "-budget>=5",
        "verified verified",
        "type=hourly type=fixed",
        "python -Python",
    ],
)
def test_malformed_terms(line: str) -> None:
    with pytest.raises(FilterSyntaxError) as caught:
        parse_filters(line)
    assert caught.value.tokens
    assert set(caught.value.tokens) <= set(line.split()) | {line}
    assert str(caught.value)


def test_an_unquoted_country_name_with_a_space_is_named() -> None:
    with pytest.raises(FilterSyntaxError) as caught:
        parse_filters("country!=United States")
    assert caught.value.tokens == ("country!=United",)


def test_repeated_settings_name_the_repeat() -> None:
    with pytest.raises(FilterSyntaxError) as caught:
        parse_filters("type=hourly python type=fixed budget>=5 budget>=6")
    assert caught.value.tokens == ("type=fixed", "budget>=6")


@pytest.mark.parametrize("line", ["", "   ", "\n\t "])
def test_empty_input(line: str) -> None:
    with pytest.raises(FilterSyntaxError) as caught:
        parse_filters(line)
    assert str(caught.value) == "empty"
    assert caught.value.tokens == ()


def test_limits() -> None:
    with pytest.raises(FilterSyntaxError, match="too long") as caught:
        parse_filters("a " * 500 + "b")
    assert caught.value.tokens == ()
    parse_filters(" ".join(f"w{n}" for n in range(50)))
    with pytest.raises(FilterSyntaxError, match="Too many terms: 51") as caught:
        parse_filters(" ".join(f"w{n}" for n in range(51)))
    assert parse_filters("x" * 100).include_keywords == ("x" * 100,)
    long_term = "y" * 101
    with pytest.raises(FilterSyntaxError, match="longer than 100") as caught:
        parse_filters(f"python {long_term} -{'z' * 100}")
    assert caught.value.tokens == (long_term, "-" + "z" * 100)
    exactly_1000 = " ".join(["a" * 99] * 9 + ["b" * 100])
    assert len(exactly_1000) == 1000
    assert parse_filters(exactly_1000).include_keywords == ("a" * 99, "b" * 100)


def test_repeated_keywords_are_kept_once() -> None:
    assert parse_filters("python Python PYTHON").include_keywords == ("python",)


def test_as_columns_are_search_profile_columns() -> None:
    values = parse_filters("python -php country!=IN budget>=500")
    columns = values.as_columns()
    assert set(columns) <= set(SearchProfile.__table__.columns.keys())
    assert columns["include_keywords"] == ["python"]
    assert columns["excluded_countries"] == ["IND"]
    assert columns["fixed_budget_min"] == Decimal(500)
    assert columns["min_ai_score"] == DEFAULT_MIN_AI_SCORE
    assert parse_filters("score>=80").as_columns()["min_ai_score"] == 80
    default = SearchProfile.__table__.columns["min_ai_score"].default
    assert default is not None and default.arg == DEFAULT_MIN_AI_SCORE


def test_a_stored_search_reads_back_as_the_values_that_made_it() -> None:
    values = parse_filters("python -php country!=IN budget>=500 hourly>=30 verified score>=70")
    stored = SearchProfile(user_id=1, name="main", **values.as_columns())
    assert FilterValues.of_columns(stored) == values
    assert format_filters(FilterValues.of_columns(stored)) == format_filters(values)


def test_format_is_canonical_and_round_trips() -> None:
    line = (
        'Score>=70 "verified" -"-x" "a=b" country!="united kingdom" python age<=1d '
        "BUDGET>=1.50 -wordpress rating>=4,50"
    )
    values = parse_filters(line)
    text = format_filters(values)
    assert text == (
        '"verified" "a=b" python -"-x" -wordpress budget>=1.5 rating>=4.5 country!=GBR '
        "age<=24h score>=70"
    )
    assert parse_filters(text) == values
    assert format_filters(parse_filters(text)) == text


# --- properties -----------------------------------------------------------------------

FRAGMENTS = [
    "python",
    "Розробка",
    '"',
    "«",
    "»",
    "-",
    "=",
    ">=",
    "<",
    "<=",
    "!=",
    "budget",
    "hourly",
    "rating",
    "country",
    "age",
    "type",
    "level",
    "score",
    "proposals",
    "verified",
    "500",
    "4.5",
    "24h",
    "2d",
    "US",
    "United States",
    "$",
    "k",
    " ",
    "\n",
    "fixed",
    "expert",
    "c++",
]


@settings(max_examples=400)
@given(st.one_of(st.text(max_size=300), st.lists(st.sampled_from(FRAGMENTS)).map("".join)))
def test_any_text_parses_or_raises_filter_syntax_error(text: str) -> None:
    try:
        values = parse_filters(text)
    except FilterSyntaxError as error:
        assert isinstance(error.tokens, tuple)
        assert str(error)
    else:
        assert isinstance(values, FilterValues)
        assert parse_filters(format_filters(values)) == values


def _is_stored_form(term: str) -> bool:
    return normalize_terms([term]) == (term,) and bool(term_words(term))


TERMS = st.text(
    alphabet=st.sampled_from("abcxyzабвгґєії'’+#.-=<>!/_ 0123456789ßİ"), min_size=1, max_size=20
).filter(_is_stored_form)


def _money(limit: int) -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=0, max_value=limit, places=2, allow_nan=False)


@st.composite
def filter_values(draw: st.DrawFn) -> FilterValues:
    include = tuple(dict.fromkeys(draw(st.lists(TERMS, max_size=5))))
    exclude = tuple(t for t in dict.fromkeys(draw(st.lists(TERMS, max_size=5))) if t not in include)
    maybe = st.none().__or__
    values = FilterValues(
        include_keywords=include,
        exclude_keywords=exclude,
        job_type=draw(maybe(st.sampled_from(["hourly", "fixed"]))),
        fixed_budget_min=draw(maybe(_money(10**9))),
        hourly_min=draw(maybe(_money(10**4))),
        experience_level=draw(maybe(st.sampled_from(["entry", "intermediate", "expert"]))),
        client_payment_verified=draw(st.booleans()),
        client_min_spent=draw(maybe(_money(10**11))),
        client_min_rating=draw(maybe(_money(5))),
        client_min_hires=draw(maybe(st.integers(0, 1_000_000))),
        excluded_countries=tuple(
            draw(st.lists(st.sampled_from(sorted(ALPHA3_CODES)), max_size=4, unique=True))
        ),
        max_proposals=draw(maybe(st.integers(1, 10_000))),
        max_job_age_hours=draw(maybe(st.integers(1, 87_600))),
        min_ai_score=draw(maybe(st.integers(0, 100))),
    )
    return values


@settings(max_examples=400)
@given(filter_values())
def test_format_then_parse_gives_the_same_values(values: FilterValues) -> None:
    text = format_filters(values)
    if values == FilterValues():
        assert text == ""
        return
    assert parse_filters(text) == values


def test_strict_is_a_flag_that_round_trips() -> None:
    values = parse_filters("python hourly>=30 strict")
    assert values.strict_money and values.hourly_min == 30
    assert format_filters(values) == "python hourly>=30 strict"
    assert parse_filters('"strict"').include_keywords == ("strict",)
    assert not parse_filters("python").strict_money
