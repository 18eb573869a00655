"""/settings: who manages the bot, and the configuration at a glance."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from tests.conftest import CREW, CREW_ROLE, DIGEST_A, GUILD_A, MANAGER, MEMBER, World


async def test_manager_role_grants_management_and_can_be_cleared(world: World) -> None:
    refused = await world.run("account add", {"handle": "crew.pick"}, user=CREW)
    assert refused.ephemeral and "Manage Server" in refused.content

    not_allowed = await world.run("settings manager-role", {"role": CREW_ROLE}, user=CREW)
    assert not_allowed.content == "You need the Manage Server permission to do that."

    granted = await world.run("settings manager-role", {"role": CREW_ROLE}, user=MANAGER)
    assert granted.ephemeral and f"<@&{CREW_ROLE}>" in granted.content
    added = await world.run("account add", {"handle": "crew.pick"}, user=CREW)
    assert added.content.startswith("Now tracking @crew.pick")
    still_refused = await world.run("account add", {"handle": "member.pick"}, user=MEMBER)
    assert still_refused.ephemeral

    await world.run("settings manager-role", user=MANAGER)
    again = await world.run("account add", {"handle": "crew.two"}, user=CREW)
    assert again.ephemeral and "Manage Server" in again.content


async def test_data_role_limits_who_logs_and_uploads(world: World) -> None:
    await world.run("account add", {"handle": "kept.tidy"}, user=MANAGER)
    anyone = await world.run("log", {"account": "kept.tidy", "followers": 700}, user=MEMBER)
    assert anyone.content.startswith("Logged @kept.tidy")  # no role set: every member may

    not_allowed = await world.run("settings data-role", {"role": CREW_ROLE}, user=CREW)
    assert not_allowed.content == "You need the Manage Server permission to do that."
    set_role = await world.run("settings data-role", {"role": CREW_ROLE}, user=MANAGER)
    assert set_role.ephemeral and set_role.content == (
        f"Only members with <@&{CREW_ROLE}>, and those who manage the bot, can /log and "
        "/upload now."
    )
    refused = await world.run("log", {"account": "kept.tidy", "followers": 710}, user=MEMBER)
    assert refused.ephemeral and refused.content == (
        f"Only members with the <@&{CREW_ROLE}> role (or who manage the bot) can add data in "
        "this server."
    )
    csv = b"date,followers\n2026-11-20,690\n"
    upload_refused = await world.run(
        "upload",
        {"file": "a.csv", "account": "kept.tidy"},
        user=MEMBER,
        attachments={"a.csv": csv},
    )
    assert upload_refused.ephemeral and "can add data" in upload_refused.content
    crew = await world.run("log", {"account": "kept.tidy", "followers": 710}, user=CREW)
    assert crew.content.startswith("Updated @kept.tidy")
    manager = await world.run("log", {"account": "kept.tidy", "followers": 712}, user=MANAGER)
    assert manager.content.startswith("Updated @kept.tidy")

    cleared = await world.run("settings data-role", user=MANAGER)
    assert cleared.content == "Every member can /log and /upload now."
    again = await world.run("log", {"account": "kept.tidy", "followers": 715}, user=MEMBER)
    assert again.content.startswith("Updated @kept.tidy")


async def test_settings_show(world: World) -> None:
    await world.run("digest channel", {"channel": DIGEST_A}, user=MANAGER)
    await world.run(
        "digest schedule",
        {"weekday": 2, "time": "18:15", "timezone": "America/New_York"},
        user=MANAGER,
    )
    shown = await world.run("settings show", user=MEMBER)
    lines = shown.content.splitlines()
    assert shown.ephemeral
    assert lines[0] == "Time zone: America/New_York · change with `/settings timezone`"
    assert lines[1] == (
        f"Digest: Wednesdays at 18:15, to <#{DIGEST_A}> · change with `/digest schedule` "
        "and `/digest channel`"
    )
    assert lines[2].startswith("Next digest: Wed ") and lines[2].endswith(
        " 18:15 (America/New_York)"
    )
    assert lines[3:] == [
        "Alert channel: not set · change with `/alerts channel`",
        "Manager role: none (Manage Server only) · change with `/settings manager-role`",
        "Who may /log and /upload: every member · change with `/settings data-role`",
        "Accounts with alerts muted: none · turn back on with `/alerts unmute`",
        "Language of digests and alerts: English, the server's language in Discord · change "
        "with `/settings language`",
    ]


async def test_settings_timezone_takes_a_city_and_reschedules(world: World) -> None:
    await world.run("digest channel", {"channel": DIGEST_A}, user=MANAGER)
    choices = await world.server.autocomplete(GUILD_A, MANAGER, "settings timezone", {}, "timezone")
    assert len(choices) == 25
    berl = await world.server.autocomplete(
        GUILD_A, MANAGER, "settings timezone", {"timezone": "berl"}, "timezone"
    )
    assert [c["value"] for c in berl] == ["Europe/Berlin"]

    refused = await world.run("settings timezone", {"timezone": "berlin"}, user=MEMBER)
    assert refused.ephemeral and "Manage Server" in refused.content
    unknown = await world.run("settings timezone", {"timezone": "Atlantis"}, user=MANAGER)
    assert unknown.content.startswith("`Atlantis` is not a time zone")
    several = await world.run("settings timezone", {"timezone": "louisville"}, user=MANAGER)
    assert "`America/Kentucky/Louisville`, `America/Louisville`" in several.content
    assert (await world.bot.store.settings.get(GUILD_A)).timezone == "UTC"

    done = await world.run("settings timezone", {"timezone": "berlin"}, user=MANAGER)
    # The clock reads 12:00 UTC on Sun 22 Nov 2026: 13:00 in Berlin.
    assert done.ephemeral and done.content.startswith(
        "Time zone set to Europe/Berlin; it is Sun 22 Nov 2026 13:00 (Europe/Berlin) there."
    )
    shown = await world.run("settings show", user=MEMBER)
    assert shown.content.splitlines()[0].startswith("Time zone: Europe/Berlin ·")
    # The default digest, Mondays at 09:00, is rescheduled in Berlin's time.
    upcoming = world.bot.scheduler.next_digest_time(GUILD_A)
    assert upcoming is not None
    berlin = upcoming.astimezone(ZoneInfo("Europe/Berlin"))
    assert (berlin.weekday(), berlin.hour, berlin.minute) == (0, 9, 0)
    assert upcoming.utcoffset() == berlin.utcoffset()
