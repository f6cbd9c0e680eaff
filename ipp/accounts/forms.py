"""Sign-in and settings forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField
from wtforms.validators import DataRequired

from ipp.i18n.locales import LOCALE_NAMES, LOCALES


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired()])
    password = PasswordField(_l("Password"), validators=[DataRequired()])


class SettingsForm(FlaskForm):
    language = SelectField(_l("Language"), choices=[(c, LOCALE_NAMES[c]) for c in LOCALES])
    timezone = SelectField(_l("Time zone"))
    notify_email = SelectField(_l("E-mail notifications"), choices=[
        ("immediate", _l("Immediately")), ("daily", _l("Daily digest")), ("off", _l("Off")),
    ], description=_l("Legal notices (counter-notices, reinstatements) are always e-mailed."))
