"""The filing pages: the form verifies at once and shows each check; errors change nothing."""

from sqlmodel import func, select

from ipp.complaints.models import Complaint
from tests.factories import make_listing, make_mark, make_user, org_of
from tests.web.helpers import csrf_from, sign_in


def test_file_through_the_form_and_see_checks(client, session):
    owner = make_user(session, email="web-owner@example.com")
    mark = make_mark(session, org_of(session, owner).name, text="NIMBUS")
    good = make_listing(session, title="NIMBUS trainers")
    sign_in(client, "web-owner@example.com")
    form = client.get("/complaints/new")
    assert form.status_code == 200 and "NIMBUS" in form.text
    response = client.post("/complaints/new", data={
        "csrf_token": csrf_from(form.text), "mark_id": str(mark.id),
        "listings": f"{good}\nhttps://market.example/item/UNKNOWN-9", "reason": "counterfeit",
        "description": "fake", "declaration": "y"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    assert 'data-check="mark_in_listing"' in page.text and "Listing not found" in page.text
    assert 'id="due-at"' in page.text


def test_form_errors_write_nothing(client, session):
    owner = make_user(session, email="web-owner2@example.com")
    mark = make_mark(session, org_of(session, owner).name, text="NIMBUS")
    sign_in(client, "web-owner2@example.com")
    before = session.exec(select(func.count()).select_from(Complaint)).one()
    form = client.get("/complaints/new")
    response = client.post("/complaints/new", data={
        "csrf_token": csrf_from(form.text), "mark_id": str(mark.id), "listings": "",
        "reason": "counterfeit"})
    assert response.status_code == 422
    assert 'id="listings-error"' in response.text and 'id="declaration-error"' in response.text
    other = make_user(session)
    foreign = make_mark(session, org_of(session, other).name, text="OTHER")
    response = client.post("/complaints/new", data={
        "csrf_token": csrf_from(form.text), "mark_id": str(foreign.id), "listings": "L1",
        "reason": "counterfeit", "declaration": "y"})
    assert response.status_code == 422 and 'id="mark_id-error"' in response.text
    assert session.exec(select(func.count()).select_from(Complaint)).one() == before


def test_other_organisations_complaint_is_404_on_the_web(client, session):
    owner = make_user(session, email="web-owner3@example.com")
    stranger = make_user(session, email="web-stranger@example.com")
    mark = make_mark(session, org_of(session, owner).name)
    sign_in(client, "web-owner3@example.com")
    form = client.get("/complaints/new")
    created = client.post("/complaints/new", data={
        "csrf_token": csrf_from(form.text), "mark_id": str(mark.id),
        "listings": make_listing(session), "reason": "counterfeit", "declaration": "y"})
    url = created.headers["Location"]
    client.post("/logout", data={"csrf_token": csrf_from(client.get(url).text)})
    sign_in(client, "web-stranger@example.com")
    assert client.get(url).status_code == 404
    assert stranger.id != owner.id


def test_preview_shows_verdicts_and_files_without_failed(client, session):
    owner = make_user(session, email="web-owner4@example.com")
    mark = make_mark(session, org_of(session, owner).name, text="NIMBUS")
    good = make_listing(session, title="NIMBUS trainers")
    sign_in(client, "web-owner4@example.com")
    before = session.exec(select(func.count()).select_from(Complaint)).one()
    form = client.get("/complaints/new")
    data = {"csrf_token": csrf_from(form.text), "mark_id": str(mark.id),
            "listings": f"{good}\nMISSING-1", "reason": "counterfeit"}
    preview = client.post("/complaints/preview", data=data, headers={"HX-Request": "true"})
    assert preview.status_code == 200
    assert f'data-ref="{good}" data-verdict="pass"' in preview.text
    assert 'data-ref="MISSING-1" data-verdict="fail"' in preview.text
    assert 'id="file-without-failed"' in preview.text
    assert session.exec(select(func.count()).select_from(Complaint)).one() == before
    filed = client.post("/complaints/new", data={**data, "listings": good, "declaration": "y"},
                        headers={"HX-Request": "true"})
    assert filed.headers["HX-Redirect"].startswith("/complaints/")
    assert session.exec(select(func.count()).select_from(Complaint)).one() == before + 1


def test_refile_link_prefills_failed_listings(client, session):
    owner = make_user(session, email="web-owner5@example.com")
    mark = make_mark(session, org_of(session, owner).name, text="NIMBUS")
    sign_in(client, "web-owner5@example.com")
    form = client.get("/complaints/new")
    created = client.post("/complaints/new", data={
        "csrf_token": csrf_from(form.text), "mark_id": str(mark.id),
        "listings": f"{make_listing(session)}\nTYPO-7", "reason": "counterfeit",
        "declaration": "y"})
    page = client.get(created.headers["Location"])
    assert 'id="refile"' in page.text
    import html
    import re

    href = html.unescape(re.search(r'id="refile" href="([^"]+)"', page.text).group(1))
    prefilled = client.get(href)
    assert "TYPO-7" in prefilled.text, prefilled.text
    assert f"<option selected value=\"{mark.id}\">" in prefilled.text
