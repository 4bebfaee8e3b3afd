"""Production static URLs: hashed names from the manifest, the same as WhiteNoise's own, each worked out once."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from whitenoise.storage import CompressedManifestStaticFilesStorage

from complaints.core.static import StaticFilesStorage


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    from django.test import override_settings

    root = tmp_path_factory.mktemp("static")
    storages = {"staticfiles": {"BACKEND": "complaints.core.static.StaticFilesStorage"}}
    with override_settings(STATIC_ROOT=root, STORAGES=storages):
        call_command("collectstatic", "--noinput", verbosity=0)
    return root


def test_urls_are_the_manifests_hashed_names_and_stay_so(collected, monkeypatch):
    ours = StaticFilesStorage(location=collected)
    theirs = CompressedManifestStaticFilesStorage(location=collected)
    url = ours.url("css/portal.css")
    assert url == theirs.url("css/portal.css") and url != "/static/css/portal.css"
    assert (collected / url.removeprefix("/static/")).exists(), "the hashed file is there to be served"
    worked_out = []
    monkeypatch.setattr(
        CompressedManifestStaticFilesStorage, "url", lambda self, name, force=False: worked_out.append(name)
    )
    assert [ours.url("css/portal.css") for _ in range(3)] == [url] * 3
    assert worked_out == [], "worked out once, when first asked"


def test_a_file_that_is_not_in_the_manifest_is_still_an_error(collected):
    ours = StaticFilesStorage(location=collected)
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            ours.url("css/not-there.css")
