"""The thread's reply form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import MultipleFileField, TextAreaField


class MessageForm(FlaskForm):
    body = TextAreaField(_l("Message"))
    files = MultipleFileField(_l("Attachments"))
