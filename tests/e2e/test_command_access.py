"""Where Discord offers the bot's commands: every one of them works only in a server, so none
is listed in DMs (where it could only answer "use this in a server")."""

from __future__ import annotations

import pytest

from tests.conftest import World
from tests.discord_server.commands import validate_commands
from tests.discord_server.errors import DiscordAPIError


async def test_no_command_is_offered_in_dms(world: World) -> None:
    synced = world.server.commands
    names = sorted(synced.names())
    assert len(names) >= 13
    assert [name for name in names if synced.offered_in_dms(name)] == []
    for name in names:
        assert synced.get(name)["contexts"] == [0], name  # type: ignore[index]


def test_the_local_server_refuses_unknown_contexts_and_permissions() -> None:
    base = {"name": "x", "description": "y", "type": 1}
    wrongs = ({"contexts": [7]}, {"default_member_permissions": "all"}, {"dm_permission": "no"})
    for wrong in wrongs:
        with pytest.raises(DiscordAPIError):
            validate_commands([base | wrong])
    validate_commands([base | {"contexts": [0], "default_member_permissions": "32"}])
