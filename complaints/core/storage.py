"""The "private" storage (personal files: exports, evidence originals) as it is configured right now.

A FileField takes its storage once, when the model class is built; a test that points STORAGES at a bucket
must still move the files. This storage hands every call to `storages["private"]`, Django's documented
handler, which follows a changed STORAGES setting.
"""

from __future__ import annotations

from django.core.files.storage import Storage, storages


def private_backend() -> Storage:
    """The configured "private" storage (STORAGES["private"]): a directory, or a private S3 bucket.

    Looked up on each use: Django builds it once and builds it anew when a test changes STORAGES (its
    own `setting_changed` receiver empties the `storages` handler), so nothing here caches a backend.
    """
    return storages["private"]


class PrivateStorage(Storage):
    """The file fields' storage: every call goes to the "private" backend configured now."""

    def open(self, name, mode="rb"):
        return private_backend().open(name, mode)

    def save(self, name, content, max_length=None):
        return private_backend().save(name, content, max_length=max_length)

    def get_valid_name(self, name):
        return private_backend().get_valid_name(name)

    def get_alternative_name(self, file_root, file_ext):
        return private_backend().get_alternative_name(file_root, file_ext)

    def get_available_name(self, name, max_length=None):
        return private_backend().get_available_name(name, max_length=max_length)

    def is_name_available(self, name, max_length=None):
        return private_backend().is_name_available(name, max_length=max_length)

    def generate_filename(self, filename):
        return private_backend().generate_filename(filename)

    def path(self, name):
        return private_backend().path(name)

    def delete(self, name):
        return private_backend().delete(name)

    def exists(self, name):
        return private_backend().exists(name)

    def listdir(self, path):
        return private_backend().listdir(path)

    def size(self, name):
        return private_backend().size(name)

    def url(self, name):
        return private_backend().url(name)

    def get_accessed_time(self, name):
        return private_backend().get_accessed_time(name)

    def get_created_time(self, name):
        return private_backend().get_created_time(name)

    def get_modified_time(self, name):
        return private_backend().get_modified_time(name)


private_storage = PrivateStorage()
