"""Finance: The module's figures (core.metrics). Each part adds inside its own section."""


def register() -> None:
    # ---- part: budget (begin) ----
    from finance import metrics_budget

    metrics_budget.register()
    # ---- part: budget (end) ----

    # ---- part: requests (begin) ----
    from finance import metrics_requests

    metrics_requests.register()
    # ---- part: requests (end) ----

    # ---- part: purchasing (begin) ----
    from finance.metrics_purchasing import register as register_purchasing

    register_purchasing()
    # ---- part: purchasing (end) ----

    # ---- part: delivery (begin) ----
    from finance.metrics_delivery import register_delivery

    register_delivery()
    # ---- part: delivery (end) ----

    # ---- part: suppliers (begin) ----
    pass
    # ---- part: suppliers (end) ----
