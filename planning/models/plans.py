"""Planning: the plans part's models."""
