"""Planning: Demo data. Each part adds inside its own section."""


def seed_planning_demo() -> None:
    """Idempotent demo data for the demo school (core's seed_demo calls it)."""
    # ---- part: plans (begin) ----
    from planning import demo_plans

    demo_plans.seed()
    # ---- part: plans (end) ----

    # ---- part: calendar (begin) ----
    from planning.demo_calendar import seed_calendar_demo

    seed_calendar_demo()
    # ---- part: calendar (end) ----

    # ---- part: surveys (begin) ----
    from planning.demo_surveys import seed_surveys_demo

    seed_surveys_demo()
    # ---- part: surveys (end) ----
