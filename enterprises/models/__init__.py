"""Models of the enterprises app, one module per subject; import them from here."""

from .choices import DigitalLevel, District, MainProductField, OwnershipType, StrategicField
from .development import DevelopmentScore, ScoreState
from .enterprise import Enterprise
from .figures import FIGURE_FIELDS, NON_NEGATIVE_FIELDS, AnnualFigures, figures_summary, refresh_figures_summary
from .membership import ACTIVE_STATUSES, ClaimantRole, ClaimProof, Membership, MembershipStatus, ProofKind
from .qualifications import (
    CLASS_I_TYPES,
    Award,
    Brand,
    Certificate,
    CertificateKind,
    InstitutionKind,
    IPClass,
    IPItem,
    IPType,
    Level,
    RDInstitution,
    StandardDrafted,
    StandardLevel,
    Title,
    TitleKind,
    ip_class_of,
)
from .sector import Sector, SectorLevel

__all__ = [
    "ACTIVE_STATUSES",
    "CLASS_I_TYPES",
    "FIGURE_FIELDS",
    "NON_NEGATIVE_FIELDS",
    "AnnualFigures",
    "Award",
    "Brand",
    "Certificate",
    "CertificateKind",
    "ClaimProof",
    "ClaimantRole",
    "DevelopmentScore",
    "DigitalLevel",
    "District",
    "Enterprise",
    "IPClass",
    "IPItem",
    "IPType",
    "InstitutionKind",
    "Level",
    "MainProductField",
    "Membership",
    "MembershipStatus",
    "OwnershipType",
    "ProofKind",
    "RDInstitution",
    "ScoreState",
    "Sector",
    "SectorLevel",
    "StandardDrafted",
    "StandardLevel",
    "StrategicField",
    "Title",
    "TitleKind",
    "figures_summary",
    "ip_class_of",
    "refresh_figures_summary",
]
