"""The enterprises' policy numbers, each named once (docs/domain.md gathers their sources)."""

# The annual data update is due by this (month, day) each year for the previous financial year: 31 May under the
# 2026 regime (工信部企业[2026]2号); a park on the 2022 regime (30 April) sets ANNUAL_UPDATE_DEADLINE = (4, 30).
DEFAULT_ANNUAL_UPDATE_DEADLINE = (5, 31)

# The criteria read last year Y and the two years before it (Y-1 for growth, Y-2 for two-year averages and CAGR):
# the window of figures an evaluation needs (docs/domain.md section 9).
EVALUATION_WINDOW_YEARS = 3
