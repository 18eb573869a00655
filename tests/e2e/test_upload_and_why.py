"""/upload and /why end to end: the attachment is served by the local Discord's CDN."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta
from pathlib import Path

from bot.render.diagnosis import EXPORTS
from tests.conftest import GUILD_A, MEMBER, OWNER, World, start_bot, stop_bot
from tests.e2e.test_long_lists import disabled, wait_until_disabled
from tests.unit.formats.helpers import xlsx_bytes, zip_bytes

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def fields(message: object) -> dict[str, str]:
    return {f["name"]: f["value"] for f in message.embed["fields"]}  # type: ignore[attr-defined]


async def upload(
    world: World, name: str, data: bytes, account: str, *, user: int = OWNER
) -> object:
    return await world.run(
        "upload", {"file": name, "account": account}, attachments={name: data}, user=user
    )


async def test_studio_zip_is_imported_with_a_summary(world: World) -> None:
    await world.run("account add", {"handle": "glowlab.studio"})
    data = (EXAMPLES / "glowlab.studio" / "Followers_glowlab.studio.zip").read_bytes()
    reply = await upload(world, "Followers_glowlab.studio.zip", data, "glowlab.studio")
    assert reply.ephemeral
    assert reply.embed["title"] == "Import into @glowlab.studio: Followers_glowlab.studio.zip"
    summary = fields(reply)
    assert "FollowerHistory.csv" in summary["Detected"]
    assert summary["Days"] == "89 new, 0 updated, 0 unchanged"
    assert summary["Date range"] == "23 Aug – 19 Nov 2026"
    account = await world.bot.store.accounts.get(GUILD_A, "glowlab.studio")
    assert account is not None
    stored = await world.bot.store.snapshots.daily(account.id)
    assert len(stored) == 89
    assert summary["Total now"] == f"{int(stored['followers'].iloc[-1]):,} on 19 Nov 2026"

    again = await upload(world, "Followers_glowlab.studio.zip", data, "glowlab.studio")
    assert fields(again)["Result"] == (
        "`Followers_glowlab.studio.zip` was already imported for @glowlab.studio; nothing changed."
    )


FOLLOWERS = "Followers_glowlab.studio.zip"


async def pets_and_export(world: World) -> tuple[int, bytes]:
    """@pixel.pets tracked with one day of data, and @glowlab.studio's Followers export."""
    await world.run("account add", {"handle": "pixel.pets"})
    two_days_ago = world.clock.now.date() - timedelta(days=2)
    await world.run("log", {"account": "pixel.pets", "followers": 900, "date": str(two_days_ago)})
    account = await world.bot.store.accounts.get(GUILD_A, "pixel.pets")
    assert account is not None
    return account.id, (EXAMPLES / "glowlab.studio" / FOLLOWERS).read_bytes()


async def test_another_tracked_accounts_export_is_refused_and_named(world: World) -> None:
    pets, data = await pets_and_export(world)
    await world.run("account add", {"handle": "glowlab.studio"})
    reply = await upload(world, FOLLOWERS, data, "pixel.pets")
    assert reply.ephemeral  # type: ignore[attr-defined]
    assert reply.content == (  # type: ignore[attr-defined]
        f"Nothing was imported: `{FOLLOWERS}` is named for @glowlab.studio, which this server "
        "tracks as another account. Upload it into @glowlab.studio instead, or rename the file "
        "if it really is @pixel.pets's."
    )
    assert len(await world.bot.store.snapshots.daily(pets)) == 1
    assert (await world.bot.store.audience.latest(pets)).hours is None


async def test_an_export_named_for_an_untracked_account_waits_for_the_uploader(
    world: World,
) -> None:
    pets, data = await pets_and_export(world)
    record = await world.server.invoke(
        GUILD_A,
        MEMBER,
        "upload",
        {"file": FOLLOWERS, "account": "pixel.pets"},
        attachments={FOLLOWERS: data},
    )
    question = await record.reply()
    assert question.ephemeral and question.content == (
        f"`{FOLLOWERS}` is named for @glowlab.studio, not @pixel.pets. Import it into "
        "@pixel.pets anyway? Nothing is stored unless you confirm."
    )
    assert question.custom_ids() == ["upload:confirm", "upload:cancel"]
    assert len(await world.bot.store.snapshots.daily(pets)) == 1  # nothing yet

    cancelled = await (await world.server.click(record, "upload:cancel", MEMBER)).reply()
    assert cancelled.content == f"Nothing was imported from `{FOLLOWERS}`."
    assert len(await world.bot.store.snapshots.daily(pets)) == 1

    again = await world.server.invoke(
        GUILD_A,
        MEMBER,
        "upload",
        {"file": FOLLOWERS, "account": "pixel.pets"},
        attachments={FOLLOWERS: data},
    )
    await again.reply()
    done = await (await world.server.click(again, "upload:confirm", MEMBER)).reply()
    assert done.embed["title"] == f"Import into @pixel.pets: {FOLLOWERS}"
    assert "imported into @pixel.pets as you confirmed" in str(done.embed)
    assert len(await world.bot.store.snapshots.daily(pets)) == 89 + 1


