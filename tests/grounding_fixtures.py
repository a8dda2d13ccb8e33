"""Labelled sentences for the grounding check: (sentence, "keep" | "remove").

One profile (Python, Django, PostgreSQL, PayPal; a bio naming "Django 4.2" and
"PostgreSQL 15") and one job (Stripe billing for a Django SaaS), as in issue #18: every
example from the issue is here, in English and in Ukrainian."""

from __future__ import annotations

from core.ai.inputs import JobInput, ProfileInput
from core.ai.schemas import JobAnalysis

PROFILE = ProfileInput(
    headline="Python/Django developer for SaaS billing",
    skills=["Python", "Django", "PostgreSQL", "PayPal"],
    bio=(
        "I build SaaS backends with Django 4.2 and PostgreSQL 15. For 6 years I have "
        "integrated payments: PayPal subscriptions for 12 SaaS clients. At Acme Travel I cut "
        "checkout errors by 30%."
    ),
    portfolio=["Invoice dashboard: PayPal subscriptions for a Django SaaS "
               "https://github.com/olena/invoices"],
)  # fmt: skip
JOB = JobInput(
    title="Stripe billing for our Django SaaS",
    description=(
        "We need Stripe billing (subscriptions, invoices, webhooks) added to our Django SaaS. "
        "The app is 3 years old and has about 2,000 paying users on PayPal. Migrate them to "
        "Stripe within 6 weeks.\nHave you used Stripe before?\n"
        "Which billing edge cases worry you most?"
    ),
    skills=["Stripe", "Django", "Python"],
)
ANALYSIS = JobAnalysis(
    summary="A Django SaaS needs Stripe billing and a migration from PayPal.",
    required_skills=["Stripe", "Django", "Python"],
    red_flags=[],
    client_risk="low",
    language="en",
    screening_questions=["Have you used Stripe before?"],
)

KEEP, REMOVE = "keep", "remove"

ENGLISH: list[tuple[str, str]] = [
    ("You need Stripe billing with subscriptions and webhooks for your Django SaaS.", KEEP),
    ("Which Stripe plan types do you sell today?", KEEP),
    ("Since your app is 3 years old, the migration has to keep every subscription.", KEEP),
    ("I haven't used Stripe yet, but I have integrated PayPal subscriptions in Django.", KEEP),
    ("I have 15 years of Django experience.", REMOVE),
    ("I have been writing Python for 4 years.", REMOVE),
    ("I have two years of hands-on Django work.", REMOVE),
    ("I reduced page load by 60% for a fintech client.", REMOVE),
    ("I led the payments team at Monzo.", REMOVE),
    ("I used Prisma to model billing data on my last project.", REMOVE),
    ("I have integrated PayPal subscriptions for 12 SaaS clients.", KEEP),
    ("For 6 years I have built payment flows in Django.", KEEP),
    ("At Acme Travel I cut checkout errors by 30%.", KEEP),
    ("I cut checkout errors by 45% at Acme Travel.", REMOVE),
    ("I work with Django 4.2 and PostgreSQL 15 every day.", KEEP),
    ("I have 15 years of PostgreSQL behind me.", REMOVE),
    ("Email me at olena.dev@gmail.com to talk details.", REMOVE),
    ("Message me on Telegram: @olena_dev.", REMOVE),
    ("You can see a similar project here: https://github.com/olena/invoices", KEEP),
    ("See my billing demo at https://olena-demo.dev/stripe", REMOVE),
    ("I'll move your 2,000 paying users from PayPal to Stripe without downtime.", KEEP),
    ("My first step would be a short audit of your current PayPal webhooks.", KEEP),
    ("I'd deliver the migration within 6 weeks.", KEEP),
    ("I have worked at Google on their billing platform.", REMOVE),
    ("I'm a certified Stripe expert.", REMOVE),
    ("I have built over twenty Stripe integrations.", REMOVE),
    ("I have built twenty SaaS products.", REMOVE),
    ("I have built payment integrations for 12 SaaS clients.", KEEP),
    ("Your users should never see a failed renewal.", KEEP),
    ("Which webhook events does your app handle today?", KEEP),
    ("Do you want invoices in several currencies?", KEEP),
    ("I've scaled Kubernetes clusters for payment systems.", REMOVE),
    ("I have not worked with Kubernetes, so I would keep your current hosting.", KEEP),
    ("Over a decade of Django experience backs every line I write.", REMOVE),
    ("My Django work always comes with tests.", KEEP),
    ("My GraphQL APIs handle millions of requests.", REMOVE),
    ("I would start by mapping your PayPal plans to Stripe products.", KEEP),
    ("I helped Shopify merchants grow their revenue.", REMOVE),
    ("Call me on +44 7700 900123.", REMOVE),
    ("Python and Django are what I use every day.", KEEP),
    ("Since 2,000 users pay through PayPal, we need a careful cutover.", KEEP),
    ("I saved a client $40,000 a year on payment fees.", REMOVE),
    ("My rate for this project is $45 per hour.", KEEP),
    ("I have 5 five-star reviews on Upwork.", REMOVE),
    ("Back in 2015 I started building Django sites.", REMOVE),
    ("Let me know which invoices matter most to your accountant.", KEEP),
    ("My last client, Revolut, saw churn drop by 20%.", REMOVE),
    ("I built the billing for Notion.", REMOVE),
    ("Have you used Stripe before?", KEEP),
    ("I haven't used Stripe yet, but I have shipped PayPal billing in Django 4.2.", KEEP),
    ("Ten years of Python behind every release.", REMOVE),
    ("I specialise in Laravel billing systems.", REMOVE),
    ("I can add PostgreSQL reporting views for your finance team.", KEEP),
    ("Stripe Billing handles proration, so your upgrades stay fair.", KEEP),
]

