"""A team that speaks several languages, with the catalogs the bot ships: each member reads
answers in their own Discord language, the schedule posts in the server's, and every post of a
sixty-account digest fits Discord in every language."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.analytics.model import daily_frame
from bot.analytics.vocabulary import SnapshotSource
from bot.i18n import PACKAGED
from bot.scheduler import digest_job_id
from tests.conftest import DIGEST_A, GUILD_A, MANAGER, MEMBER, World
from tests.discord_server import FakeMessage
from tests.e2e.test_digest_and_alerts import MONDAY_9, falling, seed, set_digest_channel
from tests.e2e.test_long_lists import lines_of, within_limits

NBSP = "\u00a0"


async def ask(
    world: World, command: str, options: dict[str, object], *, user: int, locale: str
) -> FakeMessage:
    record = await world.server.invoke(GUILD_A, user, command, options, locale=locale)
    return await record.reply(timeout=10)


def fields(message: FakeMessage, embed: int = 0) -> dict[str, str]:
    return {field["name"]: field["value"] for field in message.embeds[embed]["fields"]}


async def test_a_spanish_member_reads_answers_in_spanish_while_the_digest_is_german(
    world: World,
) -> None:
    yesterday = world.clock.now.date() - timedelta(days=1)
    await seed(world, "grower", falling(yesterday, 20, 1000, 10))
    await seed(world, "shrinker", falling(yesterday, 20, 5000, -30))

    net = await ask(world, "net", {"account": "shrinker", "days": 7}, user=MEMBER, locale="es-ES")
    assert net.embeds[0]["title"] == "@shrinker · seguidores netos"
    # 4,640 on 14 Nov, 30 fewer a day to 4,430 on 21 Nov: -210, as many as the week before.
    assert fields(net) == {
        "Periodo": "15 nov – 21 nov 2026 (7 días)",
        "Seguidores netos": "-210",
        "Ganados / perdidos": (
            "no está en tus datos: lo da la exportación de TikTok Business Suite o `/registrar` "
            "con ganados y perdidos"
        ),
        "Total": "4.430 el 21 nov 2026",
        "Periodo anterior": "±0 frente a 8 nov – 14 nov 2026 (-210)",
    }
    assert net.embeds[0]["footer"]["text"] == (
        "Neto = seguidores al final menos seguidores antes del periodo."
    )

    why = await ask(world, "why", {"account": "shrinker", "days": 7}, user=MEMBER, locale="es-ES")
    assert why.embeds[0]["title"] == "¿Por qué @shrinker está perdiendo seguidores?"
    assert why.embeds[0]["description"] == "Perdiendo seguidores: -210 en 15 nov – 21 nov 2026."
    assert fields(why)["No se ha encontrado ninguna causa concreta"] == (
        "Ninguna de las comprobaciones explica esta pérdida: -210 en 15 nov – 21 nov 2026 es el "
        f"4,53{NBSP}% de los 4.640 seguidores que había al inicio."
    )

    board = await ask(world, "leaderboard", {}, user=MEMBER, locale="es-ES")
    assert board.embeds[0]["title"] == "Clasificación · 7 días por seguidores netos (2 cuentas)"
    lines = board.embeds[0]["description"].splitlines()
    assert lines[0] == "🔻 **1 de 2 cuentas en descenso:** @shrinker"
    assert lines[-1] == (
        f"🔻 2. **@shrinker** · neto -210 · -4,5{NBSP}% · total 4.430 · respecto al anterior: ±0"
    )

    # /help lists the commands as a Spanish Discord shows them.
    shown = await ask(world, "help", {}, user=MEMBER, locale="es-ES")
    assert (
        "`/clasificación`: Todas las cuentas del servidor ordenadas por seguidores netos"
        in shown.embeds[0]["description"]
    )

    # A manager whose Discord is in Spanish makes German the server's language: the answer is
    # in Spanish, and the digest in German.
    await set_digest_channel(world)
    chosen = await ask(world, "settings language", {"language": "de"}, user=MANAGER, locale="es-ES")
    assert chosen.content == (
        "Los resúmenes, alertas y demás publicaciones de este servidor se escriben ahora en "
        "Deutsch. Las respuestas a los comandos siguen en el idioma de Discord de cada miembro."
    )
    world.clock.now = MONDAY_9
    await world.bot.scheduler.run_job_now(digest_job_id(GUILD_A))
    digest: FakeMessage = world.server.messages[DIGEST_A][-1]
    assert digest.embeds[0]["title"] == "Wochenbericht Netto-Follower · 23. Nov. 2026"
    assert fields(digest) == {
        "Team netto, letzte 7 Tage mit Daten": "-140",
        "Team gesamt": "5.620 Follower",
        "Konten": "2 verfolgt, 1 davon im Minus",
        "Top 1": f"@grower +70 (+6,2{NBSP}%)",
        "Flop 1": f"@shrinker -210 (-4,5{NBSP}%)",
    }
    assert digest.embeds[1]["description"].startswith(f"**@shrinker** · netto -210 (-4,5{NBSP}%)")
    assert digest.embeds[1]["footer"]["text"] == "ref digest/2026-W48/1 · Teil 1 von 1"

    # The member's own answers stay Spanish; an English member reads English.
    again = await ask(world, "net", {"account": "grower", "days": 7}, user=MEMBER, locale="es-ES")
    assert fields(again)["Seguidores netos"] == "+70"
    english = await ask(world, "net", {"account": "grower", "days": 7}, user=MEMBER, locale="en-US")
    assert fields(english)["Net followers"] == "+70"


@pytest.mark.parametrize("language", PACKAGED.available())
async def test_a_sixty_account_digest_fits_discord_in_every_language(
    world: World, language: str
) -> None:
    """The longest handles TikTok allows, half of them shrinking: every post of the digest
    stays within Discord's limits (the local Discord refuses any that does not)."""
    last = world.clock.now.date() - timedelta(days=1)
    for number in range(60):
        account = await world.bot.store.accounts.add(GUILD_A, f"creator.of.longnames.{number:03d}")
        step = -7 if number % 2 else 5
        rows = [
            {"day": last - timedelta(days=29 - i), "followers": 120_000 + number + step * i}
            for i in range(30)
        ]
        await world.bot.store.uploads.merge_daily(
            account.id, daily_frame(rows), source=SnapshotSource.MANUAL
        )
    await set_digest_channel(world)
    chosen = await ask(
        world, "settings language", {"language": language}, user=MANAGER, locale="en-US"
    )
    assert chosen.content.startswith("Digests, alerts and other posts of this server are now")
    world.clock.now = MONDAY_9
    before = len(world.server.messages[DIGEST_A])
    await world.bot.scheduler.run_job_now(digest_job_id(GUILD_A))
    posts = [m for m in world.server.messages[DIGEST_A][before:] if m.embeds]
    assert posts and all(within_limits(post) for post in posts)
    listed = {line.split("**")[1] for post in posts for line in lines_of(post, "**@creator.")}
    assert listed == {f"@creator.of.longnames.{number:03d}" for number in range(60)}


async def test_every_command_reaches_discord_with_each_language_it_is_written_in(
    world: World,
) -> None:
    # Latin American Spanish clients read the Spanish catalog.
    translated = {"es-ES", "es-419", "pt-BR", "fr", "de", "id", "ja", "ko", "vi", "tr"}
    for name in ("net", "why", "leaderboard", "settings", "account"):
        command = world.server.commands.get(name)
        assert command is not None
        assert set(command["description_localizations"]) == translated, name
    net = world.server.commands.get("net")
    assert net is not None
    assert net["name_localizations"]["es-ES"] == "neto"
    assert net["description_localizations"]["de"].startswith("Netto-Follower")
