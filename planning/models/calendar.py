"""Planning: the calendar part's models."""
