## /stats, Upwork messages and the work diary

messages-title = <b>Останні повідомлення Upwork</b>
messages-empty = Розмов ще немає.
messages-unread = непрочитаних: { $count }
workdiary-title = <b>Години, тиждень від { $start }</b>
workdiary-empty = Цього тижня годин не записано.
workdiary-total = Разом: <b>{ $hours }</b> год
nav-newer = ◀ Новіші
nav-older = Старіші ▶
nav-previous_week = ◀ Попередній тиждень
nav-next_week = Наступний тиждень ▶
stats-week =
    📈 <b>Ваші останні 7 днів</b>
    Збігів: { $matched } · сповіщень: { $alerted } · пропущено: { $skipped }
    Чернеток: { $drafted } · схвалено: { $approved } · надіслано: { $submitted }
    Відповідей клієнтів: { $replied } · наймів: { $hired }
    Витрати на ШІ: ${ $spend }
