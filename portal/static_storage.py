"""The production storage of static files: whitenoise's, with hashed names and
gzip and brotli copies, and each file's address looked up once per process.

`{% static %}` asks the storage for the address of a file on every render:
a few lookups in the manifest and some URL joining, tens of microseconds for
each of the five or so files of a page. The manifest is read when the process
starts and changes only with a deploy, which restarts the app servers
(docs/deploy.md), so the address found first stays right for the process.
"""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        try:
            return self._urls[name]
        except KeyError:
            # A file missing from the manifest raises here, and is not kept.
            url = self._urls[name] = super().url(name)
            return url
