"""Static files storage for production: WhiteNoise's compressed manifest storage, each URL worked out once.

Every page's head names five static files, and the manifest storage works out each hashed URL afresh
(manifest lookup, unquote, urljoin: about 60 Python calls a file, 4% of a signed-in page's calls). The
manifest is read once when the process starts and does not change under it, so neither do the URLs.
"""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[tuple[str, bool], str] = {}

    def url(self, name, force=False):
        key = (name, force)
        found = self._urls.get(key)
        if found is None:
            found = self._urls[key] = super().url(name, force)
        return found
