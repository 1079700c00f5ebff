"""Finance: Demo data. Each part adds inside its own section."""


def seed_finance_demo() -> None:
    """Idempotent demo data for the demo school (core's seed_demo calls it)."""
    from finance.demo_base import seed_base

    if seed_base() is None:
        return  # no demo school
    # ---- part: budget (begin) ----
    pass
    # ---- part: budget (end) ----

    # ---- part: requests (begin) ----
    pass
    # ---- part: requests (end) ----

    # ---- part: purchasing (begin) ----
    pass
    # ---- part: purchasing (end) ----

    # ---- part: delivery (begin) ----
    pass
    # ---- part: delivery (end) ----

    # ---- part: suppliers (begin) ----
    from finance.demo_suppliers import seed_suppliers_demo

    seed_suppliers_demo()
    # ---- part: suppliers (end) ----
