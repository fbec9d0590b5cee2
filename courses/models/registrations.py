"""See courses/models/__init__.py."""
