"""The pool's domain signal: other apps act on new titles without the pool knowing them."""

from django.dispatch import Signal

# Sent with `record_ids` inside the transaction that created accreditation records (granted by hand, by an
# application, the API or an imported list): listeners write what follows (an outbox row, a proposal) in the
# same transaction, so it commits or rolls back with the records.
titles_recorded = Signal()
