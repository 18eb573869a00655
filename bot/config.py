"""Settings from the environment and ``.env``; the one place configuration is read."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.clock import time_of_day
from bot.shards import OwnedGuilds
from bot.tiktok.business import BUSINESS_LIMIT
from bot.tiktok.vault import check_keys
from storage import PoolSize

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///data/bot.db"
TIKTOK_AUTH_URL = "https://www.tiktok.com/v2/auth/authorize/"
TIKTOK_API_BASE_URL = "https://open.tiktokapis.com"
CALLBACK_PATH = "/tiktok/callback"
# TikTok's API for Business: consent on TikTok's own authorization page (the Business app's id
# as ``client_key``), every call under this base.
TIKTOK_BUSINESS_AUTH_URL = "https://www.tiktok.com/v2/auth/authorize/"
TIKTOK_BUSINESS_API_BASE_URL = "https://business-api.tiktok.com/open_api/v1.3/"
BUSINESS_CALLBACK_PATH = "/tiktok/business/callback"
# Settings both TikTok APIs need: where browsers come back to, and how tokens are sealed.
SHARED_REQUIRED = ("public_url", "token_encryption_keys")
# The settings a TikTok connection needs together; any of them alone is a mistake.
TIKTOK_REQUIRED = ("tiktok_client_key", "tiktok_client_secret", *SHARED_REQUIRED)
BUSINESS_REQUIRED = (
    "tiktok_business_client_id",
    "tiktok_business_client_secret",
    *SHARED_REQUIRED,
)


class Settings(BaseSettings):
    """Everything the bot can be told; see ``.env.example`` for each setting's meaning."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    discord_token: SecretStr | None = None
    database_url: str = DEFAULT_DATABASE_URL
    # Connections kept open per process, and how many more it may open under load.
    database_pool_size: int = Field(default=5, ge=1, le=100)
    database_max_overflow: int = Field(default=10, ge=0, le=100)
    discord_dev_guild_id: int | None = None
    discord_api_base_url: str | None = None
    discord_gateway_url: str | None = None
    log_level: str = "INFO"
    digest_grace_hours: float = Field(default=12.0, ge=0)
    # How long in-flight commands may take to finish when the bot shuts down.
    shutdown_grace_seconds: float = Field(default=10.0, ge=0)
    # Files one member may upload in any minute (across servers).
    uploads_per_minute: int = Field(default=3, ge=1, le=1_000)
    # How long a message claimed for sending stays this process's without a renewal (renewed
    # every third of it), and the wait before a send a network error cut short is retried.
    claim_lease_seconds: float = Field(default=60.0, gt=0)
    send_retry_seconds: float = Field(default=30.0, gt=0)
    alert_sweep_time: str = "08:00"
    tiktok_client_key: str | None = None
    tiktok_client_secret: SecretStr | None = None
    public_url: str | None = None
    web_host: str = "127.0.0.1"
    web_port: int = Field(default=8080, ge=0, le=65535)
    tiktok_auth_url: str = TIKTOK_AUTH_URL
    tiktok_api_base_url: str = TIKTOK_API_BASE_URL
    # Comma list: the first key encrypts, all decrypt. TOKEN_ENCRYPTION_KEY, one key, is still
    # read when TOKEN_ENCRYPTION_KEYS is not set.
    token_encryption_keys: SecretStr | None = None
    token_encryption_key: SecretStr | None = None
    tiktok_pull_every_hours: float = Field(default=6.0, gt=0, le=24 * 7)
    tiktok_business_client_id: str | None = None
    tiktok_business_client_secret: SecretStr | None = None
    tiktok_business_auth_url: str = TIKTOK_BUSINESS_AUTH_URL
    tiktok_business_api_base_url: str = TIKTOK_BUSINESS_API_BASE_URL
    # Requests per minute the bot allows itself on each API for Business endpoint (before the
    # 90% headroom and the process's share of the shards). TikTok publishes no figure per
    # endpoint for these reads and answers 40100 past its limit: start low, raise with care.
    tiktok_business_requests_per_minute: int = Field(default=BUSINESS_LIMIT, ge=1, le=10_000)
    # Discord shards across all processes, and the ones this process runs (comma list; empty
    # means all of them).
    shard_count: int = Field(default=1, ge=1, le=16_384)
    shard_ids: str = ""

    @field_validator(
        "discord_token",
        "discord_dev_guild_id",
        "discord_api_base_url",
        "discord_gateway_url",
        "token_encryption_key",
        *TIKTOK_REQUIRED,
        "tiktok_business_client_id",
        "tiktok_business_client_secret",
        mode="before",
    )
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("public_url")
    @classmethod
    def _absolute_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        url = urlsplit(value)
        loopback = url.hostname in {"localhost", "127.0.0.1", "::1"}
        if url.scheme != "https" and not (url.scheme == "http" and loopback):
            raise ValueError(
                "PUBLIC_URL must be an https:// address (plain http only on loopback, for tests)"
            )
        return value.rstrip("/")

    @field_validator("token_encryption_keys", "token_encryption_key")
    @classmethod
    def _fernet_keys(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            check_keys(value)
        return value

    @model_validator(mode="after")
    def _one_key_setting(self) -> Settings:
        """TOKEN_ENCRYPTION_KEY alone stands for a list of one key."""
        if self.token_encryption_keys is None:
            self.token_encryption_keys = self.token_encryption_key
        elif self.token_encryption_key is not None:
            raise ValueError(
                "set TOKEN_ENCRYPTION_KEYS or the older TOKEN_ENCRYPTION_KEY, not both"
            )
        return self

    @model_validator(mode="after")
    def _tiktok_all_or_nothing(self) -> Settings:
        """Each API is configured whole or not at all; either, both or neither may be. The
        settings both share decide nothing alone: they count for Display unless Business's own
        ones are set."""
        business = _missing(self, BUSINESS_REQUIRED)
        business_begun = _any_set(self, BUSINESS_REQUIRED[:2])
        if business_begun and business:
            raise ValueError(
                "connecting TikTok accounts through the API for Business needs all of "
                "TIKTOK_BUSINESS_CLIENT_ID, TIKTOK_BUSINESS_CLIENT_SECRET, PUBLIC_URL and "
                f"TOKEN_ENCRYPTION_KEYS; missing: {', '.join(business)}"
            )
        if business_begun and not _any_set(self, TIKTOK_REQUIRED[:2]):
            return self
        missing = _missing(self, TIKTOK_REQUIRED)
        if missing and len(missing) < len(TIKTOK_REQUIRED):
            raise ValueError(
                "connecting TikTok accounts needs all of TIKTOK_CLIENT_KEY, TIKTOK_CLIENT_SECRET, "
                f"PUBLIC_URL and TOKEN_ENCRYPTION_KEYS; missing: {', '.join(missing)}"
            )
        return self

    @model_validator(mode="after")
    def _shards_in_range(self) -> Settings:
        try:
            _ = self.owned_guilds
        except ValueError as error:
            raise ValueError(f"SHARD_IDS: {error}") from None
        return self

    @property
    def owned_guilds(self) -> OwnedGuilds:
        """The shards this process runs, and so the guilds it schedules work for."""
        listed = [part.strip() for part in self.shard_ids.split(",") if part.strip()]
        try:
            ids = frozenset(int(part) for part in listed)
        except ValueError:
            raise ValueError(f"a comma list of shard numbers, not {self.shard_ids!r}") from None
        return OwnedGuilds(self.shard_count, ids or frozenset(range(self.shard_count)))

    @property
    def pool(self) -> PoolSize:
        return PoolSize(self.database_pool_size, self.database_max_overflow)

    @property
    def tiktok_enabled(self) -> bool:
        """Whether TikTok connections are configured (all of ``TIKTOK_REQUIRED`` are set)."""
        return self.tiktok_client_key is not None

    @property
    def redirect_uri(self) -> str:
        """Where TikTok sends the browser after consent; registered with the TikTok app."""
        return f"{self.public_url}{CALLBACK_PATH}"

    @property
    def tiktok_business_enabled(self) -> bool:
        """Whether the API for Business is configured (all of ``BUSINESS_REQUIRED`` are set)."""
        return self.tiktok_business_client_id is not None

    @property
    def business_redirect_uri(self) -> str:
        """Where TikTok sends the browser after a Business consent; registered with that app."""
        return f"{self.public_url}{BUSINESS_CALLBACK_PATH}"

    @field_validator("alert_sweep_time")
    @classmethod
    def _time_of_day(cls, value: str) -> str:
        try:
            return time_of_day(value).strftime("%H:%M")
        except ValueError:
            raise ValueError("ALERT_SWEEP_TIME must be HH:MM in 24-hour time, e.g. 08:00") from None

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return level


def _missing(settings: Settings, names: tuple[str, ...]) -> list[str]:
    return [name.upper() for name in names if getattr(settings, name) is None]


def _any_set(settings: Settings, names: tuple[str, ...]) -> bool:
    return any(getattr(settings, name) is not None for name in names)


def ensure_sqlite_folder(database_url: str) -> None:
    """Create the folder of a file-based SQLite database, so the default works on a fresh clone."""
    prefix = "sqlite+aiosqlite:///"
    if not database_url.startswith(prefix):
        return
    path = database_url[len(prefix) :].split("?", 1)[0]
    if path and path != ":memory:":
        Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
