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
        "/email, /sms — digest and account alerts by email or SMS\n"
        "/taste — what I learned from your taps · /why — why an alert scored so\n"
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
    "link.profile_imported": (
        "📋 I imported your Upwork profile (title, overview, skills, rate): proposal drafts "
        "start from it. See or change it with /profile."
    ),
    "link.profile_kept": (
        "📋 Your profile stays as you typed it. /profile shows it and can import the one "
        "from Upwork instead."
    ),
    "link.profile_failed": (
        "⚠️ I could not import your Upwork profile, so drafts have nothing to start from yet. "
        "Send /profile with your headline, skills and rate."
    ),
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
    "alert.hourly": "Hourly {range}/h",
    "alert.fixed": "Fixed price {amount}",
    "alert.pruned": "Details older than 24 hours are not kept (Upwork's rule); see them on Upwork.",
    "alert.no_budget": "Budget not stated",
    "alert.country_unknown": "Country not stated",
    "alert.verified": "payment verified",
    "alert.unverified": "payment not verified",
    "alert.spent": "{amount} spent",
    "alert.hires": "{count} hires",
    "alert.proposals": "📨 {count} proposals so far",
    "alert.why": "<b>Why it fits</b>",
    "alert.posted_minutes": "Posted {minutes} min ago",
    "alert.posted_hours": "Posted {hours} h ago",
    "alert.link": "View the job on Upwork",
    "alert.draft": "✍️ Draft proposal",
    "alert.skip": "🙈 Skip",
    "alert.open": "🔗 Open on Upwork",
    "alert.skipped": "🙈 Skipped: {title}",
    "alert.skip_done": "Skipped",
    "digest.title": "📬 <b>Your daily digest</b>: {count} matching jobs",
    "pause.done": "⏸ Alerts paused. Your searches are kept; /resume turns alerts back on.",
    "resume.done": "▶️ Alerts are on again.",
    "profile.empty": (
        "You have no profile yet. Proposals are written only from it, so set it with "
        "one message:\n<code>/profile Python developer, 8 years of Django\nSkills: Python, "
        "Django, PostgreSQL\nRate: 50\nA few lines about your work…</code>\n"
        "or import it from Upwork:"
    ),
    "profile.show": (
        "<b>{headline}</b>\nSkills: {skills}\nRate: {rate}\n\n{bio}\n\n"
        "Change it with /profile followed by the new text."
    ),
    "profile.import": "⬇️ Import from Upwork",
    "profile.saved": "✅ Profile saved.",
    "profile.imported": "✅ Profile imported from Upwork.",
    "profile.error.empty": (
        "The profile text is empty. Send it after the command, e.g. "
        "<code>/profile Python developer\nSkills: Python, Django\nRate: 50</code>"
    ),
    "profile.error.too_long": "That is too long: keep the profile under 4000 characters.",
    "profile.error.too_many_skills": "Please list at most 50 skills.",
    "profile.error.bad_rate": "The rate must be a number, like <code>Rate: 45</code>.",
    "filters.list": "<b>Your searches</b>: tap one to change it.",
    "filters.none": (
        "No searches yet. Tap <b>New search</b>, or type one line, e.g.\n"
        "<code>/filters python django -wordpress hourly>=40 verified score>=70</code>"
    ),
    "filters.new": "➕ New search",
    "filters.detail": (
        "<b>{name}</b>\n<code>{line}</code>\n\nDelivery: {delivery} · quiet hours: {quiet}\n"
        "Minimum AI fit: {score}"
    ),
    "filters.any": "any",
    "filters.on": "on",
    "filters.off": "off",
    "filters.instant": "instant",
    "filters.digest": "daily digest",
    "filters.type": "Type: {value}",
    "filters.level": "Level: {value}",
    "filters.verified": "Verified clients only: {value}",
    "filters.score": "Min fit {value}",
    "filters.delivery": "Delivery: {value}",
    "filters.quiet": "Quiet: {value}",
    "filters.edit": "✏️ Edit as text",
    "filters.delete": "🗑 Delete",
    "filters.back": "⬅️ Back",
    "filters.send_line": (
        'Send the filters as one line, e.g. <code>react "next.js" -wordpress budget>=500 '
        "country!=IND age&lt;=6h</code>"
    ),
    "filters.bad": "I did not understand: {tokens}. Nothing was changed.",
    "filters.saved": "✅ Saved: <code>{line}</code>",
    "filters.gone": "That search no longer exists. /filters shows the ones you have.",
    "filters.deleted": "Deleted",
    "filters.limit": "You can have at most 10 searches. Delete one in /filters first.",
    "draft.working": "Drafting your proposal…",
    "draft.unavailable": (
        "This job can no longer be drafted (it was removed or already decided). New "
        "alerts keep coming; /filters changes what you get."
    ),
    "draft.need_profile": (
        "I write proposals only from your profile, and it is empty. Set it with /profile, "
        "then tap Draft proposal again."
    ),
    "draft.title": "✍️ <b>Draft v{version}</b> · {title}",
    "draft.answers": "<b>Answers to the client's questions</b>",
    "draft.removed": (
        "ℹ️ I left out {count} claim(s) your profile does not back (add the fact to /profile, "
        "or type it in with Edit, if it is true):"
    ),
    "draft.check": "The letter still needs a look (fix it with Edit or Regenerate):",
    "grounding.skill": "a skill not in your profile",
    "grounding.tenure": "years of experience your profile does not state",
    "grounding.number": "a number neither your profile nor the job gives",
    "grounding.employer": "an employer or client not in your profile",
    "grounding.name": "a name (tool, company) not in your profile or the job",
    "grounding.contact": (
        "contact details or a link not in your profile (Upwork forbids contact details "
        "before a contract)"
    ),
    "draft.approve": "✅ Approve",
    "draft.regenerate": "🔄 Regenerate",
    "draft.edit": "✏️ Edit",
    "draft.reject": "❌ Reject",
    "draft.approved_state": "✅ Approved",
    "draft.rejected_state": "❌ Rejected ({reason})",
    "draft.submitted_state": "📤 Submitted to Upwork",
    "draft.already": "This draft was already decided; the newest one is at the bottom of the chat.",
    "draft.approving": "Approved. Sending it on…",
    "draft.ask_instruction": (
        "How should I change it? Tap an option or send your own instruction, e.g. "
        "<i>mention my Django work</i>."
    ),
    "draft.instruction.shorter": "Shorter",
    "draft.instruction.formal": "More formal",
    "draft.instruction.none": "Just regenerate",
    "draft.ask_edit": "Send the text you want to use; it becomes the draft.",
    "draft.edited": "Your text is now the draft.",
    "draft.ask_reason": "Why are you rejecting it?",
    "draft.reason.too_generic": "Too generic",
    "draft.reason.wrong_facts": "Wrong facts",
    "draft.reason.not_interested": "Not interested",
    "draft.reason.other": "Other",
    "draft.rejected": "Rejected. Thanks, that helps me write better drafts.",
    "draft.too_long": "That text is too long for an Upwork cover letter (max 5000 characters).",
    "draft.ready": (
        "📋 <b>Ready to send.</b> Your Upwork API key cannot submit proposals, so copy the "
        "text into Upwork yourself:"
    ),
    "draft.refused": (
        "⚠️ <b>Upwork refused the proposal:</b> {error}\nNothing was sent. Fix it on Upwork, "
        "or copy the text into Upwork yourself:"
    ),
    "draft.submitted": "📤 Submitted to Upwork. I will tell you when the client replies.",
    "alert.state.approved": "✅ Proposal approved",
    "alert.state.submitted": "📤 Proposal submitted",
    "budget.reached": (
        "💸 You reached today's AI budget (${budget}). New drafts wait until tomorrow "
        "(UTC), or raise the budget:"
    ),
    "budget.raise": "Raise to ${amount} today",
    "budget.raised": "Budget raised to ${amount}. Waiting drafts are on their way.",
    "outcome.replied": "💬 <b>The client replied</b> about “{title}”:\n{message}",
    "outcome.hired": "🎉 You were hired for “{title}”!",
    "mfa.off": (
        "🔐 Two-factor protection is <b>off</b>. With it on, approving a proposal, "
        "unlinking, opening the dashboard and deleting your data need a code from your "
        "authenticator app."
    ),
    "mfa.on": "🔐 Two-factor protection is <b>on</b>. Recovery codes left: {left}.",
    "mfa.enable": "Turn on",
    "mfa.disable": "Turn off",
    "mfa.scan": (
        "Scan this QR code with your authenticator app (or add this key by hand):\n"
        "<code>{manual_key}</code>\n\nThen send me the 6-digit code it shows."
    ),
    "mfa.saved": "I saved them",
    "private_only": "Please use me in a private chat for this.",
    "mfa.confirm_failed": "That code did not check out. Send the current 6-digit code.",
    "mfa.enabled": (
        "✅ Two-factor protection is on. Keep these recovery codes somewhere safe; each "
        "works once, and I will not show them again. This message disappears when you tap "
        "“I saved them”, or in 10 minutes:\n{codes}"
    ),
    "mfa.disabled": "Two-factor protection is off.",
    "mfa.ask_code": "🔐 Send the 6-digit code from your authenticator app (or a recovery code).",
    "mfa.wrong": "❌ Wrong code. Try again.",
    "mfa.replayed": "❌ That code was already used. Wait for the next one.",
    "mfa.locked": "⛔ Too many wrong codes. Code checks are locked for 15 minutes.",
    "mfa.not_enabled": "Two-factor protection is not on. /mfa turns it on.",
    "dashboard.link": "📊 Your dashboard. The link works once and expires in 10 minutes.",
    "dashboard.open": "Open dashboard",
    "delete.confirm": (
        "⚠️ Erase everything I keep about you: searches, profile, matches, drafts, and "
        "your Upwork tokens? This cannot be undone."
    ),
    "delete.yes": "Yes, erase everything",
    "delete.no": "Cancel",
    "delete.done": "🗑 Done. All your data and tokens are erased. /start begins afresh.",
    "throttle.slow_down": (
        "⏳ Easy there: I am handling your earlier messages. Try again in a moment."
    ),
    "stats.week": (
        "📈 <b>Your last 7 days</b>\n"
        "Matched jobs: {matched} · alerts: {alerted} · skipped: {skipped}\n"
        "Drafts: {drafted} · approved: {approved} · submitted: {submitted}\n"
        "Client replies: {replied} · hired: {hired}\n"
        "AI spend: ${spend}"
    ),
    "error.unavailable": (
        "⏳ I am briefly unavailable (my database is restarting). Nothing is lost: please "
        "try again in a minute."
    ),
    "error.generic": "Something went wrong on our side. Please try again in a minute.",
    # --- extra notification channels (/email, /sms; core.notify) ---
    "channels.on": "on",
    "channels.off": "off",
    "channels.not_set": "not set",
    "channels.no_address": "Set an address first.",
    "channels.email.not_configured": "Email is not set up on this server (no SMTP_URL).",
    "channels.email.show": (
        "📧 <b>Email</b>: {address}\n"
        "• Daily digest: {digest}\n"
        "• Account alerts (relink needed, AI budget reached): {alerts}\n\n"
        "The digest email goes out with your daily digest (searches in digest mode, /filters).\n"
        "/email name@example.com sets the address (after a code sent there) · "
        "/email off removes it."
    ),
    "channels.email.saved": "📧 Email set to <b>{address}</b>.",
    "channels.email.removed": "📧 Email removed. I will not send you any email.",
    "channels.email.invalid": (
        "“{value}” is not an email address I can send to. Example: "
        "/email name@example.com. Nothing changed."
    ),
    "channels.sms.not_configured": "SMS is not set up on this server (no SMS_* settings).",
    "channels.sms.show": (
        "📱 <b>SMS</b>: {phone}\n"
        "• Account alerts (relink needed, AI budget reached): {alerts}\n\n"
        "/sms +380501234567 sets the number (international format, after a code sent there) · "
        "/sms off removes it."
    ),
    "channels.sms.saved": "📱 SMS number set to <b>{phone}</b>. Account alerts by SMS are on.",
    "channels.sms.removed": "📱 Number removed. I will not send you any SMS.",
    "channels.sms.invalid": (
        "“{value}” is not a phone number in international format. Example: "
        "/sms +380501234567. Nothing changed."
    ),
    "channels.button.email_digest": "{mark} Daily digest by email",
    "channels.button.email_account_alerts": "{mark} Account alerts by email",
    "channels.button.sms_account_alerts": "{mark} Account alerts by SMS",
    # --- a new email address or phone number is confirmed by a one-time code (issue 14) ---
    "contact.code_subject": "Upwork Scout: your confirmation code",
    "contact.code_message": (
        "Your Upwork Scout confirmation code: {code}. Type it in the Telegram chat with the "
        "bot within 15 minutes. If you did not ask for it, ignore this message."
    ),
    "contact.code_footer": (
        "Someone asked the Upwork Scout bot to send alerts to this address. Until the code is "
        "typed back, nothing else is sent here."
    ),
    "contact.email.sent": (
        "📧 I am sending a 6-digit code to <b>{address}</b>. Type it here within 15 minutes; "
        "the address is used only after that (until then it gets nothing but the code)."
    ),
    "contact.sms.sent": (
        "📱 I am sending a 6-digit code by SMS to <b>{address}</b>. Type it here within 15 "
        "minutes; the number is used only after that (until then it gets nothing but the code)."
    ),
    "contact.email.pending": "⏳ Waiting for the code sent to <b>{address}</b>.",
    "contact.sms.pending": "⏳ Waiting for the code sent to <b>{address}</b>.",
    "contact.email.not_a_code": ("Send the 6-digit code from the email, or /email to start over."),
    "contact.sms.not_a_code": "Send the 6-digit code from the SMS, or /sms to start over.",
    "contact.email.send_failed": (
        "⚠️ I could not send the code to <b>{address}</b>. Check the address and try again "
        "with /email. Nothing changed."
    ),
    "contact.sms.send_failed": (
        "⚠️ I could not send the code to <b>{address}</b>. Check the number and try again "
        "with /sms. Nothing changed."
    ),
    "contact.wrong": "❌ Wrong code. Nothing changed. Attempts left: {left}.",
    "contact.locked": (
        "⛔ Too many wrong codes: that code no longer works and nothing changed. "
        "Ask for a new one with /email or /sms."
    ),
    "contact.none": (
        "That code has expired or was replaced by a newer one. Nothing changed. "
        "Ask for a new one with /email or /sms."
    ),
    "contact.too_many": (
        "⏳ Too many codes asked for in the last hour. Try again later. Nothing changed."
    ),
    "email.digest_subject": "Upwork Scout digest: {count} matching jobs",
    "email.account_subject": "Upwork Scout: your account needs attention",
    "email.footer": (
        "You get this because you turned it on in the Upwork Scout bot; "
        "/email off there stops all email."
    ),
    "notify.relink_needed": (
        "Upwork no longer accepts the link to your account, so alerts for it are paused. "
        "Open the bot and send /link to link it again."
    ),
    "notify.budget_reached": (
        "You reached today's AI budget (${budget}). New proposal drafts wait until "
        "tomorrow (UTC); you can raise the budget in the bot."
    ),
    # --- issue 15: the bot never goes silent, onboarding, filters in words ---
    "start.relink": (
        "👋 Welcome back, {name}. ⚠️ Upwork no longer accepts the link to your account, so "
        "no jobs are coming in. Tap below (or send /link) to link it again; your searches "
        "and profile are kept."
    ),
    "onboarding.title": "<b>Getting started</b>",
    "onboarding.link": "1. Link your Upwork account: /link",
    "onboarding.profile": "2. Tell me what you offer: /profile",
    "onboarding.filters": "3. Say what jobs you want: /filters",
    "fallback.help": "❓ Help",
    "fallback.command": ("I don't know the command {command}. Tap Help to see the ones I have."),
    "fallback.text": (
        "I work with commands, so I did not act on that message. For example: "
        "/filters python django sets what jobs you want, /profile sets what you offer. "
        "Tap Help for all of them."
    ),
    "fallback.long": (
        "That message is long ({length} characters) and I did not act on it. To set your "
        "profile from it, send it after /profile (up to 4000 characters). Tap Help for "
        "everything else."
    ),
    "fallback.other": "I can't do anything with that kind of message. Tap Help to see what I can.",
    "filters.bad_term": "<code>{token}</code> — {reason}",
    "filters.bad_reasons": (
        "I could not read this line, so nothing was changed:\n{problems}\n\n"
        "Fix it and send it again, or /filters help lists every term with an example."
    ),
    "filters.help": (
        "<b>One-line filters</b>: <code>/filters</code> followed by any of these terms.\n"
        '<code>python</code>, <code>"machine learning"</code> — any of these words or phrases '
        "in the title, description or skills\n"
        '<code>-wordpress</code>, <code>-"data entry"</code> — none of these\n'
        "<code>type=hourly</code> or <code>type=fixed</code> — only that kind of job\n"
        "<code>level=entry|intermediate|expert</code> — experience level\n"
        "<code>budget>=500</code> — fixed-price jobs with a budget of at least $500\n"
        "<code>hourly>=30</code> — hourly jobs paying at least $30/h (fixed-price jobs are "
        "not affected)\n"
        "<code>strict</code> — also drop jobs that state no budget or rate\n"
        "<b>Client quality</b>\n"
        "<code>verified</code> — payment method verified\n"
        "<code>spent>=1000</code> — has spent at least $1000 on Upwork\n"
        "<code>rating>=4.5</code> — average feedback at least 4.5 of 5\n"
        "<code>hires>=1</code> — has hired at least once\n"
        "<code>country!=IND</code> — not from this country (repeat for more)\n"
        "<b>Competition and freshness</b>\n"
        "<code>proposals&lt;20</code> — fewer than 20 proposals so far\n"
        "<code>age&lt;=24h</code> — posted within 24 hours (or <code>3d</code>)\n"
        "<code>score>=70</code> — minimum AI fit score (0–100, default 60)\n\n"
        'Example: <code>/filters react "next.js" -wordpress hourly>=40 verified '
        "spent>=1000 score>=70</code>\n"
        "<code>/filters</code> alone opens the button editor."
    ),
    "filters.saved_words": "✅ Saved: <code>{line}</code>\n\n<b>What I will look for</b>\n{words}",
    "fw.include": "• jobs mentioning any of: {terms}",
    "fw.any_job": "• any job (no keywords: every new job is checked against the rest)",
    "fw.exclude": "• but none mentioning: {terms}",
    "fw.type.hourly": "• hourly jobs only",
    "fw.type.fixed": "• fixed-price jobs only",
    "fw.level": "• experience level: {level}",
    "fw.budget": "• fixed-price jobs with a budget of at least ${amount}",
    "fw.hourly": "• hourly jobs paying at least ${amount}/h",
    "fw.hourly_fixed_too": "  (fixed-price jobs are not affected; add type=hourly for hourly only)",
    "fw.unstated_kept": "• jobs that state no budget or rate are kept; add strict to drop them",
    "fw.unstated_dropped": "• jobs that state no budget or rate are dropped (strict)",
    "fw.verified": "• clients with a verified payment method",
    "fw.spent": "• clients who have spent at least ${amount}",
    "fw.rating": "• clients rated at least {rating} of 5",
    "fw.hires": "• clients with at least {hires} hire(s)",
    "fw.countries": "• clients not from: {countries}",
    "fw.proposals": "• fewer than {count} proposals so far",
    "fw.age": "• posted within the last {hours} h",
    "fw.score": "• an AI fit score of at least {score}/100",
    "draft.in_progress": "Your draft is on its way; it will appear at the bottom of the chat.",
    "draft.exists": "You already have a draft for this job: here it is again.",
    "draft.moved": "✍️ This draft moved to the bottom of the chat.",
    "draft.superseded_state": "🔁 Replaced by a newer version below",
    "alert.watch_out": "<b>⚠️ Watch out</b>",
    "draft.offline_note": (
        "🤖 <i>Offline draft: written by simple rules from the job post and your profile, "
        "because this server has no AI key. For LLM-written drafts, the operator sets "
        "OPENAI_API_KEY or ANTHROPIC_API_KEY (see the README).</i>"
    ),
    "draft.offline_cannot": (
        "⚠️ The offline writer cannot follow “{instruction}”: it can only make the draft "
        "shorter or mention something from your profile. Edit the text yourself with ✏️ Edit, "
        "or turn on an LLM."
    ),
    # --- learning: what Scout learned from the user's taps (core/learning, bot/routers/taste.py)
    "taste.skips": "you usually skip {what}",
    "taste.goes_for": "you usually go for {what}",
    "taste.band.under": "under {n}",
    "taste.band.over": "{n} or more",
    "taste.f.skill": "jobs needing {skill}",
    "taste.f.country": "clients from {country}",
    "taste.f.type.fixed": "fixed-price jobs",
    "taste.f.type.hourly": "hourly jobs",
    "taste.f.budget": "fixed-price jobs {band}",
    "taste.f.rate": "hourly jobs paying {band}",
    "taste.f.spend": "clients who have spent {band}",
    "taste.f.spend.lt1": "clients who have never spent anything",
    "taste.f.rating": "clients rated {band}",
    "taste.f.rating.none": "clients with no rating yet",
    "taste.f.hires": "clients with {band} hires",
    "taste.f.hires.lt1": "clients who have never hired",
    "taste.f.verified.yes": "clients with a verified payment method",
    "taste.f.verified.no": "clients without a verified payment method",
    "taste.f.level.entry": "entry-level jobs",
    "taste.f.level.intermediate": "intermediate-level jobs",
    "taste.f.level.expert": "expert-level jobs",
    "taste.f.proposals": "jobs with {band} proposals",
    "taste.f.age": "jobs posted {band} ago",
    "taste.f.overlap.none": "jobs needing none of your skills",
    "taste.f.overlap.some": "jobs needing some of your skills",
    "taste.f.overlap.most": "jobs needing mostly your skills",
    "taste.f.overlap.unknown": "jobs with no skills listed",
    "taste.alert_reason": "🧠 Learned: {reason}",
    "taste.why.title": "<b>🧠 Why this score</b> (“{title}”)",
    "taste.why.scores": "Score {shown}/100 · learned relevance {learned}/100 "
    "(learned part of the score {share}%)",
    "taste.why.factor": "• {text} ({sign}{weight})",
    "taste.why.nothing": "Nothing learned about this job yet: the score is the AI's alone.",
    "taste.why.no_alert": "There is no alert to explain yet. Reply /why to an alert.",
    "taste.title": "<b>🧠 What I learned from your {count} decision(s)</b>",
    "taste.nothing": "I have not learned anything yet: Skip and Draft proposal teach me.",
    "taste.share": "Learned part of the score now: {share}%.",
    "taste.reset_button": "♻️ Forget what you learned",
    "taste.reset_done": "Done: I forgot your taste. Scores are the AI's again.",
    "skip.ask_reason": "Skipped. Why? (optional, it helps me learn)",
    "skip.reason.too_cheap": "💸 Too cheap",
    "skip.reason.wrong_skills": "🧩 Wrong skills",
    "skip.reason.weak_client": "👤 Weak client",
    "skip.reason.not_interested": "🙅 Not interested",
    "skip.reason_saved": "Thanks, noted.",
    "suggest.exclude_word": "You skipped {count} jobs about “{word}”. Add -{word} to your search?",
    "suggest.exclude_country": "You skipped {count} jobs from {country}. Add "
    "country!={code} to your search?",
    "suggest.min_budget": "You skipped {count} fixed-price jobs under ${amount}. Add "
    "budget>={amount} to your search?",
    "suggest.accept": "✅ Yes, add it",
    "suggest.dismiss": "✖️ No, thanks",
    "suggest.accepted": "Added {token} to “{search}”.",
    "suggest.dismissed": "OK, I will not suggest it again for a month.",
    "suggest.gone": "This suggestion is no longer valid.",
    "redirect.bad_link": "This link is not valid.",
}
