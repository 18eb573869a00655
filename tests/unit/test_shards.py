"""Which guilds a process owns, from SHARD_COUNT and SHARD_IDS."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.config import Settings
from bot.shards import OwnedGuilds, shard_of
from bot.tiktok.ratelimit import HEADROOM, RateLimiter


def guild_on(shard_bits: int, low: int = 12_345) -> int:
    """A guild id whose bits above the 22 timestamp-free ones are ``shard_bits``."""
    return (shard_bits << 22) | low


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg, arg-type]


def test_a_guild_is_on_the_shard_of_its_id_shifted_by_22_bits() -> None:
    assert shard_of(guild_on(7), 2) == 1  # 7 % 2
    assert shard_of(guild_on(7), 3) == 1  # 7 % 3
    assert shard_of(guild_on(9), 3) == 0  # 9 % 3
    assert shard_of(guild_on(0, low=(1 << 22) - 1), 5) == 0  # the low bits never count
    assert shard_of(111_000_000_000_000_001, 2) == 0  # 26,464,462,280 % 2


def test_a_process_owns_the_guilds_of_its_shards_only() -> None:
    odd = OwnedGuilds(2, frozenset({1}))
    assert odd.owns(guild_on(7)) and not odd.owns(guild_on(8))
    assert OwnedGuilds().owns(guild_on(7)) and OwnedGuilds().owns(guild_on(8))


def test_a_process_shares_the_apps_limits_by_its_shards() -> None:
    assert OwnedGuilds().share == 1.0
    assert OwnedGuilds(4, frozenset({1, 3})).share == 0.5
    # TikTok's 600 requests a minute, 90% of it, half of that for one of two processes.
    assert RateLimiter(headroom=HEADROOM * OwnedGuilds(2, frozenset({1})).share).limit == 270


def test_shard_ids_out_of_range_are_refused() -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        OwnedGuilds(2, frozenset({2}))
    with pytest.raises(ValueError, match="at least 1"):
        OwnedGuilds(0, frozenset())


def test_settings_default_to_one_process_running_every_shard() -> None:
    assert settings().owned_guilds == OwnedGuilds(1, frozenset({0}))
    assert settings(shard_count=3).owned_guilds == OwnedGuilds(3, frozenset({0, 1, 2}))


def test_settings_read_a_comma_list_of_shards(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHARD_COUNT", "4")
    monkeypatch.setenv("SHARD_IDS", "1, 3")
    assert settings().owned_guilds == OwnedGuilds(4, frozenset({1, 3}))


@pytest.mark.parametrize(
    ("shard_ids", "message"), [("2", "between 0 and 1"), ("one", "comma list")]
)
def test_settings_refuse_shards_they_cannot_run(shard_ids: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        settings(shard_count=2, shard_ids=shard_ids)
