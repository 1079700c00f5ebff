"""Finance: Celery tasks. Each part adds inside its own section."""


# ---- part: budget (begin) ----
# ---- part: budget (end) ----

# ---- part: requests (begin) ----
# ---- part: requests (end) ----

# ---- part: purchasing (begin) ----
# ---- part: purchasing (end) ----

# ---- part: delivery (begin) ----
# ---- part: delivery (end) ----

# ---- part: suppliers (begin) ----
from celery import shared_task as _shared_task


@_shared_task(name="finance.notify_contracts", acks_late=True)
def notify_contracts() -> int:
    """Daily: tell the director and logistics of contracts ending within the school's notice
    period. Idempotent: each contract is claimed by a conditional UPDATE of notified_at."""
    from finance.services.suppliers import contracts_notify

    return contracts_notify()


# ---- part: suppliers (end) ----
