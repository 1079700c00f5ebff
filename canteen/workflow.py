"""The weekly menu's workflow (draft → submitted → published, or back to draft), declared once:
the services run it, the editor's buttons and the API's actions are built from it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from canteen.choices import MenuStatus
from canteen.models import WeeklyMenu
from canteen.models.common import CANTEEN_APPROVERS
from core.models import User
from core.workflow import Guard, Transition, Workflow

S = MenuStatus

NOT_THE_SUBMITTER = Guard(
    lambda user, menu: menu.submitted_by_id != user.pk,
    _("You submitted this menu; another approver must approve it."),
    code="own_submission",
)

MENU_WORKFLOW = Workflow(
    model=WeeklyMenu,
    describe=lambda menu: f"{menu.week_start:%Y-%m-%d}",
    transitions=[
        Transition(
            "submit",
            frozenset({S.DRAFT}),
            S.SUBMITTED,
            "submit",
            "menu_submitted",
            _("Submit for approval"),
            _("Submitted for approval"),
        ),
        Transition(
            "approve",
            frozenset({S.SUBMITTED}),
            S.PUBLISHED,
            "approve",
            "menu_published",
            _("Approve and publish"),
            _("Approved and published"),
            guards=(NOT_THE_SUBMITTER,),
        ),
        Transition(
            "return_to_draft",
            frozenset({S.SUBMITTED}),
            S.DRAFT,
            "approve",
            "menu_returned",
            _("Return to draft"),
            _("Returned to draft"),
            path="return",
            slug="return",
        ),
    ],
)


def approvers_of(school_id: int, *, besides: User | None = None) -> list[User]:
    """The school's active approvers (director, canteen manager), without `besides`."""
    people = User.objects.filter(
        school_id=school_id, is_active=True, user_roles__role__in=CANTEEN_APPROVERS
    ).distinct()
    if besides is not None:
        people = people.exclude(pk=besides.pk)
    return list(people)