UKRAINIAN: list[tuple[str, str]] = [
    ("Вам потрібна оплата через Stripe з підписками для вашого SaaS на Django.", KEEP),
    ("Які тарифні плани Stripe ви продаєте зараз?", KEEP),
    ("Оскільки вашому застосунку 3 роки, міграція має зберегти всі підписки.", KEEP),
    ("Я ще не працював зі Stripe, але інтегрував підписки PayPal у Django.", KEEP),
    ("Маю 15 років досвіду з Django.", REMOVE),
    ("Пишу на Python вже 4 роки.", REMOVE),
    ("Маю два роки досвіду з Django.", REMOVE),
    ("Я пришвидшив завантаження сторінок на 60%.", REMOVE),
    ("Я керував командою платежів у Monzo.", REMOVE),
    ("Я використовував Prisma для моделі даних.", REMOVE),
    ("Я інтегрував підписки PayPal для 12 SaaS-клієнтів.", KEEP),
    ("Вже 6 років я будую платіжні системи на Django.", KEEP),
    ("В Acme Travel я скоротив помилки оплати на 30%.", KEEP),
    ("Я скоротив помилки оплати на 45%.", REMOVE),
    ("Я щодня працюю з Django 4.2 та PostgreSQL 15.", KEEP),
    ("Маю 15 років досвіду з PostgreSQL.", REMOVE),
    ("Напишіть мені на olena.dev@gmail.com.", REMOVE),
    ("Пишіть у Telegram: @olena_dev.", REMOVE),
    ("Схожий проєкт: https://github.com/olena/invoices", KEEP),
    ("Моє демо білінгу: https://olena-demo.dev/stripe", REMOVE),
    ("Я працював у Google над білінгом.", REMOVE),
    ("Я сертифікований експерт зі Stripe.", REMOVE),
    ("Я перенесу ваших 2000 користувачів з PayPal на Stripe без простою.", KEEP),
    ("Першим кроком я перевірю ваші поточні вебхуки PayPal.", KEEP),
    ("Міграцію я завершу за 6 тижнів.", KEEP),
    ("Я створив понад двадцять інтеграцій Stripe.", REMOVE),
    ("Я створив двадцять SaaS-продуктів.", REMOVE),
    ("Які події вебхуків ваш застосунок обробляє зараз?", KEEP),
    ("Чи потрібні вам рахунки в кількох валютах?", KEEP),
    ("Я масштабував кластери Kubernetes для платіжних систем.", REMOVE),
    ("Я не працював з Kubernetes, тому залишу ваш поточний хостинг.", KEEP),
    ("Понад десять років досвіду з Django стоять за кожним моїм рядком коду.", REMOVE),
    ("Моя робота з Django завжди має тести.", KEEP),
    ("Мої GraphQL API обробляють мільйони запитів.", REMOVE),
    ("Я почну з того, що зіставлю ваші плани PayPal з продуктами Stripe.", KEEP),
    ("Дзвоніть мені: +380 67 123 4567.", REMOVE),
    ("Python і Django — це те, чим я користуюся щодня.", KEEP),
    ("Я зекономив клієнту 40 000 доларів на комісіях.", REMOVE),
    ("Моя ставка для цього проєкту — 45 доларів за годину.", KEEP),
    ("Маю 5 п'ятизіркових відгуків на Upwork.", REMOVE),
    ("У 2015 році я почав робити сайти на Django.", REMOVE),
    ("Дайте знати, які рахунки найважливіші для вашого бухгалтера.", KEEP),
    ("Мій останній клієнт, Revolut, скоротив відтік на 20%.", REMOVE),
    ("Я зробив білінг для Notion.", REMOVE),
    ("Я не використовував Stripe раніше, але швидко розберуся з документацією.", KEEP),
    ("Ваш застосунок на Django вже має 2,000 платних користувачів.", KEEP),
    ("Я допоміг магазинам на Shopify збільшити виручку.", REMOVE),
    ("Я спеціалізуюся на білінгу для Laravel.", REMOVE),
    ("Чи використовували ви Stripe раніше?", KEEP),
    ("Десять років з Python за кожним релізом.", REMOVE),
    ("Ваші користувачі ніколи не мають бачити невдалого продовження підписки.", KEEP),
    ("Я можу додати звіти в PostgreSQL для вашої фінансової команди.", KEEP),
]
