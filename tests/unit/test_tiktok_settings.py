"""TikTok settings: all or nothing, usable encryption keys, an https redirect."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from pydantic import SecretStr, ValidationError

from bot.config import Settings
from bot.tiktok.vault import TokenVault, UnreadableToken

KEY = Fernet.generate_key().decode()
COMPLETE = {
    "tiktok_client_key": "key",
    "tiktok_client_secret": "secret",
    "public_url": "https://bot.example.com/",
    "token_encryption_key": KEY,
}


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg, arg-type]


def test_without_tiktok_settings_connections_are_off() -> None:
    assert not settings().tiktok_enabled


def test_complete_settings_give_the_redirect_uri() -> None:
    configured = settings(**COMPLETE)
    assert configured.tiktok_enabled
    assert configured.redirect_uri == "https://bot.example.com/tiktok/callback"
    assert configured.tiktok_pull_every_hours == 6


def test_some_but_not_all_fail_in_one_line() -> None:
    with pytest.raises(ValidationError) as caught:
        settings(tiktok_client_key="key", public_url="https://bot.example.com")
    (problem,) = caught.value.errors()
    assert problem["msg"].endswith("missing: TIKTOK_CLIENT_SECRET, TOKEN_ENCRYPTION_KEYS")
    assert "\n" not in problem["msg"]


def test_a_bad_key_says_how_to_make_one() -> None:
    with pytest.raises(ValidationError, match=r"Fernet\.generate_key"):
        settings(**{**COMPLETE, "token_encryption_key": "not-a-key"})


@pytest.mark.parametrize(
    ("url", "accepted"),
    [
        ("https://bot.example.com", True),
        ("http://127.0.0.1:8080", True),
        ("http://localhost:8080", True),
        ("http://bot.example.com", False),
        ("bot.example.com", False),
    ],
)
def test_public_url_is_https_except_on_loopback(url: str, accepted: bool) -> None:
    if accepted:
        assert settings(**{**COMPLETE, "public_url": url}).public_url == url
    else:
        with pytest.raises(ValidationError, match="PUBLIC_URL"):
            settings(**{**COMPLETE, "public_url": url})


def test_vault_round_trip_and_foreign_key() -> None:
    vault = TokenVault(SecretStr(KEY))
    sealed = vault.seal("act.secret-token")
    assert "secret-token" not in sealed
    assert vault.open(sealed) == "act.secret-token"
    other = TokenVault(SecretStr(Fernet.generate_key().decode()))
    with pytest.raises(UnreadableToken):
        other.open(sealed)


def test_a_key_list_encrypts_with_the_first_and_decrypts_with_all() -> None:
    old, new = KEY, Fernet.generate_key().decode()
    configured = settings(
        **{**COMPLETE, "token_encryption_key": None}, token_encryption_keys=f"{new}, {old}"
    )
    assert configured.tiktok_enabled and configured.token_encryption_keys is not None
    vault = TokenVault(configured.token_encryption_keys)
    under_old = TokenVault(SecretStr(old)).seal("rft.kept")
    assert vault.open(under_old) == "rft.kept"
    resealed = vault.reseal(under_old)
    assert TokenVault(SecretStr(new)).open(resealed) == "rft.kept"
    with pytest.raises(UnreadableToken):
        TokenVault(SecretStr(old)).open(resealed)
    assert TokenVault(SecretStr(new)).open(vault.seal("act.x")) == "act.x"


def test_the_single_key_setting_is_still_read() -> None:
    configured = settings(**COMPLETE)
    assert configured.token_encryption_keys is not None
    assert configured.token_encryption_keys.get_secret_value() == KEY


def test_both_key_settings_at_once_are_refused() -> None:
    with pytest.raises(ValidationError, match="not both"):
        settings(**COMPLETE, token_encryption_keys=KEY)


def test_a_bad_key_in_the_list_is_named_by_its_place_not_shown() -> None:
    with pytest.raises(ValidationError) as caught:
        settings(
            **{**COMPLETE, "token_encryption_key": None}, token_encryption_keys=f"{KEY},oops-key"
        )
    assert "key 2 of 2 is not a Fernet key" in str(caught.value)
    assert "oops-key" not in str(caught.value).split("input_value")[0]
