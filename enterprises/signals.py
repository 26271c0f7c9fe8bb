"""Signals other apps listen to; this app knows nothing of them (the inbox and email live in accreditation)."""

from django.dispatch import Signal

# Sent once the transaction that made or decided a claim has committed. Arguments: `membership_id` and `event`,
# one of "claimed", "verified", "rejected".
claim_changed = Signal()
