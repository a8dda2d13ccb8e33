## Email and SMS: settings, confirmation codes, the messages they carry
## Counts pick CLDR plural forms with select expressions (en: one, other; uk: one, few, many, other).

channels-on = увімк.
channels-off = вимк.
channels-not_set = не вказано
channels-no_address = Спершу вкажіть адресу.
channels-email-not_configured = Email не налаштований на цьому сервері (немає SMTP_URL).
channels-email-show =
    📧 <b>Email</b>: { $address }
    • Щоденний дайджест: { $digest }
    • Сповіщення про акаунт (треба під'єднати знову, вичерпано бюджет ШІ): { $alerts }

    Лист із дайджестом надходить разом зі щоденним дайджестом (пошуки в режимі дайджесту, /filters).
    /email name@example.com задає адресу (після коду, надісланого туди) · /email off видаляє її.
channels-email-saved = 📧 Email змінено на <b>{ $address }</b>.
channels-email-removed = 📧 Email видалено. Я не надсилатиму вам листів.
channels-email-invalid = «{ $value }» не схоже на адресу email, на яку можна писати. Приклад: /email name@example.com. Нічого не змінено.
channels-sms-not_configured = SMS не налаштовані на цьому сервері (немає параметрів SMS_*).
channels-sms-show =
    📱 <b>SMS</b>: { $phone }
    • Сповіщення про акаунт (треба під'єднати знову, вичерпано бюджет ШІ): { $alerts }

    /sms +380501234567 задає номер (у міжнародному форматі, після коду, надісланого туди) · /sms off видаляє його.
channels-sms-saved = 📱 Номер для SMS: <b>{ $phone }</b>. Сповіщення про акаунт через SMS увімкнено.
channels-sms-removed = 📱 Номер видалено. Я не надсилатиму вам SMS.
channels-sms-invalid = «{ $value }» не схоже на номер телефону в міжнародному форматі. Приклад: /sms +380501234567. Нічого не змінено.
channels-button-email_digest = { $mark } Щоденний дайджест на email
channels-button-email_account_alerts = { $mark } Сповіщення про акаунт на email
channels-button-sms_account_alerts = { $mark } Сповіщення про акаунт через SMS
contact-code_subject = Upwork Scout: ваш код підтвердження
contact-code_message = Ваш код підтвердження Upwork Scout: { $code }. Введіть його в чаті з ботом у Telegram протягом 15 хвилин. Якщо ви його не просили, просто проігноруйте це повідомлення.
contact-code_footer = Хтось попросив бота Upwork Scout надсилати сповіщення на цю адресу. Доки код не введено в боті, сюди більше нічого не надсилається.
contact-email-sent = 📧 Надсилаю 6-значний код на <b>{ $address }</b>. Введіть його тут протягом 15 хвилин; адреса запрацює лише після цього (доти на неї не піде нічого, крім коду).
contact-sms-sent = 📱 Надсилаю 6-значний код через SMS на <b>{ $address }</b>. Введіть його тут протягом 15 хвилин; номер запрацює лише після цього (доти на нього не піде нічого, крім коду).
contact-email-pending = ⏳ Чекаю на код, надісланий на <b>{ $address }</b>.
contact-sms-pending = ⏳ Чекаю на код, надісланий на <b>{ $address }</b>.
contact-email-not_a_code = Надішліть 6-значний код з листа або /email, щоб почати спочатку.
contact-sms-not_a_code = Надішліть 6-значний код з SMS або /sms, щоб почати спочатку.
contact-email-send_failed = ⚠️ Не вдалося надіслати код на <b>{ $address }</b>. Перевірте адресу і спробуйте ще раз через /email. Нічого не змінено.
contact-sms-send_failed = ⚠️ Не вдалося надіслати код на <b>{ $address }</b>. Перевірте номер і спробуйте ще раз через /sms. Нічого не змінено.
contact-wrong = ❌ Неправильний код. Нічого не змінено. Залишилось спроб: { $left }.
contact-locked = ⛔ Забагато неправильних кодів: цей код більше не діє, нічого не змінено. Попросіть новий через /email або /sms.
contact-none = Термін дії коду минув або його замінив новіший. Нічого не змінено. Попросіть новий через /email або /sms.
contact-too_many = ⏳ Забагато запитів коду за останню годину. Спробуйте пізніше. Нічого не змінено.
email-digest_subject = Дайджест Upwork Scout: { $count ->
        [one] { $count } вакансія
        [few] { $count } вакансії
        [many] { $count } вакансій
       *[other] { $count } вакансії
    }
email-account_subject = Upwork Scout: ваш акаунт потребує уваги
email-footer = Ви отримуєте це, бо увімкнули це в боті Upwork Scout; команда /email off там зупиняє всі листи.
notify-relink_needed = Upwork більше не приймає під'єднання вашого акаунта, тож сповіщення для нього призупинено. Відкрийте бота й надішліть /link, щоб під'єднати його знову.
notify-budget_reached = Денний бюджет ШІ вичерпано (${ $budget }). Нові чернетки пропозицій чекатимуть до завтра (UTC); підвищити бюджет можна в боті.
