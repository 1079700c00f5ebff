"""The assets entries of the menu (shown to roles that may view each model)."""

from django.utils.translation import gettext_lazy as _

from core.choices import Role
from core.navigation import NavItem, add

ASSETS = _("Assets")  # the group (core.navigation.add finds it by this very object)


def register() -> None:
    """From AssetsConfig.ready(): the ledger's entry from its declaration, then the others."""
    from assets.views import cards
    from core import resources

    resources.register([cards.asset])
    for item in (
        NavItem(_("Movements"), "assets:assetmovement_list", "assets.AssetMovement"),
        NavItem(_("Overdue loans"), "assets:loans_overdue", "assets.AssetMovement"),
        NavItem(
            _("Disposal requests"),
            "assets:disposalrequest_list",
            "assets.DisposalRequest",
            daily_for=frozenset({Role.DIRECTOR}),
        ),
        NavItem(_("Stocktakes"), "assets:stocktake_list", "assets.Stocktake"),
        NavItem(_("Consumables"), "assets:consumable_list", "assets.Consumable"),
        NavItem(
            _("Below reorder level"),
            "assets:consumables_low",
            "assets.Consumable",
            daily_for=frozenset({Role.LOGISTICS}),
        ),
        NavItem(_("Class property checks"), "assets:propertycheck_list", "assets.PropertyCheck"),
        NavItem(_("Damage compensations"), "assets:compensation_list", "assets.Compensation"),
        NavItem(_("Asset categories"), "assets:assetcategory_list", "assets.AssetCategory"),
    ):
        add(ASSETS, item)
