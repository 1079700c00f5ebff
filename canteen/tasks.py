"""Celery tasks of the canteen ("canteen.<verb>"): take ids, call services, idempotent."""

from celery import shared_task  # noqa: F401

# ---- part: menus (begin) ----
# @shared_task(name='canteen....', acks_late=True) ...  (menus)
# ---- part: menus (end) ----

# ---- part: samples (begin) ----
# @shared_task(name='canteen....', acks_late=True) ...  (samples)
# ---- part: samples (end) ----

# ---- part: acceptance (begin) ----
# @shared_task(name='canteen....', acks_late=True) ...  (acceptance)
# ---- part: acceptance (end) ----

# ---- part: hygiene (begin) ----
# @shared_task(name='canteen....', acks_late=True) ...  (hygiene)
# ---- part: hygiene (end) ----
