"""Buttons that answer only the member who asked and disable themselves when they time out, and
the pager every long list uses to stay within Discord's limits."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import discord

from bot.app import NetBot, speak_to
from bot.i18n import _
from bot.render.buttons import NEXT, NOT_YOURS, PREVIOUS, page_position

log = logging.getLogger(__name__)

Interaction = discord.Interaction[NetBot]


class CallerView(discord.ui.View):
    """Buttons for the member who ran the command; when they time out the message is edited to
    show them disabled, so nobody presses a button that no longer answers.

    The labels a subclass declares (marked with ``N_``) and its ``refusal`` are translated when
    shown: a view is built for one reply, in that reply's language."""

    refusal = NOT_YOURS

    def __init__(self, owner_id: int, *, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id
        self.message: discord.InteractionMessage | discord.WebhookMessage | None = None
        for item in self.children:
            if isinstance(item, discord.ui.Button) and item.label:
                item.label = _(item.label)

    async def interaction_check(self, interaction: Interaction, /) -> bool:  # type: ignore[override]
        speak_to(interaction)  # a press runs in a task of its own: answer in the presser's words
        if interaction.user.id != self.owner_id:
            await interaction.response.send_message(_(self.refusal), ephemeral=True)
            return False
        return True

    async def on_timeout(self) -> None:
        for item in self.children:
            if isinstance(item, discord.ui.Button | discord.ui.Select):
                item.disabled = True
        if self.message is None:
            return
        try:
            await self.message.edit(view=self)
        except discord.HTTPException as error:  # deleted meanwhile, or the token expired
            log.info("Could not disable the buttons of message %s: %s", self.message.id, error)

    async def send(
        self,
        interaction: Interaction,
        *,
        content: str | None = None,
        embeds: Sequence[discord.Embed] = (),
        ephemeral: bool = False,
    ) -> None:
        """Answer (or follow up) with this view, keeping the message to edit on timeout."""
        if interaction.response.is_done():
            self.message = await interaction.followup.send(
                content or "", embeds=list(embeds), view=self, ephemeral=ephemeral, wait=True
            )
            return
        await interaction.response.send_message(
            content, embeds=list(embeds), view=self, ephemeral=ephemeral
        )
        self.message = await interaction.original_response()


class _Turn(discord.ui.Button["Pages"]):
    """Previous or next: moves the pager by ``step`` pages."""

    def __init__(self, label: str, step: int, custom_id: str) -> None:
        super().__init__(label=label, style=discord.ButtonStyle.secondary, custom_id=custom_id)
        self.step = step

    async def callback(self, interaction: Interaction) -> None:  # type: ignore[override]
        assert self.view is not None
        await self.view.turn(interaction, self.step)


class Pages(CallerView):
    """One message that shows one page of embeds at a time, with previous and next buttons."""

    def __init__(
        self, owner_id: int, pages: Sequence[list[discord.Embed]], *, timeout: float
    ) -> None:
        super().__init__(owner_id, timeout=timeout)
        self.pages = pages
        self.index = 0
        self.previous = _Turn(_(PREVIOUS), -1, "pages:previous")
        # Never pressed: a disabled button is where Discord shows the reader's place.
        self.position = discord.ui.Button["Pages"](
            style=discord.ButtonStyle.secondary, custom_id="pages:position", disabled=True
        )
        self.next = _Turn(_(NEXT), 1, "pages:next")
        for item in (self.previous, self.position, self.next):
            self.add_item(item)
        self._update()

    def _update(self) -> None:
        self.previous.disabled = self.index == 0
        self.next.disabled = self.index == len(self.pages) - 1
        self.position.label = page_position(self.index + 1, len(self.pages))

    async def turn(self, interaction: Interaction, step: int) -> None:
        self.index = min(max(self.index + step, 0), len(self.pages) - 1)
        self._update()
        await interaction.response.edit_message(embeds=self.pages[self.index], view=self)


async def send_pages(
    interaction: Interaction, pages: Sequence[list[discord.Embed]], *, ephemeral: bool = False
) -> None:
    """Answer with the pages: one message, with buttons only when there is more than one page."""
    if len(pages) == 1:
        if interaction.response.is_done():
            await interaction.followup.send(embeds=pages[0], ephemeral=ephemeral)
        else:
            await interaction.response.send_message(embeds=pages[0], ephemeral=ephemeral)
        return
    view = Pages(interaction.user.id, pages, timeout=interaction.client.button_timeout)
    await view.send(interaction, embeds=pages[0], ephemeral=ephemeral)
