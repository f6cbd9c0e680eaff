"""The Alembic migrations create exactly what the models declare."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

import ipp.models  # noqa: F401
from ipp.migrate import current_revisions, head_revisions


def test_models_match_migrations(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert current_revisions(connection) == head_revisions()
        assert compare_metadata(context, SQLModel.metadata) == []
