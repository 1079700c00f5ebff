"""The group-robot screens (settings of a school): list, add, edit, and each robot's log."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core import robots
from core.filters import ScopedFilterSet
from core.forms import ScopedModelForm
from core.models import Robot, RobotKind
from core.tables import Column, Table
from core.views.generic import Crud


class SecretInput(forms.TextInput):
    """A text box that never renders a value back: the stored secret stays on the server."""

    def format_value(self, value):
        return None


class RobotForm(ScopedModelForm):
    events = forms.MultipleChoiceField(
        label=_("Events"),
        required=False,
        choices=robots.event_choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Robot
        fields = ["kind", "name", "webhook_url", "secret", "keyword", "enabled", "events"]
        widgets = {
            "webhook_url": SecretInput(attrs={"autocomplete": "off"}),
            "secret": SecretInput(attrs={"autocomplete": "off"}),
        }
        help_texts = {
            "secret": _("DingTalk 加签 (SEC…): the robot signs each message with it."),
            "keyword": _("DingTalk keyword mode: every message carries this word."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # An edit that leaves them blank keeps the stored values (never shown back).
            self.fields["webhook_url"].required = False
            self.fields["webhook_url"].help_text = _("Stored: %(url)s. Leave blank to keep it.") % {
                "url": self.instance.masked_url
            }
            if self.instance.secret:
                self.fields["secret"].help_text = _("A secret is stored. Leave blank to keep it.")

    def clean_webhook_url(self):
        value = (self.cleaned_data.get("webhook_url") or "").strip()
        return value or self.instance.webhook_url

    def clean_secret(self):
        value = (self.cleaned_data.get("secret") or "").strip()
        return value or self.instance.secret

    def clean(self):
        data = super().clean() or {}
        dingtalk = data.get("kind") == RobotKind.DINGTALK
        if dingtalk and not data.get("secret") and not (data.get("keyword") or "").strip():
            raise forms.ValidationError(
                _("A DingTalk robot needs its signing secret (加签) or its keyword.")
            )
        return data


class RobotFilterSet(ScopedFilterSet):
    search_fields = ("name",)

    class Meta:
        model = Robot
        fields = ["q", "kind", "enabled"]


class RobotTable(Table):
    model = Robot
    columns = [
        Column("name", _("Name"), link=True, width=24),
        Column("kind", _("Kind"), width=16),
        Column("enabled", _("Enabled"), width=8),
    ]


robot = Crud(
    model=Robot,
    filterset=RobotFilterSet,
    table=RobotTable,
    form=RobotForm,
    detail_fields=["kind", "name", "keyword", "enabled"],
    related_template="core/includes/robot_log.html",
)
