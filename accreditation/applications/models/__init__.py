"""Models of applications: the application and its revisions, events, documents and notices; declaration rounds;
the expert pool, draws, review assignments and scores."""

from accreditation.applications.models.application import (
    DECIDED_STATES,
    EDITABLE_STATES,
    Application,
    ApplicationDocument,
    ApplicationEvent,
    ApplicationRevision,
    ApplicationState,
    DocumentRequirement,
    ReviewStep,
)
from accreditation.applications.models.experts import ExpertDraw, ExpertProfile
from accreditation.applications.models.review import (
    AssignmentMethod,
    Recommendation,
    ReviewAssignment,
    ReviewScore,
    RubricCriterion,
    weighted_total,
)
from accreditation.applications.models.round import DeclarationRound

__all__ = [
    "DECIDED_STATES",
    "EDITABLE_STATES",
    "Application",
    "ApplicationDocument",
    "ApplicationEvent",
    "ApplicationRevision",
    "ApplicationState",
    "AssignmentMethod",
    "DeclarationRound",
    "DocumentRequirement",
    "ExpertDraw",
    "ExpertProfile",
    "Recommendation",
    "ReviewAssignment",
    "ReviewScore",
    "ReviewStep",
    "RubricCriterion",
    "weighted_total",
]
