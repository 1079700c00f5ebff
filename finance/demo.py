"""Finance: Demo data. Each part adds inside its own section."""


def seed_finance_demo() -> None:
    """Idempotent demo data for the demo school (core's seed_demo calls it)."""
    from finance.demo_base import seed_base

    if seed_base() is None:
        return  # no demo school
    # ---- part: budget (begin) ----
    from finance.demo_budget import seed_budget_demo

    seed_budget_demo()
    # ---- part: budget (end) ----

    # ---- part: requests (begin) ----
    from core.models import School
    from finance.demo_requests import seed_requests_demo

    demo_school = School.objects.filter(code="hongxing").first()
    if demo_school is not None:
        seed_requests_demo(demo_school.pk)
    # ---- part: requests (end) ----

    # ---- part: purchasing (begin) ----
    from finance.demo_base import seed_base as _purchasing_base
    from finance.demo_purchasing import seed_purchasing_demo

    _purchasing_year = _purchasing_base()  # idempotent: the year seeded above
    if _purchasing_year is not None:
        seed_purchasing_demo(_purchasing_year)
    # ---- part: purchasing (end) ----

    # ---- part: delivery (begin) ----
    from finance.demo_delivery import seed_delivery_demo

    seed_delivery_demo()
    # ---- part: delivery (end) ----

    # ---- part: suppliers (begin) ----
    from finance.demo_suppliers import seed_suppliers_demo

    seed_suppliers_demo()
    # ---- part: suppliers (end) ----
