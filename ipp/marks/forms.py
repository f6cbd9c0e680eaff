"""Library forms: add a mark, upload a certificate or a CSV, review a pending mark."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import StringField, TextAreaField


class MarkForm(FlaskForm):
    office = StringField(_l("Office"))
    number = StringField(_l("Registration number"))
    text = StringField(_l("Word mark"))
    aliases = StringField(_l("Aliases (other scripts, transliterations), separated by |"))
    nice_classes = StringField(_l("Nice classes, separated by commas"))
    territories = StringField(_l("Territories (country codes), separated by |"))
    registered_on = StringField(_l("Registered on (YYYY-MM-DD)"))
    expires_on = StringField(_l("Expires on (YYYY-MM-DD)"))
    certificate = FileField(_l("Registration certificate (PDF or image, up to 20 MB)"))


class UploadForm(FlaskForm):
    file = FileField(_l("File"))


class CsvConfirmForm(FlaskForm):
    csv_text = TextAreaField()


class RejectForm(FlaskForm):
    reason = StringField(_l("Reason for rejecting"))
