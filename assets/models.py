"""Assets (资产) records: filled by the assets module's issue."""
