## Proposal drafts: review buttons, grounding notes, the daily AI budget
## Counts pick CLDR plural forms with select expressions (en: one, other; uk: one, few, many, other).

draft-working = Drafting your proposal…
draft-unavailable = This job can no longer be drafted (it was removed or already decided). New alerts keep coming; /filters changes what you get.
draft-need_profile = I write proposals only from your profile, and it is empty. Set it with /profile, then tap Draft proposal again.
draft-title = ✍️ <b>Draft v{ $version }</b> · { $title }
draft-answers = <b>Answers to the client's questions</b>
draft-removed = ℹ️ I left out { $count ->
        [one] { $count } claim
       *[other] { $count } claims
    } your profile does not back (add the fact to /profile, or type it in with Edit, if it is true):
draft-check = The letter still needs a look (fix it with Edit or Regenerate):
grounding-skill = a skill not in your profile
grounding-tenure = years of experience your profile does not state
grounding-number = a number neither your profile nor the job gives
grounding-employer = an employer or client not in your profile
grounding-name = a name (tool, company) not in your profile or the job
grounding-contact = contact details or a link not in your profile (Upwork forbids contact details before a contract)
draft-approve = ✅ Approve
draft-regenerate = 🔄 Regenerate
draft-edit = ✏️ Edit
draft-reject = ❌ Reject
draft-approved_state = ✅ Approved
draft-rejected_state = ❌ Rejected ({ $reason })
draft-submitted_state = 📤 Submitted to Upwork
draft-already = This draft was already decided; the newest one is at the bottom of the chat.
draft-approving = Approved. Sending it on…
draft-ask_instruction = How should I change it? Tap an option or send your own instruction, e.g. <i>mention my Django work</i>.
draft-instruction-shorter = Shorter
draft-instruction-formal = More formal
draft-instruction-none = Just regenerate
draft-ask_edit = Send the text you want to use; it becomes the draft.
draft-edited = Your text is now the draft.
draft-ask_reason = Why are you rejecting it?
draft-reason-too_generic = Too generic
draft-reason-wrong_facts = Wrong facts
draft-reason-not_interested = Not interested
draft-reason-other = Other
draft-rejected = Rejected. Thanks, that helps me write better drafts.
draft-too_long = That text is too long for an Upwork cover letter (max 5000 characters).
draft-ready = 📋 <b>Ready to send.</b> Your Upwork API key cannot submit proposals, so copy the text into Upwork yourself:
draft-refused =
    ⚠️ <b>Upwork refused the proposal:</b> { $error }
    Nothing was sent. Fix it on Upwork, or copy the text into Upwork yourself:
draft-submitted = 📤 Submitted to Upwork. I will tell you when the client replies.
budget-reached = 💸 You reached today's AI budget (${ $budget }). New drafts wait until tomorrow (UTC), or raise the budget:
budget-raise = Raise to ${ $amount } today
budget-raised = Budget raised to ${ $amount }. Waiting drafts are on their way.
draft-in_progress = Your draft is on its way; it will appear at the bottom of the chat.
draft-exists = You already have a draft for this job: here it is again.
draft-moved = ✍️ This draft moved to the bottom of the chat.
draft-superseded_state = 🔁 Replaced by a newer version below
draft-offline_note = 🤖 <i>Offline draft: written by simple rules from the job post and your profile, because this server has no AI key. For LLM-written drafts, the operator sets OPENAI_API_KEY or ANTHROPIC_API_KEY (see the README).</i>
draft-offline_cannot = ⚠️ The offline writer cannot follow “{ $instruction }”: it can only make the draft shorter or mention something from your profile. Edit the text yourself with ✏️ Edit, or turn on an LLM.
