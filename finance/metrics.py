"""Finance: The module's figures (core.metrics). Each part adds inside its own section."""


def register() -> None:
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
    from finance.metrics_delivery import register_delivery

    register_delivery()
    # ---- part: delivery (end) ----

    # ---- part: suppliers (begin) ----
    pass
    # ---- part: suppliers (end) ----
