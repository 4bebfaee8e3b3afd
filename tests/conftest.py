from __future__ import annotations

import os

import pytest
from django.core.cache import cache, caches
from django.utils import translation

from portal.celery import app as celery_app
from tests.factories import ModeratorFactory, UserFactory


def pytest_collection_modifyitems(config, items):
    """`make test` skips tests marked slow; CI (RUN_SLOW=1) runs them."""
    if os.environ.get("RUN_SLOW") == "1":
        return
    skip = pytest.mark.skip(reason="slow: run with RUN_SLOW=1 (make test-slow, .ci/run)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def _files_of_this_run():
    """This run's SQLite file, broker, cache and private files live under var/test-run-<pid>/; removed after."""
    import shutil

    from django.conf import settings

    yield
    if not os.environ.get("TONGSU_TESTING"):  # a child process never removes its parent's files
        shutil.rmtree(settings.VAR_DIR / settings.TEST_RUN, ignore_errors=True)


@pytest.fixture(autouse=True)
def _eager_celery_and_clean_cache():
    """In-process tests run tasks inline; tests that start a real worker switch this off themselves."""
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    cache.clear()
    caches["fragments"].clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the site's default language, whatever an earlier test's request left active."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def page_cache_on(settings):
    """The page cache and the cached fragments on, as in production (off elsewhere in the suite: TESTING); the
    cache is emptied around every test by _eager_celery_and_clean_cache."""
    settings.TONGSU_PAGE_CACHE_SECONDS = 30


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def other_user(db):
    return UserFactory()


@pytest.fixture
def moderator(db):
    return ModeratorFactory()
