"""Notifications, one component for every producer: the inbox (a `Notice` per user and key, with the page it is
about), an email per notice or a daily digest of those delivered without one, and marking read.

Producers (application steps and reviews, alerts and reminders, claims, development scores, support decisions)
render their texts in the recipient's language and call `accreditation.notices.services`; they sit above this
app, which knows none of them.
"""
