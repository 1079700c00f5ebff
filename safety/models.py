"""Safety (安全) records: filled by the safety module's issue."""
