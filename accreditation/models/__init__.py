"""Models of the pool: tiers and authorities as data, accreditation records, park criteria, list imports."""

from accreditation.models.accreditation import Accreditation, AccreditationSource, AccreditationStatus, RevocationReason
from accreditation.models.imports import AccreditationImport, ImportStatus
from accreditation.models.park_criteria import ParkCriteria
from accreditation.models.tier import Authority, AuthorityLevel, Tier

__all__ = [
    "Accreditation",
    "AccreditationImport",
    "AccreditationSource",
    "AccreditationStatus",
    "Authority",
    "AuthorityLevel",
    "ImportStatus",
    "ParkCriteria",
    "RevocationReason",
    "Tier",
]
