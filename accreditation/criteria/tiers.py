"""Tier codes and their names (docs/domain.md section 1). The database holds the tiers; these are the engine's."""

from django.utils.translation import gettext_noop

PARK_POOL = "park-pool"
INNOVATIVE = "innovative"
SPECIALIZED = "specialized"
LITTLE_GIANT = "little-giant"
SINGLE_CHAMPION = "single-champion"

NATIONAL_TIERS = (INNOVATIVE, SPECIALIZED, LITTLE_GIANT, SINGLE_CHAMPION)

NAMES = {
    PARK_POOL: gettext_noop('park "little giant" candidate pool'),
    INNOVATIVE: gettext_noop("innovative SME"),
    SPECIALIZED: gettext_noop("specialized and sophisticated SME"),
    LITTLE_GIANT: gettext_noop('specialized and sophisticated "little giant" enterprise'),
    SINGLE_CHAMPION: gettext_noop("manufacturing single champion"),
}
