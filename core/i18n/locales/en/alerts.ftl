## Job alerts, the daily digest, skips and the client's replies
## Counts pick CLDR plural forms with select expressions (en: one, other; uk: one, few, many, other).

alert-hourly = Hourly { $range }/h
alert-fixed = Fixed price { $amount }
alert-pruned = Details older than 24 hours are not kept (Upwork's rule); see them on Upwork.
alert-no_budget = Budget not stated
alert-country_unknown = Country not stated
alert-verified = payment verified
alert-unverified = payment not verified
alert-spent = { $amount } spent
alert-hires = { $count ->
        [one] { $count } hire
       *[other] { $count } hires
    }
alert-proposals = 📨 { $count ->
        [one] { $count } proposal
       *[other] { $count } proposals
    } so far
alert-why = <b>Why it fits</b>
alert-posted_minutes = Posted { $minutes } min ago
alert-posted_hours = Posted { $hours } h ago
alert-link = View the job on Upwork
alert-draft = ✍️ Draft proposal
alert-skip = 🙈 Skip
alert-open = 🔗 Open on Upwork
alert-skipped = 🙈 Skipped: { $title }
alert-skip_done = Skipped
digest-title = 📬 <b>Your daily digest</b>: { $count ->
        [one] { $count } matching job
       *[other] { $count } matching jobs
    }
alert-state-approved = ✅ Proposal approved
alert-state-submitted = 📤 Proposal submitted
outcome-replied =
    💬 <b>The client replied</b> about “{ $title }”:
    { $message }
outcome-hired = 🎉 You were hired for “{ $title }”!
alert-watch_out = <b>⚠️ Watch out</b>
skip-ask_reason = Skipped. Why? (optional, it helps me learn)
skip-reason-too_cheap = 💸 Too cheap
skip-reason-wrong_skills = 🧩 Wrong skills
skip-reason-weak_client = 👤 Weak client
skip-reason-not_interested = 🙅 Not interested
skip-reason_saved = Thanks, noted.
