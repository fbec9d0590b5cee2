"""portal.kept.Kept: made once per key, bounded, starts afresh when full."""

from portal.kept import Kept


def test_a_value_is_made_once_per_key_and_starts_afresh_when_full():
    made = []

    def make(key):
        return lambda: made.append(key) or f"value {key}"

    kept = Kept(2)
    assert kept.get("a", make("a")) == "value a"
    assert kept.get("a", make("a")) == "value a"
    assert kept.get("b", make("b")) == "value b"
    assert made == ["a", "b"] and len(kept) == 2
    kept.get("c", make("c"))  # full: everything is forgotten, then c is kept
    assert len(kept) == 1
    kept.get("a", make("a"))
    assert made == ["a", "b", "c", "a"]
    kept.clear()
    assert len(kept) == 0
