"""Demo data of the inventory part of support."""


def seed(*, stdout) -> None:
    """Filled in by the inventory work."""
