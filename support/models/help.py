"""See support/models/__init__.py."""
