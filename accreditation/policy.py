"""The pool's policy numbers, each named once. The clause each rests on is cited beside it; docs/domain.md
gathers the sources. Change a number here and every page, alert and task follows."""

# How long a title lasts is data, not a number here: each tier's `validity_years` (3 for the provincial and
# national tiers, docs/domain.md section 1), loaded by tier_data.py and editable by an administrator.

# A record falls due for renewal review (复核) this many days before it expires, so the enterprise has the time a
# renewal file takes; the park's own practice, not a ministry figure.
RENEWAL_DUE_DAYS = 180

# Titles expiring within the first number of days are listed and their holders told; again at the second.
EXPIRY_WARNING_DAYS = (90, 30)

# Reminders of the annual data update go out this many days before its deadline, the nearer replacing the other
# (docs/domain.md section 5: missing the annual update loses review eligibility).
UPDATE_REMINDER_DAYS = (30, 7)

# A title revoked for falsified data withdraws every quality-SME title of the enterprise, and no application of
# it is accepted for this many years (工信部企业[2026]2号; docs/domain.md section 5).
FALSIFIED_DATA_BAR_YEARS = 3
