"""Tokens at rest: encrypted with Fernet under TOKEN_ENCRYPTION_KEY, never stored in clear."""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken
from pydantic import SecretStr

MAKE_KEY = (
    'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
)


def check_key(key: SecretStr) -> None:
    """Refuse a key Fernet cannot use, saying how to make one."""
    try:
        Fernet(key.get_secret_value().encode())
    except (ValueError, TypeError):
        raise ValueError(
            f"TOKEN_ENCRYPTION_KEY is not a Fernet key; make one with: {MAKE_KEY}"
        ) from None


class TokenVault:
    """Encrypts tokens before they reach the database and decrypts them when they are used."""

    def __init__(self, key: SecretStr) -> None:
        self._fernet = Fernet(key.get_secret_value().encode())

    def seal(self, token: str) -> str:
        return self._fernet.encrypt(token.encode()).decode("ascii")

    def open(self, sealed: str) -> str:
        """The token in clear; a token sealed under another key raises ``UnreadableToken``."""
        try:
            return self._fernet.decrypt(sealed.encode("ascii")).decode()
        except InvalidToken:
            raise UnreadableToken from None


class UnreadableToken(Exception):
    """A stored token was sealed under another TOKEN_ENCRYPTION_KEY."""
