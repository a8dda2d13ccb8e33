"""Red flags in a job post, as plain patterns: off-platform contact, payment outside Upwork,
free work, and the like (the offline provider's rules, no network)."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class FlagRule:
    label: str
    pattern: re.Pattern[str]
    group: str
    severe: bool = True


def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{a})" for a in alternatives), re.I)


_MESSENGERS = r"whats\s?app|telegram|skype|discord|signal|wechat|viber|e-?mail|gmail|phone"
FLAG_RULES: tuple[FlagRule, ...] = (
    FlagRule(
        "Asks for free test work",
        _rx(
            r"\b(free|unpaid)\s+(test|trial|sample|task)",
            r"\b(test|trial)\s+(task|work|project)\b[^.\n]{0,40}\b(unpaid|not\s+paid|free)\b",
        ),
        "unpaid",
    ),
    FlagRule(
        "Unpaid work",
        _rx(
            r"\bunpaid\b",
            r"\bno\s+pay(ment)?\b",
            r"\bwithout\s+(pay|payment|compensation)\b",
            r"\bfor\s+(free|exposure)\b",
            r"\bvolunteer(ing)?\b",
        ),
        "unpaid",
    ),
    FlagRule(
        "Pays only after the work is done",
        _rx(
            r"\b(pay|paid|payment)\s+(you\s+)?(only\s+)?(after|upon|once)\s+(the\s+)?"
            r"(project|work|job|task|delivery|completion|launch|it\s+is|it's|i\s+get|we\s+get)",
            r"\bdeferred\s+payment\b",
            r"\bno\s+(upfront|milestones?)\b",
            r"\b(revenue\s+share|equity)\s+only\b",
        ),
        "pay_after",
    ),
    FlagRule(
        "Asks to contact outside Upwork",
        _rx(
            rf"\b(contact|message|text|reach|add|write|ping|dm|call)\s+(me|us)\s+(directly\s+)?"
            rf"(on|via|at|through|in|by)\s+({_MESSENGERS})\b",
            r"\b(whats\s?app|skype|telegram|discord|viber|wechat)\s*(id|number|handle)?\s*:\s*[@+\w]",
            r"\bmy\s+(whats\s?app|skype|telegram|discord|phone\s+number|e-?mail)\b",
            r"[\w.+-]+@[\w-]+\.[a-z]{2,}\b",
            r"\+\d[\d\s().-]{7,}\d",
        ),
        "off_platform",
    ),
    FlagRule(
        "Wants to work or pay outside Upwork",
        _rx(
            r"\b(outside|off|away\s+from)\s+(of\s+)?upwork\b",
            r"\b(avoid|bypass|skip|save\s+on)\s+(the\s+)?upwork('s)?\s+fees?\b",
            r"\bpay(ment)?\s+(you\s+)?(via|through|by|with|in)\s+(paypal|crypto|bitcoin|usdt|"
            r"wise|western\s+union|bank\s+transfer|cash\s*app|zelle)\b",
        ),
        "outside",
    ),
    FlagRule(
        "Asks the freelancer to pay first",
        _rx(
            r"\byou\s+(will\s+)?(need|have|must)\s+(to\s+)?(pay|purchase|buy|deposit|invest)\b",
            r"\b(registration|starter|onboarding|training|security)\s+(fee|deposit)\b",
            r"\bsend\s+(us\s+|me\s+)?money\b",
        ),
        "deposit",
    ),
    FlagRule(
        "Asks for personal or financial details",
        _rx(
            r"\b(send|share|provide|give)\s+(me\s+|us\s+)?your\s+(bank\s+(account|details)|"
            r"credit\s+card|ssn|social\s+security|passport|id\s+card)"
        ),
        "personal",
    ),
)
SCOPE_WORDS = _rx(
    r"\b(complete|full|entire|whole|from\s+scratch|end[\s-]to[\s-]end|marketplace|platform|"
    r"e-?commerce|saas|clone|mobile\s+app|web\s+app|crm|erp)\b"
)


def text_flags(text: str) -> list[tuple[str, bool]]:
    """(label, severe) of every rule matched, one per group."""
    found: list[tuple[str, bool]] = []
    groups: set[str] = set()
    for rule in FLAG_RULES:
        if rule.group not in groups and rule.pattern.search(text):
            groups.add(rule.group)
            found.append((rule.label, rule.severe))
    return found
