"""Demo data of the canteen (idempotent), called by core's seed_demo."""

from __future__ import annotations


def seed_canteen_demo() -> None:
    # ---- part: menus (begin) ----
    # _seed_menus()  (menus)
    # ---- part: menus (end) ----

    # ---- part: samples (begin) ----
    # _seed_samples()  (samples)
    # ---- part: samples (end) ----

    # ---- part: acceptance (begin) ----
    # _seed_acceptance()  (acceptance)
    # ---- part: acceptance (end) ----

    # ---- part: hygiene (begin) ----
    from canteen.demo_hygiene import seed_hygiene

    seed_hygiene()
    # ---- part: hygiene (end) ----
    return None


# ---- part: menus (begin) ----
# def _seed_menus() -> None: ...  (menus)
# ---- part: menus (end) ----

# ---- part: samples (begin) ----
# def _seed_samples() -> None: ...  (samples)
# ---- part: samples (end) ----

# ---- part: acceptance (begin) ----
# def _seed_acceptance() -> None: ...  (acceptance)
# ---- part: acceptance (end) ----

# ---- part: hygiene (begin) ----
# seed_hygiene: canteen/demo_hygiene.py (staff, certificates, checks, disinfection, 陪餐)
# ---- part: hygiene (end) ----
