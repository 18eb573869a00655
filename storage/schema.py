"""The tables, as SQLAlchemy Core objects the Store queries; migrations create them."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from bot.analytics.model import DAILY_METRICS
from bot.analytics.vocabulary import SourceKind

metadata = MetaData()


guild_settings = Table(
    "guild_settings",
    metadata,
    Column("guild_id", BigInteger, primary_key=True, autoincrement=False),
    Column("timezone", String(64), nullable=False, server_default="UTC"),
    Column("digest_channel_id", BigInteger),
    Column("digest_weekday", Integer, nullable=False, server_default="0"),
    Column("digest_time", String(5), nullable=False, server_default="09:00"),
    Column("alert_channel_id", BigInteger),
    Column("manager_role_id", BigInteger),
    # When the digest's channel or time was last set: a digest due before it was never owed.
    Column("digest_since", DateTime(timezone=True)),
    # The role whose members may /log and /upload; NULL: every member may.
    Column("data_role_id", BigInteger),
    # The Discord locale scheduled posts are written in; NULL: the server's community language.
    Column("language", String(16)),
)

accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("guild_id", BigInteger, nullable=False),
    Column("platform", String(16), nullable=False, server_default="tiktok"),
    Column("handle", String(64), nullable=False),
    Column("owner_id", BigInteger),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("guild_id", "platform", "handle", name="uq_accounts_guild_platform_handle"),
    Index("ix_accounts_guild", "guild_id"),
    # An id is never handed out twice, so nothing stored under a removed account's id can
    # ever be taken for a newer account's.
    sqlite_autoincrement=True,
)

uploads = Table(
    "uploads",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("filename", String(255), nullable=False),
    Column("formats", Text, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("account_id", "sha256", name="uq_uploads_account_sha256"),
)

snapshots = Table(
    "snapshots",
    metadata,
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True),
    Column("day", Date, primary_key=True),
    *(Column(name, BigInteger) for name in DAILY_METRICS),
    Column("source", String(32), nullable=False),
    Column("upload_id", Integer, ForeignKey("uploads.id", ondelete="SET NULL")),
    sqlite_with_rowid=False,
)

posts = Table(
    "posts",
    metadata,
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True),
    Column("post_id", String(255), primary_key=True),
    Column("posted_at", DateTime(timezone=True)),
    Column("title", Text, nullable=False, server_default=""),
    Column("views", BigInteger),
    Column("likes", BigInteger),
    Column("comments", BigInteger),
    Column("shares", BigInteger),
    Column("upload_id", Integer, ForeignKey("uploads.id", ondelete="SET NULL")),
    # What TikTok's API for Business says of the video (VIDEO_FIGURES); NULL when not given.
    Column("new_followers", BigInteger),
    Column("reach", BigInteger),
    Column("for_you_share", Float),
    Column("full_watch_rate", Float),
    Column("average_watch_seconds", Float),
    sqlite_with_rowid=False,
)

deliveries = Table(
    "deliveries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("target", String(64), nullable=False),
    Column("period", String(64), nullable=False),
    Column("guild_id", BigInteger, nullable=False),
    # The account an alert (or its note) is about; NULL for digests.
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), index=True),
    Column("status", String(16), nullable=False),
    Column("message_id", BigInteger),
    Column("detail", Text),
    Column("claimed_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    # The process holding a claim, and until when: a live process renews its leases, so no
    # other process settles a claim that is still being sent.
    Column("claimed_by", String(64)),
    Column("lease_until", DateTime(timezone=True)),
    UniqueConstraint("kind", "target", "period", name="uq_deliveries_kind_target_period"),
    Index("ix_deliveries_status", "status"),
)

subscriptions = Table(
    "subscriptions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("guild_id", BigInteger, nullable=False),
    Column("user_id", BigInteger, nullable=False),
    # NULL: every account of the guild
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE")),
    UniqueConstraint("guild_id", "user_id", "account_id", name="uq_subscriptions_scope"),
    # NULLs never collide in a unique constraint: one "all accounts" row per user and guild.
    Index(
        "uq_subscriptions_all_accounts",
        "guild_id",
        "user_id",
        unique=True,
        sqlite_where=text("account_id IS NULL"),
        postgresql_where=text("account_id IS NULL"),
    ),
)

bot_state = Table(
    "bot_state",
    metadata,
    Column("key", String(128), primary_key=True),
    Column("value", Text, nullable=False),
)

# An account's link to TikTok; tokens are Fernet-encrypted, never stored in clear.
tiktok_connections = Table(
    "tiktok_connections",
    metadata,
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True),
    # One TikTok user may be connected in several servers: revoking is decided by open id.
    Column("open_id", String(128), nullable=False, index=True),
    Column("scopes", Text, nullable=False),
    Column("access_token", Text, nullable=False),
    Column("access_expires_at", DateTime(timezone=True), nullable=False),
    Column("refresh_token", Text, nullable=False),
    Column("refresh_expires_at", DateTime(timezone=True), nullable=False),
    # connected | disconnected; ``reason`` says why a connection stopped.
    Column("status", String(16), nullable=False),
    Column("reason", Text),
    Column("connected_by", BigInteger, nullable=False),
    Column("connected_at", DateTime(timezone=True), nullable=False),
    Column("last_pull_at", DateTime(timezone=True)),
    # The refresh expiry a week-ahead notice was given for, so it is given once.
    Column("expiry_noticed_for", DateTime(timezone=True)),
    # Who is refreshing the tokens, until when: one refresh at a time across processes.
    Column("refresh_claim", String(32)),
    Column("refresh_claimed_until", DateTime(timezone=True)),
    # When a refresh was sent and its answer lost (TikTok may have spent the refresh token).
    Column("refresh_unanswered_at", DateTime(timezone=True)),
    # Which TikTok API the tokens are for (a SourceKind value): each is pulled by its source.
    Column("api", String(32), nullable=False, server_default=SourceKind.TIKTOK_DISPLAY.value),
)

# What each pull saw, the day's last observation kept: totals the snapshot has no column for.
tiktok_observations = Table(
    "tiktok_observations",
    metadata,
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("observed_at", DateTime(timezone=True), nullable=False),
    Column("followers", BigInteger, nullable=False),
    Column("following", BigInteger, nullable=False),
    Column("likes_total", BigInteger, nullable=False),
    Column("videos", BigInteger, nullable=False),
    # Sum of the listed videos' views; its change from the day before estimates daily views.
    Column("video_views_total", BigInteger),
    Column("views_estimated", BigInteger),
    sqlite_with_rowid=False,
)

# A consent in progress: the state is stored as its SHA-256, single-use, expiring.
oauth_states = Table(
    "oauth_states",
    metadata,
    Column("state_hash", String(64), primary_key=True),
    Column("guild_id", BigInteger, nullable=False),
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("user_id", BigInteger, nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

goals = Table(
    "goals",
    metadata,
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True),
    Column("followers", BigInteger, nullable=False),
    Column("by_day", Date),
    Column("set_by", BigInteger),
    Column("set_at", DateTime(timezone=True), nullable=False),
)

# The first day each round number was reached; a row is never replaced, so a dip and a
# recovery, a re-upload or a re-pull cannot reach it a second time.
milestones = Table(
    "milestones",
    metadata,
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True),
    Column("level", BigInteger, primary_key=True),
    Column("day", Date, nullable=False),
    sqlite_with_rowid=False,
)

# What a Followers export said about the audience, by the day it was uploaded (UTC), or what
# TikTok's API for Business said, by the day it describes.
audience_hours = Table(
    "audience_hours",
    metadata,
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True),
    Column("as_of", Date, primary_key=True),
    Column("hour", Integer, primary_key=True),  # 0-23, UTC
    Column("active", Float, nullable=False),  # mean active followers in that hour
    # A SnapshotSource: what ``as_of`` is (an export's upload day, or the day TikTok's API for
    # Business figures describe).
    Column("source", String(32), nullable=False, server_default="upload"),
    sqlite_with_rowid=False,
)

audience_shares = Table(
    "audience_shares",
    metadata,
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True),
    Column("as_of", Date, primary_key=True),
    Column("kind", String(16), primary_key=True),  # a ShareKind
    Column("label", String(64), primary_key=True),
    Column("share", Float, nullable=False),
    Column("source", String(32), nullable=False, server_default="upload"),  # as audience_hours
    sqlite_with_rowid=False,
)

# A member who pressed "Snooze" on an alert: no alert DMs about that account until ``until``.
alert_snoozes = Table(
    "alert_snoozes",
    metadata,
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", BigInteger, primary_key=True, autoincrement=False),
    Column("until", DateTime(timezone=True), nullable=False),
    sqlite_with_rowid=False,
)

# An account a manager muted: no alerts about it for anyone until it is unmuted.
alert_mutes = Table(
    "alert_mutes",
    metadata,
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True),
    Column("muted_by", BigInteger, nullable=False),
    Column("muted_at", DateTime(timezone=True), nullable=False),
)
