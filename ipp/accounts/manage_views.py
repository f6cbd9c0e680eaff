"""Pages for API tokens, letters of authorisation, and the principal an agent acts for."""

from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ipp import storage
from ipp.accounts.letters import LetterInvalid, grant, is_live
from ipp.accounts.manage_forms import EmptyForm, LetterForm, PrincipalForm, TokenForm
from ipp.accounts.models import ApiToken, Organisation, Role
from ipp.accounts.operations import (
    AccountError,
    attach_letter_document,
    create_token,
    revoke_authorisation,
    revoke_token,
)
from ipp.accounts.principal import choose_principal
from ipp.accounts.queries import letter_for, letters_for, principals_of_agent, tokens_of
from ipp.accounts.views import bp
from ipp.clock import utcnow
from ipp.marks.queries import marks_of_org
from ipp.web.access import roles_required
from ipp.web.context import db


@bp.route("/tokens", methods=["GET", "POST"])
@login_required
def tokens():
    form, new_token, errors = TokenForm(), None, {}
    if form.validate_on_submit():
        name = (form.name.data or "").strip()
        days = form.expires_in_days.data
        if not name or len(name) > 100:
            errors["name"] = _("Give the token a name of up to 100 characters.")
        if days is not None and not 1 <= days <= 3650:
            errors["expires_in_days"] = _("Between 1 and 3650 days.")
        if not errors:
            now = utcnow()
            _row, new_token = create_token(
                db(), actor=current_user, user=current_user, name=name, now=now,
                expires_at=now + timedelta(days=days) if days else None)
            db().commit()
    elif form.is_submitted():
        errors["form"] = _("The form expired. Please reload the page and try again.")
    return render_template("accounts/tokens.html", form=form, new_token=new_token, errors=errors,
                           tokens=tokens_of(db(), current_user.id), now=utcnow(),
                           revoke_form=EmptyForm()), 422 if errors else 200


@bp.post("/tokens/<int:token_id>/revoke")
@login_required
def revoke(token_id):
    token = db().get(ApiToken, token_id) if token_id < 2**31 else None
    if token is None or token.user_id != current_user.id:
        abort(404)
    if EmptyForm().validate_on_submit() and token.revoked_at is None:
        revoke_token(db(), actor=current_user, token=token, now=utcnow())
        db().commit()
        flash(_("Token revoked. It stops working at once."), "success")
    return redirect(url_for("accounts.tokens"))


def _letter_rows():
    today = utcnow().date()
    orgs = {}
    for letter in letters_for(db(), current_user.org_id):
        for org_id in (letter.principal_org_id, letter.agent_org_id):
            orgs.setdefault(org_id, db().get(Organisation, org_id))
        yield letter, orgs[letter.principal_org_id], orgs[letter.agent_org_id], \
            is_live(letter, today)


@bp.route("/authorisations", methods=["GET", "POST"])
@roles_required(Role.RIGHTS_HOLDER, Role.AGENT)
def authorisations():
    form, errors = LetterForm(), {}
    marks = marks_of_org(db(), current_user.org_id) if current_user.role == Role.RIGHTS_HOLDER \
        else []
    form.mark_ids.choices = [(m.id, m.label) for m in marks]
    if request.method == "POST":
        if current_user.role != Role.RIGHTS_HOLDER:
            abort(403)
        errors = _grant(form)
        if not errors:
            return redirect(url_for("accounts.authorisations"))
    return render_template("accounts/authorisations.html", form=form, errors=errors,
                           rows=list(_letter_rows()), action_form=EmptyForm()), \
        422 if errors else 200


def _grant(form: LetterForm) -> dict:
    if not form.validate_on_submit():
        return {"form": _("The form expired. Please reload the page and try again.")}
    now, errors = utcnow(), {}
    stored = None
    if form.document.data and form.document.data.filename:
        data, name, declared = storage.read_upload(form.document.data)
        try:
            stored = (storage.put(data, name, declared), name)
        except storage.StorageError as error:
            return {"document": _(error.message)}
    try:
        letter = grant(db(), actor=current_user, now=now, data={
            "agent": form.agent.data, "mark_ids": form.mark_ids.data or None,
            "valid_from": form.valid_from.data.isoformat() if form.valid_from.data else None,
            "valid_until": form.valid_until.data.isoformat() if form.valid_until.data else None})
    except LetterInvalid as error:
        return {k: _(v) for k, v in error.fields.items()}
    if stored:
        attach_letter_document(db(), actor=current_user, letter=letter, key=stored[0],
                               name=stored[1], now=now)
    db().commit()
    flash(_("Authorisation granted."), "success")
    return errors


@bp.post("/authorisations/<int:letter_id>/revoke")
@roles_required(Role.RIGHTS_HOLDER)
def revoke_letter(letter_id):
    letter = letter_for(db(), current_user.org_id, letter_id)
    if letter is None:
        abort(404)
    if letter.principal_org_id != current_user.org_id:
        abort(403)
    if EmptyForm().validate_on_submit():
        try:
            revoke_authorisation(db(), actor=current_user, letter=letter, now=utcnow())
            db().commit()
            flash(_("Authorisation revoked. The agent can no longer file for you."), "success")
        except AccountError:
            flash(_("This authorisation is already revoked."), "error")
    return redirect(url_for("accounts.authorisations"))


@bp.get("/authorisations/<int:letter_id>/document")
@roles_required(Role.RIGHTS_HOLDER, Role.AGENT)
def letter_document(letter_id):
    letter = letter_for(db(), current_user.org_id, letter_id)
    if letter is None or not letter.document_key:
        abort(404)
    return send_file(storage.open(letter.document_key), as_attachment=True,
                     download_name=letter.document_name or "letter")


@bp.post("/principal")
@roles_required(Role.AGENT)
def principal():
    """The agent picks whom they act for; marks, filing and reports follow it."""
    form = PrincipalForm()
    if form.validate_on_submit():
        ids = {p.id for p in principals_of_agent(db(), agent_org_id=current_user.org_id,
                                                  on=utcnow().date())}
        raw = form.principal.data or ""
        choose_principal(int(raw) if raw.isdigit() and int(raw) in ids else None)
    target = request.form.get("next") or ""
    return redirect(target if target.startswith("/") and not target.startswith("//")
                    else url_for("marks.index"))
