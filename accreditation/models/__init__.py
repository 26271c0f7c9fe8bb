"""Models of the accreditation app: tiers as data, accreditation records, park criteria, list imports."""

from .accreditation import Accreditation, AccreditationSource, AccreditationStatus, RevocationReason
from .application import (
    DECIDED_STATES,
    EDITABLE_STATES,
    Application,
    ApplicationDocument,
    ApplicationEvent,
    ApplicationRevision,
    ApplicationState,
    DocumentRequirement,
    Notice,
    NoticeKind,
)
from .imports import AccreditationImport, ImportStatus
from .park_criteria import ParkCriteria
from .review import Recommendation, ReviewAssignment, ReviewScore, RubricCriterion, weighted_total
from .tier import AuthorityLevel, Tier

__all__ = [
    "DECIDED_STATES",
    "EDITABLE_STATES",
    "Accreditation",
    "AccreditationImport",
    "AccreditationSource",
    "AccreditationStatus",
    "Application",
    "ApplicationDocument",
    "ApplicationEvent",
    "ApplicationRevision",
    "ApplicationState",
    "AuthorityLevel",
    "DocumentRequirement",
    "ImportStatus",
    "Notice",
    "NoticeKind",
    "ParkCriteria",
    "Recommendation",
    "ReviewAssignment",
    "ReviewScore",
    "RevocationReason",
    "RubricCriterion",
    "Tier",
    "weighted_total",
]
