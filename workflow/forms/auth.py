"""Signing in."""
from wtforms import BooleanField, EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Email

from workflow.forms.base import (
    BAD_EMAIL,
    REQUIRED,
    Form,
    strip,
)


class LoginForm(Form):
    email = EmailField("Электронная почта", filters=[strip], validators=[DataRequired(REQUIRED), Email(BAD_EMAIL)])
    password = PasswordField("Пароль", validators=[DataRequired(REQUIRED)])
    remember = BooleanField("Запомнить меня на этом компьютере")
    submit = SubmitField("Войти")
