"""Demo data of support (called by `manage.py seed_demo`)."""

from support import demo_helpdesk, demo_inventory


def seed(*, stdout) -> None:
    demo_inventory.seed(stdout=stdout)
    demo_helpdesk.seed(stdout=stdout)
