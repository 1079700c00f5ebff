"""Finance: The module's figures (core.metrics). Each part adds inside its own section."""


def register() -> None:
    # ---- part: budget (begin) ----
    pass
    # ---- part: budget (end) ----

    # ---- part: requests (begin) ----
    from finance import metrics_requests

    metrics_requests.register()
    # ---- part: requests (end) ----

    # ---- part: purchasing (begin) ----
    pass
    # ---- part: purchasing (end) ----

    # ---- part: delivery (begin) ----
    pass
    # ---- part: delivery (end) ----

    # ---- part: suppliers (begin) ----
    pass
    # ---- part: suppliers (end) ----
