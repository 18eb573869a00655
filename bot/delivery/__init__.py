"""Digests, alerts and milestone messages, sent exactly once through the deliveries outbox."""

from bot.delivery.alerts import Alerts
from bot.delivery.deliveries import Deliveries
from bot.delivery.digests import DigestProgress, Digests, digest_period
from bot.delivery.outbox import Messenger, Outbox, Outgoing, channel_target, user_target

__all__ = [
    "Alerts",
    "Deliveries",
    "DigestProgress",
    "Digests",
    "Messenger",
    "Outbox",
    "Outgoing",
    "channel_target",
    "digest_period",
    "user_target",
]
