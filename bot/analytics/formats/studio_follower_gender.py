"""TikTok Studio ``FollowerGender``: the followers' gender split today; no history."""

from bot.analytics.formats._audience import share_format
from bot.analytics.vocabulary import AudienceKey

FORMAT = share_format(
    name="tiktok_studio_follower_gender",
    section="FollowerGender",
    columns=("Gender", "Distribution"),
    key=AudienceKey.GENDER,
)
