"""Results read from the database, kept in Django's cache until the rows they read change.

`remember(queryset, build)` returns `build()`, a value made from `queryset`'s rows only (the
filter drop-downs' options, an unread count), from the cache when it can. The entry's key is the
queryset's SQL with its parameters (so no two schools or users with different rows share one),
the database, the language, and a token per table the SQL names. A save or delete of a row of
any of those tables replaces its table's token once the change is committed (`changed`, wired to
post_save and post_delete of the project's models in core.apps), so the next page reads the new
rows: an entry is never used after its rows changed. A bulk write that sends no signal
(QuerySet.update, bulk_create) calls `changed(Model)` itself. A query that names a table whose
writes are not tracked (another package's, a many-to-many table), and any query inside a
transaction (whose rows may be its own, uncommitted), are read from the database, never cached.

The cache is Redis when REDIS_URL is set (all workers share tokens and entries), otherwise files
under the var folder (config/settings.py); the tests use each process's memory.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import re
import threading
import uuid
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.signals import request_finished, request_started
from django.db import connections, models, transaction
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils import translation

logger = logging.getLogger(__name__)

T = TypeVar("T")

CACHE_SECONDS = 600  # bounds what a lost invalidation (the cache unreachable then) could show
_EPOCH = "querycache:epoch"
_QUOTED = re.compile(r'"(\w+)"')


def remember(queryset: QuerySet, build: Callable[[], T], *, extra: Hashable = ()) -> T:
    """`build()`, which reads `queryset` only; `extra`: whatever else shapes the value."""
    return remember_many([(queryset, build, extra)])[0]


def remember_many(items: Sequence[tuple[QuerySet, Callable[[], Any], Hashable]]) -> list[Any]:
    """Each item's `build()` as `remember` gives it, all read in one round trip to the cache."""
    keys: dict[int, str] = {}
    try:
        for i, (queryset, _build, extra) in enumerate(items):
            if (key := _key(queryset, extra)) is not None:
                keys[i] = key
        found = cache.get_many(list(set(keys.values()))) if keys else {}
    except Exception:  # the cache unreachable: read as if there were none
        logger.warning("query cache unavailable", exc_info=True)
        keys, found = {}, {}
    values, fresh = [], {}
    for i, (_queryset, build, _extra) in enumerate(items):
        key = keys.get(i)
        if key is not None and key in found:
            values.append(found[key])
            continue
        values.append(build())
        if key is not None:
            fresh[key] = values[-1]
    if fresh:
        with contextlib.suppress(Exception):  # unreachable now: the next page tries again
            cache.set_many(fresh, CACHE_SECONDS)
    return values


