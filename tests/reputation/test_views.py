"""The organisation's reputation page and the admin pages: roles, languages, form errors."""

from datetime import timedelta

from sqlmodel import func, select

from ipp.audit import AuditEntry
from ipp.clock import utcnow
from ipp.reputation.models import OrgReputation
from tests.factories import make_token, make_user
from tests.reputation.helpers import brand, record
from tests.web.helpers import csrf_from, sign_in


def test_reputation_page_shows_own_figures_rule_and_advice(client, session):
    owner, mark, token = brand(session, email="rep-owner@example.com")
    reviewer = make_token(session, make_user(session, role="reviewer"))
    record(client, session, token, mark, reviewer, 3, "takedown")
    sign_in(client, "rep-owner@example.com")
    page = client.get("/reputation")
    assert page.status_code == 200
    assert 'id="decided-listings">3<' in page.text and 'data-tier="standard"' in page.text
    assert "Too few decided listings for the fast lane yet: 3 of 20." in page.text
    assert 'id="how-to-improve"' in page.text and 'data-reason="counterfeit"' in page.text
    german = client.get("/reputation?lang=de")
    assert german.status_code == 200 and 'lang="de"' in german.text


def test_reputation_page_of_another_organisation_is_not_shown(client, session):
    owner, mark, token = brand(session)
    reviewer = make_token(session, make_user(session, role="reviewer"))
    record(client, session, token, mark, reviewer, 2, "takedown")
    brand(session, email="rep-stranger@example.com")
    sign_in(client, "rep-stranger@example.com")
    page = client.get("/reputation")
    assert 'id="decided-listings">0<' in page.text
    assert client.get("/admin/reputation").status_code == 403
    assert client.get(f"/admin/reputation/{owner.org_id}").status_code == 403


def test_admin_override_form(client, session):
    owner, _mark, _token = brand(session)
    make_user(session, role="admin", email="rep-admin@example.com")
    reviewer = make_user(session, role="reviewer", email="rep-reviewer@example.com")
    sign_in(client, "rep-admin@example.com")
    index = client.get("/admin/reputation")
    assert index.status_code == 200 and f'data-org="{owner.org_id}"' in index.text
    url = f"/admin/reputation/{owner.org_id}"
    form = client.get(url)
    assert form.status_code == 200 and 'id="override-form"' in form.text
    before = session.exec(select(func.count()).select_from(AuditEntry)).one()
    bad = client.post(url, data={"csrf_token": csrf_from(form.text), "tier": "trusted",
                                 "reason": " ", "expires_on": "1999-01-01"})
    assert bad.status_code == 422
    assert 'id="reason-error"' in bad.text and 'id="expires_on-error"' in bad.text
    assert client.post(url, data={"tier": "trusted", "reason": "x"}).status_code == 400
    assert session.exec(select(func.count()).select_from(AuditEntry)).one() == before
    until = (utcnow().date() + timedelta(days=10)).isoformat()
    saved = client.post(url, data={"csrf_token": csrf_from(form.text), "tier": "trusted",
                                   "reason": "Verified brand partner", "expires_on": until})
    assert saved.status_code == 302
    row = session.get(OrgReputation, owner.org_id)
    assert row.tier == "trusted" and row.overridden and row.override_reason
    page = client.get(url)
    assert "Verified brand partner" in page.text and 'data-action="override"' in page.text
    assert client.get("/admin/reputation/999999").status_code == 404
    assert client.get(f"/admin/reputation/{reviewer.org_id}").status_code == 404
    assert client.get("/admin/reputation/audit-sample").status_code == 200
