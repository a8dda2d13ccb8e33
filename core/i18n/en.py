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
    "link.not_configured": "Linking is not set up on this server yet (no Upwork API key).",
    "link.open": (
        "Open this link to connect your Upwork account. It works once and expires in 10 minutes:"
    ),
    "link.button": "🔗 Link Upwork",
    "link.already": "Your Upwork account <b>{name}</b> is linked. Link again to switch accounts:",
    "link.done": "✅ Linked as <b>{name}</b>. Next: tell me what work you want with /filters.",
    "link.relink_needed": (
        "⚠️ Upwork no longer accepts the link to your account, so alerts are paused for "
        "it. Please link it again."
    ),
    "unlink.confirm": "Unlink your Upwork account <b>{name}</b>? Its tokens will be deleted.",
    "unlink.yes": "Yes, unlink",
    "unlink.no": "Cancel",
    "unlink.done": "Unlinked. Your tokens are deleted. /link connects an account again.",
    "unlink.cancelled": "Nothing changed.",
    "unlink.none": "No Upwork account is linked. /link connects one.",
    "upwork.needs_link": "Link your Upwork account first: /link",
    "upwork.missing_scope": (
        "Your Upwork API key does not include the permission for this ({scope}). Ask for "
        "it on Upwork's API key page, then /link again."
    ),
    "upwork.unavailable": "Upwork is not answering right now. Please try again in a minute.",
    "messages.title": "<b>Latest Upwork messages</b>",
    "messages.empty": "No conversations yet.",
    "messages.unread": "{count} unread",
    "workdiary.title": "<b>Hours, week of {start}</b>",
    "workdiary.empty": "No hours logged this week.",
    "workdiary.total": "Total: <b>{hours}</b> h",
    "nav.newer": "◀ Newer",
    "nav.older": "Older ▶",
    "nav.previous_week": "◀ Previous week",
    "nav.next_week": "Next week ▶",
    "error.generic": "Something went wrong on our side. Please try again in a minute.",
}
