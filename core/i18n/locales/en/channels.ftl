## Email and SMS: settings, confirmation codes, the messages they carry
## Counts pick CLDR plural forms with select expressions (en: one, other; uk: one, few, many, other).

channels-on = on
channels-off = off
channels-not_set = not set
channels-no_address = Set an address first.
channels-email-not_configured = Email is not set up on this server (no SMTP_URL).
channels-email-show =
    📧 <b>Email</b>: { $address }
    • Daily digest: { $digest }
    • Account alerts (relink needed, AI budget reached): { $alerts }

    The digest email goes out with your daily digest (searches in digest mode, /filters).
    /email name@example.com sets the address (after a code sent there) · /email off removes it.
channels-email-saved = 📧 Email set to <b>{ $address }</b>.
channels-email-removed = 📧 Email removed. I will not send you any email.
channels-email-invalid = “{ $value }” is not an email address I can send to. Example: /email name@example.com. Nothing changed.
channels-sms-not_configured = SMS is not set up on this server (no SMS_* settings).
channels-sms-show =
    📱 <b>SMS</b>: { $phone }
    • Account alerts (relink needed, AI budget reached): { $alerts }

    /sms +380501234567 sets the number (international format, after a code sent there) · /sms off removes it.
channels-sms-saved = 📱 SMS number set to <b>{ $phone }</b>. Account alerts by SMS are on.
channels-sms-removed = 📱 Number removed. I will not send you any SMS.
channels-sms-invalid = “{ $value }” is not a phone number in international format. Example: /sms +380501234567. Nothing changed.
channels-button-email_digest = { $mark } Daily digest by email
channels-button-email_account_alerts = { $mark } Account alerts by email
channels-button-sms_account_alerts = { $mark } Account alerts by SMS
contact-code_subject = Upwork Scout: your confirmation code
contact-code_message = Your Upwork Scout confirmation code: { $code }. Type it in the Telegram chat with the bot within 15 minutes. If you did not ask for it, ignore this message.
contact-code_footer = Someone asked the Upwork Scout bot to send alerts to this address. Until the code is typed back, nothing else is sent here.
contact-email-sent = 📧 I am sending a 6-digit code to <b>{ $address }</b>. Type it here within 15 minutes; the address is used only after that (until then it gets nothing but the code).
contact-sms-sent = 📱 I am sending a 6-digit code by SMS to <b>{ $address }</b>. Type it here within 15 minutes; the number is used only after that (until then it gets nothing but the code).
contact-email-pending = ⏳ Waiting for the code sent to <b>{ $address }</b>.
contact-sms-pending = ⏳ Waiting for the code sent to <b>{ $address }</b>.
contact-email-not_a_code = Send the 6-digit code from the email, or /email to start over.
contact-sms-not_a_code = Send the 6-digit code from the SMS, or /sms to start over.
contact-email-send_failed = ⚠️ I could not send the code to <b>{ $address }</b>. Check the address and try again with /email. Nothing changed.
contact-sms-send_failed = ⚠️ I could not send the code to <b>{ $address }</b>. Check the number and try again with /sms. Nothing changed.
contact-wrong = ❌ Wrong code. Nothing changed. Attempts left: { $left }.
contact-locked = ⛔ Too many wrong codes: that code no longer works and nothing changed. Ask for a new one with /email or /sms.
contact-none = That code has expired or was replaced by a newer one. Nothing changed. Ask for a new one with /email or /sms.
contact-too_many = ⏳ Too many codes asked for in the last hour. Try again later. Nothing changed.
email-digest_subject = Upwork Scout digest: { $count ->
        [one] { $count } matching job
       *[other] { $count } matching jobs
    }
email-account_subject = Upwork Scout: your account needs attention
email-footer = You get this because you turned it on in the Upwork Scout bot; /email off there stops all email.
notify-relink_needed = Upwork no longer accepts the link to your account, so alerts for it are paused. Open the bot and send /link to link it again.
notify-budget_reached = You reached today's AI budget (${ $budget }). New proposal drafts wait until tomorrow (UTC); you can raise the budget in the bot.
