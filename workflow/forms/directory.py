"""The administrator's directory: users, regions, municipalities, schools."""
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import URL, DataRequired, Email, Length, Optional, ValidationError

from workflow.enums import MunicipalityKind, Role, SchoolKind
from workflow.forms.base import (
    BAD_EMAIL,
    MIN_PASSWORD,
    NOT_CHOSEN,
    REQUIRED,
    Form,
    blank,
    optional_id,
    options,
    strip,
)


def _digits(count: tuple[int, ...], title: str):
    def check(_form, field):
        if field.data and not (field.data.isdigit() and len(field.data) in count):
            raise ValidationError(f"{title}: {' или '.join(map(str, count))} цифр.")
    return check


class UserForm(Form):
    email = EmailField("Электронная почта", filters=[strip],
                       validators=[DataRequired(REQUIRED), Email(BAD_EMAIL), Length(max=254)])
    full_name = StringField("ФИО", filters=[blank], validators=[DataRequired(REQUIRED), Length(max=200)])
    position = StringField("Должность", filters=[blank], validators=[Optional(), Length(max=200)])
    phone = StringField("Телефон", filters=[blank], validators=[Optional(), Length(max=50)])
    role = SelectField("Роль", choices=options(Role.choices()), validators=[DataRequired(REQUIRED)])
    school_id = SelectField("Школа", coerce=optional_id)
    municipality_id = SelectField("Муниципалитет", coerce=optional_id)
    region_id = SelectField("Регион", coerce=optional_id)
    password = PasswordField("Пароль")
    active = BooleanField("Учётная запись действует", default=True)
    submit = SubmitField("Сохранить")

    def __init__(self, *args, password_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.password_required = password_required

    def set_choices(self, schools_by_municipality, municipalities, regions) -> None:
        self.school_id.choices = [NOT_CHOSEN] + [
            choice for group, schools in schools_by_municipality.items()
            for choice in options(((s.id, s.name) for s in schools), group=group)
        ]
        self.municipality_id.choices = [NOT_CHOSEN] + options(
            (m.id, f"{m.name} ({m.region.name})") for m in municipalities)
        self.region_id.choices = [NOT_CHOSEN] + options((r.id, r.name) for r in regions)

    def validate_password(self, field):
        if not field.data:
            if self.password_required:
                raise ValidationError("Задайте пароль новому пользователю.")
            return
        if len(field.data) < MIN_PASSWORD:
            raise ValidationError(f"Пароль — не короче {MIN_PASSWORD} символов.")
        if self.email.data and field.data.lower() == self.email.data.strip().lower():
            raise ValidationError("Пароль не должен совпадать с электронной почтой.")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.role.errors:
            return False
        # Shown together with the other fields' messages, not after they are fixed.
        role = Role(self.role.data)
        needs = {Role.school: [self.school_id], Role.municipal: [self.municipality_id]}.get(role, [])
        for field in needs:
            if field.data is None and not field.errors:
                field.errors.append("Для этой роли укажите, к чему относится пользователь.")
                valid = False
        if role is Role.inspector and (self.municipality_id.data is None) == (self.region_id.data is None):
            self.region_id.errors.append(
                "Проверяющему укажите либо муниципалитет, либо регион (одно из двух)."
            )
            valid = False
        return valid

    def values(self) -> dict:
        return {
            "email": self.email.data, "full_name": self.full_name.data, "position": self.position.data,
            "phone": self.phone.data, "role": Role(self.role.data), "school_id": self.school_id.data,
            "municipality_id": self.municipality_id.data, "region_id": self.region_id.data,
            "active": self.active.data,
        }


class RegionForm(Form):
    name = StringField("Название", filters=[blank], validators=[DataRequired(REQUIRED), Length(max=200)])
    code = StringField("Код субъекта", filters=[blank], validators=[Optional(), Length(max=8), _digits((2,), "Код субъекта")])
    submit = SubmitField("Сохранить")

    def values(self) -> dict:
        return {"name": self.name.data, "code": self.code.data}


class MunicipalityForm(Form):
    region_id = SelectField("Регион", coerce=optional_id, validators=[DataRequired("Выберите регион.")])
    name = StringField("Полное название", filters=[blank], validators=[DataRequired(REQUIRED), Length(max=200)])
    short_name = StringField("Краткое название", filters=[blank], validators=[Optional(), Length(max=120)])
    kind = SelectField("Вид", choices=options(MunicipalityKind.choices()))
    authority_name = StringField("Орган управления образованием", filters=[blank],
                                 validators=[Optional(), Length(max=300)])
    submit = SubmitField("Сохранить")

    def values(self) -> dict:
        return {"region_id": self.region_id.data, "name": self.name.data, "short_name": self.short_name.data,
                "kind": MunicipalityKind(self.kind.data), "authority_name": self.authority_name.data}


class SchoolForm(Form):
    municipality_id = SelectField("Муниципалитет", coerce=optional_id,
                                  validators=[DataRequired("Выберите муниципалитет.")])
    name = StringField("Полное наименование", filters=[blank], validators=[DataRequired(REQUIRED), Length(max=300)])
    short_name = StringField("Краткое наименование", filters=[blank], validators=[Optional(), Length(max=200)])
    kind = SelectField("Тип", choices=options(SchoolKind.choices()))
    inn = StringField("ИНН", filters=[blank], validators=[Optional(), _digits((10,), "ИНН организации")])
    oktmo = StringField("ОКТМО", filters=[blank], validators=[Optional(), _digits((8, 11), "ОКТМО")])
    director_name = StringField("Директор (ФИО)", filters=[blank], validators=[Optional(), Length(max=200)])
    email = EmailField("Электронная почта", filters=[blank], validators=[Optional(), Email(BAD_EMAIL), Length(max=254)])
    phone = StringField("Телефон", filters=[blank], validators=[Optional(), Length(max=50)])
    address = StringField("Адрес", filters=[blank], validators=[Optional(), Length(max=400)])
    website = StringField("Сайт", filters=[blank], validators=[
        Optional(), Length(max=300), URL(require_tld=True, message="Введите адрес сайта, например https://school1.ru")])
    active = BooleanField("Действует", default=True)
    submit = SubmitField("Сохранить")

    def validate_inn(self, field):
        from workflow.imports.schools import inn_error

        if field.data and (message := inn_error(field.data)):
            raise ValidationError(message)

    def values(self) -> dict:
        fields = ("municipality_id", "name", "short_name", "inn", "oktmo", "director_name", "email",
                  "phone", "address", "website", "active")
        return {name: getattr(self, name).data for name in fields} | {"kind": SchoolKind(self.kind.data)}


class SchoolImportForm(Form):
    municipality_id = SelectField("Муниципалитет", coerce=optional_id,
                                  validators=[DataRequired("Выберите муниципалитет.")])
    file = FileField("Файл CSV или XLSX", validators=[FileRequired("Выберите файл со списком школ.")])
    submit = SubmitField("Проверить файл")