async def test_an_unanswered_import_question_stores_nothing(world: World) -> None:
    await stop_bot(world.bot)
    world.bot = await start_bot(world.server, world.database_url, world.clock, button_timeout=0.3)
    pets, data = await pets_and_export(world)
    record = await world.server.invoke(
        GUILD_A,
        MEMBER,
        "upload",
        {"file": FOLLOWERS, "account": "pixel.pets"},
        attachments={FOLLOWERS: data},
    )
    await record.reply()
    timed_out = await wait_until_disabled(record, "upload:confirm")
    assert disabled(timed_out, "upload:cancel")
    assert len(await world.bot.store.snapshots.daily(pets)) == 1
    assert (await world.bot.store.audience.latest(pets)).hours is None
    world.server.assert_clean()


async def test_bad_files_get_a_clear_error_and_change_nothing(world: World) -> None:
    await world.run("account add", {"handle": "careful"})
    account = await world.bot.store.accounts.get(GUILD_A, "careful")
    assert account is not None
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("FollowerHistory.csv", "x" * 5000)
    truncated = buffer.getvalue()[:-40]
    cases = {
        "noise.csv": bytes(range(256)) * 8,
        "cut.zip": truncated,
        "sheet.csv": b"when,how many\n2026-11-01,5\n",
    }
    for name, data in cases.items():
        reply = await upload(world, name, data, "careful")
        assert reply.ephemeral
        assert reply.content.startswith("Nothing was imported: ")
        assert name in reply.content
    assert (await world.bot.store.snapshots.daily(account.id)).empty
    assert len(await world.bot.store.snapshots.posts(account.id)) == 0


async def test_an_upload_without_values_says_nothing_was_imported(world: World) -> None:
    await world.run("account add", {"handle": "quiet"})
    account = await world.bot.store.accounts.get(GUILD_A, "quiet")
    assert account is not None
    header = '"Date","Followers","Difference in followers from previous day"'
    no_rows = f"\ufeff{header}".encode()
    not_yet = f'\ufeff{header}\n"November 18","undefined","undefined"'.encode()
    for data in (no_rows, not_yet):
        reply = await upload(world, "FollowerHistory.csv", data, "quiet")
        assert reply.ephemeral
        assert reply.content.startswith("Nothing was imported: FollowerHistory.csv: has ")
        assert "there is nothing to import" in reply.content
    assert (await world.bot.store.snapshots.daily(account.id)).empty

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("FollowerHistory.csv", not_yet)
        archive.writestr(
            "Overview.csv",
            '"Date","Video Views","Profile Views","Likes","Comments","Shares"\n'
            '"November 19","300","9","20","1","2"',
        )
    reply = await upload(world, "Overview_quiet.zip", buffer.getvalue(), "quiet")
    assert fields(reply)["Days"] == "1 new, 0 updated, 0 unchanged"
    stored = await world.bot.store.snapshots.daily(account.id)
    assert stored["views"].tolist() == [300]


async def test_workbook_with_entities_is_refused_as_unsafe(world: World) -> None:
    await world.run("account add", {"handle": "wary"})
    account = await world.bot.store.accounts.get(GUILD_A, "wary")
    assert account is not None
    day = world.clock().date().isoformat()
    good = xlsx_bytes({"Log": [["Date", "Followers"], [day, "5"]]})
    entity = b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        members = [(info.filename, archive.read(info)) for info in archive.infolist()]
    crafted = zip_bytes((n, entity + d if n.endswith("sheet1.xml") else d) for n, d in members)
    reply = await upload(world, "log.xlsx", crafted, "wary")
    assert reply.ephemeral
    assert reply.content.startswith("Nothing was imported: log.xlsx: was refused as unsafe")
    assert (await world.bot.store.snapshots.daily(account.id)).empty
    accepted = await upload(world, "log.xlsx", good, "wary")
    assert fields(accepted)["Days"] == "1 new, 0 updated, 0 unchanged"


async def test_oversized_attachment_is_refused_before_download(world: World) -> None:
    await world.run("account add", {"handle": "big"})
    world.server.attachment_size_limit = 50 * 1024 * 1024  # a boosted server lets users attach more
    too_big = b"0" * (10 * 1024 * 1024 + 1)
    reply = await upload(world, "huge.csv", too_big, "big")
    assert reply.ephemeral
    assert "the limit is 10 MiB" in reply.content
    assert not world.server.requests_to("GET", r"/attachments/")


