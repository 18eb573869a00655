"""A queued message keeps its buttons and menu: a later run sends exactly the same components."""

from __future__ import annotations

import discord

from bot.delivery.outbox import Button, Menu, Outgoing, decode, encode


async def test_buttons_and_menu_survive_the_queue() -> None:
    outgoing = Outgoing(
        [discord.Embed(title="Digest")],
        buttons=(Button("Why?", "acct:why:7:7"), Button("Chart", "acct:chart:7:7")),
        menu=Menu("acct:open", "Open an account", (("@a · 7-day net -3", "7"),)),
    )
    again = decode(encode(outgoing))
    assert again.buttons == outgoing.buttons
    assert again.menu == outgoing.menu
    view = again.view()
    assert view is not None and view.is_finished()  # answered by the persistent handlers
    assert [item.to_component_dict()["custom_id"] for item in view.children] == [
        "acct:why:7:7",
        "acct:chart:7:7",
        "acct:open",
    ]


def test_a_message_without_components_sends_no_view() -> None:
    plain = decode(encode(Outgoing([discord.Embed(title="x")], content="hi")))
    assert plain.view() is None and plain.menu is None and plain.buttons == ()
