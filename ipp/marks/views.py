"""The IP asset library page: the organisation's marks."""

from flask import Blueprint, render_template
from flask_login import current_user

from ipp.accounts.models import Role
from ipp.clock import utcnow
from ipp.complaints.usable_marks import usable_marks
from ipp.marks.queries import marks_of_org
from ipp.web.access import roles_required
from ipp.web.context import db

bp = Blueprint("marks", __name__, template_folder="templates")


@bp.get("/marks")
@roles_required(Role.RIGHTS_HOLDER, Role.AGENT)
def index():
    if current_user.role == Role.RIGHTS_HOLDER:
        marks = [(m, None) for m in marks_of_org(db(), current_user.org_id)]
    else:
        marks = usable_marks(db(), current_user, today=utcnow().date())
    return render_template("marks/index.html", marks=marks)
