"""Numbers of the support programmes, each named once with where it comes from."""

from decimal import Decimal

# The central government funds "key little giants" over three years in two tranches, the second tied to the
# results reported (docs/domain.md section 10: the central funds for key little giants, Caijian [2021] No. 2).
GRANT_YEARS = 3
# The share of a grant paid in the first tranche, on signing; the rest follows the reported results.
FIRST_TRANCHE_SHARE = Decimal("0.5")
# A call's budget: the largest amount in yuan one call may hold (a typing slip of a few digits more is refused).
MAX_CALL_BUDGET = Decimal("1000000000.00")
# Amounts are kept to the fen.
AMOUNT_DIGITS, AMOUNT_PLACES = 14, 2
