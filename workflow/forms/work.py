"""Forms of the work itself: a school's report, an inspector's decision, a moved due date."""
from flask_wtf.file import MultipleFileField
from wtforms import (
    IntegerField,
    RadioField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    URLField,
)
from wtforms.validators import URL, DataRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from workflow.enums import RequirementKind, ReviewVerdict
from workflow.evidence import EvidenceField, fields_for, reasons_for
from workflow.forms.base import REQUIRED, Form, blank, options
from workflow.forms.orders import BAD_DATE, RuDateField


class SubmissionForm(Form):
    """Fields common to every report; ``for_kind`` adds those of the requirement's kind."""

    keep = SelectMultipleField("Файлы прежнего отчёта, которые остаются в новом", coerce=int,
                               widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    files = MultipleFileField("Файлы (PDF, DOCX, DOC, ODT, XLSX, XLS, JPG, PNG, подписи SIG/P7S)")
    note = TextAreaField("Что сделано (комментарий)", filters=[blank], validators=[Optional(), Length(max=5000)])
    save = SubmitField("Сохранить черновик")
    send = SubmitField("Отправить на проверку")

    evidence_fields: list[EvidenceField] = []

    @classmethod
    def for_kind(cls, kind: RequirementKind, **kwargs) -> "SubmissionForm":
        specs = fields_for(kind)
        attrs = {"evidence_fields": specs, **{f"f_{spec.name}": _field(spec) for spec in specs}}
        return type(f"SubmissionForm_{kind.value}", (cls,), attrs)(**kwargs)

    def evidence(self):
        return [getattr(self, f"f_{spec.name}") for spec in self.evidence_fields]

    def evidence_values(self) -> dict:
        values = {}
        for spec in self.evidence_fields:
            value = getattr(self, f"f_{spec.name}").data
            values[spec.name] = value.isoformat() if hasattr(value, "isoformat") else value
        return values

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        council, approval = (getattr(self, f"f_{n}", None) for n in ("council_protocol_date", "approval_order_date"))
        if council is not None and approval is not None and council.data and approval.data \
                and council.data > approval.data:
            council.errors.append("Педсовет не может быть позже приказа об утверждении.")
            valid = False
        return valid


def _field(spec: EvidenceField):
    # Required evidence is checked only when the report is sent, not when a draft is saved.
    if spec.type == "date":
        return RuDateField(spec.label, validators=[Optional()], render_kw={"type": "date"})
    if spec.type == "number":
        return IntegerField(spec.label, validators=[Optional(), NumberRange(min=0, max=10_000_000,
                                                                            message="Введите число от 0.")])
    if spec.type == "url":
        return URLField(spec.label, filters=[blank], validators=[Optional(), Length(max=500), URL(
            require_tld=True, message="Введите адрес страницы, например https://school1.ru/docs/akt.pdf")])
    return StringField(spec.label, filters=[blank], validators=[Optional(), Length(max=500)])


def missing_required(form: SubmissionForm) -> list[str]:
    """Labels of required evidence left empty: sending needs them, a draft does not."""
    missing = []
    for spec in form.evidence_fields:
        field = getattr(form, f"f_{spec.name}")
        if spec.required and not field.data:
            field.errors.append(REQUIRED)
            missing.append(spec.label)
    return missing


class ReviewForm(Form):
    verdict = RadioField("Решение", choices=options(ReviewVerdict.choices()),
                         validators=[DataRequired("Выберите решение.")])
    reasons = SelectMultipleField("Причины возврата", widget=ListWidget(prefix_label=False),
                                  option_widget=CheckboxInput(), validate_choice=True)
    comment = TextAreaField("Комментарий для школы", filters=[blank], validators=[Optional(), Length(max=5000)])
    submit = SubmitField("Сохранить решение")

    @classmethod
    def for_kind(cls, kind: RequirementKind, **kwargs) -> "ReviewForm":
        form = cls(**kwargs)
        form.reasons.choices = options((reason, reason) for reason in reasons_for(kind))
        return form

    def validate_reasons(self, field):
        if self.verdict.data == ReviewVerdict.returned.value and not field.data and not self.comment.data:
            raise ValidationError("Отметьте причину возврата или опишите её в комментарии.")


class DueDateForm(Form):
    due_date = RuDateField("Новый срок", validators=[DataRequired(BAD_DATE)], render_kw={"type": "date"})
    reason = StringField("Причина переноса", filters=[blank], validators=[DataRequired(REQUIRED), Length(max=500)])
    submit = SubmitField("Перенести срок")
