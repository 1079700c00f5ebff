"""What the delivery part adds to the asset card (core.related): the acceptance of the purchase
the card came from (the assets module never names finance)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core import related


def register() -> None:
    related.register_list(
        related.RelatedList(
            target="assets.Asset",
            title=_("Purchase"),
            model="finance.Acceptance",
            rows=lambda rows, asset: (
                rows.filter(lines__assets=asset).select_related("order__request").distinct()
            ),
            empty=_("Not registered from a purchase."),
        )
    )
