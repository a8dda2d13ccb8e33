TEXTS: dict[str, str] = {
    "start.new": (
        "👋 Привіт, {name}! Я <b>Upwork Scout</b>.\n\n"
        "Я стежу за стрічкою вакансій Upwork, за лічені секунди повідомляю про ті, що "
        "вам підходять, пояснюю чому і готую чернетку пропозиції, яку ви схвалюєте "
        "перед надсиланням.\n\n"
        "Наступний крок: під'єднайте акаунт Upwork командою /link."
    ),
    "start.back": "З поверненням, {name}! /help покаже, що я вмію.",
    "help": (
        "<b>Що я вмію</b>\n"
        "/link — під'єднати акаунт Upwork\n"
        "/filters — які вакансії вам потрібні\n"
        "/profile — ваші навички і ставка для пропозицій\n"
        "/pause, /resume — зупинити чи відновити сповіщення\n"
        "/stats — останні 7 днів · /dashboard — аналітика в браузері\n"
        "/mfa — двофакторний захист · /messages · /workdiary\n"
        "/email, /sms — дайджест і сповіщення про акаунт на email чи SMS\n"
        "/taste — що я вивчив з ваших рішень · /why — чому сповіщення має таку оцінку\n"
        "/unlink · /delete_me — від'єднати акаунт чи стерти дані\n"
        "/language — English / Українська"
    ),
    "language.choose": "Оберіть мову:",
    "language.set": "Мову змінено на українську.",
    "link.not_configured": (
        "Під'єднання ще не налаштоване на цьому сервері (немає ключа Upwork API)."
    ),
    "link.open": (
        "Відкрийте це посилання, щоб під'єднати акаунт Upwork. Воно одноразове і діє 10 хвилин:"
    ),
    "link.button": "🔗 Під'єднати Upwork",
    "link.already": (
        "Ваш акаунт Upwork <b>{name}</b> під'єднано. Під'єднайте знову, щоб змінити акаунт:"
    ),
    "link.done": (
        "✅ Під'єднано як <b>{name}</b>. Далі: опишіть, яку роботу шукаєте, через /filters."
    ),
    "link.profile_imported": (
        "📋 Я імпортував ваш профіль з Upwork (заголовок, опис, навички, ставку): з нього "
        "починаються чернетки пропозицій. Переглянути чи змінити: /profile."
    ),
    "link.profile_kept": (
        "📋 Ваш профіль лишається таким, як ви його ввели. /profile покаже його і може "
        "імпортувати профіль з Upwork."
    ),
    "link.profile_failed": (
        "⚠️ Не вдалося імпортувати ваш профіль з Upwork, тож чернеткам поки нема з чого "
        "почати. Надішліть /profile із заголовком, навичками та ставкою."
    ),
    "link.relink_needed": (
        "⚠️ Upwork більше не приймає під'єднання вашого акаунта, тож сповіщення для нього "
        "призупинено. Будь ласка, під'єднайте його знову."
    ),
    "unlink.confirm": "Від'єднати акаунт Upwork <b>{name}</b>? Його токени буде видалено.",
    "unlink.yes": "Так, від'єднати",
    "unlink.no": "Скасувати",
    "unlink.done": "Від'єднано. Токени видалено. /link під'єднає акаунт знову.",
    "unlink.cancelled": "Нічого не змінено.",
    "unlink.none": "Акаунт Upwork не під'єднано. /link під'єднає його.",
    "upwork.needs_link": "Спершу під'єднайте акаунт Upwork: /link",
    "upwork.missing_scope": (
        "Ваш ключ Upwork API не має дозволу для цього ({scope}). Запросіть його на сторінці "
        "ключів Upwork API, потім виконайте /link знову."
    ),
    "upwork.unavailable": "Upwork зараз не відповідає. Спробуйте за хвилину.",
    "messages.title": "<b>Останні повідомлення Upwork</b>",
    "messages.empty": "Розмов ще немає.",
    "messages.unread": "непрочитаних: {count}",
    "workdiary.title": "<b>Години, тиждень від {start}</b>",
    "workdiary.empty": "Цього тижня годин не записано.",
    "workdiary.total": "Разом: <b>{hours}</b> год",
    "nav.newer": "◀ Новіші",
    "nav.older": "Старіші ▶",
    "nav.previous_week": "◀ Попередній тиждень",
    "nav.next_week": "Наступний тиждень ▶",
    "alert.hourly": "Погодинно {range}/год",
    "alert.fixed": "Фіксована ціна {amount}",
    "alert.pruned": (
        "Деталі, старші за 24 години, не зберігаються (правило Upwork); див. на Upwork."
    ),
    "alert.no_budget": "Бюджет не вказано",
    "alert.country_unknown": "Країну не вказано",
    "alert.verified": "оплату підтверджено",
    "alert.unverified": "оплату не підтверджено",
    "alert.spent": "витратив {amount}",
    "alert.hires": "найнято: {count}",
    "alert.proposals": "📨 Пропозицій: {count}",
    "alert.why": "<b>Чому підходить</b>",
    "alert.posted_minutes": "Опубліковано {minutes} хв тому",
    "alert.posted_hours": "Опубліковано {hours} год тому",
    "alert.link": "Вакансія на Upwork",
    "alert.draft": "✍️ Чернетка пропозиції",
    "alert.skip": "🙈 Пропустити",
    "alert.open": "🔗 Відкрити на Upwork",
    "alert.skipped": "🙈 Пропущено: {title}",
    "alert.skip_done": "Пропущено",
    "digest.title": "📬 <b>Ваш щоденний дайджест</b>: {count} вакансій",
    "pause.done": "⏸ Сповіщення призупинено. Пошуки збережено; /resume увімкне їх знову.",
    "resume.done": "▶️ Сповіщення знову увімкнено.",
    "profile.empty": (
        "Профілю ще немає. Пропозиції пишуться лише з нього, тож задайте його одним "
        "повідомленням:\n<code>/profile Python-розробник, 8 років Django\nНавички: Python, "
        "Django, PostgreSQL\nСтавка: 50\nКілька рядків про вашу роботу…</code>\n"
        "або імпортуйте з Upwork:"
    ),
    "profile.show": (
        "<b>{headline}</b>\nНавички: {skills}\nСтавка: {rate}\n\n{bio}\n\n"
        "Змініть його командою /profile з новим текстом."
    ),
    "profile.import": "⬇️ Імпортувати з Upwork",
    "profile.saved": "✅ Профіль збережено.",
    "profile.imported": "✅ Профіль імпортовано з Upwork.",
    "profile.error.empty": (
        "Текст профілю порожній. Надішліть його після команди, напр. "
        "<code>/profile Python-розробник\nНавички: Python, Django\nСтавка: 50</code>"
    ),
    "profile.error.too_long": "Задовго: профіль має бути коротшим за 4000 символів.",
    "profile.error.too_many_skills": "Вкажіть не більше 50 навичок.",
    "profile.error.bad_rate": "Ставка має бути числом, наприклад <code>Ставка: 45</code>.",
    "filters.list": "<b>Ваші пошуки</b>: натисніть, щоб змінити.",
    "filters.none": (
        "Пошуків ще немає. Натисніть <b>Новий пошук</b> або напишіть один рядок, напр.\n"
        "<code>/filters python django -wordpress hourly>=40 verified score>=70</code>"
    ),
    "filters.new": "➕ Новий пошук",
    "filters.detail": (
        "<b>{name}</b>\n<code>{line}</code>\n\nДоставка: {delivery} · тихі години: {quiet}\n"
        "Мінімальна оцінка ШІ: {score}"
    ),
    "filters.any": "будь-який",
    "filters.on": "так",
    "filters.off": "ні",
    "filters.instant": "одразу",
    "filters.digest": "щоденний дайджест",
    "filters.type": "Тип: {value}",
    "filters.level": "Рівень: {value}",
    "filters.verified": "Лише перевірені клієнти: {value}",
    "filters.score": "Мін. оцінка {value}",
    "filters.delivery": "Доставка: {value}",
    "filters.quiet": "Тихо: {value}",
    "filters.edit": "✏️ Редагувати текстом",
    "filters.delete": "🗑 Видалити",
    "filters.back": "⬅️ Назад",
    "filters.send_line": (
        'Надішліть фільтри одним рядком, напр. <code>react "next.js" -wordpress '
        "budget>=500 country!=IND age&lt;=6h</code>"
    ),
    "filters.bad": "Я не зрозумів: {tokens}. Нічого не змінено.",
    "filters.saved": "✅ Збережено: <code>{line}</code>",
    "filters.gone": "Цього пошуку вже немає. /filters покаже ваші пошуки.",
    "filters.deleted": "Видалено",
    "filters.limit": "Можна мати щонайбільше 10 пошуків. Спершу видаліть один у /filters.",
    "draft.working": "Пишу чернетку пропозиції…",
    "draft.unavailable": (
        "Для цієї вакансії чернетку вже не написати (її прибрано або рішення вже ухвалено). "
        "Нові сповіщення надходитимуть; /filters змінює, які саме."
    ),
    "draft.need_profile": (
        "Я пишу пропозиції лише з вашого профілю, а він порожній. Заповніть його через "
        "/profile і знову натисніть «Чернетка пропозиції»."
    ),
    "draft.title": "✍️ <b>Чернетка v{version}</b> · {title}",
    "draft.answers": "<b>Відповіді на запитання клієнта</b>",
    "draft.removed": (
        "ℹ️ Я пропустив тверджень, яких немає у вашому профілі: {count} (якщо це правда, "
        "додайте факт у /profile або впишіть його через «Редагувати»):"
    ),
    "draft.check": "Лист ще варто переглянути (виправте через «Редагувати» або «Перегенерувати»):",
    "grounding.skill": "навички немає у профілі",
    "grounding.tenure": "профіль не вказує такого стажу",
    "grounding.number": "цього числа немає ні в профілі, ні в описі роботи",
    "grounding.employer": "роботодавця чи клієнта немає у профілі",
    "grounding.name": "назви (інструмента, компанії) немає ні в профілі, ні в описі роботи",
    "grounding.contact": (
        "контакту чи посилання немає у профілі (Upwork забороняє контакти до укладення контракту)"
    ),
    "draft.approve": "✅ Схвалити",
    "draft.regenerate": "🔄 Переписати",
    "draft.edit": "✏️ Редагувати",
    "draft.reject": "❌ Відхилити",
    "draft.approved_state": "✅ Схвалено",
    "draft.rejected_state": "❌ Відхилено ({reason})",
    "draft.submitted_state": "📤 Надіслано в Upwork",
    "draft.already": "Рішення щодо цієї чернетки вже ухвалено; найновіша — внизу чату.",
    "draft.approving": "Схвалено. Надсилаю…",
    "draft.ask_instruction": (
        "Що змінити? Оберіть варіант або надішліть свою вказівку, напр. "
        "<i>згадай мою роботу з Django</i>."
    ),
    "draft.instruction.shorter": "Коротше",
    "draft.instruction.formal": "Офіційніше",
    "draft.instruction.none": "Просто переписати",
    "draft.ask_edit": "Надішліть текст, який хочете використати; він стане чернеткою.",
    "draft.edited": "Ваш текст тепер чернетка.",
    "draft.ask_reason": "Чому відхиляєте?",
    "draft.reason.too_generic": "Загально",
    "draft.reason.wrong_facts": "Хибні факти",
    "draft.reason.not_interested": "Не цікаво",
    "draft.reason.other": "Інше",
    "draft.rejected": "Відхилено. Дякую, це допоможе писати кращі чернетки.",
    "draft.too_long": "Задовгий текст для супровідного листа Upwork (макс. 5000 символів).",
    "draft.ready": (
        "📋 <b>Готово до надсилання.</b> Ваш ключ Upwork API не може надсилати пропозиції, "
        "тож скопіюйте текст в Upwork самі:"
    ),
    "draft.refused": (
        "⚠️ <b>Upwork відхилив пропозицію:</b> {error}\nНічого не надіслано. Виправте це в "
        "Upwork або скопіюйте текст в Upwork самі:"
    ),
    "draft.submitted": "📤 Надіслано в Upwork. Я повідомлю, коли клієнт відповість.",
    "alert.state.approved": "✅ Пропозицію схвалено",
    "alert.state.submitted": "📤 Пропозицію надіслано",
    "budget.reached": (
        "💸 Денний бюджет ШІ вичерпано (${budget}). Нові чернетки чекатимуть до завтра "
        "(UTC), або підвищте бюджет:"
    ),
    "budget.raise": "Підвищити до ${amount} сьогодні",
    "budget.raised": "Бюджет підвищено до ${amount}. Чернетки вже в дорозі.",
    "outcome.replied": "💬 <b>Клієнт відповів</b> щодо «{title}»:\n{message}",
    "outcome.hired": "🎉 Вас найняли на «{title}»!",
    "mfa.off": (
        "🔐 Двофакторний захист <b>вимкнено</b>. Коли він увімкнений, схвалення пропозиції, "
        "від'єднання, дашборд і видалення даних потребують коду з застосунку-автентифікатора."
    ),
    "mfa.on": "🔐 Двофакторний захист <b>увімкнено</b>. Резервних кодів лишилось: {left}.",
    "mfa.enable": "Увімкнути",
    "mfa.disable": "Вимкнути",
    "mfa.scan": (
        "Скануйте QR-код застосунком-автентифікатором (або додайте ключ вручну):\n"
        "<code>{manual_key}</code>\n\nПотім надішліть 6-значний код, який він показує."
    ),
    "mfa.saved": "Я їх зберіг",
    "private_only": "Будь ласка, напишіть мені про це в особистому чаті.",
    "mfa.confirm_failed": "Код не підійшов. Надішліть поточний 6-значний код.",
    "mfa.enabled": (
        "✅ Двофакторний захист увімкнено. Збережіть ці резервні коди в надійному місці; "
        "кожен діє один раз, і я їх більше не покажу. Це повідомлення зникне, коли ви "
        "натиснете «Я їх зберіг», або за 10 хвилин:\n{codes}"
    ),
    "mfa.disabled": "Двофакторний захист вимкнено.",
    "mfa.ask_code": "🔐 Надішліть 6-значний код з автентифікатора (або резервний код).",
    "mfa.wrong": "❌ Неправильний код. Спробуйте ще.",
    "mfa.replayed": "❌ Цей код уже використано. Дочекайтеся наступного.",
    "mfa.locked": "⛔ Забагато неправильних кодів. Перевірку заблоковано на 15 хвилин.",
    "mfa.not_enabled": "Двофакторний захист не увімкнено. /mfa його вмикає.",
    "dashboard.link": "📊 Ваш дашборд. Посилання одноразове і діє 10 хвилин.",
    "dashboard.open": "Відкрити дашборд",
    "delete.confirm": (
        "⚠️ Стерти все, що я зберігаю про вас: пошуки, профіль, збіги, чернетки і ваші "
        "токени Upwork? Цю дію не скасувати."
    ),
    "delete.yes": "Так, стерти все",
    "delete.no": "Скасувати",
    "delete.done": "🗑 Готово. Усі ваші дані й токени стерто. /start почне спочатку.",
    "throttle.slow_down": (
        "⏳ Не так швидко: я ще обробляю попередні повідомлення. Спробуйте за мить."
    ),
    "stats.week": (
        "📈 <b>Ваші останні 7 днів</b>\n"
        "Збігів: {matched} · сповіщень: {alerted} · пропущено: {skipped}\n"
        "Чернеток: {drafted} · схвалено: {approved} · надіслано: {submitted}\n"
        "Відповідей клієнтів: {replied} · наймів: {hired}\n"
        "Витрати на ШІ: ${spend}"
    ),
    "error.unavailable": (
        "⏳ Я ненадовго недоступний (перезапускається база даних). Нічого не втрачено: "
        "спробуйте за хвилину."
    ),
    "error.generic": "У нас щось пішло не так. Спробуйте ще раз за хвилину.",
    # --- extra notification channels (/email, /sms; core.notify) ---
    "channels.on": "увімк.",
    "channels.off": "вимк.",
    "channels.not_set": "не вказано",
    "channels.no_address": "Спершу вкажіть адресу.",
    "channels.email.not_configured": "Email не налаштований на цьому сервері (немає SMTP_URL).",
    "channels.email.show": (
        "📧 <b>Email</b>: {address}\n"
        "• Щоденний дайджест: {digest}\n"
        "• Сповіщення про акаунт (треба під'єднати знову, вичерпано бюджет ШІ): {alerts}\n\n"
        "Лист із дайджестом надходить разом зі щоденним дайджестом (пошуки в режимі "
        "дайджесту, /filters).\n"
        "/email name@example.com задає адресу (після коду, надісланого туди) · "
        "/email off видаляє її."
    ),
    "channels.email.saved": "📧 Email змінено на <b>{address}</b>.",
    "channels.email.removed": "📧 Email видалено. Я не надсилатиму вам листів.",
    "channels.email.invalid": (
        "«{value}» не схоже на адресу email, на яку можна писати. Приклад: "
        "/email name@example.com. Нічого не змінено."
    ),
    "channels.sms.not_configured": "SMS не налаштовані на цьому сервері (немає параметрів SMS_*).",
    "channels.sms.show": (
        "📱 <b>SMS</b>: {phone}\n"
        "• Сповіщення про акаунт (треба під'єднати знову, вичерпано бюджет ШІ): {alerts}\n\n"
        "/sms +380501234567 задає номер (у міжнародному форматі, після коду, надісланого "
        "туди) · /sms off видаляє його."
    ),
    "channels.sms.saved": (
        "📱 Номер для SMS: <b>{phone}</b>. Сповіщення про акаунт через SMS увімкнено."
    ),
    "channels.sms.removed": "📱 Номер видалено. Я не надсилатиму вам SMS.",
    "channels.sms.invalid": (
        "«{value}» не схоже на номер телефону в міжнародному форматі. Приклад: "
        "/sms +380501234567. Нічого не змінено."
    ),
    "channels.button.email_digest": "{mark} Щоденний дайджест на email",
    "channels.button.email_account_alerts": "{mark} Сповіщення про акаунт на email",
    "channels.button.sms_account_alerts": "{mark} Сповіщення про акаунт через SMS",
    # --- a new email address or phone number is confirmed by a one-time code (issue 14) ---
    "contact.code_subject": "Upwork Scout: ваш код підтвердження",
    "contact.code_message": (
        "Ваш код підтвердження Upwork Scout: {code}. Введіть його в чаті з ботом у Telegram "
        "протягом 15 хвилин. Якщо ви його не просили, просто проігноруйте це повідомлення."
    ),
    "contact.code_footer": (
        "Хтось попросив бота Upwork Scout надсилати сповіщення на цю адресу. Доки код не "
        "введено в боті, сюди більше нічого не надсилається."
    ),
    "contact.email.sent": (
        "📧 Надсилаю 6-значний код на <b>{address}</b>. Введіть його тут протягом 15 хвилин; "
        "адреса запрацює лише після цього (доти на неї не піде нічого, крім коду)."
    ),
    "contact.sms.sent": (
        "📱 Надсилаю 6-значний код через SMS на <b>{address}</b>. Введіть його тут протягом "
        "15 хвилин; номер запрацює лише після цього (доти на нього не піде нічого, крім коду)."
    ),
    "contact.email.pending": "⏳ Чекаю на код, надісланий на <b>{address}</b>.",
    "contact.sms.pending": "⏳ Чекаю на код, надісланий на <b>{address}</b>.",
    "contact.email.not_a_code": (
        "Надішліть 6-значний код з листа або /email, щоб почати спочатку."
    ),
    "contact.sms.not_a_code": "Надішліть 6-значний код з SMS або /sms, щоб почати спочатку.",
    "contact.email.send_failed": (
        "⚠️ Не вдалося надіслати код на <b>{address}</b>. Перевірте адресу і спробуйте ще раз "
        "через /email. Нічого не змінено."
    ),
    "contact.sms.send_failed": (
        "⚠️ Не вдалося надіслати код на <b>{address}</b>. Перевірте номер і спробуйте ще раз "
        "через /sms. Нічого не змінено."
    ),
    "contact.wrong": "❌ Неправильний код. Нічого не змінено. Залишилось спроб: {left}.",
    "contact.locked": (
        "⛔ Забагато неправильних кодів: цей код більше не діє, нічого не змінено. "
        "Попросіть новий через /email або /sms."
    ),
    "contact.none": (
        "Термін дії коду минув або його замінив новіший. Нічого не змінено. "
        "Попросіть новий через /email або /sms."
    ),
    "contact.too_many": (
        "⏳ Забагато запитів коду за останню годину. Спробуйте пізніше. Нічого не змінено."
    ),
    "email.digest_subject": "Дайджест Upwork Scout: {count} вакансій",
    "email.account_subject": "Upwork Scout: ваш акаунт потребує уваги",
    "email.footer": (
        "Ви отримуєте це, бо увімкнули це в боті Upwork Scout; "
        "команда /email off там зупиняє всі листи."
    ),
    "notify.relink_needed": (
        "Upwork більше не приймає під'єднання вашого акаунта, тож сповіщення для нього "
        "призупинено. Відкрийте бота й надішліть /link, щоб під'єднати його знову."
    ),
    "notify.budget_reached": (
        "Денний бюджет ШІ вичерпано (${budget}). Нові чернетки пропозицій чекатимуть до "
        "завтра (UTC); підвищити бюджет можна в боті."
    ),
    # --- issue 15: the bot never goes silent, onboarding, filters in words ---
    "start.relink": (
        "👋 З поверненням, {name}. ⚠️ Upwork більше не приймає під'єднання вашого акаунта, "
        "тож вакансії не надходять. Натисніть кнопку нижче (або надішліть /link), щоб "
        "під'єднати його знову; пошуки й профіль збережено."
    ),
    "onboarding.title": "<b>Початок роботи</b>",
    "onboarding.link": "1. Під'єднайте акаунт Upwork: /link",
    "onboarding.profile": "2. Розкажіть, що ви пропонуєте: /profile",
    "onboarding.filters": "3. Скажіть, які вакансії вам потрібні: /filters",
    "fallback.help": "❓ Довідка",
    "fallback.command": (
        "Я не знаю команди {command}. Натисніть «Довідка», щоб побачити, які команди є."
    ),
    "fallback.text": (
        "Я працюю з командами, тож нічого не зробив із цим повідомленням. Наприклад: "
        "/filters python django задає, які вакансії вам потрібні, /profile — що ви "
        "пропонуєте. Натисніть «Довідка», щоб побачити всі."
    ),
    "fallback.long": (
        "Це довге повідомлення ({length} символів), і я нічого з ним не зробив. Щоб "
        "зробити з нього профіль, надішліть його після /profile (до 4000 символів). "
        "Решта — у «Довідці»."
    ),
    "fallback.other": (
        "З таким повідомленням я нічого не можу зробити. Натисніть «Довідка», щоб побачити, "
        "що я вмію."
    ),
    "filters.bad_term": "<code>{token}</code> — {reason}",
    "filters.bad_reasons": (
        "Я не зміг прочитати цей рядок, тож нічого не змінено:\n{problems}\n\n"
        "Виправте й надішліть знову, або /filters help покаже всі умови з прикладами."
    ),
    "filters.help": (
        "<b>Фільтри одним рядком</b>: <code>/filters</code>, а далі будь-які з цих умов.\n"
        '<code>python</code>, <code>"machine learning"</code> — будь-яке з цих слів або '
        "фраз у назві, описі чи навичках\n"
        '<code>-wordpress</code>, <code>-"data entry"</code> — жодного з цих\n'
        "<code>type=hourly</code> або <code>type=fixed</code> — лише такий тип роботи\n"
        "<code>level=entry|intermediate|expert</code> — рівень досвіду\n"
        "<code>budget>=500</code> — роботи з фіксованою ціною від $500\n"
        "<code>hourly>=30</code> — погодинні роботи від $30/год (на роботи з фіксованою "
        "ціною не впливає)\n"
        "<code>strict</code> — відкидати й роботи без зазначеного бюджету чи ставки\n"
        "<b>Якість клієнта</b>\n"
        "<code>verified</code> — спосіб оплати підтверджено\n"
        "<code>spent>=1000</code> — витратив на Upwork щонайменше $1000\n"
        "<code>rating>=4.5</code> — середній відгук щонайменше 4.5 з 5\n"
        "<code>hires>=1</code> — наймав хоча б раз\n"
        "<code>country!=IND</code> — не з цієї країни (повторіть для кількох)\n"
        "<b>Конкуренція і свіжість</b>\n"
        "<code>proposals&lt;20</code> — менше 20 пропозицій\n"
        "<code>age&lt;=24h</code> — опубліковано за останні 24 години (або <code>3d</code>)\n"
        "<code>score>=70</code> — мінімальна оцінка відповідності ШІ (0–100, типово 60)\n\n"
        'Приклад: <code>/filters react "next.js" -wordpress hourly>=40 verified '
        "spent>=1000 score>=70</code>\n"
        "<code>/filters</code> без нічого відкриває редактор із кнопками."
    ),
    "filters.saved_words": "✅ Збережено: <code>{line}</code>\n\n<b>Що я шукатиму</b>\n{words}",
    "fw.include": "• вакансії, де є будь-що з: {terms}",
    "fw.any_job": "• будь-які вакансії (без ключових слів: кожну нову перевіряю за іншими умовами)",
    "fw.exclude": "• але без жодного з: {terms}",
    "fw.type.hourly": "• лише погодинні роботи",
    "fw.type.fixed": "• лише роботи з фіксованою ціною",
    "fw.level": "• рівень досвіду: {level}",
    "fw.budget": "• роботи з фіксованою ціною від ${amount}",
    "fw.hourly": "• погодинні роботи від ${amount}/год",
    "fw.hourly_fixed_too": (
        "  (на роботи з фіксованою ціною не впливає; додайте type=hourly, щоб лишити тільки "
        "погодинні)"
    ),
    "fw.unstated_kept": (
        "• роботи без зазначеного бюджету чи ставки залишаю; додайте strict, щоб їх відкидати"
    ),
    "fw.unstated_dropped": "• роботи без зазначеного бюджету чи ставки відкидаю (strict)",
    "fw.verified": "• клієнти з підтвердженим способом оплати",
    "fw.spent": "• клієнти, що витратили щонайменше ${amount}",
    "fw.rating": "• клієнти з оцінкою щонайменше {rating} з 5",
    "fw.hires": "• клієнти, що наймали щонайменше {hires} раз(и)",
    "fw.countries": "• клієнти не з: {countries}",
    "fw.proposals": "• менше {count} пропозицій",
    "fw.age": "• опубліковано за останні {hours} год",
    "fw.score": "• оцінка відповідності ШІ щонайменше {score}/100",
    "draft.in_progress": "Чернетка вже пишеться; вона з'явиться внизу чату.",
    "draft.exists": "Для цієї вакансії вже є чернетка: ось вона знову.",
    "draft.moved": "✍️ Ця чернетка тепер унизу чату.",
    "draft.superseded_state": "🔁 Замінено новішою версією нижче",
    "alert.watch_out": "<b>⚠️ Зверніть увагу</b>",
    "draft.offline_note": (
        "🤖 <i>Офлайн-чернетка: написана простими правилами з опису вакансії та вашого "
        "профілю, бо на цьому сервері немає ключа ШІ. Щоб чернетки писала LLM, оператор "
        "задає OPENAI_API_KEY або ANTHROPIC_API_KEY (див. README).</i>"
    ),
    "draft.offline_cannot": (
        "⚠️ Офлайн-автор не може виконати «{instruction}»: він уміє лише скоротити чернетку "
        "або згадати щось із вашого профілю. Відредагуйте текст самі кнопкою ✏️ Редагувати "
        "або увімкніть LLM."
    ),
    # --- learning: what Scout learned from the user's taps (core/learning, bot/routers/taste.py)
    "taste.skips": "ви зазвичай пропускаєте {what}",
    "taste.goes_for": "ви зазвичай берете {what}",
    "taste.band.under": "до {n}",
    "taste.band.over": "від {n}",
    "taste.f.skill": "замовлення з навичкою {skill}",
    "taste.f.country": "замовлення від клієнтів із країни {country}",
    "taste.f.type.fixed": "замовлення з фіксованою ціною",
    "taste.f.type.hourly": "погодинні замовлення",
    "taste.f.budget": "замовлення з фіксованою ціною {band}",
    "taste.f.rate": "погодинні замовлення зі ставкою {band}",
    "taste.f.spend": "замовлення від клієнтів, що витратили {band}",
    "taste.f.spend.lt1": "замовлення від клієнтів, що ще нічого не витратили",
    "taste.f.rating": "замовлення від клієнтів з рейтингом {band}",
    "taste.f.rating.none": "замовлення від клієнтів без рейтингу",
    "taste.f.hires": "замовлення від клієнтів з кількістю наймів {band}",
    "taste.f.hires.lt1": "замовлення від клієнтів, що ще нікого не наймали",
    "taste.f.verified.yes": "замовлення від клієнтів з підтвердженим способом оплати",
    "taste.f.verified.no": "замовлення від клієнтів без підтвердженого способу оплати",
    "taste.f.level.entry": "замовлення початкового рівня",
    "taste.f.level.intermediate": "замовлення середнього рівня",
    "taste.f.level.expert": "замовлення експертного рівня",
    "taste.f.proposals": "замовлення з кількістю пропозицій {band}",
    "taste.f.age": "замовлення, опубліковані {band} тому",
    "taste.f.overlap.none": "замовлення без жодної з ваших навичок",
    "taste.f.overlap.some": "замовлення з частиною ваших навичок",
    "taste.f.overlap.most": "замовлення переважно з вашими навичками",
    "taste.f.overlap.unknown": "замовлення без переліку навичок",
    "taste.alert_reason": "🧠 Я помітив: {reason}",
    "taste.why.title": "<b>🧠 Чому така оцінка</b> (“{title}”)",
    "taste.why.scores": "Оцінка {shown}/100 · вивчена релевантність {learned}/100 "
    "(вивчена частка оцінки {share}%)",
    "taste.why.factor": "• {text} ({sign}{weight})",
    "taste.why.nothing": "Про це замовлення я ще нічого не вивчив: оцінка лише від AI.",
    "taste.why.no_alert": (
        "Ще немає сповіщення, яке можна пояснити. Дайте відповідь /why на сповіщення."
    ),
    "taste.title": "<b>🧠 Що я вивчив з ваших рішень ({count})</b>",
    "taste.nothing": "Я ще нічого не вивчив: кнопки Пропустити і Чернетка мене навчають.",
    "taste.share": "Вивчена частка оцінки зараз: {share}%.",
    "taste.reset_button": "♻️ Забути вивчене",
    "taste.reset_done": "Готово: я забув ваші вподобання. Оцінки знову лише від AI.",
    "skip.ask_reason": "Пропущено. Чому? (необов'язково, це допомагає мені вчитися)",
    "skip.reason.too_cheap": "💸 Задешево",
    "skip.reason.wrong_skills": "🧩 Не мої навички",
    "skip.reason.weak_client": "👤 Слабкий клієнт",
    "skip.reason.not_interested": "🙅 Нецікаво",
    "skip.reason_saved": "Дякую, враховано.",
    "suggest.exclude_word": (
        "Ви пропустили {count} замовлень про «{word}». Додати -{word} до пошуку?"
    ),
    "suggest.exclude_country": "Ви пропустили {count} замовлень із країни {country}. Додати "
    "country!={code} до пошуку?",
    "suggest.min_budget": "Ви пропустили {count} замовлень з фіксованою ціною до ${amount}. "
    "Додати budget>={amount} до пошуку?",
    "suggest.accept": "✅ Так, додати",
    "suggest.dismiss": "✖️ Ні, дякую",
    "suggest.accepted": "Додав {token} до «{search}».",
    "suggest.dismissed": "Добре, я не пропонуватиму цього місяць.",
    "suggest.gone": "Ця пропозиція вже не дійсна.",
    "redirect.bad_link": "Це посилання недійсне.",
}
