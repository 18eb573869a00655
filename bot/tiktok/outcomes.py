"""What became of a TikTok connection, as services report it and bot/render/ words it."""

from __future__ import annotations

from enum import Enum


class LossReason(Enum):
    """Why a connection stopped; stored with it, and told in the notice."""

    REFUSED = "refresh refused by TikTok (revoked or expired)"
    ANSWER_LOST = "a refresh's answer was lost and TikTok refused the token sent"
    TOKEN_REFUSED = "access token refused after a refresh"


class Revocation(Enum):
    """What became of the bot's access at TikTok when a connection was forgotten."""

    REVOKED = "revoked"
    SHARED = "shared"  # kept: another server's connection uses the same TikTok account
    FAILED = "failed"  # TikTok refused or did not answer, or the token was unreadable
