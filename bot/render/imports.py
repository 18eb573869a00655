"""The import summary, worded once for /upload and the CLI."""

from __future__ import annotations

from datetime import date

import discord

from bot import fmt
from bot.analytics.audience import AudienceSnapshot
from bot.analytics.plausible import Doubt
from bot.render.embeds import BRAND, FIELD_VALUE_LIMIT, TITLE_LIMIT, clip, fit_lines
from bot.render.figures import GAP_LABEL, gap_figure, net_figure
from bot.services.results import ImportSummary, OtherOwners

MAX_LISTED = 8


def _listed(items: list[str]) -> str:
    return fit_lines(items, FIELD_VALUE_LIMIT, most=MAX_LISTED)


def audience_stored(audience: AudienceSnapshot) -> str:
    """Which parts of the audience an upload stored, and for which day."""
    parts = [
        name
        for name, values in (
            ("active hours", audience.hours),
            ("gender", audience.gender),
            ("top territories", audience.territories),
        )
        if values
    ]
    return f"{', '.join(parts)} as of {fmt.day(audience.as_of)}; see `/audience`"


def _lined_up(count: int, shift: int) -> str:
    """What was done about two exports that label the same totals one day apart."""
    way = "later" if shift > 0 else "earlier"
    return (
        "This file and the stored days label the same totals one day apart (exports downloaded "
        f"at different times do this); the older export's {count} days were moved one day "
        f"{way} to line up with the newer one, so one consistent series is stored."
    )


def _names(handles: list[str]) -> str:
    return " and ".join(f"@{handle}" for handle in handles)


def tracked_elsewhere(filename: str, owners: OtherOwners, handle: str) -> str | None:
    """The refusal of an upload named for another account the server tracks."""
    if not owners.tracked:
        return None
    where = _names(owners.tracked)
    return (
        f"Nothing was imported: `{filename}` is named for {where}, which this server tracks "
        f"as another account. Upload it into {where} instead, or rename the file if it really "
        f"is @{handle}'s."
    )


def named_elsewhere_question(filename: str, owners: OtherOwners, handle: str) -> str:
    """The question before importing an upload named for an account the server does not track."""
    return (
        f"`{filename}` is named for {_names(owners.unknown)}, not @{handle}. Import it into "
        f"@{handle} anyway? Nothing is stored unless you confirm."
    )


def named_elsewhere_cli(filename: str, owners: OtherOwners, handle: str) -> str:
    """The CLI's refusal of such an upload: it imports only with ``--force``."""
    return tracked_elsewhere(filename, owners, handle) or (
        f"Nothing was imported: `{filename}` is named for {_names(owners.unknown)}, not "
        f"@{handle}. Run the import again with --force to import it into @{handle} anyway."
    )


def count_question(handle: str, day: date, typed: int, doubt: Doubt) -> str:
    """The question before storing a hand-typed total that does not fit the history."""
    asked = f"{fmt.count(typed)} followers for @{handle} on {fmt.day(day)}?"
    if doubt.day is None or doubt.total is None:
        return f"{asked} Nothing is stored unless you confirm that it really has none."
    return (
        f"{asked} The nearest stored total is {fmt.count(doubt.total)} on "
        f"{fmt.day(doubt.day)}; its recent days make {fmt.count(doubt.low)} to "
        f"{fmt.count(doubt.high)} likely. Nothing is stored unless you confirm."
    )


def count_cancelled(handle: str) -> str:
    return f"Nothing was logged for @{handle}."


def import_cancelled(filename: str) -> str:
    return f"Nothing was imported from `{filename}`."


def summary_lines(summary: ImportSummary) -> list[tuple[str, str]]:
    """Labelled lines of an import summary, in display order."""
    if summary.outcome.already_imported:
        return [
            (
                "Result",
                f"`{summary.filename}` was already imported for @{summary.handle}; "
                "nothing changed.",
            )
        ]
    days = summary.outcome.days
    lines = [
        ("Detected", _listed([f"{name}: {kind}" for name, kind in summary.detected])),
        (
            "Days",
            f"{days.new} new, {days.updated} updated, {days.unchanged} unchanged"
            + (
                f" ({days.conflicts} stored values replaced by this file's)"
                if days.conflicts
                else ""
            ),
        ),
    ]
    if days.shift:
        lines.append(("Lined up", _lined_up(days.shifted_days, days.shift)))
    if summary.first_day and summary.last_day:
        lines.append(("Date range", fmt.window(summary.first_day, summary.last_day)))
    posts = summary.outcome.posts_new + summary.outcome.posts_updated
    if posts:
        lines.append(
            ("Videos", f"{summary.outcome.posts_new} new, {summary.outcome.posts_updated} updated")
        )
    if summary.total:
        lines.append(("Total now", f"{fmt.count(summary.total[1])} on {fmt.day(summary.total[0])}"))
    if summary.net_7d:
        lines.append(
            (
                "7-day net now",
                f"{net_figure(summary.net_7d)} "
                f"({fmt.window(summary.net_7d.start, summary.net_7d.end)})",
            )
        )
    if summary.gap is not None:
        lines.append((GAP_LABEL, gap_figure(summary.gap)))
    if summary.audience is not None:
        lines.append(("Audience", audience_stored(summary.audience)))
    if summary.skipped:
        lines.append(("Skipped", _listed(summary.skipped)))
    notes = [
        *summary.notes,
        *(
            f"The file name names @{other}; imported into @{summary.handle} as you confirmed."
            for other in summary.confirmed_others
        ),
    ]
    if notes:
        lines.append(("Notes", _listed(notes)))
    return lines


def summary_embed(summary: ImportSummary) -> discord.Embed:
    embed = discord.Embed(
        title=clip(f"Import into @{summary.handle}: {summary.filename}", TITLE_LIMIT), colour=BRAND
    )
    for label, value in summary_lines(summary):
        embed.add_field(name=label, value=clip(value, FIELD_VALUE_LIMIT), inline=False)
    return embed


def summary_text(summary: ImportSummary) -> str:
    lines = [f"{summary.filename} -> @{summary.handle}"]
    for label, value in summary_lines(summary):
        body = value.replace("\n", "\n    ")
        lines.append(f"  {label}: {body}")
    return "\n".join(lines)
