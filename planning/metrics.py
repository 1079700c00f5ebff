"""Planning: The module's figures (core.metrics). Each part adds inside its own section."""


def register() -> None:
    # ---- part: plans (begin) ----
    from planning import metrics_plans

    metrics_plans.register()
    # ---- part: plans (end) ----

    # ---- part: calendar (begin) ----
    from planning.metrics_calendar import register as register_calendar

    register_calendar()
    # ---- part: calendar (end) ----

    # ---- part: surveys (begin) ----
    from planning import metrics_surveys

    metrics_surveys.register()
    # ---- part: surveys (end) ----
