"""merge the feature branches

Revision ID: 0010_merge
Revises: 0002_review, 0003_reputation, 0004_resellers, 0006_reports, 0007_scale, 0008_library, 0009_notices
Create Date: 2026-11-25
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import ipp.db


revision = '0010_merge'
down_revision = ('0002_review', '0003_reputation', '0004_resellers', '0006_reports', '0007_scale', '0008_library', '0009_notices')
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
