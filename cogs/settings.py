"""/settings show|timezone|manager-role|data-role|language: this server's configuration at a
glance, its time zone, who manages it, who adds data, and the language it posts in."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import PRIVATE, NetBot
from bot.clock import zone
from bot.errors import UserFacingError
from bot.i18n import _, display_name
from bot.render.settings import (
    language_set,
    not_a_language,
    not_a_timezone,
    settings_lines,
    several_timezones,
    timezone_set,
)
from bot.timezones import find_zones, zone_choices
from cogs.common import Interaction, manager_only


@app_commands.guild_only()
class SettingsCog(
    commands.GroupCog, group_name="settings", group_description="This server's bot settings"
):
    def __init__(self, bot: NetBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(
        name="show", description="Show this server's bot settings", extras={PRIVATE: True}
    )
    async def show(self, interaction: Interaction) -> None:
        assert interaction.guild_id is not None
        settings = await self.bot.store.settings.get(interaction.guild_id)
        upcoming = self.bot.scheduler.next_digest_time(interaction.guild_id)
        muted = await self.bot.store.silences.muted_handles(interaction.guild_id)
        language = await self.bot.languages.of(interaction.guild_id)
        lines = settings_lines(settings, upcoming, muted, display_name(language))
        await interaction.followup.send("\n".join(lines), ephemeral=True)

    @app_commands.command(
        name="timezone",
        description="Set this server's time zone (digest time, dates)",
        extras={PRIVATE: True},
    )
    @app_commands.describe(timezone="A city or an IANA time zone, e.g. Berlin or Europe/Berlin")
    @manager_only
    async def timezone(self, interaction: Interaction, timezone: str) -> None:
        assert interaction.guild_id is not None
        found = find_zones(timezone)
        if not found:
            raise UserFacingError(not_a_timezone(timezone))
        if len(found) > 1:
            raise UserFacingError(several_timezones(timezone, found))
        name = found[0]
        await self.bot.store.settings.update(interaction.guild_id, timezone=name)
        await self.bot.scheduler.reschedule_guild(interaction.guild_id)
        now = self.bot.clock().astimezone(zone(name))
        await interaction.followup.send(timezone_set(name, now), ephemeral=True)

    @timezone.autocomplete("timezone")
    async def _timezone_choices(
        self, _interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=name, value=name) for name in zone_choices(current)]

    @app_commands.command(
        name="manager-role",
        description="Let a role manage accounts and settings (no role: clear)",
        extras={PRIVATE: True},
    )
    @app_commands.describe(role="The role; leave empty to allow Manage Server only")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def manager_role(
        self, interaction: Interaction, role: discord.Role | None = None
    ) -> None:
        assert interaction.guild_id is not None
        if role is not None and not isinstance(role, discord.Role):
            # Discord resolves a real role; a bare id names nothing in this server.
            raise UserFacingError(_("Choose a role of this server from the list; nothing changed."))
        await self.bot.store.settings.update(
            interaction.guild_id, manager_role_id=role.id if role else None
        )
        text = (
            _(
                "Members with {role} can now add and remove accounts and change the "
                "digest and alert settings."
            ).format(role=role.mention)
            if role
            else _("Only members with Manage Server can manage the bot now.")
        )
        await interaction.followup.send(text, ephemeral=True)

    @app_commands.command(
        name="data-role",
        description="Let only a role (and managers) /log and /upload (no role: everyone)",
        extras={PRIVATE: True},
    )
    @app_commands.describe(role="The role; leave empty to let every member add data")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def data_role(self, interaction: Interaction, role: discord.Role | None = None) -> None:
        assert interaction.guild_id is not None
        if role is not None and not isinstance(role, discord.Role):
            raise UserFacingError(_("Choose a role of this server from the list; nothing changed."))
        await self.bot.store.settings.update(
            interaction.guild_id, data_role_id=role.id if role else None
        )
        text = (
            _(
                "Only members with {role}, and those who manage the bot, can /log and /upload now."
            ).format(role=role.mention)
            if role
            else _("Every member can /log and /upload now.")
        )
        await interaction.followup.send(text, ephemeral=True)

    @app_commands.command(
        name="language",
        description="Set the language of this server's digests and alerts",
        extras={PRIVATE: True},
    )
    @app_commands.describe(language="The language digests, alerts and news are written in")
    @manager_only
    async def language(self, interaction: Interaction, language: str) -> None:
        assert interaction.guild_id is not None
        catalogs = self.bot.catalogs
        chosen = catalogs.find(language)
        if chosen is None:
            names = [display_name(locale) for locale in catalogs.available()]
            raise UserFacingError(not_a_language(language, names))
        await self.bot.store.settings.update(interaction.guild_id, language=chosen)
        await interaction.followup.send(language_set(display_name(chosen)), ephemeral=True)

    @language.autocomplete("language")
    async def _language_choices(
        self, _interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        typed = current.strip().casefold()
        return [
            app_commands.Choice(name=display_name(locale), value=locale)
            for locale in self.bot.catalogs.available()
            if typed in display_name(locale).casefold() or typed in locale.casefold()
        ]


async def setup(bot: NetBot) -> None:
    await bot.add_cog(SettingsCog(bot))
