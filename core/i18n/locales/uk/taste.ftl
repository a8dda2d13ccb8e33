## What Scout learned from the user's taps (/taste, /why)
## Counts pick CLDR plural forms with select expressions (en: one, other; uk: one, few, many, other).

taste-skips = ви зазвичай пропускаєте { $what }
taste-goes_for = ви зазвичай берете { $what }
taste-band-under = до { $n }
taste-band-over = від { $n }
taste-f-skill = замовлення з навичкою { $skill }
taste-f-country = замовлення від клієнтів із країни { $country }
taste-f-type-fixed = замовлення з фіксованою ціною
taste-f-type-hourly = погодинні замовлення
taste-f-budget = замовлення з фіксованою ціною { $band }
taste-f-rate = погодинні замовлення зі ставкою { $band }
taste-f-spend = замовлення від клієнтів, що витратили { $band }
taste-f-spend-lt1 = замовлення від клієнтів, що ще нічого не витратили
taste-f-rating = замовлення від клієнтів з рейтингом { $band }
taste-f-rating-none = замовлення від клієнтів без рейтингу
taste-f-hires = замовлення від клієнтів з кількістю наймів { $band }
taste-f-hires-lt1 = замовлення від клієнтів, що ще нікого не наймали
taste-f-verified-yes = замовлення від клієнтів з підтвердженим способом оплати
taste-f-verified-no = замовлення від клієнтів без підтвердженого способу оплати
taste-f-level-entry = замовлення початкового рівня
taste-f-level-intermediate = замовлення середнього рівня
taste-f-level-expert = замовлення експертного рівня
taste-f-proposals = замовлення з кількістю пропозицій { $band }
taste-f-age = замовлення, опубліковані { $band } тому
taste-f-overlap-none = замовлення без жодної з ваших навичок
taste-f-overlap-some = замовлення з частиною ваших навичок
taste-f-overlap-most = замовлення переважно з вашими навичками
taste-f-overlap-unknown = замовлення без переліку навичок
taste-alert_reason = 🧠 Я помітив: { $reason }
taste-why-title = <b>🧠 Чому така оцінка</b> (“{ $title }”)
taste-why-scores = Оцінка { $shown }/100 · вивчена релевантність { $learned }/100 (вивчена частка оцінки { $share }%)
taste-why-factor = • { $text } ({ $sign }{ $weight })
taste-why-nothing = Про це замовлення я ще нічого не вивчив: оцінка лише від AI.
taste-why-no_alert = Ще немає сповіщення, яке можна пояснити. Дайте відповідь /why на сповіщення.
taste-title = <b>🧠 Що я вивчив з { $count ->
        [1] вашого { $count } рішення
        [one] ваших { $count } рішення
       *[other] ваших { $count } рішень
    }</b>
taste-nothing = Я ще нічого не вивчив: кнопки Пропустити і Чернетка мене навчають.
taste-share = Вивчена частка оцінки зараз: { $share }%.
taste-reset_button = ♻️ Забути вивчене
taste-reset_done = Готово: я забув ваші вподобання. Оцінки знову лише від AI.
