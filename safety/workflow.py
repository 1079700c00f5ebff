"""The hazard's workflow (隐患: found → reported → handled → accepted), declared once: the services
run it, the detail page's buttons and the API's actions are built from it."""

from __future__ import annotations

from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core import access
from core.workflow import Guard, Transition, Workflow
from safety.choices import HazardStatus
from safety.models import OFFICE, Hazard

H = HazardStatus


def _office(user) -> bool:
    return user.is_superuser or bool(user.role_codes & OFFICE)


FINDER_OR_DIRECTOR = Guard(
    lambda user, hazard: hazard.found_by_id == user.pk or access.can(user, Hazard, "assign"),
    _("Only the person who found it or the director can report it to the office."),
    code="not_finder",
)
RESPONSIBLE_OR_OFFICE = Guard(
    lambda user, hazard: hazard.responsible_id == user.pk or _office(user),
    _("Only the responsible person or the office can handle this hazard."),
    code="not_responsible",
)
NOT_THE_HANDLER = Guard(
    lambda user, hazard: hazard.handler_id != user.pk,
    _("You handled this hazard yourself; someone else must accept it."),
    code="own_handling",
)
NO_REPAIR_YET = Guard(
    lambda user, hazard: hazard.repair_request_id is None,
    lambda hazard: (
        _gettext("A repair request is already open for this hazard: %(number)s")
        % {"number": hazard.repair_request.number}
    ),
    code="already_linked",
    status_code=409,
)

HAZARD_WORKFLOW = Workflow(
    model=Hazard,
    describe=lambda hazard: f"#{hazard.pk}",
    transitions=[
        Transition(
            "escalate",
            frozenset({H.FOUND}),
            H.REPORTED,
            "report",
            "hazard_reported",
            _("Report to the office"),
            _("Reported to the office"),
            guards=(FINDER_OR_DIRECTOR,),
        ),
        Transition(
            "assign",
            frozenset({H.FOUND, H.REPORTED}),
            H.REPORTED,
            "assign",
            "hazard_assigned",
            _("Assign"),
            _("Responsible person assigned"),
        ),
        Transition(
            "handle",
            frozenset({H.REPORTED}),
            H.HANDLED,
            "handle",
            "hazard_handled",
            _("Record the handling"),
            _("Handled"),
            guards=(RESPONSIBLE_OR_OFFICE,),
        ),
        Transition(
            "accept",
            frozenset({H.HANDLED}),
            H.ACCEPTED,
            "accept",
            "hazard_accepted",
            pgettext_lazy("hazard", "Accept"),
            pgettext_lazy("hazard status", "Accepted"),
            guards=(NOT_THE_HANDLER,),
        ),
        Transition(
            "reject",
            frozenset({H.HANDLED}),
            H.REPORTED,
            "accept",
            "hazard_rejected",
            _("Not accepted"),
            _("Handling not accepted"),
        ),
        Transition(
            "open_repair",
            frozenset({H.FOUND, H.REPORTED}),
            None,
            "handle",
            "repair_opened",
            _("Open a repair request"),
            _("Repair request opened"),
            guards=(
                Guard(
                    RESPONSIBLE_OR_OFFICE.test,
                    _("Only the responsible person or the office can open a repair."),
                    code="not_responsible",
                ),
                NO_REPAIR_YET,
            ),
            path="open-repair",
            slug="repair",
        ),
    ],
)
