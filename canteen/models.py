"""Canteen (食堂) records: filled by the canteen module's issue."""
