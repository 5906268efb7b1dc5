"""Forms of the media pages: paste or upload news, configure feeds, a case pre-filled from a story."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from deskpilkada.cases.models import Case, Category, Severity

MAX_FILES = 50
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".txt,.html,.htm,.zip"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class ItemForm(forms.Form):
    text = forms.CharField(
        label=_("Article (text or HTML)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Paste the article as you found it; share buttons and related headlines are removed."),
    )
    files = MultipleFileField(
        label=_("Or files"), required=False, help_text=_("Text or HTML files, one or many, or a zip of them.")
    )
    source = forms.CharField(label=_("Source (outlet)"), required=False, max_length=200)
    url = forms.URLField(
        label=_("Address (URL)"),
        required=False,
        max_length=1000,
        assume_scheme="https",
        help_text=_("Alone, the page at this address is fetched and analysed."),
    )

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("files") and not data.get("url"):
            raise forms.ValidationError(_("Paste an article, choose a file or give its address."))
        if len(data.get("files") or []) > MAX_FILES:
            raise forms.ValidationError(_("At most %(n)s files at once.") % {"n": MAX_FILES})
        if sum(f.size for f in data.get("files") or []) > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The files are larger than 20 MB together."))
        return data


class FeedForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    url = forms.URLField(label=_("Feed address (RSS or Atom)"), max_length=500, assume_scheme="https")
    region = forms.ChoiceField(label=_("Desk region"))
    poll_interval = forms.IntegerField(
        label=_("Poll every (minutes)"), min_value=5, max_value=1440, initial=30, required=False
    )

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.regions = {r.code: r for r in regions}
        self.fields["region"].choices = [(r.code, r.display_name) for r in regions]


class CaseFromSignalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.filter(is_active=True), to_field_name="code"
    )
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=Case.Kind.choices)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 6}))


class DismissForm(forms.Form):
    note = forms.CharField(label=_("Why (optional)"), required=False, max_length=500)
