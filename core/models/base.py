"""The foundation every record stands on: schools, school-scoped and archived-never-deleted records."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from core import querycache
from core.access import MANAGERS, READERS, Access
from core.choices import SchoolKind


class PermanentRecordError(Exception):
    """Raised when code tries to hard-delete a record that must be kept (ledger, money, places)."""


class ArchivableQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)

    def delete(self):
        raise PermanentRecordError(f"{self.model.__name__} records are archived, never deleted.")

    # Bulk writes send no post_save: what core.querycache kept of these rows is retired here.
    def update(self, **kwargs: Any) -> int:
        count = super().update(**kwargs)
        querycache.changed(self.model, using=self.db)
        return count

    def bulk_create(self, *args: Any, **kwargs: Any) -> Any:
        created = super().bulk_create(*args, **kwargs)
        querycache.changed(self.model, using=self.db)
        return created

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        count = super().bulk_update(*args, **kwargs)
        querycache.changed(self.model, using=self.db)
        return count


class ArchivableModel(models.Model):
    """A record that is kept forever: 'deleting' it archives it (see core.services.record_archive)."""

    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True, editable=False)

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def delete(self, *args, **kwargs):
        raise PermanentRecordError(f"{type(self).__name__} records are archived, never deleted.")


class School(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.SlugField(_("code"), max_length=30, unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=SchoolKind, default=SchoolKind.PRIMARY
    )
    district = models.CharField(_("district"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SchoolScopedModel(models.Model):
    """Every domain record belongs to one school; `access` says which roles may read and write it."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, verbose_name=_("school"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    access: Access = Access(view=READERS, manage=MANAGERS)

    class Meta:
        abstract = True
