"""The bot: one ``commands.AutoShardedBot`` subclass, running the shards the settings give it,
and the command tree that owns error handling."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import math
from datetime import timedelta

import discord
import yarl
from discord import app_commands
from discord.ext import commands

from bot.clock import Clock, utc_now
from bot.config import Settings
from bot.delivery import Deliveries
from bot.errors import UserFacingError
from bot.extensions import EXTENSIONS
from bot.i18n import N_, PACKAGED, Catalogs, _, ngettext, speak
from bot.i18n.servers import ServerLanguages
from bot.i18n.translator import CatalogTranslator
from bot.pacing import MemberCooldown, RequestPace, outbox_rate
from bot.scheduler import Scheduler
from bot.sources import Sources, configured
from bot.tiktok.notices import DiscordNotices
from bot.web import WebServer
from bot.workers import Workers, work_for
from storage import Store, unwritable

log = logging.getLogger(__name__)


def point_discord_at(settings: Settings) -> None:
    """Send REST and gateway traffic to another base (a REST proxy, or a local test server).

    discord.py reads these two class attributes for every route and every gateway connection.
    """
    if settings.discord_api_base_url:
        discord.http.Route.BASE = settings.discord_api_base_url.rstrip("/")
    if settings.discord_gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)


#: A command's ``extras`` key: its answers are for the caller only (ephemeral).
PRIVATE = "private"
UNWRITABLE = N_(
    "The bot cannot save anything right now: its database is full or read-only. Nothing was "
    "changed. Please tell whoever runs the bot."
)
#: An interaction's ``extras`` key: it was acknowledged with a public "thinking" message.
PUBLIC_DEFERRAL = "public_deferral"


def speak_to(interaction: discord.Interaction[NetBot]) -> None:
    """Answer the rest of this interaction in the member's Discord language.

    Commands and component presses each run in a task of their own, so each sets it where it
    starts."""
    speak(interaction.locale.value, interaction.client.catalogs)


class NetTree(app_commands.CommandTree["NetBot"]):
    """Acknowledges every slash command first; turns every failure into an ephemeral answer,
    and logs only the unexpected; knows which interactions are still being handled."""

    def __init__(self, client: NetBot) -> None:
        super().__init__(client)
        self._handling: set[asyncio.Task[object]] = set()

    async def interaction_check(self, interaction: discord.Interaction[NetBot], /) -> bool:
        """Defer before any check, option or body reads storage or waits for a worker.

        Discord drops an interaction whose first response comes after 3 s, and under load even
        one query can take longer; commands then answer with follow-ups. The deferral's
        visibility is the command's (``extras[PRIVATE]``): it cannot be changed afterwards.
        """
        self._track(asyncio.current_task())
        speak_to(interaction)  # its answers and error messages too
        work_for(interaction.guild_id)  # this interaction's task: its heavy work is its guild's
        if interaction.type is not discord.InteractionType.application_command:
            return True
        command = interaction.command
        private = bool(command is not None and command.extras.get(PRIVATE))
        try:
            await interaction.response.defer(ephemeral=private, thinking=True)
        except discord.HTTPException:
            log.warning("Interaction %s expired before it was acknowledged", interaction.id)
            return False
        interaction.extras[PUBLIC_DEFERRAL] = not private
        return True

    def _track(self, task: asyncio.Task[object] | None) -> None:
        if task is not None:
            self._handling.add(task)
            task.add_done_callback(self._handling.discard)

    async def finish_handling(self, grace: float) -> None:
        """Let the interactions being handled finish (within ``grace`` seconds, then cancel
        them), so that none is cut off mid-write when the bot closes its store."""
        if not self._handling:
            return
        _, late = await asyncio.wait(set(self._handling), timeout=grace)
        for task in late:
            task.cancel()
        if late:
            log.warning("Cancelled %d interactions still running at shutdown", len(late))
            await asyncio.wait(late)

    async def on_error(
        self, interaction: discord.Interaction[NetBot], error: app_commands.AppCommandError, /
    ) -> None:
        original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
        if isinstance(original, UserFacingError):
            message = str(original)
        elif isinstance(error, app_commands.CommandOnCooldown):
            name = interaction.command.qualified_name if interaction.command else _("this command")
            wait = math.ceil(error.retry_after)
            per = error.cooldown.per
            rate = error.cooldown.rate
            limit = (
                _("Slow down: you can use /{command} {rate} times a minute.")
                if per == 60
                else _("Slow down: you can use /{command} {rate} times per {seconds} seconds.")
            ).format(command=name, rate=rate, seconds=f"{per:.0f}")
            again = ngettext(
                "Try again in {wait} second.", "Try again in {wait} seconds.", wait
            ).format(wait=wait)
            message = f"{limit} {again}"
        elif isinstance(error, app_commands.MissingPermissions):
            message = _("You need the Manage Server permission to do that.")
        elif isinstance(error, app_commands.NoPrivateMessage):
            message = _("This command cannot be used in direct messages.")
        elif isinstance(error, app_commands.CheckFailure):
            message = str(error) or _("You are not allowed to use this command here.")
        elif (refusal := unwritable(original)) is not None:
            # Every command that writes fails the same way until the operator acts: one line
            # each, no traceback. The transaction was rolled back.
            log.error("The database cannot store anything (disk full or read-only): %s", refusal)
            message = _(UNWRITABLE)
        elif isinstance(error, app_commands.TransformerError):
            # An unresolved user, channel or role arrives as a bare id: show the id, not its repr.
            value = getattr(error.value, "id", error.value)
            message = _("`{value}` is not a valid value for that option.").format(
                value=str(value)[:40]
            )
        else:
            command = interaction.command.qualified_name if interaction.command else "?"
            log.exception("Command /%s failed", command, exc_info=original)
            message = _("Something went wrong on our side; it has been logged. Please try again.")
        await self.reply_privately(interaction, message)

    @staticmethod
    async def reply_privately(interaction: discord.Interaction, message: str) -> None:
        """Answer only the caller, whether or not the interaction was already answered."""
        try:
            if not interaction.response.is_done():
                await interaction.response.send_message(message, ephemeral=True)
                return
            if interaction.extras.get(PUBLIC_DEFERRAL):
                original = await interaction.original_response()
                if original.flags.loading:
                    # A first follow-up would complete the public "thinking" message; the error
                    # goes to the caller alone in a message of its own.
                    await original.delete()
            await interaction.followup.send(message, ephemeral=True)
        except discord.HTTPException:
            log.warning("Could not deliver an error message for interaction %s", interaction.id)


class NetBot(commands.AutoShardedBot):
    """Wires the settings, store, worker pool and clock handed in by the CLI into the services
    that use them (the outbox, the scheduler); cogs reach those services through the bot. It
    runs the shards ``SHARD_IDS`` of ``SHARD_COUNT``, and schedules work only for their
    guilds."""

    def __init__(
        self,
        *,
        settings: Settings,
        store: Store,
        workers: Workers,
        clock: Clock = utc_now,
        guild_ready_timeout: float = 2.0,
        button_timeout: float = 180.0,
        catalogs: Catalogs = PACKAGED,
    ) -> None:
        intents = discord.Intents.none()
        intents.guilds = True
        guilds = settings.owned_guilds
        super().__init__(
            shard_count=guilds.shard_count,
            shard_ids=sorted(guilds.shard_ids),
            command_prefix=commands.when_mentioned,
            intents=intents,
            tree_cls=NetTree,
            help_command=None,
            allowed_mentions=discord.AllowedMentions.none(),
            guild_ready_timeout=guild_ready_timeout,
        )
        self.settings = settings
        self.store = store
        self.workers = workers  # the store's too: built together by the CLI, closed here
        self.clock = clock
        self.catalogs = catalogs  # the languages replies and slash commands are written in
        self.languages = ServerLanguages(store.settings, self, catalogs)
        # How long buttons (confirmations, pages) wait for a press before they disable themselves;
        # well under the 15 minutes an interaction token lets the bot edit its answer.
        self.button_timeout = button_timeout
        self.upload_cooldown = MemberCooldown(settings.uploads_per_minute, 60.0)
        pace = RequestPace(outbox_rate(len(guilds.shard_ids), guilds.shard_count))
        self.deliveries = Deliveries(
            store,
            self,
            clock=clock,
            guilds=guilds,
            pace=pace,
            lease=timedelta(seconds=settings.claim_lease_seconds),
            retry_after=timedelta(seconds=settings.send_retry_seconds),
            languages=self.languages,
        )
        # The connected sources whose settings are set, by kind; cogs ask it for theirs.
        self.sources: Sources = configured(
            settings,
            store=store,
            notices=DiscordNotices(self, store, self.languages),
            clock=clock,
            after_pull=self.deliveries.alerts.after_new_data,
            guilds=guilds,
        )
        self.scheduler = Scheduler(
            settings,
            store=store,
            deliveries=self.deliveries,
            clock=clock,
            guilds=guilds,
            jobs=self.sources.jobs(),
        )
        self.web: WebServer | None = None

    async def setup_hook(self) -> None:
        await self.store.open()
        for extension in EXTENSIONS:
            try:
                await self.load_extension(extension)
            except commands.ExtensionError:
                log.exception("Could not load %s; its commands are unavailable", extension)
        await self.tree.set_translator(CatalogTranslator(self.catalogs))
        await self.sync_commands_if_changed()
        await self._start_web()
        await self.scheduler.start()

    async def _start_web(self) -> None:
        """Open the sources' sessions, then the web server: ``/healthz`` always, and the page
        each configured source redirects browsers to after consent."""
        await self.sources.start()
        self.web = WebServer(
            self.settings.web_host,
            self.settings.web_port,
            health=self.health,
            callbacks={source.callback_path: source.complete_consent for source in self.sources},
        )
        await self.web.start()

    async def health(self) -> dict[str, str]:
        """The gateway's and the database's state, for a process supervisor."""
        if self.is_closed() or not self.shards or any(s.is_closed() for s in self.shards.values()):
            gateway = "disconnected"
        else:
            gateway = "ok" if self.is_ready() else "starting"
        try:
            await self.store.state.get("health")
            database = "ok"
        except Exception as error:
            database = f"error: {type(error).__name__}"
        return {"gateway": gateway, "database": database}

    async def sync_commands_if_changed(self) -> None:
        """Sync slash commands only when their definition (translations included) changed since
        the last sync."""
        guild_id = self.settings.discord_dev_guild_id
        guild = discord.Object(id=guild_id) if guild_id else None
        if guild is not None:
            self.tree.copy_global_to(guild=guild)
        translator = self.tree.translator
        payload = [
            await command.get_translated_payload(self.tree, translator)
            if translator
            else command.to_dict(self.tree)
            for command in self.tree.get_commands(guild=guild)
        ]
        digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
        key = f"commands:{guild_id or 'global'}"
        if await self.store.state.get(key) == digest:
            log.info("Slash commands unchanged; not syncing")
            return
        synced = await self.tree.sync(guild=guild)
        await self.store.state.set(key, digest)
        log.info(
            "Synced %d slash commands %s",
            len(synced),
            f"to guild {guild_id}" if guild_id else "globally",
        )

    async def close(self) -> None:
        """Stop taking work, let what is running finish, then disconnect and close the store."""
        await self.scheduler.shutdown()
        if self.web is not None:
            await self.web.stop()
        tree = self.tree
        assert isinstance(tree, NetTree)
        await tree.finish_handling(self.settings.shutdown_grace_seconds)
        await self.deliveries.close()
        await self.sources.close()
        await super().close()  # unloads the extensions first
        await self.store.close()
        await self.workers.close()

    async def on_ready(self) -> None:
        log.info(
            "Connected as %s (%s) to %d guilds",
            self.user,
            self.user.id if self.user else "?",
            len(self.guilds),
        )
