"""Demo data of the catalogue part of courses."""


def seed(*, stdout) -> None:
    """Filled in by the catalogue work."""
