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
from .assessment import (
    ChangeKind,
    ChunkState,
    EligibilityAssessment,
    EligibilityChange,
    ReevaluationChunk,
    ReevaluationRun,
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
    "ChangeKind",
    "ChunkState",
    "DocumentRequirement",
    "EligibilityAssessment",
    "EligibilityChange",
    "ImportStatus",
    "Notice",
    "NoticeKind",
    "ParkCriteria",
    "Recommendation",
    "ReevaluationChunk",
    "ReevaluationRun",
    "ReviewAssignment",
    "ReviewScore",
    "RevocationReason",
    "RubricCriterion",
    "Tier",
    "weighted_total",
]
