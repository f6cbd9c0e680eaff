"""Imports every domain's tables so SQLModel.metadata (and Alembic) sees them all."""

from sqlmodel import SQLModel

from ipp.accounts.models import AgentAuthorisation, ApiToken, Organisation, User
from ipp.audit import AuditEntry
from ipp.complaints.models import Complaint, ComplaintEvent, ComplaintListing
from ipp.listings.models import Listing, Seller
from ipp.marks.models import Mark
from ipp.reputation.models import OrgReputation

metadata = SQLModel.metadata

__all__ = [
    "AgentAuthorisation", "ApiToken", "AuditEntry", "Complaint", "ComplaintEvent",
    "ComplaintListing", "Listing", "Mark", "OrgReputation", "Organisation", "Seller", "User",
    "metadata",
]
