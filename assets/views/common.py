"""Pieces shared by the ledger screens."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from core.views.generic import ScopedViewMixin


class LimitedLinksMixin(ScopedViewMixin):
    """For records written only through workflow pages: hide the generic add/edit/delete links
    that have no URL (the role check itself is unchanged)."""

    links: frozenset[str] = frozenset()

    def permitted(self, action: str) -> bool:
        if action in ("add", "change", "delete") and action not in self.links:
            return False
        return super().permitted(action)


def _errors(exc: ValidationError) -> list[str]:
    return exc.messages
