"""Planning: Demo data. Each part adds inside its own section."""


def seed_planning_demo() -> None:
    """Idempotent demo data for the demo school (core's seed_demo calls it)."""
    # ---- part: plans (begin) ----
    from planning import demo_plans

    demo_plans.seed()
    # ---- part: plans (end) ----

    # ---- part: calendar (begin) ----
    pass
    # ---- part: calendar (end) ----

    # ---- part: surveys (begin) ----
    pass
    # ---- part: surveys (end) ----
