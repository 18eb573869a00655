"""Tokens at rest: encrypted with Fernet, never stored in clear.

TOKEN_ENCRYPTION_KEYS is a comma list: the first key encrypts, every key decrypts, so a new
key goes first, ``python -m bot rotate-key`` re-encrypts the stored tokens with it, and the old
one can then be dropped.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from pydantic import SecretStr

MAKE_KEY = (
    'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
)


def _fernets(keys: SecretStr) -> list[Fernet]:
    """One Fernet per key of the comma list; a bad one is named by its place, never shown."""
    parts = [part.strip() for part in keys.get_secret_value().split(",")]
    if not any(parts):
        raise ValueError(f"no key given; make one with: {MAKE_KEY}")
    fernets = []
    for place, part in enumerate(parts, start=1):
        try:
            fernets.append(Fernet(part.encode()))
        except (ValueError, TypeError):
            raise ValueError(
                f"key {place} of {len(parts)} is not a Fernet key; make one with: {MAKE_KEY}"
            ) from None
    return fernets


def check_keys(keys: SecretStr) -> None:
    """Refuse a key list Fernet cannot use, saying how to make a key."""
    _fernets(keys)


class TokenVault:
    """Encrypts tokens before they reach the database and decrypts them when they are used."""

    def __init__(self, keys: SecretStr) -> None:
        self._fernet = MultiFernet(_fernets(keys))

    def seal(self, token: str) -> str:
        return self._fernet.encrypt(token.encode()).decode("ascii")

    def open(self, sealed: str) -> str:
        """The token in clear; one sealed under none of the keys raises ``UnreadableToken``."""
        try:
            return self._fernet.decrypt(sealed.encode("ascii")).decode()
        except InvalidToken:
            raise UnreadableToken from None

    def reseal(self, sealed: str) -> str:
        """The same token sealed under the first key."""
        try:
            return self._fernet.rotate(sealed.encode("ascii")).decode("ascii")
        except InvalidToken:
            raise UnreadableToken from None


class UnreadableToken(Exception):
    """A stored token was sealed under none of the TOKEN_ENCRYPTION_KEYS."""


class KeysDontFit(Exception):
    """The configured keys cannot decrypt stored tokens: the bot must not start with them."""

    def __init__(self, unreadable: int, stored: int) -> None:
        super().__init__(
            f"TOKEN_ENCRYPTION_KEYS cannot decrypt the tokens of {unreadable:,} of the "
            f"{stored:,} stored TikTok connections: add the key they were encrypted with to "
            "TOKEN_ENCRYPTION_KEYS (after the new key, to rotate) and start again."
        )
