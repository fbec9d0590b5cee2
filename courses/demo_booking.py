"""Demo data of the booking part of courses."""


def seed(*, stdout) -> None:
    """Filled in by the booking work."""
