"""Imports every domain's tables so SQLModel.metadata (and Alembic) sees them all."""

from sqlmodel import SQLModel

# Domains whose tables are only needed for their side effect of registering on the metadata.
import ipp.counter_notices.models  # noqa: E402,F401,I001
import ipp.jobs.models  # noqa: E402,F401
import ipp.notifications.models  # noqa: E402,F401
import ipp.reports.models  # noqa: E402,F401
import ipp.review.models  # noqa: E402,F401
from ipp.accounts.models import AgentAuthorisation, ApiToken, Organisation, User
from ipp.audit import AuditEntry
from ipp.complaints.models import Complaint, ComplaintEvent, ComplaintListing
from ipp.listings.models import Listing, Seller
from ipp.marks.models import Mark
from ipp.reputation.models import OrgReputation
from ipp.verification.models import AuthorisedReseller, SuspectedListing

metadata = SQLModel.metadata

__all__ = [
    "AgentAuthorisation", "ApiToken", "AuditEntry", "AuthorisedReseller", "Complaint",
    "ComplaintEvent", "ComplaintListing", "Listing", "Mark", "OrgReputation", "Organisation",
    "Seller", "SuspectedListing", "User", "metadata",
]
