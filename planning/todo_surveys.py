"""Home-page to-do: a survey waits for the person's answer (their own open invitations)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.access import ALL_ROLES
from core.choices import Role
from core.todo import TodoItem, register
from planning.selectors_surveys import waiting_invitations

register(
    TodoItem(
        key="planning.survey_waiting",
        label=_("A survey waits for your answer"),
        roles=ALL_ROLES - {Role.DISTRICT},
        model="planning.SurveyInvitation",
        count=lambda user, rows: waiting_invitations(rows).count(),
        link=lambda: reverse("planning:survey_list") + "?waiting=1",
        order=20,
    )
)
