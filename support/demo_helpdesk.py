"""Demo data of the helpdesk part of support."""


def seed(*, stdout) -> None:
    """Filled in by the helpdesk work."""
