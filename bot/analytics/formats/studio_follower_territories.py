"""TikTok Studio ``FollowerTopTerritories``: where followers are (ISO-2 codes and ``Others``)."""

from bot.analytics.formats._audience import share_format
from bot.analytics.vocabulary import AudienceKey

FORMAT = share_format(
    name="tiktok_studio_follower_territories",
    section="FollowerTopTerritories",
    columns=("Top territories", "Distribution"),
    key=AudienceKey.TERRITORIES,
)
