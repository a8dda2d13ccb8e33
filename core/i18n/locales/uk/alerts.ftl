## Job alerts, the daily digest, skips and the client's replies
## Counts pick CLDR plural forms with select expressions (en: one, other; uk: one, few, many, other).

alert-hourly = Погодинно { $range }/год
alert-fixed = Фіксована ціна { $amount }
alert-pruned = Деталі, старші за 24 години, не зберігаються (правило Upwork); див. на Upwork.
alert-no_budget = Бюджет не вказано
alert-country_unknown = Країну не вказано
alert-verified = оплату підтверджено
alert-unverified = оплату не підтверджено
alert-spent = витратив { $amount }
alert-hires = { $count ->
        [one] { $count } найм
        [few] { $count } найми
        [many] { $count } наймів
       *[other] { $count } найму
    }
alert-proposals = 📨 Поки що { $count ->
        [one] { $count } пропозиція
        [few] { $count } пропозиції
        [many] { $count } пропозицій
       *[other] { $count } пропозиції
    }
alert-why = <b>Чому підходить</b>
alert-posted_minutes = Опубліковано { $minutes } хв тому
alert-posted_hours = Опубліковано { $hours } год тому
alert-link = Вакансія на Upwork
alert-draft = ✍️ Чернетка пропозиції
alert-skip = 🙈 Пропустити
alert-open = 🔗 Відкрити на Upwork
alert-skipped = 🙈 Пропущено: { $title }
alert-skip_done = Пропущено
digest-title = 📬 <b>Ваш щоденний дайджест</b>: { $count ->
        [one] { $count } вакансія
        [few] { $count } вакансії
        [many] { $count } вакансій
       *[other] { $count } вакансії
    }
alert-state-approved = ✅ Пропозицію схвалено
alert-state-submitted = 📤 Пропозицію надіслано
outcome-replied =
    💬 <b>Клієнт відповів</b> щодо «{ $title }»:
    { $message }
outcome-hired = 🎉 Вас найняли на «{ $title }»!
alert-watch_out = <b>⚠️ Зверніть увагу</b>
skip-ask_reason = Пропущено. Чому? (необов'язково, це допомагає мені вчитися)
skip-reason-too_cheap = 💸 Задешево
skip-reason-wrong_skills = 🧩 Не мої навички
skip-reason-weak_client = 👤 Слабкий клієнт
skip-reason-not_interested = 🙅 Нецікаво
skip-reason_saved = Дякую, враховано.
