"""Demo data of the canteen (idempotent), called by core's seed_demo."""

from __future__ import annotations


def seed_canteen_demo() -> None:
    # ---- part: menus (begin) ----
    _seed_menus()
    # ---- part: menus (end) ----

    # ---- part: samples (begin) ----
    _seed_samples()
    # ---- part: samples (end) ----

    # ---- part: acceptance (begin) ----
    _seed_acceptance()
    # ---- part: acceptance (end) ----

    # ---- part: hygiene (begin) ----
    from canteen.demo_hygiene import seed_hygiene

    seed_hygiene()
    # ---- part: hygiene (end) ----
    return None


# ---- part: menus (begin) ----
from canteen import demo_menus as _demo_menus  # noqa: E402


def _seed_menus() -> None:
    _demo_menus.seed()


# ---- part: menus (end) ----


# ---- part: samples (begin) ----
def _seed_samples() -> None:
    """Two sample refrigerators, and the last four school days before today: their menus (when the
    menus part left a day empty), their samples — one dish forgotten, one underweight, one not
    disposed in time — and the refrigerators' readings, one of them too warm."""
    from canteen import demo_samples

    demo_samples.seed()


# ---- part: samples (end) ----


# ---- part: acceptance (begin) ----
def _seed_acceptance() -> None:
    """Suppliers (two bulk-food ones, one licence about to expire), the last 30 days of
    deliveries through the acceptance service, diners, meal income and last month's disclosure."""
    from canteen.demo_acceptance import seed

    seed()


# ---- part: acceptance (end) ----

# ---- part: hygiene (begin) ----
# seed_hygiene: canteen/demo_hygiene.py (staff, certificates, checks, disinfection, 陪餐)
# ---- part: hygiene (end) ----
