"""The Redis cache keeps one client per connection pool (portal/cache_backend.py).

No Redis server is needed: clients and pools connect on their first command.
"""

from portal.cache_backend import PortalRedisCache


def _cache(location: str) -> PortalRedisCache:
    return PortalRedisCache(location, {"KEY_PREFIX": "test"})


def test_every_operation_uses_the_same_client():
    client = _cache("redis://127.0.0.1:1/0")._cache
    first = client.get_client("a")
    assert client.get_client("b") is first
    assert client.get_client("c", write=True) is first


def test_a_replica_has_its_own_client_writes_go_to_the_primary():
    client = _cache("redis://127.0.0.1:1/0,redis://127.0.0.1:2/0")._cache
    primary = client.get_client(write=True)
    replica = client.get_client()  # reads go to the other server
    assert replica is not primary
    assert primary.connection_pool.connection_kwargs["port"] == 1
    assert replica.connection_pool.connection_kwargs["port"] == 2
    assert client.get_client(write=True) is primary
    assert client.get_client() is replica


def test_values_are_read_and_written_through_the_shared_client(monkeypatch):
    cache = _cache("redis://127.0.0.1:1/0")
    client = cache._cache.get_client()
    stored = {}
    monkeypatch.setattr(
        client, "set", lambda key, value, **kw: stored.update({key: value})
    )
    monkeypatch.setattr(client, "get", lambda key: stored.get(key))
    cache.set("answer", {"n": 42}, 60)
    assert cache.get("answer") == {"n": 42}
