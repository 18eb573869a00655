"""Which guilds this process serves: Discord puts a guild on shard ``(guild_id >> 22) %
shard_count``, and a process owns the shards it was started with. Scheduled work (digests,
alert sweeps, start-up recovery, TikTok pulls) runs only for owned guilds, so processes sharing
one database divide it without talking to each other; the outbox's unique claims keep a send
exactly-once even while a re-shard moves a guild between them."""

from __future__ import annotations

from dataclasses import dataclass


def shard_of(guild_id: int, shard_count: int) -> int:
    """The shard Discord sends a guild's events to."""
    return (guild_id >> 22) % shard_count


@dataclass(frozen=True)
class OwnedGuilds:
    """The shards of this process; by default the only shard, so every guild."""

    shard_count: int = 1
    shard_ids: frozenset[int] = frozenset({0})

    def __post_init__(self) -> None:
        if self.shard_count < 1:
            raise ValueError("the shard count must be at least 1")
        if not self.shard_ids or not all(0 <= s < self.shard_count for s in self.shard_ids):
            raise ValueError(
                f"shard ids must be between 0 and {self.shard_count - 1}: {sorted(self.shard_ids)}"
            )

    def owns(self, guild_id: int) -> bool:
        return shard_of(guild_id, self.shard_count) in self.shard_ids

    @property
    def share(self) -> float:
        """This process's part of the bot's work, and so of limits that all processes share."""
        return len(self.shard_ids) / self.shard_count
