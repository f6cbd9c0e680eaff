"""Admin pages for reputation (overview, one organisation with its override form) and the audit sample."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from ipp.accounts.models import Role
from ipp.clock import utcnow
from ipp.reputation import operations, queries
from ipp.reputation.messages import render, render_all
from ipp.reputation.models import OrgReputation
from ipp.reputation.scoring import Tier
from ipp.reputation.signals import SIGNAL_LABELS
from ipp.reputation.strikes import STRIKE_LEVEL_LABELS
from ipp.reputation.tiers import TIER_LABELS
from ipp.reputation.validation import CLEAR, OverrideInvalid, parse_override
from ipp.web.access import roles_required
from ipp.web.context import db

bp = Blueprint("reputation", __name__, template_folder="templates")


def _label(table: dict, code: str | None) -> str:
    return _(table[code]) if code in table else (code or "")


# App-wide, so the organisation's page and the reviewer's page can use them too.
bp.add_app_template_global(render, "reputation_message")
bp.add_app_template_global(render_all, "reputation_messages")
bp.add_app_template_global(lambda code: _label(TIER_LABELS, code), "tier_label")
bp.add_app_template_global(lambda code: _label(SIGNAL_LABELS, code), "signal_label")
bp.add_app_template_global(lambda code: _label(STRIKE_LEVEL_LABELS, code), "strike_level_label")
bp.add_app_template_global(lambda day: format_date(day, "long") if day else "—", "long_date")


@bp.get("/admin/reputation")
@roles_required(Role.ADMIN)
def admin_index():
    return render_template("reputation/admin_index.html", rows=queries.overview(db()))


@bp.route("/admin/reputation/<int:org_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def admin_org(org_id):
    org = queries.rights_holder(db(), org_id)
    if org is None:
        abort(404)
    errors: dict[str, str] = {}
    if request.method == "POST":
        now = utcnow()
        try:
            wanted = parse_override(request.form.to_dict(), today=now.date())
            operations.set_override(db(), actor=current_user, org_id=org_id, request=wanted,
                                    now=now)
            db().commit()
            flash(_("Override saved and the tier recomputed."), "success")
            return redirect(url_for("reputation.admin_org", org_id=org_id))
        except OverrideInvalid as error:
            errors = {k: _(v) for k, v in error.fields.items()}
    row = db().get(OrgReputation, org_id) or operations.recompute(db(), org_id=org_id,
                                                                  now=utcnow())
    db().commit()
    return render_template("reputation/admin_org.html", org=org, reputation=row,
                           history=queries.history(db(), org_id), errors=errors,
                           form=request.form, tiers=[t.value for t in Tier],
                           clear=CLEAR), 422 if errors else 200


@bp.route("/admin/reputation/audit-sample", methods=["GET", "POST"])
@roles_required(Role.ADMIN, Role.REVIEWER)
def audit_sample():
    if request.method == "POST":
        note = (request.form.get("note") or "").strip()[:2000]
        entry = operations.check_audit(db(), actor=current_user,
                                       complaint_id=request.form.get("complaint_id", ""),
                                       note=note, now=utcnow())
        if entry is None:
            abort(404)
        db().commit()
        flash(_("Marked as checked."), "success")
        return redirect(url_for("reputation.audit_sample"))
    return render_template("reputation/audit_sample.html", rows=queries.audit_sample(db()))

from ipp.reputation import seller_views as _seller_views  # noqa: E402,F401  (adds its routes to bp)
