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

    `replace_user` swaps one user's criteria in place (O(their criteria + terms)): the old
    entries are blanked, not unlinked, so the index only grows; `dead` counts the blanks
    for the owner to rebuild it now and then.
    """

    def __init__(self, criteria: Iterable[Criteria]) -> None:
        self._criteria: list[Criteria | None] = []
        # Whether every include term is one word: found by a word means the term matched.
        self._single_words: list[bool] = []
        self._by_word: dict[_Bucket, dict[str, list[int]]] = {}
        self._without_include: dict[_Bucket, list[int]] = {}
        self._by_user: dict[int, list[int]] = {}
        self.dead = 0
        for item in criteria:
            self._add(item)
        self.last_checked = 0

    def __len__(self) -> int:
        return len(self._criteria) - self.dead

    def replace_user(self, user_id: int, criteria: Iterable[Criteria]) -> None:
        """From now on the user's criteria are these (none: the user is not matched)."""
        for number in self._by_user.pop(user_id, []):
            self._criteria[number] = None
            self.dead += 1
        for item in criteria:
            self._add(item)

    def _add(self, item: Criteria) -> None:
        number = len(self._criteria)
        self._criteria.append(item)
        self._single_words.append(all(len(term_words(term)) <= 1 for term in item.include))
        self._by_user.setdefault(item.user_id, []).append(number)
        bucket = (item.job_type or None, item.experience_level or None, item.payment_verified)
        if not item.include:
            self._without_include.setdefault(bucket, []).append(number)
            return
        by_word = self._by_word.setdefault(bucket, {})
        firsts = {term_words(term)[0] for term in item.include if term_words(term)}
        for word in firsts:
            by_word.setdefault(word, []).append(number)

    def match(self, job: JobLike, now: datetime) -> list[Criteria]:
        """Every criteria the job passes, in the order they were added to the index."""
        self.last_checked = 0
        if job.freelancers_to_hire == 0:
            return []
        text = JobText(job)
        numbers = self._candidates(job, text)
        self.last_checked = len(numbers)
        facts, criteria, single = JobFacts(job, now, text), self._criteria, self._single_words
        return [
            item for n in numbers
            if (item := criteria[n]) is not None and facts.passes(item, single[n])
        ]  # fmt: skip

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
