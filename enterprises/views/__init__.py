"""Pages of the enterprises app. Every view asks one permission and fetches objects from
`enterprises_visible_to(user)`, so an enterprise out of reach answers 404."""

from .items import item_delete, item_edit, item_list
from .official import claim_queue, claim_reject, claim_verify, enterprise_list
from .profile import (
    annual_figures,
    claim,
    enterprise_detail,
    industry_search,
    my_enterprises,
    profile_section_edit,
)

__all__ = [
    "annual_figures",
    "claim",
    "claim_queue",
    "claim_reject",
    "claim_verify",
    "enterprise_detail",
    "enterprise_list",
    "industry_search",
    "item_delete",
    "item_edit",
    "item_list",
    "my_enterprises",
    "profile_section_edit",
]
