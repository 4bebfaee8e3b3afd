"""The "private" storage (personal files: exports, evidence originals) as it is configured right now.

A FileField takes its storage once, when the model class is built; a test that points STORAGES at a bucket
must still move the files. This storage hands every call to `storages["private"]`, Django's documented
handler, which follows a changed STORAGES setting.
"""

from __future__ import annotations

from django.core.files.storage import Storage, storages


def _current() -> Storage:
    return storages["private"]


class PrivateStorage(Storage):
    """Every public method of Storage, answered by the configured "private" storage."""

    def open(self, name, mode="rb"):
        return _current().open(name, mode)

    def save(self, name, content, max_length=None):
        return _current().save(name, content, max_length=max_length)

    def get_valid_name(self, name):
        return _current().get_valid_name(name)

    def get_available_name(self, name, max_length=None):
        return _current().get_available_name(name, max_length=max_length)

    def generate_filename(self, filename):
        return _current().generate_filename(filename)

    def path(self, name):
        return _current().path(name)

    def delete(self, name):
        return _current().delete(name)

    def exists(self, name):
        return _current().exists(name)

    def listdir(self, path):
        return _current().listdir(path)

    def size(self, name):
        return _current().size(name)

    def url(self, name):
        return _current().url(name)

    def get_accessed_time(self, name):
        return _current().get_accessed_time(name)

    def get_created_time(self, name):
        return _current().get_created_time(name)

    def get_modified_time(self, name):
        return _current().get_modified_time(name)


private_storage = PrivateStorage()
