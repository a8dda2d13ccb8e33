## What Scout learned from the user's taps (/taste, /why)
## Counts pick CLDR plural forms with select expressions (en: one, other; uk: one, few, many, other).

taste-skips = you usually skip { $what }
taste-goes_for = you usually go for { $what }
taste-band-under = under { $n }
taste-band-over = { $n } or more
taste-f-skill = jobs needing { $skill }
taste-f-country = clients from { $country }
taste-f-type-fixed = fixed-price jobs
taste-f-type-hourly = hourly jobs
taste-f-budget = fixed-price jobs { $band }
taste-f-rate = hourly jobs paying { $band }
taste-f-spend = clients who have spent { $band }
taste-f-spend-lt1 = clients who have never spent anything
taste-f-rating = clients rated { $band }
taste-f-rating-none = clients with no rating yet
taste-f-hires = clients with { $band } hires
taste-f-hires-lt1 = clients who have never hired
taste-f-verified-yes = clients with a verified payment method
taste-f-verified-no = clients without a verified payment method
taste-f-level-entry = entry-level jobs
taste-f-level-intermediate = intermediate-level jobs
taste-f-level-expert = expert-level jobs
taste-f-proposals = jobs with { $band } proposals
taste-f-age = jobs posted { $band } ago
taste-f-overlap-none = jobs needing none of your skills
taste-f-overlap-some = jobs needing some of your skills
taste-f-overlap-most = jobs needing mostly your skills
taste-f-overlap-unknown = jobs with no skills listed
taste-alert_reason = 🧠 Learned: { $reason }
taste-why-title = <b>🧠 Why this score</b> (“{ $title }”)
taste-why-scores = Score { $shown }/100 · learned relevance { $learned }/100 (learned part of the score { $share }%)
taste-why-factor = • { $text } ({ $sign }{ $weight })
taste-why-nothing = Nothing learned about this job yet: the score is the AI's alone.
taste-why-no_alert = There is no alert to explain yet. Reply /why to an alert.
taste-title = <b>🧠 What I learned from your { $count ->
        [one] { $count } decision
       *[other] { $count } decisions
    }</b>
taste-nothing = I have not learned anything yet: Skip and Draft proposal teach me.
taste-share = Learned part of the score now: { $share }%.
taste-reset_button = ♻️ Forget what you learned
taste-reset_done = Done: I forgot your taste. Scores are the AI's again.
