"""Forms of the case pages: the report form, the inbox filters and the handling forms.

Forms only read and check input; every write goes through `services.py`. Times are typed as the local time of
the region (WIB, WITA or WIT) and become aware instants here.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deskpilkada.accounts import access
from deskpilkada.core import clock
from deskpilkada.desks.models import Institution
from deskpilkada.elections.models import Election, PollingStation
from deskpilkada.regions.models import Region
from deskpilkada.regions.timezones import zone_for_code

from . import services
from .models import Case, Category, RoutedAction, Severity

# A select lists at most this many regions; a wider scope (a province) types a code or a name instead.
REGION_SELECT_LIMIT = 300
MAX_FILES = 10
ACCEPTED_FILES = "image/jpeg,image/png,image/webp,application/pdf,.jpg,.jpeg,.png,.webp,.pdf"
LOCAL_INPUT_FORMAT = "%Y-%m-%dT%H:%M"


def local_input_value(instant: dt.datetime, zone_name: str) -> str:
    """An instant as a ``datetime-local`` input shows it, in a region's zone: "2024-11-20T10:00"."""
    return instant.astimezone(clock.zone(zone_name)).strftime(LOCAL_INPUT_FORMAT)


def aware_in_zone(naive: dt.datetime, zone_name: str) -> dt.datetime:
    """A wall-clock time typed in WIB, WITA or WIT as an aware instant (Indonesia has no daylight saving)."""
    return naive.replace(tzinfo=clock.zone(zone_name))


class LocalDateTimeField(forms.DateTimeField):
    """A date and time as typed (naive): the view or form places it in the region's zone.

    Accepts the ``datetime-local`` value ("2024-11-20T10:00") and, on phones without that input, "2024-11-20 10:00"
    or the Indonesian "20/11/2024 10.00".
    """

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT_FORMAT)
    input_formats = [LOCAL_INPUT_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H.%M", "%d/%m/%Y %H:%M"]

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return timezone.make_naive(value) if timezone.is_aware(value) else value
        text = str(value).strip()
        for fmt in self.input_formats:
            try:
                return dt.datetime.strptime(text, fmt)  # noqa: DTZ007 - naive on purpose, see the class docstring
            except ValueError:
                continue
        raise ValidationError(self.error_messages["invalid"], code="invalid")


class CoordinateField(forms.DecimalField):
    """Decimal degrees; a comma is read as the decimal point, as Indonesian phones type it ("-0,305")."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one ``<input type=file multiple>``; the service checks each by its content."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPTED_FILES}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(items) > MAX_FILES:
            raise ValidationError(_("At most %(count)s files at once.") % {"count": MAX_FILES})
        cleaned = [super(MultipleFileField, self).clean(item, initial) for item in items]
        if self.required and not cleaned:
            raise ValidationError(self.error_messages["required"], code="required")
        return [item for item in cleaned if item]


def apply_service_errors(form: forms.Form, error: ValidationError, default_field: str | None = None) -> None:
    """Show a service's ValidationError on the form: on its field when the form has one, else on
    ``default_field`` (the files, for the upload checks that name no field) or on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target, item.messages)
    else:
        form.add_error(default_field if default_field in form.fields else None, error.messages)


# --- Reporting --------------------------------------------------------------------------------------------------


def reporting_regions(user) -> tuple[list[str] | None, list[Region] | None]:
    """(codes of the regions where the user may report, the regions a select offers or None when too many)."""
    codes = access.scope_codes(user, roles=services.REPORT_ROLES)
    if codes is None:  # superusers: the whole country
        return None, None
    if not codes:
        return [], []
    rows = list(
        Region.objects.filter(
            Q(code__in=codes) | (access.region_q(user, "code", roles=services.REPORT_ROLES) & Q(level__in=(3, 4)))
        )
        .select_related("parent")
        .order_by("code")[: REGION_SELECT_LIMIT + 1]
    )
    return codes, (rows if len(rows) <= REGION_SELECT_LIMIT else None)


