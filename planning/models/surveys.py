"""Planning: the surveys part's models."""
