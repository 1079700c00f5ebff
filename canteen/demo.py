"""Demo data of the canteen (idempotent), called by core's seed_demo."""

from __future__ import annotations


def seed_canteen_demo() -> None:
    # ---- part: menus (begin) ----
    _seed_menus()
    # ---- part: menus (end) ----

    # ---- part: samples (begin) ----
    # _seed_samples()  (samples)
    # ---- part: samples (end) ----

    # ---- part: acceptance (begin) ----
    # _seed_acceptance()  (acceptance)
    # ---- part: acceptance (end) ----

    # ---- part: hygiene (begin) ----
    # _seed_hygiene()  (hygiene)
    # ---- part: hygiene (end) ----
    return None


# ---- part: menus (begin) ----
from canteen import demo_menus as _demo_menus  # noqa: E402


def _seed_menus() -> None:
    _demo_menus.seed()


# ---- part: menus (end) ----

# ---- part: samples (begin) ----
# def _seed_samples() -> None: ...  (samples)
# ---- part: samples (end) ----

# ---- part: acceptance (begin) ----
# def _seed_acceptance() -> None: ...  (acceptance)
# ---- part: acceptance (end) ----

# ---- part: hygiene (begin) ----
# def _seed_hygiene() -> None: ...  (hygiene)
# ---- part: hygiene (end) ----
