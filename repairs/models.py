"""Repairs (报修) records: filled by the repairs module's issue."""
