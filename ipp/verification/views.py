"""Pages: /resellers (a brand's authorised resellers) and /suspected (the proactive scan's hits)."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user

from ipp.accounts.models import Role
from ipp.clock import utcnow
from ipp.complaints.operations import Refused
from ipp.complaints.states import Reason
from ipp.complaints.usable_marks import usable_marks
from ipp.complaints.validation import FilingInvalid
from ipp.i18n import labels
from ipp.i18n.markers import N_
from ipp.verification import resellers, suspected
from ipp.web.access import roles_required
from ipp.web.context import db

bp = Blueprint("verification", __name__, template_folder="templates")
FILERS = (Role.RIGHTS_HOLDER, Role.AGENT)
KINDS = {"exact": N_("exact"), "alias": N_("alias"), "variant": N_("variant")}


def _resellers_page(errors: dict | None = None, form: dict | None = None, status: int = 200):
    rows = resellers.list_resellers(db(), current_user, today=utcnow().date())
    return render_template("verification/resellers.html", rows=rows, errors=errors or {},
                           form=form or {},
                           can_edit=current_user.role == Role.RIGHTS_HOLDER), status


@bp.get("/resellers")
@roles_required(*FILERS)
def resellers_index():
    return _resellers_page()


@bp.post("/resellers")
@roles_required(Role.RIGHTS_HOLDER)
def resellers_add():
    data = {"seller_id": request.form.get("seller_id", ""), "note": request.form.get("note", "")}
    try:
        seller_id, note = resellers.parse_reseller(data)
        resellers.add_reseller(db(), actor=current_user, seller_id=seller_id, note=note,
                               now=utcnow())
    except resellers.ResellerError as error:
        db().rollback()
        return _resellers_page({k: _(v) for k, v in error.fields.items()}, data, error.status)
    db().commit()
    flash(_("Seller %(seller)s added to your authorised resellers.", seller=seller_id), "success")
    return redirect(url_for("verification.resellers_index"))


@bp.post("/resellers/remove")
@roles_required(Role.RIGHTS_HOLDER)
def resellers_remove():
    seller_id = request.form.get("seller_id", "")
    try:
        resellers.remove_reseller(db(), actor=current_user, seller_id=seller_id, now=utcnow())
    except resellers.ResellerError as error:
        flash(_(error.message), "error")
        return redirect(url_for("verification.resellers_index"))
    db().commit()
    flash(_("Seller %(seller)s removed from your authorised resellers.", seller=seller_id),
          "success")
    return redirect(url_for("verification.resellers_index"))


def _mark_filter() -> int | None:
    value = request.values.get("mark", "")
    return int(value) if value.isdigit() else None


def _suspected_page(errors: dict | None = None, status: int = 200):
    today = utcnow().date()
    mark_id = _mark_filter()
    rows = suspected.suspects_of(db(), current_user, today=today, mark_id=mark_id)
    return render_template(
        "verification/suspected.html", rows=rows, errors=errors or {}, mark_id=mark_id,
        marks=usable_marks(db(), current_user, today=today), form=request.form, kinds=KINDS,
        reasons=[(r.value, labels.label(labels.REASONS, r.value)) for r in Reason]), status


@bp.get("/suspected")
@roles_required(*FILERS)
def suspected_index():
    return _suspected_page()


def _selected() -> list[int]:
    return [int(v) for v in request.form.getlist("suspect") if v.isdigit()]


@bp.post("/suspected")
@roles_required(*FILERS)
def suspected_act():
    ids, now = _selected(), utcnow()
    if not ids:
        return _suspected_page({"suspect": _("Select at least one listing.")}, 422)
    try:
        if request.form.get("action") == "dismiss":
            count = suspected.dismiss(db(), actor=current_user, ids=ids, now=now)
            db().commit()
            flash(ngettext("%(num)d listing dismissed.", "%(num)d listings dismissed.", count),
                  "success")
        else:
            complaints = suspected.file_suspects(
                db(), actor=current_user, ids=ids, reason=request.form.get("reason", ""),
                description=request.form.get("description", ""),
                declaration=request.form.get("declaration") == "y",
                order_number=request.form.get("order_number") or None,
                language=str(get_locale()), now=now)
            db().commit()
            flash(ngettext("%(num)d complaint filed; each listing has been verified.",
                           "%(num)d complaints filed; each listing has been verified.",
                           len(complaints)), "success")
    except FilingInvalid as error:
        db().rollback()
        return _suspected_page({k: _(v) for k, v in error.fields.items()}, 422)
    except Refused as error:
        db().rollback()
        return _suspected_page({"form": _(error.message)}, error.status)
    return redirect(url_for("verification.suspected_index", mark=_mark_filter()))
