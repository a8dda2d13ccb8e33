"""The offline provider's skill vocabulary: canonical names, their aliases, and finding them
in text. Plain rules, no network, same answer every time (red flags: core.ai.job_flags,
language: core.ai.language, text pieces: core.ai.offline_text)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

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


# Characters whose case (under re.IGNORECASE) only ever meets ASCII letters as ASCII letters:
# ASCII, Cyrillic, Latin-1 signs and punctuation. "ſ" (a long s), "K" (the Kelvin sign) or a
# dotless "ı" do match "s", "k", "i" without lowering to them: texts with those get no shortcut.
_PLAIN_TEXT = re.compile(r"[\x00-\x7f\u00a0-\u00bf\u02bc\u0400-\u04ff\u2000-\u206f]*")


def lowered(text: str) -> str | None:
    """`text` lower-cased, for `may_match`; None when a needle could miss a match in it."""
    return text.lower() if _PLAIN_TEXT.fullmatch(text) else None


def needles(aliases: Iterable[str]) -> tuple[str, ...]:
    """The first word of each alias, lower-cased: a whole-word match of an alias (a space in
    it matching any run of spaces or hyphens, the rest as written, ASCII in any case) holds
    it. None for a non-ASCII alias: there, case-insensitive matching is not `str.lower`."""
    names = list(aliases)
    if not all(name and name.isascii() for name in names):
        return ()
    return tuple(dict.fromkeys(name.lower().split(" ")[0] for name in names))


def may_match(found: tuple[str, ...], low: str | None) -> bool:
    """False only when the pattern with these `needles` cannot match the `lowered` text."""
    return low is None or not found or any(n in low for n in found)


def _pattern(aliases: tuple[str, ...]) -> re.Pattern[str]:
    parts = sorted((re.escape(a).replace(r"\ ", r"[\s\-]+") for a in aliases), key=len)
    return re.compile(r"(?<![\w+#.])(?:" + "|".join(reversed(parts)) + r")(?![\w+#])", re.I)


_SKILL_PATTERNS = {name: (_pattern(aliases), needles(aliases)) for name, aliases in SKILLS.items()}
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
    low = lowered(text)
    return tuple(
        name
        for name, (pattern, found) in _SKILL_PATTERNS.items()
        if may_match(found, low) and pattern.search(text)
    )


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
