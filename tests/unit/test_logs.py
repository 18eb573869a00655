"""The token never reaches a log line, whoever logs it."""

from __future__ import annotations

import logging

import pytest

from bot.logs import setup_logging


def test_secret_is_redacted(capsys: pytest.CaptureFixture[str]) -> None:
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    try:
        setup_logging("INFO", secret="s3cr3t-token")
        logging.getLogger("discord.http").warning("sending header Bot %s", "s3cr3t-token")
        logging.getLogger("bot.app").info("token=s3cr3t-token")
    finally:
        root.handlers[:], _ = saved
        root.setLevel(saved[1])
    err = capsys.readouterr().err
    assert "s3cr3t-token" not in err
    assert err.count("[redacted]") == 2
