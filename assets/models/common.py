"""Who manages and who reads the ledger, shared by every part."""

from __future__ import annotations

from core.choices import Role

ASSET_MANAGERS = frozenset({Role.LOGISTICS, Role.DIRECTOR})


ASSET_READERS = frozenset(
    {Role.LOGISTICS, Role.DIRECTOR, Role.PRINCIPAL, Role.ADMIN, Role.DISTRICT}
)