def region_choices(regions: list[Region]) -> list:
    """Choices for a region select: regencies/provinces first, then one group per district with its villages."""
    loose: list[tuple[str, str]] = []
    groups: dict[str, list[tuple[str, str]]] = {}
    labels: dict[str, str] = {}
    for region in regions:
        if region.level <= 2:
            loose.append((region.code, region.display_name))
        elif region.level == 3:
            labels[region.code] = region.display_name
            groups.setdefault(region.code, []).insert(
                0, (region.code, _("%(name)s (whole district)") % {"name": region.display_name})
            )
        else:
            district = region.code.rsplit(".", 1)[0]
            labels.setdefault(district, region.parent.display_name if region.parent else district)
            groups.setdefault(district, []).append((region.code, region.display_name))
    return loose + [(labels[code], options) for code, options in groups.items()]


class CaseReportForm(forms.Form):
    """The report form: light, works without JavaScript, one case per submission key."""

    intake_key = forms.UUIDField(widget=forms.HiddenInput)
    region = forms.CharField(label=_("Where"), max_length=120)
    tps_number = forms.IntegerField(
        label=_("TPS number (optional)"),
        required=False,
        min_value=1,
        max_value=999,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    kind = forms.ChoiceField(label=_("What is it?"), choices=Case.Kind.choices, widget=forms.RadioSelect)
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none(), empty_label="—")
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices)
    title = forms.CharField(label=_("Title"), max_length=200, help_text=_("One short sentence: what, where."))
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Who, what, when, where; what has been done already."),
    )
    occurred_at = LocalDateTimeField(label=_("When did it happen?"))
    latitude = CoordinateField(
        label=_("Latitude (optional)"),
        required=False,
        max_digits=9,
        decimal_places=6,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "-0.305"}),
    )
    longitude = CoordinateField(
        label=_("Longitude (optional)"),
        required=False,
        max_digits=9,
        decimal_places=6,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "100.369"}),
    )
    reporter_name = forms.CharField(label=_("Reporter's name (optional)"), max_length=150, required=False)
    reporter_phone = forms.CharField(
        label=_("Reporter's phone (optional)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
    )
    reporter_nik = forms.CharField(
        label=_("Reporter's NIK (optional)"),
        max_length=16,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    files = MultipleFileField(
        label=_("Photos or PDF (optional)"),
        help_text=_("JPEG, PNG, WebP or PDF, at most 10 MB each."),
    )
    not_duplicate = forms.BooleanField(label=_("This is a different case: store it anyway"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.scope_codes, self.region_options = reporting_regions(user)
        self.fields["category"].queryset = Category.objects.filter(is_active=True)
        self.fields["kind"].initial = Case.Kind.INCIDENT
        self.fields["severity"].initial = Severity.SEDANG
        roots = self.scope_codes or []
        zones = sorted({zone_for_code(code) for code in roots}) or ["WIB", "WITA", "WIT"]
        self.zone_label = "/".join(zones)
        default_zone = zones[0] if len(zones) == 1 else "WIB"
        self.fields["occurred_at"].initial = local_input_value(clock.now(), default_zone)
        self.fields["occurred_at"].help_text = _("Local time of the region (%(zone)s).") % {"zone": self.zone_label}
        if self.region_options is not None:
            self.fields["region"] = forms.ChoiceField(
                label=_("Where"), choices=[("", "—"), *region_choices(self.region_options)]
            )
            villages = [r for r in self.region_options if r.code in roots]
            if len(villages) == 1:
                self.fields["region"].initial = villages[0].code
        else:
            self.fields["region"].help_text = _("Type the village or district name, or its Kemendagri code.")
        if not self.is_bound:
            self.initial.setdefault("intake_key", uuid.uuid4())

    @property
    def region_is_select(self) -> bool:
        return self.region_options is not None

    def clean_region(self) -> Region:
        text = self.cleaned_data["region"].strip()
        if self.region_options is not None:
            found = next((r for r in self.region_options if r.code == text), None)
            if found is None:
                raise ValidationError(_("Choose a region from the list."))
            return found
        return self._resolve_region(text)

    def _resolve_region(self, text: str) -> Region:
        if self.scope_codes is None:
            scope = Region.objects.all()
        else:
            scope = Region.objects.filter(access.region_q(self.user, "code", roles=services.REPORT_ROLES))
        exact = scope.filter(code=text).first()
        if exact is not None:
            return exact
        matches = list(scope.search(text).select_related("parent")[:6])
        best = [r for r in matches if r.match_rank == 0]
        if len(best) == 1:
            return best[0]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise ValidationError(_("No region in your area is called %(text)s.") % {"text": text})
        names = ", ".join(f"{r.display_name} ({r.code})" for r in matches)
        raise ValidationError(_("Several regions match: %(names)s. Type the code.") % {"names": names})

    def clean(self):
        data = super().clean()
        region = data.get("region")
        if not isinstance(region, Region):
            return data
        number = data.get("tps_number")
        data["polling_station"] = None
        if number:
            if not region.is_village:
                self.add_error("tps_number", _("Choose a village to give a TPS number."))
            else:
                election = Election.objects.current()
                station = (
                    PollingStation.objects.filter(election=election, village=region, number=number).first()
                    if election
                    else None
                )
                if station is None:
                    self.add_error(
                        "tps_number",
                        _("%(village)s has no TPS %(number)s.") % {"village": region.display_name, "number": number},
                    )
                data["polling_station"] = station
        if data.get("occurred_at"):
            data["occurred_at"] = aware_in_zone(data["occurred_at"], region.timezone)
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", _("Give both latitude and longitude, or neither."))
        return data

    def case_input(self) -> services.CaseInput:
        return services.CaseInput.from_cleaned(self.cleaned_data)


# --- Inbox filters ----------------------------------------------------------------------------------------------


class InboxFilterForm(forms.Form):
    """The inbox's filters (GET). Invalid values are ignored rather than shown as errors."""

    SCOPE_DESK = "desk"
    SCOPE_REGION = "region"

    scope = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            (SCOPE_DESK, _("Cases this desk handles")),
            (SCOPE_REGION, _("All cases in the region")),
        ],
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    severity = forms.ChoiceField(label=_("Severity"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, categories, regions, stages, **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        self.fields["status"].choices = every + list(Case.Status.choices)
        self.fields["severity"].choices = every + list(Severity.choices)
        self.fields["category"].choices = every + [(str(c.pk), c.name) for c in categories]
        self.fields["region"].choices = every + [
            (r.code, ("— " * max(0, r.level - 3)) + r.display_name) for r in regions
        ]
        self.fields["stage"].choices = every + [(str(s.pk), (f"— {s.name}" if s.parent_id else s.name)) for s in stages]

    def filters(self) -> dict:
        """The valid filters, each field alone: a wrong value in one does not drop the others."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


# --- Handling ---------------------------------------------------------------------------------------------------


class VerifyForm(forms.Form):
    """Confirm the report, correcting its category, severity, kind or title where the reporter got them wrong."""

    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Case.Kind.choices)
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none(), empty_label=None)
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices)
    note = forms.CharField(label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, case: Case, **kwargs):
        kwargs.setdefault(
            "initial",
            {"title": case.title, "kind": case.kind, "category": case.category_id, "severity": case.severity},
        )
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["category"].queryset = Category.objects.filter(Q(is_active=True) | Q(pk=case.category_id))

    def corrections(self) -> dict:
        data = self.cleaned_data
        wanted = {
            "title": data["title"].strip(),
            "kind": data["kind"],
            "category": data["category"],
            "severity": data["severity"],
        }
        return {field: value for field, value in wanted.items() if getattr(self.case, field) != value}


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class RouteActionForm(forms.Form):
    include = forms.BooleanField(label=_("Send"), required=False)
    institution = forms.ModelChoiceField(
        label=_("Institution"), queryset=Institution.objects.none(), required=False, empty_label="—"
    )
    description = forms.CharField(label=_("Requested action"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    owner_name = forms.CharField(label=_("Person in charge (optional)"), max_length=150, required=False)
    due_at = LocalDateTimeField(label=_("Due"), required=False)

    def __init__(self, *args, institutions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if institutions is not None:
            self.fields["institution"].queryset = institutions

    def clean(self):
        data = super().clean()
        if data.get("include"):
            if not data.get("institution"):
                self.add_error("institution", _("Choose the institution."))
            if not (data.get("description") or "").strip():
                self.add_error("description", _("Say what the institution is asked to do."))
        return data


class BaseRouteFormSet(forms.BaseFormSet):
    def __init__(self, *args, institutions=None, **kwargs):
        self.institutions = institutions
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "institutions": self.institutions}

    def clean(self):
        if any(self.errors):
            return
        if not any(form.cleaned_data.get("include") for form in self.forms):
            raise ValidationError(_("Choose at least one institution."))

    def action_inputs(self, zone_name: str) -> list[services.ActionInput]:
        return [
            services.ActionInput(
                institution=form.cleaned_data["institution"],
                description=form.cleaned_data["description"],
                due_at=aware_in_zone(form.cleaned_data["due_at"], zone_name)
                if form.cleaned_data.get("due_at")
                else None,
                owner_name=form.cleaned_data.get("owner_name") or "",
            )
            for form in self.forms
            if form.cleaned_data.get("include")
        ]


RouteFormSet = forms.formset_factory(RouteActionForm, formset=BaseRouteFormSet, extra=0, max_num=12)


def routing_institutions(case: Case):
    """The institutions a case can be routed to: those of its desk's region and below, and of the regions above."""
    code = case.desk.region.code
    ancestors = Region(code=code).ancestor_codes
    return (
        Institution.objects.filter(Q(region__code__subtree=code) | Q(region__code__in=ancestors))
        .select_related("region")
        .order_by("region__code", "kind", "name")
    )


def route_initial(case: Case, proposals) -> list[dict]:
    """One row per playbook proposal (ticked when an institution was found), and one empty row."""
    zone_name = case.desk.region.timezone
    rows = [
        {
            "include": proposal.institution is not None,
            "institution": proposal.institution.pk if proposal.institution else None,
            "description": proposal.description,
            "due_at": local_input_value(proposal.due_at, zone_name),
        }
        for proposal in proposals
    ]
    rows.append({"include": False, "due_at": local_input_value(services.due_for(case.severity), zone_name)})
    return rows


class RouteNoteForm(forms.Form):
    note = forms.CharField(label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FollowUpForm(forms.Form):
    note = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(label=_("Status after this"), choices=RoutedAction.Status.choices)
    files = MultipleFileField(label=_("Evidence (optional)"))

    def __init__(self, *args, action: RoutedAction, **kwargs):
        kwargs.setdefault("prefix", f"action-{action.pk}")
        kwargs.setdefault("initial", {"status": RoutedAction.Status.IN_PROGRESS})
        super().__init__(*args, **kwargs)
        self.action = action


class ResolveForm(forms.Form):
    note = forms.CharField(label=_("How was it resolved?"), widget=forms.Textarea(attrs={"rows": 3}))
    files = MultipleFileField(
        label=_("Closing evidence"),
        help_text=_("A photo, minutes or a letter. Not needed when a follow-up already has evidence."),
    )


class MergeForm(forms.Form):
    into = forms.CharField(
        label=_("Number of the case it duplicates"),
        max_length=20,
        widget=forms.TextInput(attrs={"placeholder": "1375-24-000042", "autocapitalize": "none"}),
    )

    def __init__(self, *args, visible_cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.visible_cases = visible_cases

    def clean_into(self) -> Case:
        number = self.cleaned_data["into"].strip()
        target = self.visible_cases.select_related("desk__region").filter(number=number).first()
        if target is None:
            raise ValidationError(_("No case numbered %(number)s in your area.") % {"number": number})
        return target


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
