"""load_demo: people, the catalogue and the complaints' history, loaded once."""

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from ipp.accounts.queries import user_by_email
from ipp.demo.catalogue import import_catalogue
from ipp.demo.people import ADMIN_EMAIL, create_people, grant_letters, logins
from ipp.demo.scenario import run_complaints


def load_demo(session: Session, *, now: datetime) -> list[tuple[str, str]]:
    """Returns (role, email) of every demo login; the password of all is "demo-password".

    A second run finds the demo admin and loads nothing: the complaints' history is not
    an upsert, so replaying it would file everything twice."""
    if user_by_email(session, ADMIN_EMAIL) is None:
        # Accounts and the catalogue predate the oldest complaint (about three days ago).
        create_people(session, now=now - timedelta(days=5))
        import_catalogue(session, now=now - timedelta(days=4))
        grant_letters(session, now=now - timedelta(days=4))
        run_complaints(session, now=now)
    return logins()
