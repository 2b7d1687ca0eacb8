"""What every form shares: Russian messages, text cleaning, select options, id coercion."""
import re

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.fields.choices import SelectChoice

REQUIRED = "Заполните это поле."
BAD_EMAIL = "Введите адрес электронной почты, например ivanova@school.ru."
MIN_PASSWORD = 8


MAX_ID = 2**31 - 1  # ids are 32-bit integers in the database
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def drop_control_chars(value):
    """Text fields never keep control characters (PostgreSQL refuses NUL in text outright)."""
    return CONTROL_CHARS.sub("", value) if isinstance(value, str) else value


class Form(FlaskForm):
    class Meta:
        locales = ("ru_RU", "ru")  # WTForms' own messages ("Not a valid choice") in Russian

        def bind_field(self, form, unbound_field, options):
            if issubclass(unbound_field.field_class, StringField):
                options["filters"] = [drop_control_chars, *unbound_field.kwargs.get("filters", ())]
            return super().bind_field(form, unbound_field, options)


def options(pairs, group: str | None = None) -> list[SelectChoice]:
    """Select options from (value, label) pairs, optionally inside an <optgroup>."""
    return [SelectChoice(str(value), label, optgroup=group) for value, label in pairs]


NOT_CHOSEN = SelectChoice("", "— не выбрано —")


def optional_id(value) -> int | None:
    """Coerce a select value to an id; empty means «не выбрано»."""
    if value in (None, "", "None"):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        return -1  # never among the choices, so the field reports «Неверный вариант»
    return number if 0 < number <= MAX_ID else -1


def strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def blank(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def show_refusal(form: FlaskForm, error: Exception, default_field: str | None = None) -> None:
    """Put an operation's refusal next to the field it is about, or above the form."""
    field = getattr(form, getattr(error, "field", None) or default_field or "", None)
    (field.errors if field is not None else form.form_errors).append(str(error))
