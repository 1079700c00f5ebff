"""Planning (规划) records: filled by the planning module's issue."""