def _key(queryset: QuerySet, extra: Hashable) -> str | None:
    """The entry's key, or None when the value must be read from the database."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # .none(): no query to key it by, none to save
        return None
    labels = _tables_read(sql)
    connection = connections[queryset.db]
    # Inside a transaction the rows read may be its own, not yet everybody's (and may be rolled
    # back): read them, keep nothing. (Requests run outside one; so do the tests that commit.)
    if labels is None or connection.in_atomic_block:
        return None
    db = connection.settings_dict
    identity = (
        _tokens(labels),
        db["NAME"],
        db["HOST"],
        translation.get_language(),
        sql,
        [str(p) for p in params],
        extra,
    )
    return "querycache:" + hashlib.sha256(repr(identity).encode()).hexdigest()


def changed(model: type[models.Model], *, using: str | None = None) -> None:
    """The rows of `model` changed: what was kept from them is read again once this commits.
    At once outside a transaction; inside one, once per model (its commit replaces the token)."""
    label = model._meta.label_lower
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        _retire(_token_key(label))
        return
    pending = connection.__dict__.setdefault("_querycache_pending", {})
    if _is_pending(pending.get(label), using):
        return
    pending[label] = functools.partial(_retire, _token_key(label))
    transaction.on_commit(pending[label], using=using)


def forget_all() -> None:
    """Nothing kept so far is used again (after migrations or a restore, between tests)."""
    _retire(_EPOCH)


def tracked_models() -> list[type[models.Model]]:
    """The project's own models (not another package's): their saves and deletes are tracked."""
    root = Path(settings.BASE_DIR).resolve()
    return [
        model
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(root) and "site-packages" not in config.path
        for model in config.get_models()
    ]


def connect() -> None:
    """Wire the invalidation (core.apps.ready): saves and deletes of the tracked models, and
    every migration (a new schema, or a restored database, may hold any rows)."""
    for model in tracked_models():
        uid = f"querycache-{model._meta.label_lower}"
        post_save.connect(_on_change, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"{uid}-delete")
    post_migrate.connect(_after_migrate, dispatch_uid="querycache-migrate")
    request_started.connect(_request_started, dispatch_uid="querycache-request-started")
    request_finished.connect(_request_finished, dispatch_uid="querycache-request-finished")


def _on_change(sender, **kwargs) -> None:
    using = kwargs.get("using")
    changed(sender, using=using)
    if kwargs.get("signal") is post_delete:
        # Deleting a row sets the references of other models to it to NULL without a signal.
        for model in _nulled_by_delete(sender):
            changed(model, using=using)


@functools.cache
def _nulled_by_delete(model: type[models.Model]) -> tuple[type[models.Model], ...]:
    kept = (None, models.CASCADE, models.PROTECT, models.RESTRICT, models.DO_NOTHING)
    return tuple(
        {
            rel.related_model
            for rel in model._meta.related_objects
            if rel.on_delete not in kept and isinstance(rel.related_model, type)
        }
    )


def _after_migrate(**kwargs) -> None:
    forget_all()


def _tables_read(sql: str) -> tuple[str, ...] | None:
    """The tracked models whose tables the SQL names, or None if it names an untracked one."""
    known = _tables()
    labels = set()
    for name in set(_QUOTED.findall(sql)):
        label = known.get(name)
        if label == "":
            return None
        if label:
            labels.add(label)
    return tuple(sorted(labels))


@functools.cache
def _tables() -> dict[str, str]:
    """Every model's table: its label if its writes are tracked, "" if not."""
    tracked = {model._meta.label_lower for model in tracked_models()}
    return {
        model._meta.db_table: (label if (label := model._meta.label_lower) in tracked else "")
        for model in apps.get_models(include_auto_created=True)
    }


# A request reads every token once, at its first cached value (one round trip for its page);
# a change it makes outside a transaction drops the token it retired. Outside a request (tasks,
# shells), the tokens are read each time.
_request = threading.local()


def _request_started(**kwargs) -> None:
    _request.tokens = {}


def _request_finished(**kwargs) -> None:
    _request.tokens = None


def _tokens(labels: tuple[str, ...]) -> tuple[str, ...]:
    wanted = [_EPOCH, *(_token_key(label) for label in labels)]
    known = getattr(_request, "tokens", None)
    if known is None:
        known = _read_tokens(wanted)
    elif any(key not in known for key in wanted):
        known.update(_read_tokens(list({*_every_token(), *wanted})))
    return tuple(str(known[key]) for key in wanted)


def _read_tokens(keys: list[str]) -> dict[str, Any]:
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:  # never set, or evicted: a new token, never an old entry's
            cache.add(key, uuid.uuid4().hex, None)
            found[key] = cache.get(key)
    return found


@functools.cache
def _every_token() -> tuple[str, ...]:
    return (_EPOCH, *(_token_key(model._meta.label_lower) for model in tracked_models()))


def _token_key(label: str) -> str:
    return f"querycache:token:{label}"


def _is_pending(callback, using: str | None) -> bool:
    """Whether `callback` still waits for this transaction's commit (a rollback drops it)."""
    if callback is None:
        return False
    waiting = transaction.get_connection(using).run_on_commit
    return any(entry[1] is callback for entry in waiting)


def _retire(key: str) -> None:
    known = getattr(_request, "tokens", None)
    if known is not None:
        known.pop(key, None)
    try:
        cache.set(key, uuid.uuid4().hex, None)
    except Exception:  # what it should retire expires within CACHE_SECONDS
        logger.warning("query cache unavailable: %s not retired", key, exc_info=True)
