"""TikTok Studio ``FollowerTopTerritories``: where followers are (ISO-2 codes and ``Others``)."""

from __future__ import annotations

from bot.analytics.formats import _studio
from bot.analytics.formats._audience import shares
from bot.analytics.formats._daily import no_daily
from bot.analytics.formats._posts import no_posts
from bot.analytics.formats._table import Context, FormatSpec, Table
from bot.analytics.formats.base import ParsedFile

SECTION = "FollowerTopTerritories"
HEADER = _studio.header("Top territories", "Distribution")
AUDIENCE_KEY = "follower_territories"


def detect(name: str, keys: tuple[str, ...]) -> bool:
    return _studio.matches(name, keys, SECTION, HEADER)


def parse(table: Table, context: Context) -> ParsedFile:
    table, notes = _studio.conform(table, SECTION, HEADER)
    audience = {AUDIENCE_KEY: shares(table, *HEADER)}
    return ParsedFile(
        name=table.name,
        format=FORMAT.name,
        daily=no_daily(),
        posts=no_posts(),
        audience=audience,
        notes=notes,
    )


FORMAT = FormatSpec(
    name="tiktok_studio_follower_territories",
    label="FollowerTopTerritories",
    detect=detect,
    parse=parse,
)
