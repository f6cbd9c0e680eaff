"""Field checks shared by the validations of API bodies and forms (pure: msgids, no Flask)."""

from ipp.i18n.markers import N_


def text_field(data: dict, key: str, errors: dict, *, max_len: int,
               required: bool = True) -> str | None:
    """The stripped text of data[key], or None with errors[key] set to a msgid of why."""
    value = data.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors[key] = N_("This field is required.")
        return None
    if not isinstance(value, str):
        errors[key] = N_("Must be text.")
        return None
    if len(value.strip()) > max_len:
        errors[key] = N_("Too long.")
        return None
    return value.strip()
