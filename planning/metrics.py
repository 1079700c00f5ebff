"""Planning: The module's figures (core.metrics). Each part adds inside its own section."""


def register() -> None:
    # ---- part: plans (begin) ----
    from planning import metrics_plans

    metrics_plans.register()
    # ---- part: plans (end) ----

    # ---- part: calendar (begin) ----
    pass
    # ---- part: calendar (end) ----

    # ---- part: surveys (begin) ----
    pass
    # ---- part: surveys (end) ----
