## Searches: the button editor, the one-line syntax, what a search means in words, suggestions
## Counts pick CLDR plural forms with select expressions (en: one, other; uk: one, few, many, other).

filters-list = <b>Your searches</b>: tap one to change it.
filters-none =
    No searches yet. Tap <b>New search</b>, or type one line, e.g.
    <code>/filters python django -wordpress hourly>=40 verified score>=70</code>
filters-new = ➕ New search
filters-detail =
    <b>{ $name }</b>
    <code>{ $line }</code>

    Delivery: { $delivery } · quiet hours: { $quiet }
    Minimum AI fit: { $score }
filters-any = any
filters-on = on
filters-off = off
filters-instant = instant
filters-digest = daily digest
filters-type = Type: { $value }
filters-level = Level: { $value }
filters-verified = Verified clients only: { $value }
filters-score = Min fit { $value }
filters-delivery = Delivery: { $value }
filters-quiet = Quiet: { $value }
filters-edit = ✏️ Edit as text
filters-delete = 🗑 Delete
filters-back = ⬅️ Back
filters-send_line = Send the filters as one line, e.g. <code>react "next.js" -wordpress budget>=500 country!=IND age&lt;=6h</code>
filters-bad = I did not understand: { $tokens }. Nothing was changed.
filters-saved = ✅ Saved: <code>{ $line }</code>
filters-gone = That search no longer exists. /filters shows the ones you have.
filters-deleted = Deleted
filters-limit = You can have at most 10 searches. Delete one in /filters first.
filters-bad_term = <code>{ $token }</code> — { $reason }
filters-bad_reasons =
    I could not read this line, so nothing was changed:
    { $problems }

    Fix it and send it again, or /filters help lists every term with an example.
filters-help =
    <b>One-line filters</b>: <code>/filters</code> followed by any of these terms.
    <code>python</code>, <code>"machine learning"</code> — any of these words or phrases in the title, description or skills
    <code>-wordpress</code>, <code>-"data entry"</code> — none of these
    <code>type=hourly</code> or <code>type=fixed</code> — only that kind of job
    <code>level=entry|intermediate|expert</code> — experience level
    <code>budget>=500</code> — fixed-price jobs with a budget of at least $500
    <code>hourly>=30</code> — hourly jobs paying at least $30/h (fixed-price jobs are not affected)
    <code>strict</code> — also drop jobs that state no budget or rate
    <b>Client quality</b>
    <code>verified</code> — payment method verified
    <code>spent>=1000</code> — has spent at least $1000 on Upwork
    <code>rating>=4.5</code> — average feedback at least 4.5 of 5
    <code>hires>=1</code> — has hired at least once
    <code>country!=IND</code> — not from this country (repeat for more)
    <b>Competition and freshness</b>
    <code>proposals&lt;20</code> — fewer than 20 proposals so far
    <code>age&lt;=24h</code> — posted within 24 hours (or <code>3d</code>)
    <code>score>=70</code> — minimum AI fit score (0–100, default 60)

    Example: <code>/filters react "next.js" -wordpress hourly>=40 verified spent>=1000 score>=70</code>
    <code>/filters</code> alone opens the button editor.
filters-saved_words =
    ✅ Saved: <code>{ $line }</code>

    <b>What I will look for</b>
    { $words }
fw-include = • jobs mentioning any of: { $terms }
fw-any_job = • any job (no keywords: every new job is checked against the rest)
fw-exclude = • but none mentioning: { $terms }
fw-type-hourly = • hourly jobs only
fw-type-fixed = • fixed-price jobs only
fw-level = • experience level: { $level }
fw-budget = • fixed-price jobs with a budget of at least ${ $amount }
fw-hourly = • hourly jobs paying at least ${ $amount }/h
fw-hourly_fixed_too = {"  "}(fixed-price jobs are not affected; add type=hourly for hourly only)
fw-unstated_kept = • jobs that state no budget or rate are kept; add strict to drop them
fw-unstated_dropped = • jobs that state no budget or rate are dropped (strict)
fw-verified = • clients with a verified payment method
fw-spent = • clients who have spent at least ${ $amount }
fw-rating = • clients rated at least { $rating } of 5
fw-hires = • clients with at least { $hires ->
        [one] { $hires } hire
       *[other] { $hires } hires
    }
fw-countries = • clients not from: { $countries }
fw-proposals = • fewer than { $count ->
        [one] { $count } proposal
       *[other] { $count } proposals
    } so far
fw-age = • posted within the last { $hours } h
fw-score = • an AI fit score of at least { $score }/100
suggest-exclude_word = You skipped { $count ->
        [one] { $count } job
       *[other] { $count } jobs
    } about “{ $word }”. Add -{ $word } to your search?
suggest-exclude_country = You skipped { $count ->
        [one] { $count } job
       *[other] { $count } jobs
    } from { $country }. Add country!={ $code } to your search?
suggest-min_budget = You skipped { $count ->
        [one] { $count } fixed-price job
       *[other] { $count } fixed-price jobs
    } under ${ $amount }. Add budget>={ $amount } to your search?
suggest-accept = ✅ Yes, add it
suggest-dismiss = ✖️ No, thanks
suggest-accepted = Added { $token } to “{ $search }”.
suggest-dismissed = OK, I will not suggest it again for a month.
suggest-gone = This suggestion is no longer valid.
