TEXTS: dict[str, str] = {
    "start.new": (
        "👋 Hi, {name}! I am <b>Upwork Scout</b>.\n\n"
        "I watch Upwork's job feed for you, tell you within seconds when a job fits, "
        "explain why, and draft a proposal that you approve before anything is sent.\n\n"
        "Next step: link your Upwork account with /link."
    ),
    "start.back": "Welcome back, {name}! /help lists what I can do.",
    "help": (
        "<b>What I can do</b>\n"
        "/link — connect your Upwork account\n"
        "/filters — what jobs you want\n"
        "/profile — your skills and rate, used for proposals\n"
        "/pause, /resume — stop or restart alerts\n"
        "/stats — your last 7 days · /dashboard — analytics in the browser\n"
        "/mfa — two-factor protection · /messages · /workdiary\n"
        "/unlink · /delete_me — disconnect or erase your data\n"
        "/language — English / Українська"
    ),
    "language.choose": "Choose your language:",
    "language.set": "Language set to English.",
    "error.generic": "Something went wrong on our side. Please try again in a minute.",
}
