"""Signals the enterprises app sends for listeners above it (it imports none of them).

`development_score_decided(sender=DevelopmentScore, score_id=...)`: sent after an official's verification or
rejection of a development evaluation score commits; accreditation tells the enterprise in its inbox.
"""

from django.dispatch import Signal

development_score_decided = Signal()
