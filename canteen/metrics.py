"""The canteen's figures in core.metrics (dashboards, monthly report, district, plan KPIs)."""

from __future__ import annotations

from core import metrics

# ---- part: menus (begin) ----
# def _menus_metrics() -> list: ...  (menus)
# ---- part: menus (end) ----

# ---- part: samples (begin) ----
# def _samples_metrics() -> list: ...  (samples)
# ---- part: samples (end) ----

# ---- part: acceptance (begin) ----
# def _acceptance_metrics() -> list: ...  (acceptance)
# ---- part: acceptance (end) ----


# ---- part: hygiene (begin) ----
def _hygiene_metrics() -> list:
    from canteen.metrics_hygiene import hygiene_metrics

    return hygiene_metrics()


# ---- part: hygiene (end) ----


def register() -> None:
    """Called from CanteenConfig.ready(): every part's metrics."""
    # ---- part: menus (begin) ----
    # for m in _menus_metrics(): metrics.register(m)  (menus)
    # ---- part: menus (end) ----

    # ---- part: samples (begin) ----
    # for m in _samples_metrics(): metrics.register(m)  (samples)
    # ---- part: samples (end) ----

    # ---- part: acceptance (begin) ----
    # for m in _acceptance_metrics(): metrics.register(m)  (acceptance)
    # ---- part: acceptance (end) ----

    # ---- part: hygiene (begin) ----
    for m in _hygiene_metrics():
        metrics.register(m)
    # ---- part: hygiene (end) ----
    return None
