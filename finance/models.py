"""Finance (财务) records: filled by the finance module's issue."""
