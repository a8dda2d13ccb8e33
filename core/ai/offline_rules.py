"""The offline provider's knowledge: a modest skill vocabulary, red-flag patterns,
language and question detection. Plain rules, no network, same answer every time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from core.ai.schemas import REASON_MAX

# canonical name: aliases searched for in text (case-insensitive, whole words)
SKILLS: dict[str, tuple[str, ...]] = {
    "Python": ("python", "python3"),
    "Django": ("django", "django rest framework", "drf"),
    "Flask": ("flask",),
    "FastAPI": ("fastapi", "fast api"),
    "JavaScript": ("javascript", "js", "es6", "ecmascript"),
    "TypeScript": ("typescript", "ts"),
    "React": ("react", "react.js", "reactjs"),
    "React Native": ("react native",),
    "Next.js": ("next.js", "nextjs"),
    "Vue.js": ("vue", "vue.js", "vuejs"),
    "Angular": ("angular", "angularjs"),
    "Node.js": ("node.js", "nodejs", "node js"),
    "Express": ("express.js", "expressjs"),
    "PHP": ("php",),
    "Laravel": ("laravel",),
    "WordPress": ("wordpress",),
    "WooCommerce": ("woocommerce",),
    "Shopify": ("shopify",),
    "Webflow": ("webflow",),
    "Magento": ("magento",),
    "Ruby on Rails": ("ruby on rails", "rails", "ror"),
    "Ruby": ("ruby",),
    "Go": ("golang",),
    "Rust": ("rust",),
    "Java": ("java",),
    "Spring Boot": ("spring boot", "spring framework"),
    "Kotlin": ("kotlin",),
    "Swift": ("swift", "swiftui"),
    "iOS": ("ios",),
    "Android": ("android",),
    "Flutter": ("flutter",),
    "C#": ("c#", "csharp"),
    ".NET": (".net", "asp.net", "dotnet", ".net core"),
    "C++": ("c++", "cpp"),
    "SQL": ("sql",),
    "PostgreSQL": ("postgresql", "postgres"),
    "MySQL": ("mysql",),
    "MongoDB": ("mongodb", "mongo"),
    "Redis": ("redis",),
    "Elasticsearch": ("elasticsearch", "elastic search"),
    "GraphQL": ("graphql",),
    "REST API": ("rest api", "rest apis", "restful"),
    "Docker": ("docker", "docker compose", "docker-compose"),
    "Kubernetes": ("kubernetes", "k8s"),
    "AWS": ("aws", "amazon web services"),
    "Google Cloud": ("gcp", "google cloud"),
    "Azure": ("azure",),
    "Terraform": ("terraform",),
    "Linux": ("linux",),
    "CI/CD": ("ci/cd", "github actions", "gitlab ci", "jenkins"),
    "HTML": ("html", "html5"),
    "CSS": ("css", "css3", "scss", "sass"),
    "Tailwind CSS": ("tailwind", "tailwindcss"),
    "Figma": ("figma",),
    "Adobe Photoshop": ("photoshop",),
    "Adobe Illustrator": ("illustrator",),
    "UI/UX Design": ("ui/ux", "ux/ui", "ux design", "ui design", "user experience"),
    "Logo Design": ("logo", "logo design", "logotype"),
    "Graphic Design": ("graphic design", "branding", "brand identity"),
    "Video Editing": ("video editing", "premiere pro", "after effects"),
    "Web Scraping": ("web scraping", "scraping", "scraper", "crawler"),
    "Selenium": ("selenium",),
    "Playwright": ("playwright",),
    "Scrapy": ("scrapy",),
    "Beautiful Soup": ("beautifulsoup", "beautiful soup", "bs4"),
    "Pandas": ("pandas",),
    "NumPy": ("numpy",),
    "Machine Learning": ("machine learning", "ml"),
    "Deep Learning": ("deep learning", "neural network", "neural networks"),
    "PyTorch": ("pytorch",),
    "TensorFlow": ("tensorflow",),
    "LLM": ("llm", "llms", "large language model", "large language models"),
    "OpenAI API": ("openai", "chatgpt", "gpt-4", "gpt-4o"),
    "LangChain": ("langchain",),
    "Data Analysis": ("data analysis", "data analytics"),
    "Microsoft Excel": ("excel",),
    "Google Sheets": ("google sheets",),
    "Power BI": ("power bi", "powerbi"),
    "Tableau": ("tableau",),
    "SEO": ("seo",),
    "Copywriting": ("copywriting", "copywriter"),
    "Content Writing": ("content writing", "article writing", "blog posts"),
    "Telegram Bot": ("telegram bot", "telegram bots", "aiogram", "telethon"),
    "Chrome Extension": ("chrome extension", "browser extension"),
    "Stripe": ("stripe",),
    "Firebase": ("firebase",),
    "Supabase": ("supabase",),
    "Solidity": ("solidity",),
    "Web3": ("web3", "smart contract", "smart contracts", "blockchain"),
    "Unity": ("unity3d", "unity"),
    "Zapier": ("zapier",),
    "n8n": ("n8n",),
    "Airtable": ("airtable",),
    "Salesforce": ("salesforce",),
    "HubSpot": ("hubspot",),
    "Data Entry": ("data entry",),
    "Lead Generation": ("lead generation", "lead gen"),
}
# Extra names that identify a skill in a skill list (too ambiguous to search prose for).
LOOKUP_ONLY: dict[str, str] = {
    "go": "Go",
    "node": "Node.js",
    "wp": "WordPress",
    "spring": "Spring Boot",
    "k8s": "Kubernetes",
    "ai": "Machine Learning",
    "ux": "UI/UX Design",
    "ui": "UI/UX Design",
    "postgres": "PostgreSQL",
    "js": "JavaScript",
}


def _pattern(aliases: tuple[str, ...]) -> re.Pattern[str]:
    parts = sorted((re.escape(a).replace(r"\ ", r"[\s\-]+") for a in aliases), key=len)
    return re.compile(r"(?<![\w+#.])(?:" + "|".join(reversed(parts)) + r")(?![\w+#])", re.I)


_SKILL_PATTERNS = {name: _pattern(aliases) for name, aliases in SKILLS.items()}
_BY_ALIAS = {alias: name for name, aliases in SKILLS.items() for alias in aliases}
_BY_ALIAS.update({name.lower(): name for name in SKILLS})
_BY_ALIAS.update(LOOKUP_ONLY)


def norm(text: str) -> str:
    return " ".join(text.lower().split())


def find_skills(text: str) -> list[str]:
    """Vocabulary skills mentioned in `text`, in vocabulary order."""
    return list(_find_skills(text))


@lru_cache(maxsize=4096)
def _find_skills(text: str) -> tuple[str, ...]:
    # A regex per skill over the whole text: ~5 ms for a profile's bio, which every job's
    # fit score reads again (bench/fanout.py). Remembered for the last few thousand texts.
    return tuple(name for name, pattern in _SKILL_PATTERNS.items() if pattern.search(text))


def canonical(skill: str) -> set[str]:
    """The lower-cased canonical names a listed skill stands for (`JS` -> javascript,
    `Python Development` -> python); an unknown skill stands for itself."""
    key = norm(skill)
    if key in _BY_ALIAS:
        return {_BY_ALIAS[key].lower()}
    found = find_skills(skill)
    return {name.lower() for name in found} if found else ({key} if key else set())


_SLUG = re.compile(r"^[a-z0-9.+#]+(?:[-_][a-z0-9.+#]+)*$")


def display_skill(skill: str) -> str:
    """A skill as Upwork shows it: the vocabulary's spelling of a known slug ("python",
    "django-framework" -> "Python", "Django"), an unknown slug in words ("data-entry" ->
    "Data Entry"); a name that already has capitals or spaces is kept as written."""
    text = " ".join(skill.split())
    if not _SLUG.fullmatch(text):
        return text
    known = _BY_ALIAS.get(text) or _BY_ALIAS.get(text.replace("-", " ").replace("_", " "))
    if known:
        return known
    found = find_skills(text.replace("-", " ").replace("_", " "))
    if len(found) == 1:
        return found[0]
    return " ".join(word.capitalize() for word in re.split(r"[-_]", text))


# --------------------------------------------------------------------------- red flags


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


# --------------------------------------------------------------------------- language

_SCRIPTS: tuple[tuple[str, str], ...] = (
    ("ar", "\u0600-\u06ff"),
    ("he", "\u0590-\u05ff"),
    ("el", "\u0370-\u03ff"),
    ("hi", "\u0900-\u097f"),
    ("th", "\u0e00-\u0e7f"),
    ("ko", "\uac00-\ud7af"),
    ("ja", "\u3040-\u30ff"),
    ("zh", "\u4e00-\u9fff"),
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_STOPWORDS: dict[str, frozenset[str]] = {
    "en": _words("the and for with you are this that will have need our"),
    "es": _words("el los las para con que una por del necesitamos estamos"),
    "de": _words("der die das und mit für ist wir sie nicht eine suchen"),
    "fr": _words("le les des pour avec est nous une dans vous sur cherchons"),
    "pt": _words("os as para com uma não são você estamos precisamos"),
    "it": _words("il gli per con una sono che della cerchiamo abbiamo"),
    "pl": _words("na się jest dla nie oraz szukamy potrzebujemy który"),
    "nl": _words("de het een voor met zijn wij niet naar zoeken"),
}
_UK_WORDS = _words("що як це для та або потрібно шукаємо розробник також")
_RU_WORDS = _words("что как это для или нужно ищем разработчик также")


def detect_language(text: str) -> str:
    """A best guess at the ISO 639-1 code of `text`; "en" when unsure."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return "en"
    cyrillic = sum(1 for c in letters if "\u0400" <= c <= "\u04ff")
    if cyrillic * 3 > len(letters):
        return _cyrillic_language(text.lower())
    for code, chars in _SCRIPTS:
        if len(re.findall(f"[{chars}]", text)) * 3 > len(letters):
            return code
    words = re.findall(r"[^\W\d_]+", text.lower())
    counts = {code: sum(1 for w in words if w in stop) for code, stop in _STOPWORDS.items()}
    best = max(counts, key=lambda code: counts[code])
    return best if counts[best] > counts["en"] else "en"


