"""Logging for the whole process, set up once; the token never reaches a log line."""

from __future__ import annotations

import logging
from collections.abc import Iterable


class _RedactSecret(logging.Filter):
    """Replaces a secret with ``[redacted]`` in every record, whoever logs it."""

    def __init__(self, secret: str) -> None:
        super().__init__()
        self._secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self._secret in message:
            record.msg = message.replace(self._secret, "[redacted]")
            record.args = None
        return True


def setup_logging(
    level: str = "INFO", *, secret: str | None = None, other_secrets: Iterable[str] = ()
) -> None:
    """Log to stderr with timestamps; quiet the chatty libraries unless debugging.
    ``secret`` (the bot token) and ``other_secrets`` (the TikTok client secret) are redacted."""
    handler = logging.StreamHandler()
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)-8s %(name)s: %(message)s", "%Y-%m-%d %H:%M:%S")
    )
    for hidden in (secret, *other_secrets):
        if hidden:
            handler.addFilter(_RedactSecret(hidden))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    if level != "DEBUG":
        for noisy in ("discord.gateway", "discord.http", "apscheduler", "alembic", "matplotlib"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
