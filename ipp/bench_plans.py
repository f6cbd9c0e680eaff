"""`ipp bench load --explain`: the EXPLAIN ANALYZE plans of the hot queries (rolled back)."""

from datetime import datetime, timedelta

import click
import sqlalchemy as sa


def _plans(people: dict, now: datetime) -> dict:
    from ipp.complaints.models import Complaint as C
    from ipp.complaints.models import ComplaintEvent as E
    from ipp.complaints.models import ComplaintListing as CL
    from ipp.review.claim_sql import claim_statement
    from ipp.review.priority import reviewer_of

    claim, params = claim_statement("postgresql", reviewer_of(1, ["en"], [], "en"),
                                    reviewer_id=1, now=now, lease_until=now)
    from ipp.complaints.queries import keyset_before, row_query

    newest = (C.received_at.desc(), C.id.desc())
    page = row_query().where(C.status == "queued")
    return {
        # The light rows of GET /api/v1/complaints?status=queued (queries.list_rows): the
        # first page and one further on (keyset cursor).
        "queue page (reviewer, status=queued)": page.order_by(*newest).limit(51),
        "queue page after a cursor": page.where(keyset_before(now - timedelta(hours=10),
                                                              "8" * 32))
            .order_by(*newest).limit(51),
        "rights holder's list": sa.select(C).where(C.principal_org_id == people["org_id"])
            .order_by(*newest).limit(51),
        "agent's list": sa.select(C).where(C.filed_by_org_id == people["org_id"])
            .order_by(*newest).limit(51),
        "takedown report (one org, a month)": sa.select(CL.id).join(C, C.id == CL.complaint_id)
            .where(C.principal_org_id.in_([people["org_id"]]),
                   C.received_at >= now - timedelta(days=30)).order_by(C.received_at, C.id),
        "reputation window": sa.select(CL.id).join(C, C.id == CL.complaint_id)
            .where(C.principal_org_id == people["org_id"],
                   CL.decided_at > now - timedelta(days=90), CL.decided_at <= now),
        "SLA clock events": sa.select(E.complaint_id).where(E.kind.in_(["paused", "resumed"])),
        "claim": (claim, params),
    }


def print_plans(engine, people: dict, *, now: datetime) -> None:
    dialect = engine.dialect
    with engine.connect() as connection:
        for name, query in _plans(people, now).items():
            statement, params = query if isinstance(query, tuple) else (query, None)
            if params:
                statement = statement.bindparams(**params)
            compiled = statement.compile(dialect=dialect,
                                         compile_kwargs={"render_postcompile": True})
            bound = compiled.construct_params()
            # ANALYZE runs the statement: the claim's UPDATE too, in this transaction, which
            # is rolled back when the connection closes.
            plan = connection.exec_driver_sql("EXPLAIN ANALYZE " + str(compiled),
                                              bound).scalars()
            click.echo(f"-- {name}\n" + "\n".join(plan) + "\n")
        connection.rollback()
