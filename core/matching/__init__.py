"""Hard-filter matching of jobs against search profiles: pure, no database, no I/O.

- `parse_filters` / `format_filters`: the one-line `/filters` syntax <-> profile columns;
- `Criteria`: one profile's hard filters; `failed_filter` / `passes`: one job, one profile;
- `CriteriaIndex`: one job against many profiles, without looking at each of them.
"""

from core.matching.countries import country_code, normalize_country
from core.matching.criteria import Criteria, JobLike, ProfileLike, criteria_from_profile
from core.matching.hard_filters import FILTERS, HIRED, JobText, failed_filter, passes
from core.matching.index import CriteriaIndex
from core.matching.syntax import (
    DEFAULT_MIN_AI_SCORE,
    FilterSyntaxError,
    FilterValues,
    format_filters,
    parse_filters,
)

__all__ = [
    "DEFAULT_MIN_AI_SCORE",
    "FILTERS",
    "HIRED",
    "Criteria",
    "CriteriaIndex",
    "FilterSyntaxError",
    "FilterValues",
    "JobLike",
    "JobText",
    "ProfileLike",
    "country_code",
    "criteria_from_profile",
    "failed_filter",
    "format_filters",
    "normalize_country",
    "parse_filters",
    "passes",
]
