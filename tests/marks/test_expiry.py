"""Expiry warnings: recorded once per mark and threshold by the sweep, shown in the library."""

from datetime import timedelta

from sqlmodel import select

from ipp.jobs.sweep import run_sweep
from ipp.marks.expiry import warn_expiring
from ipp.marks.models import MarkExpiryWarning
from tests.factories import NOW, make_mark, make_user, org_of
from tests.web.helpers import sign_in


def _expiring(session, name, days, **kw):
    return make_mark(session, name, expires_on=(NOW.date() + timedelta(days=days)).isoformat(),
                     **kw)


def test_warnings_once_per_threshold(session):
    name = org_of(session, make_user(session)).name
    soon = _expiring(session, name, 10)
    later = _expiring(session, name, 50)
    _expiring(session, name, 100)
    _expiring(session, name, 10, status="pending")
    assert warn_expiring(session, NOW) == 3  # soon: 60 and 14; later: 60
    assert warn_expiring(session, NOW) == 0
    rows = session.exec(select(MarkExpiryWarning.mark_id, MarkExpiryWarning.threshold_days)).all()
    assert sorted(rows) == sorted([(soon.id, 60), (soon.id, 14), (later.id, 60)])
    assert warn_expiring(session, NOW + timedelta(days=40)) == 2  # 14 days; 60 days
    assert "mark_expiry_warnings" in run_sweep(session, now=NOW)


def test_shown_on_library_and_home(session, client):
    from ipp.clock import utcnow

    now = utcnow()
    owner = make_user(session, email="exp@example.com")
    mark = make_mark(session, org_of(session, owner).name, text="SOONGONE",
                     expires_on=(now.date() + timedelta(days=10)).isoformat())
    make_mark(session, org_of(session, make_user(session, email="exp2@example.com")).name,
              text="ELSEWHERE", expires_on=(now.date() + timedelta(days=10)).isoformat())
    warn_expiring(session, now)
    sign_in(client, "exp@example.com")
    for page in (client.get("/marks").text, client.get("/").text):
        assert f'class="expiry-warning" data-mark="{mark.id}"' in page
        assert "ELSEWHERE" not in page
