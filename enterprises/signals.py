"""Signals other apps listen to; this app knows nothing of them (the inbox and email live in accreditation)."""

from django.dispatch import Signal

# Sent once the transaction that made or decided a claim has committed. Arguments: `membership_id` and `event`,
# one of "claimed", "verified", "rejected".
claim_changed = Signal()

# Sent inside the transaction of a service that changed what the eligibility engine reads of an enterprise (its
# profile, yearly figures, development scores, IP and other items). Argument: `enterprise_id`. Services send it
# through `enterprises.services.facts_written`; no model's save sends it, so every write that matters says so
# where it is made. Listeners write an outbox row (accreditation queues the enterprise's re-evaluation), which
# commits or rolls back with the change.
facts_changed = Signal()
