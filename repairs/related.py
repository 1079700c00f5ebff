"""What repairs adds to the pages of the modules below it (core.related): the landing page's
"report a repair" card, "report a repair here" on a room, and an asset card's repairs."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import related

REQUEST = "repairs.RepairRequest"


def _filing_url(**params) -> str:
    url = reverse("repairs:request_add")
    return f"{url}?{urlencode(params)}" if params else url


def register() -> None:
    related.register_action(
        related.RecordAction(
            target=related.HOME,
            label=_("Report a repair"),
            hint=_("Something broken? Scan the room's label or tell us here."),
            model=REQUEST,
            url=lambda record: _filing_url(),
            testid="report-repair",
        )
    )
    related.register_action(
        related.RecordAction(
            target="core.Room",
            label=_("Report a repair here"),
            model=REQUEST,
            url=lambda room: _filing_url(room=room.pk),
            testid="report-repair-here",
        )
    )
    related.register_action(
        related.RecordAction(
            target="assets.Asset",
            label=_("Report a repair"),
            model=REQUEST,
            url=lambda asset: _filing_url(asset=asset.pk),
            testid="report-repair",
            applies=lambda asset: asset.status != "disposed",
        )
    )
    related.register_list(
        related.RelatedList(
            target="assets.Asset",
            title=_("Repairs"),
            model=REQUEST,
            rows=lambda rows, asset: rows.filter(asset=asset).order_by("-pk"),
            empty=_("No repairs recorded."),
        )
    )
