"""Course models: pages (catalogue, course), sessions, registrations."""

from .pages import *  # noqa: F403
from .registrations import *  # noqa: F403
from .sessions import *  # noqa: F403
