"""Finance services: every write of the module goes through them (HTML, API, admin, code)."""
