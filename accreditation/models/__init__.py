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
    ReviewStep,
)
from .assessment import (
    ChangeKind,
    ChunkState,
    EligibilityAssessment,
    EligibilityChange,
    ReevaluationChunk,
    ReevaluationRun,
)
from .experts import ExpertDraw, ExpertProfile
from .exports import FINISHED_STATES, ExportFailure, ExportFormat, ExportJob, ExportSource, ExportState
from .imports import AccreditationImport, ImportStatus
from .park_criteria import ParkCriteria
from .review import AssignmentMethod, Recommendation, ReviewAssignment, ReviewScore, RubricCriterion, weighted_total
from .round import DeclarationRound
from .tier import Authority, AuthorityLevel, Tier

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
    "AssignmentMethod",
    "Authority",
    "AuthorityLevel",
    "ChangeKind",
    "ChunkState",
    "DeclarationRound",
    "DigestLine",
    "DocumentRequirement",
    "EligibilityAssessment",
    "EligibilityChange",
    "ExpertDraw",
    "ExpertProfile",
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
    "ReviewStep",
    "RevocationReason",
    "RubricCriterion",
    "Tier",
    "weighted_total",
]