def _cyrillic_language(text: str) -> str:
    words = re.findall(r"[^\W\d_]+", text)
    uk = sum(text.count(c) for c in "іїєґ") + 2 * sum(1 for w in words if w in _UK_WORDS)
    ru = sum(text.count(c) for c in "ыэъё") + 2 * sum(1 for w in words if w in _RU_WORDS)
    return "ru" if ru > uk else "uk"


# --------------------------------------------------------------------------- text pieces

_BULLET = re.compile(r"^\s*(?:[-*•·>]+|\d{1,2}[.)]|q\d*[:.)]|question\s*\d*[:.)])\s*", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[]?[A-ZА-ЯІЇЄҐ0-9])")


def screening_questions(description: str, limit: int = 10) -> list[str]:
    """Lines of the description that end with a question mark."""
    found: list[str] = []
    for line in description.splitlines():
        line = _BULLET.sub("", line).strip()
        if line.endswith("?") and 8 <= len(line) <= 300 and line not in found:
            found.append(line)
    return found[:limit]


def summarize(title: str, description: str, limit: int = 500) -> str:
    """The first one or two sentences of the description (the title when it is empty)."""
    text = " ".join(description.split())
    if not text:
        return " ".join(title.split())[:limit]
    sentences = _SENTENCE_END.split(text)
    summary = sentences[0]
    if len(summary) < 80 and len(sentences) > 1:
        summary = f"{summary} {sentences[1]}"
    if len(summary) > limit:
        cut = summary[: limit - 1].rsplit(" ", 1)[0]
        summary = cut.rstrip(" ,;:") + "…"
    return summary


def listing(head: str, items: list[str]) -> str:
    """`head` and as many of `items` as fit in a reason, then an ellipsis."""
    text = head + items[0]
    for i, item in enumerate(items[1:], start=1):
        tail = ", …" if i < len(items) - 1 else ""
        if len(text) + 2 + len(item) + len(tail) > REASON_MAX:
            return text + ", …"
        text += ", " + item
    return text[:REASON_MAX]


def usd(amount: Decimal) -> str:
    """$40, $1.5k, $2M: short amounts for reasons and flags."""
    value = float(amount)
    for limit, suffix in ((1_000_000, "M"), (1_000, "k")):
        if value >= limit:
            short = f"{value / limit:.1f}".removesuffix(".0")
            return f"${short}{suffix}"
    return f"${value:.2f}".removesuffix(".00")
