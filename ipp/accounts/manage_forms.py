"""Forms for API tokens, letters of authorisation and the agent's principal picker."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, IntegerField, SelectField, SelectMultipleField, StringField
from wtforms.validators import Optional


class TokenForm(FlaskForm):
    name = StringField(_l("Name"))
    expires_in_days = IntegerField(_l("Expires after (days; empty: never)"),
                                   validators=[Optional()])


class LetterForm(FlaskForm):
    agent = StringField(_l("Agent organisation"))
    mark_ids = SelectMultipleField(_l("Marks (none chosen: all marks)"), coerce=int,
                                   validate_choice=False)
    valid_from = DateField(_l("Valid from"), validators=[Optional()])
    valid_until = DateField(_l("Valid until"), validators=[Optional()])
    document = FileField(_l("Signed letter (PDF or image, up to 20 MB)"))


class PrincipalForm(FlaskForm):
    principal = SelectField(_l("Acting for"), coerce=str, validate_choice=False)


class EmptyForm(FlaskForm):
    """A button that only needs the CSRF token."""
