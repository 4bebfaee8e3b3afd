"""The Redis cache backend (django-redis) keeps one client: the same answers as Django's, without a new client per
call."""

from __future__ import annotations

import os
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
from django.conf import settings
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.utils.module_loading import import_string

REDIS_URL = os.environ.get("REDIS_URL", "")
pytestmark = pytest.mark.skipif(
    not REDIS_URL, reason="needs a real Redis (REDIS_URL; the service run has one)"
)


@pytest.fixture
def caches():
    params = {"KEY_PREFIX": f"test-cache-{uuid.uuid4().hex}"}
    backend = import_string(settings.CACHES["default"]["BACKEND"])  # the one the portal runs with
    ours, django = backend(REDIS_URL, params), DjangoRedisCache(REDIS_URL, params)
    yield ours, django
    django.delete_many([f"k{i}" for i in range(50)] + ["counter", "once", "a", "b"])


def test_what_one_writes_the_other_reads(caches):
    ours, django = caches
    ours.set("a", {"markup": "<p>你好</p>"}, 30)
    assert django.get("a") == {"markup": "<p>你好</p>"}
    django.set("b", [1, 2], 30)
    assert ours.get_many(["a", "b", "missing"]) == {"a": {"markup": "<p>你好</p>"}, "b": [1, 2]}
    assert ours.add("once", 1, 30) is True and ours.add("once", 2, 30) is False and django.get("once") == 1
    ours.set("counter", 1, 30)
    assert ours.incr("counter", 4) == 5
    ours.delete_many(["a", "b"])
    assert django.get("a") is None and django.get("b") is None


def test_a_hundred_calls_make_one_client_and_threads_share_it(caches, monkeypatch):
    ours, _ = caches
    made = []
    original = redis.Redis.__init__

    def counted(self, *args, **kwargs):
        made.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(redis.Redis, "__init__", counted)
    for i in range(50):
        ours.set(f"k{i}", i, 30)
    with ThreadPoolExecutor(4) as pool:
        found = list(pool.map(lambda i: ours.get(f"k{i}"), range(50)))
    assert found == list(range(50))
    assert len(made) == 1, (len(made), "Django's own client makes one per call")
