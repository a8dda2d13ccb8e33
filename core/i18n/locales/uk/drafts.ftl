## Proposal drafts: review buttons, grounding notes, the daily AI budget
## Counts pick CLDR plural forms with select expressions (en: one, other; uk: one, few, many, other).

draft-working = Пишу чернетку пропозиції…
draft-unavailable = Для цієї вакансії чернетку вже не написати (її прибрано або рішення вже ухвалено). Нові сповіщення надходитимуть; /filters змінює, які саме.
draft-need_profile = Я пишу пропозиції лише з вашого профілю, а він порожній. Заповніть його через /profile і знову натисніть «Чернетка пропозиції».
draft-title = ✍️ <b>Чернетка v{ $version }</b> · { $title }
draft-answers = <b>Відповіді на запитання клієнта</b>
draft-removed = ℹ️ Я пропустив { $count ->
        [one] { $count } твердження, якого
        [few] { $count } твердження, яких
        [many] { $count } тверджень, яких
       *[other] { $count } твердження, яких
    } немає у вашому профілі (якщо це правда, додайте факт у /profile або впишіть його через «Редагувати»):
draft-check = Лист ще варто переглянути (виправте через «Редагувати» або «Перегенерувати»):
grounding-skill = навички немає у профілі
grounding-tenure = профіль не вказує такого стажу
grounding-number = цього числа немає ні в профілі, ні в описі роботи
grounding-employer = роботодавця чи клієнта немає у профілі
grounding-name = назви (інструмента, компанії) немає ні в профілі, ні в описі роботи
grounding-contact = контакту чи посилання немає у профілі (Upwork забороняє контакти до укладення контракту)
draft-approve = ✅ Схвалити
draft-regenerate = 🔄 Переписати
draft-edit = ✏️ Редагувати
draft-reject = ❌ Відхилити
draft-approved_state = ✅ Схвалено
draft-rejected_state = ❌ Відхилено ({ $reason })
draft-submitted_state = 📤 Надіслано в Upwork
draft-already = Рішення щодо цієї чернетки вже ухвалено; найновіша — внизу чату.
draft-approving = Схвалено. Надсилаю…
draft-ask_instruction = Що змінити? Оберіть варіант або надішліть свою вказівку, напр. <i>згадай мою роботу з Django</i>.
draft-instruction-shorter = Коротше
draft-instruction-formal = Офіційніше
draft-instruction-none = Просто переписати
draft-ask_edit = Надішліть текст, який хочете використати; він стане чернеткою.
draft-edited = Ваш текст тепер чернетка.
draft-ask_reason = Чому відхиляєте?
draft-reason-too_generic = Загально
draft-reason-wrong_facts = Хибні факти
draft-reason-not_interested = Не цікаво
draft-reason-other = Інше
draft-rejected = Відхилено. Дякую, це допоможе писати кращі чернетки.
draft-too_long = Задовгий текст для супровідного листа Upwork (макс. 5000 символів).
draft-ready = 📋 <b>Готово до надсилання.</b> Ваш ключ Upwork API не може надсилати пропозиції, тож скопіюйте текст в Upwork самі:
draft-refused =
    ⚠️ <b>Upwork відхилив пропозицію:</b> { $error }
    Нічого не надіслано. Виправте це в Upwork або скопіюйте текст в Upwork самі:
draft-submitted = 📤 Надіслано в Upwork. Я повідомлю, коли клієнт відповість.
budget-reached = 💸 Денний бюджет ШІ вичерпано (${ $budget }). Нові чернетки чекатимуть до завтра (UTC), або підвищте бюджет:
budget-raise = Підвищити до ${ $amount } сьогодні
budget-raised = Бюджет підвищено до ${ $amount }. Чернетки вже в дорозі.
draft-in_progress = Чернетка вже пишеться; вона з'явиться внизу чату.
draft-exists = Для цієї вакансії вже є чернетка: ось вона знову.
draft-moved = ✍️ Ця чернетка тепер унизу чату.
draft-superseded_state = 🔁 Замінено новішою версією нижче
draft-offline_note = 🤖 <i>Офлайн-чернетка: написана простими правилами з опису вакансії та вашого профілю, бо на цьому сервері немає ключа ШІ. Щоб чернетки писала LLM, оператор задає OPENAI_API_KEY або ANTHROPIC_API_KEY (див. README).</i>
draft-offline_cannot = ⚠️ Офлайн-автор не може виконати «{ $instruction }»: він уміє лише скоротити чернетку або згадати щось із вашого профілю. Відредагуйте текст самі кнопкою ✏️ Редагувати або увімкніть LLM.
