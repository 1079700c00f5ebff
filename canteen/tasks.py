"""Celery tasks of the canteen ("canteen.<verb>"): take ids, call services, idempotent."""

from celery import shared_task

# ---- part: menus (begin) ----
# @shared_task(name='canteen....', acks_late=True) ...  (menus)
# ---- part: menus (end) ----


# ---- part: samples (begin) ----
@shared_task(name="canteen.check_samples", acks_late=True)
def check_samples() -> int:
    """Idempotent: a flag's key is unique per school and people are told of a flag once, so a
    second beat or a redelivery (late acknowledgement) adds and tells nothing."""
    from canteen.services.samples_check import samples_check

    return samples_check()


# ---- part: samples (end) ----


# ---- part: acceptance (begin) ----
@shared_task(name="canteen.notify_licences", acks_late=True)
def notify_licences() -> int:
    """Daily: tell the canteen manager and the director of supplier licences expiring soon
    (once per supplier and expiry date: canteen.SupplierLicenceNotice)."""
    from canteen.services.acceptance import notify_expiring_licences

    return notify_expiring_licences()


# ---- part: acceptance (end) ----

# ---- part: hygiene (begin) ----
# @shared_task(name='canteen....', acks_late=True) ...  (hygiene)
# ---- part: hygiene (end) ----
