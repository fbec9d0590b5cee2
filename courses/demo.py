"""Demo data of courses (called by `manage.py seed_demo`)."""

from courses import demo_booking, demo_catalogue


def seed(*, stdout) -> None:
    demo_catalogue.seed(stdout=stdout)
    demo_booking.seed(stdout=stdout)
