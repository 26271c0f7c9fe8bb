"""Pages of the enterprises app. Every view asks one permission and fetches objects from
`enterprises_visible_to(user)`, so an enterprise out of reach answers 404."""

from .items import item_delete, item_edit, item_list
from .official import claim_proof, claim_queue, claim_reject, claim_review, claim_verify, enterprise_list
from .profile import (
    annual_figures,
    claim,
    enterprise_detail,
    industry_search,
    my_claim,
    my_enterprises,
    profile_section_edit,
)
from .scores import development_score_evidence, development_score_reject, development_score_verify, development_scores

__all__ = [
    "annual_figures",
    "claim",
    "claim_proof",
    "claim_queue",
    "claim_reject",
    "claim_review",
    "claim_verify",
    "development_score_evidence",
    "development_score_reject",
    "development_score_verify",
    "development_scores",
    "enterprise_detail",
    "enterprise_list",
    "industry_search",
    "item_delete",
    "item_edit",
    "item_list",
    "my_claim",
    "my_enterprises",
    "profile_section_edit",
]
