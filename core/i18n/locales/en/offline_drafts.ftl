## The offline writer's letters and screening answers (core/ai/offline_proposals.py).
## No greeting formula: a letter opens on the client's problem in their own words.

# $problem: the client's words, turned to the second person; one message per way the post says it
offline-problem-to = You need to { $problem }.
offline-problem-who = You need someone who will { $problem }.
offline-problem-with = You need help with { $problem }.
offline-problem-object = You need { $problem }.
offline-problem-title = You need help with “{ $problem }”.
offline-problem_generic = I see you need a reliable hand with your project.
# $step: a verb phrase ("set up the booking API")
offline-first_step = First, I would { $step }.
offline-skills_relevant = My skills that fit this job: { $skills }.
offline-skills_core = My core skills: { $skills }.
offline-headline = A bit about me: { $headline }.
offline-highlight = I would also like to highlight my work with { $skills }.
offline-plan_intro = Here is how I would approach it:
offline-plan_build = 2. Build it step by step and share progress regularly.
offline-plan_build_with = 2. Build it step by step with { $skills } and share progress regularly.
offline-plan_launch = 3. Test everything, hand it over and help with the launch.
# A question about this project, never "a short call"
offline-question_a = About “{ $title }”: what should be working by the end of the first week?
offline-question_b = If this plan works for you, one question about “{ $title }”: what should be working by the end of the first week?
offline-question_generic_a = What should be working by the end of the first week?
offline-question_generic_b = If this plan works for you: what should be working by the end of the first week?
# "Python, Django and PostgreSQL"
offline-listing = { $head } and { $last }
offline-answer_yes = Yes, I work with { $skills }.
offline-answer_missing = That is not in my profile yet; the closest experience I can offer is { $skills }.
offline-answer_missing_bare = That is not part of my experience yet; happy to discuss it in a call.
offline-answer_rate = My hourly rate is { $rate }.
offline-answer_timing = Let's agree on the timeline together once the first milestone is set.
offline-answer_fallback = Happy to go through this with you before we start.
