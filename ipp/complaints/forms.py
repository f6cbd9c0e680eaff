"""The filing form: the web face of the same validation the API uses."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField


class FilingForm(FlaskForm):
    # Choices are checked by the shared filing validation, with its clearer messages.
    mark_id = SelectField(_l("Mark"), coerce=str, validate_choice=False)
    listings = TextAreaField(_l("Listings (ids or URLs, one per line)"))
    reason = SelectField(_l("Reason"), validate_choice=False)
    order_number = StringField(_l("Order number of the test buy"))
    description = TextAreaField(_l("Description"))
    declaration = BooleanField(_l("I declare in good faith that the information in this "
                                  "complaint is accurate and that I am the rights holder or "
                                  "authorised to act for them."))


class InfoForm(FlaskForm):
    note = TextAreaField(_l("Your answer"))
