"""Django's Redis cache, with one Redis client per connection pool.

Django's `RedisCacheClient.get_client()` builds a new `redis.Redis` object for
every cache operation, and redis-py fills a table of about a hundred response
callbacks in each: a logged-in page with its session, versions and fragments
spent a few milliseconds on that alone. A `redis.Redis` client is safe to share
(it takes a connection from its pool per command), so one is kept per pool.
Nothing else differs from Django's backend.
"""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class PortalRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
