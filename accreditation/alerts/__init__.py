"""Alerts: what the nightly re-evaluation and the calendar produce for the people who must act.

Four kinds, each a situation of one enterprise (`AlertKind`):
- eligible for a tier above the highest title it holds, with no open application for that tier;
- holds a title whose tier its current stored assessment no longer meets (eligible false, not "cannot tell");
- holds a title that expires within 90 days (the officials' page marks those within 30);
- missed the annual update: the latest deadline passed and the figures of its year are still incomplete.

Why alerts are rows (`Alert`), not a query computed on each visit. The officials' page must answer in a constant
number of cheap queries at 100,000 enterprises; computed, each visit would anti-join a million assessment rows
with accreditations and open applications, and count that union per kind. Rows make the page an indexed read
of one table (open alerts newest first, partial indexes per kind), and give what a query cannot: the date an
alert was raised, a record that it was resolved, and one identity per situation. That identity, the unique
`key` (the assessment revision, the title's expiry date, the update year), is what makes every task idempotent:
raising twice writes one row, and each enterprise notice is keyed by its alert, so it is sent once.

The rows are kept true by one state-based rule (`raising.wanted_alerts`): for a set of enterprises, compute the
keys that should be open now, insert the missing, resolve the open ones no longer wanted, reopen a resolved
one that is wanted again. It runs for the enterprises touched since the last pass (eligibility changes,
application steps, title edits; every few minutes), for one enterprise after its own re-evaluation, and for
every enterprise once a day (dates move: expiry windows, deadlines). The re-evaluation itself is not changed:
its `EligibilityChange` rows are read after the fact.

Enterprises hear of their alerts as inbox notices (`notify`), sent once per alert (and once more 30 days before
an expiry), with reminders before the annual-update deadline; their email is one daily digest (`digest`).
"""
