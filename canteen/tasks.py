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
@shared_task(name="canteen.hygiene_check", acks_late=True)
def hygiene_check() -> int:
    """Idempotent: a flag per school, day, meal and kind (unique), each notified once."""
    from django.utils import timezone

    from canteen.services.hygiene import hygiene_check_day

    return hygiene_check_day(day=timezone.localdate())


@shared_task(name="canteen.certificates_notify", acks_late=True)
def certificates_notify() -> int:
    """Idempotent: each certificate's expiry notice is claimed once (conditional UPDATE)."""
    from canteen.services.hygiene import certificates_notify as notify_expiring

    return notify_expiring()


# ---- part: hygiene (end) ----
