"""Models of the accreditation app: tiers as data, accreditation records, park criteria, list imports."""

from .accreditation import Accreditation, AccreditationSource, AccreditationStatus, RevocationReason
from .imports import AccreditationImport, ImportStatus
from .park_criteria import ParkCriteria
from .tier import AuthorityLevel, Tier

__all__ = [
    "Accreditation",
    "AccreditationImport",
    "AccreditationSource",
    "AccreditationStatus",
    "AuthorityLevel",
    "ImportStatus",
    "ParkCriteria",
    "RevocationReason",
    "Tier",
]
