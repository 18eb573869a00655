"""API for Business settings: either API, both or neither; each all or nothing, in one line."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from pydantic import ValidationError

from bot.config import Settings

KEY = Fernet.generate_key().decode()
SHARED = {"public_url": "https://bot.example.com/", "token_encryption_key": KEY}
DISPLAY = {"tiktok_client_key": "key", "tiktok_client_secret": "secret"}
BUSINESS = {"tiktok_business_client_id": "app", "tiktok_business_client_secret": "biz-secret"}


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg, arg-type]


def test_business_alone_is_configured_with_its_own_redirect_and_tiktoks_addresses() -> None:
    configured = settings(**SHARED, **BUSINESS)
    assert configured.tiktok_business_enabled and not configured.tiktok_enabled
    assert configured.business_redirect_uri == "https://bot.example.com/tiktok/business/callback"
    assert configured.tiktok_business_auth_url == "https://www.tiktok.com/v2/auth/authorize/"
    assert configured.tiktok_business_api_base_url == (
        "https://business-api.tiktok.com/open_api/v1.3/"
    )
    assert configured.tiktok_business_client_secret is not None
    assert "biz-secret" not in repr(configured)


def test_both_apis_at_once() -> None:
    configured = settings(**SHARED, **DISPLAY, **BUSINESS)
    assert configured.tiktok_enabled and configured.tiktok_business_enabled


def test_neither_api() -> None:
    configured = settings()
    assert not configured.tiktok_enabled and not configured.tiktok_business_enabled


@pytest.mark.parametrize(
    ("values", "missing"),
    [
        ({"tiktok_business_client_id": "app", **SHARED}, "TIKTOK_BUSINESS_CLIENT_SECRET"),
        (BUSINESS, "PUBLIC_URL, TOKEN_ENCRYPTION_KEYS"),
        ({**BUSINESS, **SHARED, "tiktok_client_key": "key"}, "TIKTOK_CLIENT_SECRET"),
    ],
)
def test_some_but_not_all_fail_in_one_line(values: dict[str, object], missing: str) -> None:
    with pytest.raises(ValidationError) as caught:
        settings(**values)
    (problem,) = caught.value.errors()
    assert problem["msg"].endswith(f"missing: {missing}")
    assert "\n" not in problem["msg"]


def test_the_business_limit_is_bounded() -> None:
    assert settings().tiktok_business_requests_per_minute == 300
    with pytest.raises(ValidationError, match="greater than or equal to 1"):
        settings(tiktok_business_requests_per_minute=0)
