"""The department's forms: an order, its requirements, publishing to schools."""
from flask_wtf.file import FileField
from wtforms import (
    DateField,
    FloatField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from workflow.enums import Addressee, DocType, RequirementKind, SchoolKind
from workflow.forms.base import REQUIRED, Form, blank, options

BAD_DATE = "Введите дату в формате ДД.ММ.ГГГГ."


class RuDateField(DateField):
    """A date typed or picked; shown and accepted as ISO (the browser's date input) or ДД.ММ.ГГГГ."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format=["%Y-%m-%d", "%d.%m.%Y"], **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(BAD_DATE) from error


class OrderForm(Form):
    issuer = StringField("Кто издал", filters=[blank], validators=[DataRequired(REQUIRED), Length(max=400)])
    doc_type = SelectField("Вид документа", choices=options(DocType.choices()), default=DocType.letter.value)
    number = StringField("Номер", filters=[blank], validators=[DataRequired(REQUIRED), Length(max=60)])
    date = RuDateField("Дата", validators=[DataRequired(BAD_DATE)], render_kw={"type": "date"})
    title = StringField("Заголовок («О …»)", filters=[blank], validators=[DataRequired(REQUIRED), Length(max=500)])
    addressees_text = StringField("Адресаты", filters=[blank], validators=[Optional(), Length(max=300)])
    platform = StringField("Информационная система", filters=[blank], validators=[Optional(), Length(max=300)])
    based_on = TextAreaField("Основания (по одному в строке)", filters=[blank], validators=[Optional(), Length(max=5000)])
    notes = TextAreaField("Примечания", filters=[blank], validators=[Optional(), Length(max=5000)])
    file = FileField("Исходный документ (PDF, DOCX…)")
    submit = SubmitField("Сохранить")

    def values(self) -> dict:
        names = ("issuer", "number", "date", "title", "addressees_text", "platform", "based_on", "notes")
        return {name: getattr(self, name).data for name in names} | {"doc_type": DocType(self.doc_type.data)}


class RequirementForm(Form):
    code = StringField("Код (пункт)", filters=[blank], validators=[DataRequired(REQUIRED), Length(max=40)])
    title = TextAreaField("Что требуется", filters=[blank], validators=[DataRequired(REQUIRED), Length(max=5000)])
    kind = SelectField("Вид требования", choices=options(RequirementKind.choices()))
    addressee = SelectField("Кому", choices=options(Addressee.choices()))
    deadline = RuDateField("Срок по умолчанию", validators=[Optional()], render_kw={"type": "date"})
    deadline_note = StringField("Пояснение к сроку", filters=[blank], validators=[Optional(), Length(max=300)])
    evidence = TextAreaField("Чем подтвердить исполнение", filters=[blank], validators=[Optional(), Length(max=5000)])
    threshold_text = StringField("Пороговое значение (текстом)", filters=[blank], validators=[Optional(), Length(max=300)])
    threshold_min = FloatField("Порог, не менее", validators=[Optional(), NumberRange(
        min=0, max=1_000_000, message="Порог — число от 0.")])
    threshold_unit = StringField("Единица", filters=[blank], validators=[Optional(), Length(max=20)])
    submit = SubmitField("Сохранить")

    def values(self) -> dict:
        names = ("code", "title", "deadline", "deadline_note", "evidence", "threshold_text", "threshold_min",
                 "threshold_unit")
        return {name: getattr(self, name).data for name in names} | {
            "kind": RequirementKind(self.kind.data), "addressee": Addressee(self.addressee.data)}


class CatalogOrderForm(Form):
    catalog_key = SelectField("Документ из каталога", validators=[Optional()])
    file = FileField("…или свой каталог того же формата (YAML)")
    submit = SubmitField("Создать")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not self.catalog_key.data and not self.file.data:
            self.catalog_key.errors.append("Выберите документ из каталога или загрузите файл каталога.")
            return False
        return valid


class PublishForm(Form):
    scope = RadioField("Каким школам", choices=options([
        ("all", "Всем школам муниципалитета"), ("kinds", "Школам выбранных типов"), ("schools", "Выбранным школам"),
    ]), default="all")
    kinds = SelectMultipleField("Типы школ", choices=options(SchoolKind.choices()),
                                widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    schools = SelectMultipleField("Школы", coerce=int, widget=ListWidget(prefix_label=False),
                                  option_widget=CheckboxInput())
    due_date = RuDateField("Единый срок для всех требований", validators=[Optional()], render_kw={"type": "date"})
    submit = SubmitField("Опубликовать")

    def validate_kinds(self, field):
        if self.scope.data == "kinds" and not field.data:
            raise ValidationError("Отметьте хотя бы один тип школ.")

    def validate_schools(self, field):
        if self.scope.data == "schools" and not field.data:
            raise ValidationError("Отметьте хотя бы одну школу.")
