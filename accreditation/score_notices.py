"""What an enterprise hears when a park official decides on its development evaluation score: a notice in each
verified member's inbox and an email, in the member's language. Sending twice sends once (a key per user and
decision)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accreditation.notices.models import NoticeKind
from accreditation.notices.services import in_language, notice_deliver
from enterprises.models import DevelopmentScore, ScoreState
from enterprises.selectors import members_to_tell

# state -> (notice kind, subject, body). Placeholders: enterprise, year, score, reason.
TEXTS = {
    ScoreState.VERIFIED: (
        NoticeKind.SCORE_VERIFIED,
        _("The development evaluation score of %(enterprise)s for %(year)s is verified"),
        _(
            "A park official checked the score of %(score)s that %(enterprise)s declared for %(year)s against its "
            "evidence and verified it."
        ),
    ),
    ScoreState.REJECTED: (
        NoticeKind.SCORE_REJECTED,
        _("The development evaluation score of %(enterprise)s for %(year)s is rejected"),
        _(
            "A park official rejected the score of %(score)s that %(enterprise)s declared for %(year)s: "
            "%(reason)s\n\nThe eligibility assessment no longer reads it. Declare the score again with the "
            "platform's page as evidence on the enterprise's development scores page."
        ),
    ),
}


def notice_key(score: DevelopmentScore) -> str:
    """Once per user and decision."""
    return f"score:{score.enterprise_id}:{score.pk}:{score.state}:{score.verified_at.timestamp():.0f}"


def notify_score_decided(score_id: int) -> int:
    """Tell the verified members of the enterprise of the decision on score `score_id`, as it stands now. Returns
    the number of notices created."""
    score = DevelopmentScore.objects.select_related("enterprise").filter(pk=score_id).first()
    if score is None or score.state not in TEXTS or score.verified_at is None:
        return 0
    kind, subject_text, body_text = TEXTS[score.state]
    key = notice_key(score)
    url = reverse("enterprises:development_scores", kwargs={"pk": score.enterprise_id})
    created = 0
    for user in members_to_tell(score.enterprise_id):
        with in_language(user):
            params = {
                "enterprise": score.enterprise.name,
                "year": score.year,
                "score": score.score,
                "reason": score.reject_reason,
            }
            subject, body = str(subject_text) % params, str(body_text) % params
        created += notice_deliver(user=user, kind=kind, key=key, subject=subject, body=body, url=url)
    return created
