## Листи й відповіді офлайн-автора (core/ai/offline_proposals.py).
## Без вітальної формули: лист починається з проблеми клієнта його ж словами.

offline-problem-to = Вам потрібно { $problem }.
offline-problem-who = Вам потрібен виконавець, який { $problem }.
offline-problem-with = Вам потрібна допомога з { $problem }.
offline-problem-object = Вам потрібно: { $problem }.
offline-problem-title = Вам потрібна допомога з «{ $problem }».
offline-problem_generic = Бачу, що вам потрібна надійна допомога з вашим проєктом.
offline-first_step = Спершу я { $step }.
offline-skills_relevant = Мої навички, що підходять для цієї роботи: { $skills }.
offline-skills_core = Мої основні навички: { $skills }.
offline-headline = Коротко про мене: { $headline }.
offline-highlight = Окремо хочу згадати мою роботу з { $skills }.
offline-plan_intro = Як я підійду до роботи:
offline-plan_build = 2. Поетапно зроблю роботу і регулярно показуватиму прогрес.
offline-plan_build_with = 2. Поетапно зроблю роботу з { $skills } і регулярно показуватиму прогрес.
offline-plan_launch = 3. Протестую, передам результат і допоможу із запуском.
offline-question_a = Щодо «{ $title }»: що має запрацювати до кінця першого тижня?
offline-question_b = Якщо план вам підходить, одне питання щодо «{ $title }»: що має запрацювати до кінця першого тижня?
offline-question_generic_a = Що має запрацювати до кінця першого тижня?
offline-question_generic_b = Якщо план вам підходить: що має запрацювати до кінця першого тижня?
offline-listing = { $head } та { $last }
offline-answer_yes = Так, я працюю з { $skills }.
offline-answer_missing = Цього поки немає в моєму профілі; найближчий мій досвід: { $skills }.
offline-answer_missing_bare = Цього поки немає в моєму досвіді; охоче обговорю це на дзвінку.
offline-answer_rate = Моя погодинна ставка: { $rate }.
offline-answer_timing = Терміни пропоную погодити разом, щойно визначимо перший етап.
offline-answer_fallback = Охоче розберу це з вами до початку роботи.
