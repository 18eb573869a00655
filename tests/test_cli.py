"""The command line, run as a user would: a fresh process, real files, a real database."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.unit.formats.helpers import FOLLOWER_HISTORY, studio_csv
from tests.unit.formats.languages import written

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "DATABASE_"))}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env=base | (env or {}),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_run_without_token_says_how_to_get_one(tmp_path: Path) -> None:
    result = run("run", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("DISCORD_TOKEN is not set: create an application")
    assert "Traceback" not in result.stderr


def test_import_then_report(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'db' / 'bot.db'}"}
    sheet = tmp_path / "followers.csv"
    sheet.write_text("date,followers\n2026-11-10,500\n2026-11-17,480\n")
    imported = run("import", str(sheet), "--account", "@Pixel.Pets", cwd=tmp_path, env=env)
    assert imported.returncode == 0, imported.stderr
    assert "Now tracking @pixel.pets (guild 0)." in imported.stdout
    assert "Days: 2 new, 0 updated, 0 unchanged" in imported.stdout

    report = run("report", "pixel.pets", "--chart", str(tmp_path / "c.png"), cwd=tmp_path, env=env)
    assert report.returncode == 0, report.stderr
    # 11..17 Nov: F(17) - F(10) = 480 - 500
    assert "Net followers    -20" in report.stdout
    assert (
        "No forecast for @pixel.pets yet: it needs 14 days of follower totals and has 2 days."
        in (report.stdout)
    )
    assert (tmp_path / "c.png").read_bytes().startswith(b"\x89PNG")

    missing = run("report", "nobody", cwd=tmp_path, env=env)
    assert missing.returncode == 1
    assert "@nobody is not tracked in guild 0" in missing.stderr


def test_an_export_named_for_another_account_needs_force(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'db' / 'bot.db'}"}
    export = EXAMPLES / "glowlab.studio" / "Followers_glowlab.studio.zip"
    refused = run("import", str(export), "--account", "pixel.pets", cwd=tmp_path, env=env)
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        "Nothing was imported: `Followers_glowlab.studio.zip` is named for @glowlab.studio, "
        "not @pixel.pets. Run the import again with --force to import it into @pixel.pets "
        "anyway."
    )
    with sqlite3.connect(tmp_path / "db" / "bot.db") as db:
        assert db.execute("SELECT count(*) FROM snapshots").fetchone() == (0,)

    forced = run("import", str(export), "--account", "pixel.pets", "--force", cwd=tmp_path, env=env)
    assert forced.returncode == 0, forced.stderr
    assert "Days: 89 new, 0 updated, 0 unchanged" in forced.stdout

    tracked = run("import", str(export), "--account", "glowlab.studio", cwd=tmp_path, env=env)
    assert tracked.returncode == 0, tracked.stderr
    again = run("import", str(export), "--account", "pixel.pets", "--force", cwd=tmp_path, env=env)
    assert again.returncode == 1  # another tracked account's file: not even with --force
    assert "which this server tracks as another account" in again.stderr


def test_bad_file_is_refused_without_a_traceback(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"}
    junk = tmp_path / "junk.csv"
    junk.write_bytes(os.urandom(2048))
    result = run("import", str(junk), "--account", "someone", cwd=tmp_path, env=env)
    assert result.returncode == 1
    assert "Nothing was imported: junk.csv" in result.stderr
    assert "Traceback" not in result.stderr


def test_demo_reports_every_sample_account(tmp_path: Path) -> None:
    result = run("demo", "--examples", str(EXAMPLES), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for handle in ("glowlab.studio", "northside.eats", "pixel.pets", "trailmix.travel"):
        assert f"@{handle}: net followers" in result.stdout
        assert (tmp_path / "demo-charts" / f"{handle}.png").exists()
    assert "1. Inactivity" in result.stdout  # glowlab.studio stopped posting
    assert "1. Bot purge" in result.stdout  # northside.eats lost ~1,800 in a day
    # in words a social-media manager uses: no statistics, formulas, codes or file templates
    for jargon in ("robust", "MAD", "§", "(002)", "F[D", "<handle>", "<epoch>", "unknown on"):
        assert jargon not in result.stdout, jargon
    assert "a one-day drop about 44 times the usual day-to-day swing" in result.stdout
    assert "(not counting the bot purge on 14 Nov 2026: no video caused it)" in result.stdout
    assert "Advice from “Why Am I Losing Followers on TikTok?”" in result.stdout


def test_bad_setting_is_a_clear_configuration_error(tmp_path: Path) -> None:
    result = run("report", "some.one", cwd=tmp_path, env={"ALERT_SWEEP_TIME": "8am"})
    assert result.returncode == 2
    assert "Configuration error" in result.stderr
    assert "ALERT_SWEEP_TIME must be HH:MM" in result.stderr


def test_four_imports_at_once_into_new_accounts_all_land(tmp_path: Path) -> None:
    """Four imports started together on a fresh database, two per new account: every upload
    is stored and each account is created once. Repeated, since a lost race is not certain."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "DATABASE_"))}
    for attempt in range(2):
        folder = tmp_path / str(attempt)
        folder.mkdir()
        database = folder / "bot.db"
        env = base | {"DATABASE_URL": f"sqlite+aiosqlite:///{database}"}
        processes = []
        for i in range(4):
            sheet = folder / f"sheet{i}.csv"
            rows = "".join(f"2026-10-{day:02d},{1000 + 10 * i + day}\n" for day in range(1, 29))
            sheet.write_text("date,followers\n" + rows)
            processes.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "bot",
                        "import",
                        str(sheet),
                        "--account",
                        f"team{i % 2}",
                    ],
                    cwd=folder,
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
            )
        results = [(process.communicate(timeout=120), process.returncode) for process in processes]
        for (_, stderr), code in results:
            assert code == 0, stderr
        created = sum(out.count("Now tracking @") for (out, _), _ in results)
        with sqlite3.connect(database) as conn:
            uploads = conn.execute(
                "SELECT a.handle, COUNT(*) FROM uploads u JOIN accounts a ON a.id = u.account_id "
                "GROUP BY a.handle ORDER BY a.handle"
            ).fetchall()
        assert (created, uploads) == (2, [("team0", 2), ("team1", 2)])


