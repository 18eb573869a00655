"""Settings from the environment and ``.env``; the one place configuration is read."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.clock import time_of_day

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///data/bot.db"


class Settings(BaseSettings):
    """Everything the bot can be told; see ``.env.example`` for each setting's meaning."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    discord_token: SecretStr | None = None
    database_url: str = DEFAULT_DATABASE_URL
    discord_dev_guild_id: int | None = None
    discord_api_base_url: str | None = None
    discord_gateway_url: str | None = None
    log_level: str = "INFO"
    digest_grace_hours: float = Field(default=12.0, ge=0)
    alert_sweep_time: str = "08:00"

    @field_validator("discord_token", mode="before")
    @classmethod
    def _blank_token_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator(
        "discord_dev_guild_id", "discord_api_base_url", "discord_gateway_url", mode="before"
    )
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

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


def ensure_sqlite_folder(database_url: str) -> None:
    """Create the folder of a file-based SQLite database, so the default works on a fresh clone."""
    prefix = "sqlite+aiosqlite:///"
    if not database_url.startswith(prefix):
        return
    path = database_url[len(prefix) :].split("?", 1)[0]
    if path and path != ":memory:":
        Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
