"""Who runs the safety office, shared by every part."""

from __future__ import annotations

from core.choices import Role

OFFICE = frozenset({Role.LOGISTICS, Role.DIRECTOR, Role.ADMIN})


BOSSES = frozenset({Role.DIRECTOR, Role.ADMIN})
