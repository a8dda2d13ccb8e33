## Searches: the button editor, the one-line syntax, what a search means in words, suggestions
## Counts pick CLDR plural forms with select expressions (en: one, other; uk: one, few, many, other).

filters-list = <b>Ваші пошуки</b>: натисніть, щоб змінити.
filters-none =
    Пошуків ще немає. Натисніть <b>Новий пошук</b> або напишіть один рядок, напр.
    <code>/filters python django -wordpress hourly>=40 verified score>=70</code>
filters-new = ➕ Новий пошук
filters-detail =
    <b>{ $name }</b>
    <code>{ $line }</code>

    Доставка: { $delivery } · тихі години: { $quiet }
    Мінімальна оцінка ШІ: { $score }
filters-any = будь-який
filters-on = так
filters-off = ні
filters-instant = одразу
filters-digest = щоденний дайджест
filters-type = Тип: { $value }
filters-level = Рівень: { $value }
filters-verified = Лише перевірені клієнти: { $value }
filters-score = Мін. оцінка { $value }
filters-delivery = Доставка: { $value }
filters-quiet = Тихо: { $value }
filters-edit = ✏️ Редагувати текстом
filters-delete = 🗑 Видалити
filters-back = ⬅️ Назад
filters-send_line = Надішліть фільтри одним рядком, напр. <code>react "next.js" -wordpress budget>=500 country!=IND age&lt;=6h</code>
filters-bad = Я не зрозумів: { $tokens }. Нічого не змінено.
filters-saved = ✅ Збережено: <code>{ $line }</code>
filters-gone = Цього пошуку вже немає. /filters покаже ваші пошуки.
filters-deleted = Видалено
filters-limit = Можна мати щонайбільше 10 пошуків. Спершу видаліть один у /filters.
filters-bad_term = <code>{ $token }</code> — { $reason }
filters-bad_reasons =
    Я не зміг прочитати цей рядок, тож нічого не змінено:
    { $problems }

    Виправте й надішліть знову, або /filters help покаже всі умови з прикладами.
filters-help =
    <b>Фільтри одним рядком</b>: <code>/filters</code>, а далі будь-які з цих умов.
    <code>python</code>, <code>"machine learning"</code> — будь-яке з цих слів або фраз у назві, описі чи навичках
    <code>-wordpress</code>, <code>-"data entry"</code> — жодного з цих
    <code>type=hourly</code> або <code>type=fixed</code> — лише такий тип роботи
    <code>level=entry|intermediate|expert</code> — рівень досвіду
    <code>budget>=500</code> — роботи з фіксованою ціною від $500
    <code>hourly>=30</code> — погодинні роботи від $30/год (на роботи з фіксованою ціною не впливає)
    <code>strict</code> — відкидати й роботи без зазначеного бюджету чи ставки
    <b>Якість клієнта</b>
    <code>verified</code> — спосіб оплати підтверджено
    <code>spent>=1000</code> — витратив на Upwork щонайменше $1000
    <code>rating>=4.5</code> — середній відгук щонайменше 4.5 з 5
    <code>hires>=1</code> — наймав хоча б раз
    <code>country!=IND</code> — не з цієї країни (повторіть для кількох)
    <b>Конкуренція і свіжість</b>
    <code>proposals&lt;20</code> — менше 20 пропозицій
    <code>age&lt;=24h</code> — опубліковано за останні 24 години (або <code>3d</code>)
    <code>score>=70</code> — мінімальна оцінка відповідності ШІ (0–100, типово 60)

    Приклад: <code>/filters react "next.js" -wordpress hourly>=40 verified spent>=1000 score>=70</code>
    <code>/filters</code> без нічого відкриває редактор із кнопками.
filters-saved_words =
    ✅ Збережено: <code>{ $line }</code>

    <b>Що я шукатиму</b>
    { $words }
fw-include = • вакансії, де є будь-що з: { $terms }
fw-any_job = • будь-які вакансії (без ключових слів: кожну нову перевіряю за іншими умовами)
fw-exclude = • але без жодного з: { $terms }
fw-type-hourly = • лише погодинні роботи
fw-type-fixed = • лише роботи з фіксованою ціною
fw-level = • рівень досвіду: { $level }
fw-budget = • роботи з фіксованою ціною від ${ $amount }
fw-hourly = • погодинні роботи від ${ $amount }/год
fw-hourly_fixed_too = {"  "}(на роботи з фіксованою ціною не впливає; додайте type=hourly, щоб лишити тільки погодинні)
fw-unstated_kept = • роботи без зазначеного бюджету чи ставки залишаю; додайте strict, щоб їх відкидати
fw-unstated_dropped = • роботи без зазначеного бюджету чи ставки відкидаю (strict)
fw-verified = • клієнти з підтвердженим способом оплати
fw-spent = • клієнти, що витратили щонайменше ${ $amount }
fw-rating = • клієнти з оцінкою щонайменше { $rating } з 5
fw-hires = • клієнти, що наймали щонайменше { $hires ->
        [one] { $hires } раз
        [few] { $hires } рази
        [many] { $hires } разів
       *[other] { $hires } раза
    }
fw-countries = • клієнти не з: { $countries }
fw-proposals = • менше { $count ->
        [one] { $count } пропозиції
       *[other] { $count } пропозицій
    }
fw-age = • опубліковано за останні { $hours } год
fw-score = • оцінка відповідності ШІ щонайменше { $score }/100
suggest-exclude_word = Ви пропустили { $count ->
        [one] { $count } замовлення
        [few] { $count } замовлення
        [many] { $count } замовлень
       *[other] { $count } замовлення
    } про «{ $word }». Додати -{ $word } до пошуку?
suggest-exclude_country = Ви пропустили { $count ->
        [one] { $count } замовлення
        [few] { $count } замовлення
        [many] { $count } замовлень
       *[other] { $count } замовлення
    } із країни { $country }. Додати country!={ $code } до пошуку?
suggest-min_budget = Ви пропустили { $count ->
        [one] { $count } замовлення
        [few] { $count } замовлення
        [many] { $count } замовлень
       *[other] { $count } замовлення
    } з фіксованою ціною до ${ $amount }. Додати budget>={ $amount } до пошуку?
suggest-accept = ✅ Так, додати
suggest-dismiss = ✖️ Ні, дякую
suggest-accepted = Додав { $token } до «{ $search }».
suggest-dismissed = Добре, я не пропонуватиму цього місяць.
suggest-gone = Ця пропозиція вже не дійсна.
