"""The seller's counter-notice form and the complainant's answer form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import MultipleFileField, RadioField, TextAreaField

from ipp.counter_notices.rules import ACTIONS, REASONS


class CounterNoticeForm(FlaskForm):
    reason = RadioField(_l("Why should the listing come back?"),
                        choices=[(code, _l(msgid)) for code, msgid in REASONS.items()],
                        validate_choice=False)
    statement = TextAreaField(_l("Your statement"))
    files = MultipleFileField(_l("Evidence files (invoices, authorisations, photos)"))


class ResponseForm(FlaskForm):
    action = RadioField(_l("Your answer"),
                        choices=[(code, _l(msgid)) for code, msgid in ACTIONS.items()],
                        validate_choice=False)
    evidence_note = TextAreaField(_l("Proof of action: evidence or a note of legal proceedings"))
    files = MultipleFileField(_l("Evidence files"))
