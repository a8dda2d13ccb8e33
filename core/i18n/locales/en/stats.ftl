## /stats, Upwork messages and the work diary

messages-title = <b>Latest Upwork messages</b>
messages-empty = No conversations yet.
messages-unread = { $count } unread
workdiary-title = <b>Hours, week of { $start }</b>
workdiary-empty = No hours logged this week.
workdiary-total = Total: <b>{ $hours }</b> h
nav-newer = ◀ Newer
nav-older = Older ▶
nav-previous_week = ◀ Previous week
nav-next_week = Next week ▶
stats-week =
    📈 <b>Your last 7 days</b>
    Matched jobs: { $matched } · alerts: { $alerted } · skipped: { $skipped }
    Drafts: { $drafted } · approved: { $approved } · submitted: { $submitted }
    Client replies: { $replied } · hired: { $hired }
    AI spend: ${ $spend }