def test_import_of_a_file_without_values_fails(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"}
    sheet = tmp_path / "followers.csv"
    sheet.write_text("date,followers\n")
    result = run("import", str(sheet), "--account", "someone", cwd=tmp_path, env=env)
    assert result.returncode == 1
    assert result.stderr.startswith(
        "Nothing was imported: followers.csv: has a header but no rows: there is nothing to import"
    )
    assert "Days:" not in result.stdout


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (("import", "followers.csv", "--account", "x.y", "--guild", "9" * 23), "out of range"),
        (("import", "followers.csv", "--account", "x.y", "--guild", "-1"), "out of range"),
        (("report", "x.y", "--days", "0"), "from 1 to 365"),
        (("report", "x.y", "--days", str(2**40)), "from 1 to 365"),
        (("report", "x.y", "--guild", "twelve"), "is not a whole number"),
    ],
)
def test_arguments_out_of_range_are_usage_errors(
    tmp_path: Path, args: tuple[str, ...], problem: str
) -> None:
    database = tmp_path / "bot.db"
    (tmp_path / "followers.csv").write_text("date,followers\n2026-11-10,500\n")
    result = run(*args, cwd=tmp_path, env={"DATABASE_URL": f"sqlite+aiosqlite:///{database}"})
    assert result.returncode == 2
    assert problem in result.stderr
    assert "Traceback" not in result.stderr
    assert not database.exists()


@pytest.mark.parametrize(
    ("language", "native"),
    [("Greek", False), ("Arabic", True), ("Thai", True), ("Hungarian", False)],
)
def test_import_of_a_follower_history_in_another_language(
    tmp_path: Path, language: str, native: bool
) -> None:
    # Dates from the clock the import will read (the same one: a child of this process), the
    # latest day two days before it, as Studio exports are.
    latest = datetime.now(UTC).date() - timedelta(days=2)
    totals = [1000, 1004, 1010, 1009, 1015, 1021, 1030, 1032, 1040, 1047]
    first = latest - timedelta(days=len(totals) - 1)
    rows = [
        (written(first + timedelta(days=n), language, native=native), str(total), "0")
        for n, total in enumerate(totals)
    ]
    export = tmp_path / "FollowerHistory.csv"
    export.write_bytes(studio_csv(FOLLOWER_HISTORY, *rows))
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"}
    result = run("import", str(export), "--account", "creator", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert "Days: 10 new, 0 updated, 0 unchanged" in result.stdout
    # The 7 days to the latest: F(latest) - F(latest - 7 days) = 1047 - 1010.
    assert "7-day net now: +37" in result.stdout


def test_a_read_only_database_ends_in_one_line_and_keeps_what_it_had(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    writable = {"DATABASE_URL": f"sqlite+aiosqlite:///{path}"}
    sheet = tmp_path / "followers.csv"
    sheet.write_text("date,followers\n2026-11-10,500\n2026-11-17,480\n")
    assert (
        run("import", str(sheet), "--account", "kept", cwd=tmp_path, env=writable).returncode == 0
    )

    read_only = {"DATABASE_URL": f"sqlite+aiosqlite:///file:{path}?mode=ro&uri=true"}
    refused = run("import", str(sheet), "--account", "lost", cwd=tmp_path, env=read_only)
    assert refused.returncode == 1
    assert refused.stderr.splitlines() == [
        "The database cannot store anything (attempt to write a readonly database): the disk "
        "is full or the database is read-only. Nothing was changed; free some space or make it "
        "writable, then start again."
    ]
    assert run("report", "lost", cwd=tmp_path, env=writable).returncode == 1
    kept = run("report", "kept", "--chart", str(tmp_path / "c.png"), cwd=tmp_path, env=writable)
    assert "Net followers    -20" in kept.stdout
