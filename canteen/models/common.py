"""Who may do what in the canteen (issue 11, point 10), in one place for the module's models."""

from core.access import READERS
from core.choices import Role

# The canteen staff record; the director and the canteen manager approve and read everything.
CANTEEN_STAFF = frozenset({Role.CANTEEN})
CANTEEN_APPROVERS = frozenset({Role.DIRECTOR, Role.CANTEEN_MANAGER})
CANTEEN_RECORDERS = CANTEEN_STAFF | CANTEEN_APPROVERS | frozenset({Role.ADMIN})
# Readers: the principal, the district, the office (READERS) and everyone who records.
CANTEEN_READERS = READERS | CANTEEN_RECORDERS
