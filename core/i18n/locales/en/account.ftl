## Start, help, language, linking Upwork, profile, two-factor protection, erasing data, fallbacks
## Counts pick CLDR plural forms with select expressions (en: one, other; uk: one, few, many, other).

start-new =
    👋 Hi, { $name }! I am <b>Upwork Scout</b>.

    I watch Upwork's job feed for you, tell you within seconds when a job fits, explain why, and draft a proposal that you approve before anything is sent.

    Next step: link your Upwork account with /link.
start-back = Welcome back, { $name }! /help lists what I can do.
help =
    <b>What I can do</b>
    /link — connect your Upwork account
    /filters — what jobs you want
    /profile — your skills and rate, used for proposals
    /pause, /resume — stop or restart alerts
    /stats — your last 7 days · /dashboard — analytics in the browser
    /mfa — two-factor protection · /messages · /workdiary
    /email, /sms — digest and account alerts by email or SMS
    /taste — what I learned from your taps · /why — why an alert scored so
    /unlink · /delete_me — disconnect or erase your data
    /language — English / Українська
language-choose = Choose your language:
language-set = Language set to English.
link-not_configured = Linking is not set up on this server yet (no Upwork API key).
link-open = Open this link to connect your Upwork account. It works once and expires in 10 minutes:
link-button = 🔗 Link Upwork
link-already = Your Upwork account <b>{ $name }</b> is linked. Link again to switch accounts:
link-done = ✅ Linked as <b>{ $name }</b>. Next: tell me what work you want with /filters.
link-profile_imported = 📋 I imported your Upwork profile (title, overview, skills, rate): proposal drafts start from it. See or change it with /profile.
link-profile_kept = 📋 Your profile stays as you typed it. /profile shows it and can import the one from Upwork instead.
link-profile_failed = ⚠️ I could not import your Upwork profile, so drafts have nothing to start from yet. Send /profile with your headline, skills and rate.
link-relink_needed = ⚠️ Upwork no longer accepts the link to your account, so alerts are paused for it. Please link it again.
unlink-confirm = Unlink your Upwork account <b>{ $name }</b>? Its tokens will be deleted.
unlink-yes = Yes, unlink
unlink-no = Cancel
unlink-done = Unlinked. Your tokens are deleted. /link connects an account again.
unlink-cancelled = Nothing changed.
unlink-none = No Upwork account is linked. /link connects one.
upwork-needs_link = Link your Upwork account first: /link
upwork-missing_scope = Your Upwork API key does not include the permission for this ({ $scope }). Ask for it on Upwork's API key page, then /link again.
upwork-unavailable = Upwork is not answering right now. Please try again in a minute.
pause-done = ⏸ Alerts paused. Your searches are kept; /resume turns alerts back on.
resume-done = ▶️ Alerts are on again.
profile-empty =
    You have no profile yet. Proposals are written only from it, so set it with one message:
    <code>/profile Python developer, 8 years of Django
    Skills: Python, Django, PostgreSQL
    Rate: 50
    A few lines about your work…</code>
    or import it from Upwork:
profile-show =
    <b>{ $headline }</b>
    Skills: { $skills }
    Rate: { $rate }

    { $bio }

    Change it with /profile followed by the new text.
profile-import = ⬇️ Import from Upwork
profile-saved = ✅ Profile saved.
profile-imported = ✅ Profile imported from Upwork.
profile-error-empty =
    The profile text is empty. Send it after the command, e.g. <code>/profile Python developer
    Skills: Python, Django
    Rate: 50</code>
profile-error-too_long = That is too long: keep the profile under 4000 characters.
profile-error-too_many_skills = Please list at most 50 skills.
profile-error-bad_rate = The rate must be a number, like <code>Rate: 45</code>.
mfa-off = 🔐 Two-factor protection is <b>off</b>. With it on, approving a proposal, unlinking, opening the dashboard and deleting your data need a code from your authenticator app.
mfa-on = 🔐 Two-factor protection is <b>on</b>. Recovery codes left: { $left }.
mfa-enable = Turn on
mfa-disable = Turn off
mfa-scan =
    Scan this QR code with your authenticator app (or add this key by hand):
    <code>{ $manual_key }</code>

    Then send me the 6-digit code it shows.
mfa-saved = I saved them
private_only = Please use me in a private chat for this.
mfa-confirm_failed = That code did not check out. Send the current 6-digit code.
mfa-enabled =
    ✅ Two-factor protection is on. Keep these recovery codes somewhere safe; each works once, and I will not show them again. This message disappears when you tap “I saved them”, or in 10 minutes:
    { $codes }
mfa-disabled = Two-factor protection is off.
mfa-ask_code = 🔐 Send the 6-digit code from your authenticator app (or a recovery code).
mfa-wrong = ❌ Wrong code. Try again.
mfa-replayed = ❌ That code was already used. Wait for the next one.
mfa-locked = ⛔ Too many wrong codes. Code checks are locked for 15 minutes.
mfa-not_enabled = Two-factor protection is not on. /mfa turns it on.
dashboard-link = 📊 Your dashboard. The link works once and expires in 10 minutes.
dashboard-open = Open dashboard
delete-confirm = ⚠️ Erase everything I keep about you: searches, profile, matches, drafts, and your Upwork tokens? This cannot be undone.
delete-yes = Yes, erase everything
delete-no = Cancel
delete-done = 🗑 Done. All your data and tokens are erased. /start begins afresh.
throttle-slow_down = ⏳ Easy there: I am handling your earlier messages. Try again in a moment.
error-unavailable = ⏳ I am briefly unavailable (my database is restarting). Nothing is lost: please try again in a minute.
error-generic = Something went wrong on our side. Please try again in a minute.
start-relink = 👋 Welcome back, { $name }. ⚠️ Upwork no longer accepts the link to your account, so no jobs are coming in. Tap below (or send /link) to link it again; your searches and profile are kept.
onboarding-title = <b>Getting started</b>
onboarding-link = 1. Link your Upwork account: /link
onboarding-profile = 2. Tell me what you offer: /profile
onboarding-filters = 3. Say what jobs you want: /filters
fallback-help = ❓ Help
fallback-command = I don't know the command { $command }. Tap Help to see the ones I have.
fallback-text = I work with commands, so I did not act on that message. For example: /filters python django sets what jobs you want, /profile sets what you offer. Tap Help for all of them.
fallback-long = That message is long ({ $length ->
        [one] { $length } character
       *[other] { $length } characters
    }) and I did not act on it. To set your profile from it, send it after /profile (up to 4000 characters). Tap Help for everything else.
fallback-other = I can't do anything with that kind of message. Tap Help to see what I can.
redirect-bad_link = This link is not valid.
