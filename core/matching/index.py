"""Match one job against many search profiles without looking at each of them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from core.matching.criteria import Criteria, JobLike
from core.matching.hard_filters import JobText, job_kind, term_words
from core.matching.verify import JobFacts

# What a criteria requires of a job before any keyword: (job type, level, payment verified).
_Bucket = tuple[str | None, str | None, bool]


def _buckets(job: JobLike) -> list[_Bucket]:
    """The buckets whose requirements this job meets."""
    kind, level = job_kind(job), job.experience_level
    kinds = (None,) if kind is None else (None, kind)
    levels = (None,) if level is None else (None, level)
    verified = (False, True) if job.client_payment_verified else (False,)
    return [(k, lv, v) for k in kinds for lv in levels for v in verified]


class CriteriaIndex:
    """An inverted index of many Criteria, queried with one job at a time.

    Layout: criteria are bucketed by (job type, experience level, payment verified) as
    they require them (None / False: anything goes); inside a bucket, an inverted index
    maps the first word of every include term (a keyword, or a phrase's first word) to
    the criteria using it, and a separate list holds the criteria without include terms.
    Criteria whose include terms have no words at all can never pass and are left out.

    `match(job)` splits the job's text into words once, and only in the buckets the job
    can satisfy (at most 2 x 2 x 2 of them: "any" or the job's own type, level, and
    verified only when the client is) looks up each distinct word; the union of what it
    finds, plus the criteria without include terms of those buckets, are the candidates,
    each verified as `failed_filter` would (`core.matching.verify`: phrases, exclusions,
    money, client, country, proposals, age).

    Complexity, with N criteria, K include terms in all, a job of L words (D distinct),
    C candidates and t terms per criteria:
      - build: O(N + K) time and memory;
      - match: O(L) to split the text + O(8 D) dict look-ups + O(C log C) to order the
        candidates + O(C * t) to verify them; it depends on N only through C.
    A job with freelancersToHire == 0 is rejected in O(1).
    `last_checked` tells how many candidates the last `match` verified.
    """

    def __init__(self, criteria: Iterable[Criteria]) -> None:
        self._criteria: list[Criteria] = list(criteria)
        self._by_word: dict[_Bucket, dict[str, list[int]]] = {}
        self._without_include: dict[_Bucket, list[int]] = {}
        # Whether every include term is one word: found by a word means the term matched.
        self._single_words = [
            all(len(term_words(term)) <= 1 for term in item.include) for item in self._criteria
        ]
        for number, item in enumerate(self._criteria):
            bucket = (item.job_type or None, item.experience_level or None, item.payment_verified)
            if not item.include:
                self._without_include.setdefault(bucket, []).append(number)
                continue
            by_word = self._by_word.setdefault(bucket, {})
            firsts = {term_words(term)[0] for term in item.include if term_words(term)}
            for word in firsts:
                by_word.setdefault(word, []).append(number)
        self.last_checked = 0

    def __len__(self) -> int:
        return len(self._criteria)

    def match(self, job: JobLike, now: datetime) -> list[Criteria]:
        """Every criteria the job passes, in the order the index was built with."""
        self.last_checked = 0
        if job.freelancers_to_hire == 0:
            return []
        text = JobText(job)
        numbers = self._candidates(job, text)
        self.last_checked = len(numbers)
        facts, criteria, single = JobFacts(job, now, text), self._criteria, self._single_words
        return [criteria[n] for n in numbers if facts.passes(criteria[n], single[n])]

    def _candidates(self, job: JobLike, text: JobText) -> list[int]:
        found: set[int] = set()
        for bucket in _buckets(job):
            found.update(self._without_include.get(bucket, ()))
            by_word = self._by_word.get(bucket)
            if not by_word:
                continue
            for word in text.positions:
                numbers = by_word.get(word)
                if numbers:
                    found.update(numbers)
        return sorted(found)
