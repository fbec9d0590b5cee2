"""Support models: inventory (devices, profiles, batches, loans), tickets, help."""

from .help import *  # noqa: F403
from .inventory import *  # noqa: F403
from .tickets import *  # noqa: F403
