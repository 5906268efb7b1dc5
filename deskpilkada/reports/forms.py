"""Forms of the report pages. They only shape input; every rule is checked by the services."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from deskpilkada.cases.forms import MultipleFileField, apply_service_errors  # noqa: F401 - shared with the views

from .models import Report, Situation
from .services import ActivityInput

MATRIX_DAYS = (7, 14, 31, 60)


class DayForm(forms.Form):
    """Which report to make: the desk's region, the set and the local day."""

    region = forms.CharField(max_length=13, widget=forms.HiddenInput)
    set = forms.SlugField(max_length=30, widget=forms.HiddenInput)
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))


class ReportEditForm(forms.Form):
    situation = forms.ChoiceField(label=_("General situation"), choices=[("", "—"), *Situation.choices], required=False)
    narrative = forms.CharField(
        label=_("Narrative"), required=False, widget=forms.Textarea(attrs={"rows": 6}), max_length=20000
    )
    recommendations = forms.CharField(
        label=_("Recommendations"), required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=20000
    )
    place = forms.CharField(label=_("Place (before the date)"), required=False, max_length=100)
    signatory_name = forms.CharField(label=_("Signed by"), required=False, max_length=150)
    signatory_position = forms.CharField(label=_("Position"), required=False, max_length=200)
    signatory_nip = forms.CharField(label=_("NIP"), required=False, max_length=30)

    @classmethod
    def for_report(cls, report: Report, data=None) -> ReportEditForm:
        initial = {name: getattr(report, name) for name in cls.base_fields}
        return cls(data, initial=initial, prefix="edit")


class NoteForm(forms.Form):
    note = forms.CharField(label=_("What needs correcting"), widget=forms.Textarea(attrs={"rows": 3}))


class SubmitForm(forms.Form):
    override_reason = forms.CharField(
        label=_("Chair's reason to submit before every region below has reported"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ExcuseForm(forms.Form):
    region = forms.CharField(max_length=13, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), max_length=500)


class ActivityForm(forms.Form):
    starts_at = forms.TimeField(label=_("Time (local)"), widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(label=_("Place"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}))
    figures_present = forms.CharField(label=_("Political figures present"), required=False, max_length=300)
    candidate_pair = forms.ModelChoiceField(label=_("Candidate pair"), queryset=None, required=False)
    participants = forms.IntegerField(label=_("Participants"), required=False, min_value=0)
    remarks = forms.CharField(label=_("Remarks"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    files = MultipleFileField(label=_("Photos"), required=False)

    def __init__(self, *args, pairs, **kwargs):
        kwargs.setdefault("prefix", "activity")
        super().__init__(*args, **kwargs)
        self.fields["candidate_pair"].queryset = pairs

    def activity_input(self) -> ActivityInput:
        data = self.cleaned_data
        return ActivityInput(
            starts_at=data["starts_at"],
            place=data["place"],
            description=data["description"],
            figures_present=data["figures_present"],
            candidate_pair=data["candidate_pair"],
            participants=data["participants"],
            remarks=data["remarks"],
        )


class MatrixForm(forms.Form):
    region = forms.CharField(label=_("Region code"), max_length=13, required=False)
    set = forms.SlugField(label=_("Report set"), max_length=30, required=False)
    to = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    days = forms.TypedChoiceField(
        label=_("Days"), choices=[(n, n) for n in MATRIX_DAYS], coerce=int, required=False, empty_value=14
    )

    def period(self, today: dt.date) -> tuple[dt.date, dt.date]:
        data = self.cleaned_data if self.is_valid() else {}
        end = data.get("to") or today
        days = data.get("days") or 14
        return end - dt.timedelta(days=days - 1), end
