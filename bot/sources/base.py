"""What every connected data source offers the bot: a consent link, the redirect back, a pull,
a disconnect, and the recurring jobs it needs. Cogs, the scheduler and the web server speak to
this protocol, never to one platform's client."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from bot.analytics.vocabulary import SourceKind
from bot.tiktok.business_pull import BusinessReport
from bot.tiktok.oauth import Page
from bot.tiktok.outcomes import Revocation
from bot.tiktok.pull import PullReport
from storage import Account

__all__ = ["DataSource", "SourceJob", "SourceKind"]


@dataclass(frozen=True)
class SourceJob:
    """A job a source needs run every ``every``, and once after start-up."""

    id: str
    every: timedelta
    run: Callable[[], Awaitable[object]]


class DataSource(Protocol):
    """A connected source; built only when its settings are all set."""

    @property
    def kind(self) -> SourceKind: ...

    @property
    def callback_path(self) -> str:
        """The web server's path the platform redirects browsers to after consent."""
        ...

    async def start(self) -> None:
        """Open sessions on the running loop; refuse to start when stored data is unreadable."""

    async def close(self) -> None: ...

    async def consent_link(self, account: Account, user_id: int) -> str:
        """A one-time address where ``user_id`` grants access to ``account``."""
        ...

    async def complete_consent(self, query: Mapping[str, str]) -> Page:
        """The OAuth redirect: store the grant, and say in the browser how it went."""
        ...

    async def pull(self, account: Account) -> PullReport | BusinessReport:
        """Read and store the account's figures now."""
        ...

    async def disconnect(self, account: Account) -> Revocation | None:
        """Revoke and forget the account's grant; ``None`` when it had none."""
        ...

    def jobs(self) -> list[SourceJob]:
        """The recurring work this source needs (its scheduled pull)."""
        ...
