"""Models of the accreditation app: tiers as data, accreditation records, park criteria, list imports."""

from .accreditation import Accreditation, AccreditationSource, AccreditationStatus, RevocationReason
from .alert import Alert, AlertCursor, AlertDigest, AlertKind, DigestLine
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
from .exports import FINISHED_STATES, ExportFailure, ExportFormat, ExportJob, ExportSource, ExportState
from .imports import AccreditationImport, ImportStatus
from .park_criteria import ParkCriteria
from .review import Recommendation, ReviewAssignment, ReviewScore, RubricCriterion, weighted_total
from .tier import AuthorityLevel, Tier

__all__ = [
    "DECIDED_STATES",
    "EDITABLE_STATES",
    "FINISHED_STATES",
    "Accreditation",
    "AccreditationImport",
    "AccreditationSource",
    "AccreditationStatus",
    "Alert",
    "AlertCursor",
    "AlertDigest",
    "AlertKind",
    "Application",
    "ApplicationDocument",
    "ApplicationEvent",
    "ApplicationRevision",
    "ApplicationState",
    "AuthorityLevel",
    "ChangeKind",
    "ChunkState",
    "DigestLine",
    "DocumentRequirement",
    "EligibilityAssessment",
    "EligibilityChange",
    "ExportFailure",
    "ExportFormat",
    "ExportJob",
    "ExportSource",
    "ExportState",
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