async def test_why_explains_a_shrinking_account(world: World) -> None:
    await world.run("account add", {"handle": "glowlab.studio"})
    for name in (
        "Followers_glowlab.studio.zip",
        "Content_glowlab.studio.zip",
        "Overview_2026-08-23_1795255200_glowlab.studio.zip",
    ):
        data = (EXAMPLES / "glowlab.studio" / name).read_bytes()
        reply = await upload(world, name, data, "glowlab.studio")
        assert reply.embed["title"].startswith("Import into @glowlab.studio")
    why = await world.run("why", {"account": "glowlab.studio"}, user=MEMBER)
    assert not why.ephemeral
    assert why.embed["title"] == "Why is @glowlab.studio losing followers?"
    assert why.embed["description"].startswith("Losing followers: -")
    top = why.embed["fields"][0]
    assert top["name"].startswith("1. Inactivity")
    assert "last post 5 Nov 2026, 14 days before 19 Nov 2026" in top["value"]
    assert "**Do:**" in top["value"]


async def test_why_without_data_is_an_ephemeral_hint(world: World) -> None:
    await world.run("account add", {"handle": "empty"})
    reply = await world.run("why", {"account": "empty"})
    assert reply.ephemeral and "No follower data for @empty yet" in reply.content


async def test_why_in_plain_words_at_one_and_ninety_days(world: World) -> None:
    """Every /why field is whole sentences: no template file names, no statistics jargon, no
    article codes, and long lists shortened by whole items with a count, never mid-word."""
    uploads = {
        "glowlab.studio": (
            "Followers_glowlab.studio.zip",
            "Content_glowlab.studio.zip",
            "Overview_2026-08-23_1795255200_glowlab.studio.zip",
        ),
        # totals only: no views, no posts, so most rules list what they miss
        "trailmix.travel": ("FollowerHistory.csv", "trailmix.travel_socialblade.csv"),
    }
    # one member per account: five files at once are more than one member may upload a minute
    for (handle, names), uploader in zip(uploads.items(), (OWNER, MEMBER), strict=True):
        await world.run("account add", {"handle": handle})
        for name in names:
            data = (EXAMPLES / handle / name).read_bytes()
            await upload(world, name, data, handle, user=uploader)
    seen = {}
    for handle in uploads:
        for days in (1, 90):
            why = await world.run("why", {"account": handle, "days": days}, user=MEMBER)
            texts = [why.embed["description"], why.embed["footer"]["text"]]
            for field in why.embed["fields"]:
                texts += [field["name"], field["value"]]
                for line in field["value"].split("\n"):
                    assert not line.endswith("…"), (handle, days, line)
            for text in texts:
                for jargon in ("<handle>", "<epoch>", "<date>", "§", "MAD", "robust", "F[D"):
                    assert jargon not in text, (handle, days, jargon, text)
            missing = fields(why)["Not checked (missing data)"].split("\n")
            # each line is a whole item: it ends with the whole export that would let the rule
            # run, or counts the items left out
            for line in missing:
                assert line.endswith(tuple(EXPORTS.values())) or (
                    line.startswith("• … and ") and line.endswith(" more not shown")
                ), (handle, days, line)
            seen[handle, days] = len(missing)
    assert seen[("glowlab.studio", 1)] == 1 and seen[("glowlab.studio", 90)] == 4
    assert seen[("trailmix.travel", 1)] >= 5


async def test_purge_total_and_notes_in_plain_words(world: World) -> None:
    """A Business Suite account with a bot purge: /why says the drop in plain words and does not
    blame the videos around it; /net says what the missing total needs; Studio's notes carry no
    formulas."""
    await world.run("account add", {"handle": "northside.eats"})
    for name in ("northside.eats_business_daily.csv", "northside.eats_business_videos.csv"):
        data = (EXAMPLES / "northside.eats" / name).read_bytes()
        await upload(world, name, data, "northside.eats")
    why = fields(await world.run("why", {"account": "northside.eats"}, user=MEMBER))
    purge = why["1. Bot purge: TikTok removed fake followers (strong signal)"]
    assert purge.startswith(
        "• -1,561 on 14 Nov 2026: a one-day drop about 44 times the usual day-to-day swing "
        "(a normal day was +186, give or take 40, over 16 Oct – 12 Nov 2026)"
    )
    note = " (not counting the bot purge on 14 Nov 2026: no video caused it)"
    assert why["Weakest video"].endswith(note) and why["Best video"].endswith(note)
    assert "-25.9 followers per 1,000 views" not in why["Weakest video"]
    net = fields(await world.run("net", {"account": "northside.eats"}))
    assert net["Total"].startswith("not in your data for ")
    assert net["Total"].endswith(
        ": TikTok Studio's Followers export, or `/log` with the total, gives it"
    )

    await world.run("account add", {"handle": "glowlab.studio"})
    data = (EXAMPLES / "glowlab.studio" / "Followers_glowlab.studio.zip").read_bytes()
    notes = fields(await upload(world, "Followers_glowlab.studio.zip", data, "glowlab.studio"))
    assert (
        "• The Difference column matched each day's change since the day before on every day "
        "checked (88 days); it is not stored: daily change is computed from Followers."
    ) in notes["Notes"].split("\n")
