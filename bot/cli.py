"""The command line: run the bot, or use the same core offline against the same database."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import discord
from pydantic import ValidationError
from sqlalchemy.exc import DBAPIError

from bot.analytics.formats.base import ImportFileError, ImportLimits
from bot.analytics.handles import InvalidHandle, normalise_handle
from bot.analytics.series import net_report
from bot.app import NetBot, point_discord_at
from bot.clock import local_today, utc_now
from bot.config import Settings, ensure_sqlite_folder
from bot.logs import setup_logging
from bot.render.charts import account_chart
from bot.render.diagnosis import diagnosis_text
from bot.render.figures import net_text
from bot.render.imports import named_elsewhere_cli, summary_text
from bot.render.outlook import forecast_lines, goal_line
from bot.render.problems import invalid_handle, nothing_imported
from bot.services import explain
from bot.services.importer import NamedElsewhere, import_file
from bot.services.outlook import account_outlook
from bot.tiktok.vault import KeysDontFit, TokenVault, UnreadableToken
from bot.workers import Workers
from storage import Account, Store, unwritable
from storage.connections import Reseal, StoredSeal

log = logging.getLogger(__name__)

LOCAL_GUILD = 0
# Discord ids (snowflakes) fit a signed 64-bit integer, which is also what the database stores.
MAX_SNOWFLAKE = 2**63 - 1
MAX_WINDOW_DAYS = 365
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SAMPLE_SUFFIXES = {".zip", ".csv", ".xlsx"}
# The sample exports were "downloaded" at this moment; bare CSVs without a year infer it from it.
DEMO_RECEIVED_AT = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
UNWRITABLE = (
    "The database cannot store anything ({refusal}): the disk is full or the database is "
    "read-only. Nothing was changed; free some space or make it writable, then start again."
)
NO_TOKEN = (
    "DISCORD_TOKEN is not set: create an application at https://discord.com/developers/"
    "applications, add a bot, copy its token into .env as DISCORD_TOKEN=..., and run again "
    "(or try `python -m bot demo`, which needs no Discord)."
)


def _handle(text: str) -> str:
    try:
        return normalise_handle(text)
    except InvalidHandle as error:
        raise argparse.ArgumentTypeError(invalid_handle(error)) from None


def _bounded(low: int, high: int) -> Callable[[str], int]:
    """An argument type for whole numbers in ``low..high``, so a bad value ends in a usage error
    rather than in the database."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text[:24]!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(
                f"{text[:24]} is out of range: use a whole number from {low:,} to {high:,}"
            )
        return value

    return parse


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="Net-follower bot for TikTok creator teams. Without a command it runs the "
        "bot when DISCORD_TOKEN is set.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("run", help="connect to Discord and serve slash commands")
    commands.add_parser(
        "rotate-key",
        help="re-encrypt every stored TikTok token with the first key of TOKEN_ENCRYPTION_KEYS",
    )

    report = commands.add_parser("report", help="print net followers for an account")
    report.add_argument("handle", type=_handle, help="TikTok username, e.g. glowlab.studio")
    report.add_argument(
        "--days",
        type=_bounded(1, MAX_WINDOW_DAYS),
        default=7,
        help=f"window length in days, 1 to {MAX_WINDOW_DAYS} (default 7)",
    )
    report.add_argument(
        "--guild",
        type=_bounded(0, MAX_SNOWFLAKE),
        default=LOCAL_GUILD,
        help="Discord server id the account belongs to (default 0: local)",
    )
    report.add_argument(
        "--chart",
        type=Path,
        default=None,
        help="where to write the chart PNG (default: HANDLE-chart.png)",
    )

    importer = commands.add_parser("import", help="import export files for an account")
    importer.add_argument("files", nargs="+", type=Path, metavar="FILE")
    importer.add_argument(
        "--account", required=True, type=_handle, help="TikTok username the files belong to"
    )
    importer.add_argument(
        "--guild",
        type=_bounded(0, MAX_SNOWFLAKE),
        default=LOCAL_GUILD,
        help="Discord server id (default 0: local)",
    )
    importer.add_argument(
        "--force",
        action="store_true",
        help="import a file whose name gives another, untracked account",
    )

    demo = commands.add_parser("demo", help="import the bundled sample exports and report on them")
    demo.add_argument(
        "--database-url",
        default=None,
        help="keep the demo data in this database (default: a throwaway one)",
    )
    demo.add_argument(
        "--examples",
        type=Path,
        default=EXAMPLES,
        help="folder of sample exports, one sub-folder per account",
    )
    demo.add_argument(
        "--charts",
        type=Path,
        default=Path("demo-charts"),
        help="folder for the charts (default: ./demo-charts)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as error:
        for problem in error.errors():
            setting = str(problem["loc"][0]).upper() if problem["loc"] else "settings"
            reason = problem["msg"].removeprefix("Value error, ")
            print(f"Configuration error in {setting}: {reason}", file=sys.stderr)
        return 2
    token = settings.discord_token.get_secret_value() if settings.discord_token else None
    command = args.command or ("run" if token else None)
    # Offline commands print their own results; routine log lines would only get in the way.
    quiet = command != "run" and "log_level" not in settings.model_fields_set
    client_secret = settings.tiktok_client_secret
    setup_logging(
        "WARNING" if quiet else settings.log_level,
        secret=token,
        other_secrets=[client_secret.get_secret_value()] if client_secret else [],
    )
    if command is None:
        parser.print_help()
        print(f"\n{NO_TOKEN}", file=sys.stderr)
        return 2
    ensure_sqlite_folder(settings.database_url)
    try:
        if command == "run":
            return run_bot(settings)
        if command == "report":
            return asyncio.run(
                report_command(settings, args.handle, args.days, args.guild, args.chart)
            )
        if command == "import":
            return asyncio.run(
                import_command(settings, args.files, args.account, args.guild, force=args.force)
            )
        if command == "demo":
            return asyncio.run(demo_command(args.database_url, args.examples, args.charts))
        if command == "rotate-key":
            return asyncio.run(rotate_key_command(settings))
    except DBAPIError as error:
        refusal = unwritable(error)
        if refusal is None:
            raise
        print(UNWRITABLE.format(refusal=refusal), file=sys.stderr)
        return 1
    parser.error(f"unknown command {command}")
    return 2


def run_bot(settings: Settings) -> int:
    if settings.discord_token is None:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    point_discord_at(settings)
    workers = Workers()
    store = Store(settings.database_url, settings.pool, workers, clock=utc_now)
    bot = NetBot(settings=settings, store=store, workers=workers)

    async def serve() -> None:
        assert settings.discord_token is not None
        async with bot:
            await bot.start(settings.discord_token.get_secret_value())

    try:
        asyncio.run(serve())
    except KeysDontFit as error:
        print(error, file=sys.stderr)
        return 2
    except discord.LoginFailure:
        print(
            "Discord rejected DISCORD_TOKEN: copy the bot token again from the Developer "
            "Portal (Bot > Reset Token).",
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        log.info("Stopped")
    return 0


async def rotate_key_command(settings: Settings) -> int:
    """Re-seal every stored token under the first key; the bot may be running meanwhile."""
    if settings.token_encryption_keys is None:
        print("TOKEN_ENCRYPTION_KEYS is not set: there is no key to encrypt with.", file=sys.stderr)
        return 2
    vault = TokenVault(settings.token_encryption_keys)
    store = Store(settings.database_url, settings.pool, clock=utc_now)
    await store.open()
    resealed = unreadable = busy = 0
    try:
        for before in await store.connections.sealed():
            try:
                after = StoredSeal(
                    before.account_id,
                    vault.reseal(before.access_token),
                    vault.reseal(before.refresh_token),
                )
            except UnreadableToken:
                unreadable += 1
                continue
            # A refresh that stored new tokens meanwhile sealed them under the first key.
            outcome = await store.connections.reseal(before, after, utc_now())
            resealed += outcome is Reseal.DONE
            busy += outcome is Reseal.BUSY
    finally:
        await store.close()
    print(f"Re-encrypted the TikTok tokens of {_connections(resealed)} with the first key.")
    if unreadable:
        print(
            f"The tokens of {_connections(unreadable)} could not be decrypted with any key of "
            "TOKEN_ENCRYPTION_KEYS and were left as they are.",
            file=sys.stderr,
        )
        return 1
    if busy:
        print(
            f"The tokens of {_connections(busy)} were being renewed and were left as they are: "
            "run rotate-key again in a minute.",
            file=sys.stderr,
        )
        return 1
    return 0


def _connections(n: int) -> str:
    return f"{n:,} connection" + ("" if n == 1 else "s")


async def report_command(
    settings: Settings, handle: str, days: int, guild: int, chart: Path | None
) -> int:
    store = Store(settings.database_url, settings.pool, clock=utc_now)
    await store.open()
    try:
        account = await store.accounts.get(guild, handle)
        if account is None:
            print(
                f"@{handle} is not tracked in guild {guild}; import a file for it first.",
                file=sys.stderr,
            )
            return 1
        text = await account_report(store, account, days, chart or Path(f"{handle}-chart.png"))
        if text is None:
            print(f"No follower data for @{handle} yet.", file=sys.stderr)
            return 1
        print(text)
    finally:
        await store.close()
    return 0


async def account_report(store: Store, account: Account, days: int, chart: Path) -> str | None:
    """Net followers, the diagnosis and a chart for one account, as the CLI prints them."""
    daily = await store.snapshots.daily(account.id)
    report = net_report(daily, days)
    if report is None:
        return None
    settings = await store.settings.get(account.guild_id)
    diagnosis = await explain.diagnose_account(store, account, days=days, tz=settings.timezone)
    end = report.current.end
    png = await asyncio.to_thread(account_chart, account.handle, daily, end=end, days=max(days, 28))
    await asyncio.to_thread(_write, chart, png)
    parts = [net_text(account.handle, report)]
    outlook = await account_outlook(store, account, local_today(settings.timezone, utc_now()))
    parts += [f"  {line}" for line in forecast_lines(account.handle, outlook.forecast)]
    if outlook.goal is not None:
        parts.append(f"  {goal_line(outlook.goal)}")
    if diagnosis is not None:
        parts.append(diagnosis_text(diagnosis))
    parts.append(f"  Chart: {chart}")
    return "\n".join(parts)


async def import_command(
    settings: Settings, files: list[Path], handle: str, guild: int, *, force: bool = False
) -> int:
    workers = Workers()
    store = Store(settings.database_url, settings.pool, workers, clock=utc_now)
    await store.open()
    failures = 0
    try:
        account = await _tracked(store, guild, handle)
        for path in files:
            failures += not await _import_path(
                store, account, path, received_at=utc_now(), force=force
            )
    finally:
        await store.close()
        await workers.close()
    return 1 if failures else 0


async def _tracked(store: Store, guild: int, handle: str) -> Account:
    """The account to import into, created on first use (another import running at the same
    moment may create it first: then this one uses it)."""
    account, created = await store.accounts.track(guild, handle)
    if created:
        print(f"Now tracking @{handle} (guild {guild}).")
    return account


async def _import_path(
    store: Store, account: Account, path: Path, *, received_at: datetime, force: bool
) -> bool:
    try:
        size = (await asyncio.to_thread(path.stat)).st_size
        ImportLimits().check_size(path.name, size)
        data = await asyncio.to_thread(path.read_bytes)
        summary = await import_file(
            store, account, path.name, data, received_at=received_at, force=force
        )
    except OSError as error:
        print(f"{path}: cannot read it ({error.strerror}). Nothing was imported.", file=sys.stderr)
        return False
    except ImportFileError as error:
        print(nothing_imported(error), file=sys.stderr)
        return False
    except NamedElsewhere as named:
        print(named_elsewhere_cli(path.name, named.owners, account.handle), file=sys.stderr)
        return False
    print(summary_text(summary))
    return True


async def demo_command(database_url: str | None, examples: Path, charts: Path) -> int:
    """Import every sample account's exports and print the report for each."""
    folders = await asyncio.to_thread(_sample_folders, examples)
    if not folders:
        print(f"No sample exports found in {examples}.", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="netbot-demo-") as scratch:
        url = database_url or f"sqlite+aiosqlite:///{scratch}/demo.db"
        ensure_sqlite_folder(url)
        store = Store(url, clock=utc_now)
        await store.open()
        try:
            accounts = []
            for folder in folders:
                account = await _tracked(store, LOCAL_GUILD, normalise_handle(folder.name))
                accounts.append(account)
                for path in await asyncio.to_thread(_sample_files, folder):
                    await _import_path(
                        store, account, path, received_at=DEMO_RECEIVED_AT, force=False
                    )
                print()
            for account in accounts:
                text = await account_report(store, account, 7, charts / f"{account.handle}.png")
                print(text or f"@{account.handle}: no data", end="\n\n")
        finally:
            await store.close()
    return 0


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _sample_folders(examples: Path) -> list[Path]:
    return sorted(p for p in examples.iterdir() if p.is_dir()) if examples.is_dir() else []


def _sample_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in SAMPLE_SUFFIXES)
