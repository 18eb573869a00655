"""The import summary, worded once for /upload and the CLI."""

from __future__ import annotations

import functools
from datetime import date

import discord

from bot import fmt
from bot.analytics.audience import AudienceSnapshot
from bot.analytics.plausible import Doubt
from bot.i18n import _, ngettext
from bot.render.embeds import BRAND, FIELD_VALUE_LIMIT, TITLE_LIMIT, clip, fit_lines
from bot.render.figures import GAP_LABEL, gap_figure, net_figure
from bot.render.file_notes import file_note
from bot.render.problems import format_title
from bot.services.results import ImportSummary, OtherOwners

MAX_LISTED = 8


def _listed(items: list[str]) -> str:
    return fit_lines(items, FIELD_VALUE_LIMIT, most=MAX_LISTED)


def audience_stored(audience: AudienceSnapshot) -> str:
    """Which parts of the audience an upload stored, and for which day."""
    parts = [
        name
        for name, values in (
            (_("active hours"), audience.hours),
            (_("gender"), audience.gender),
            (_("top territories"), audience.territories),
        )
        if values
    ]
    # Translators: {parts} lists what was stored, such as "active hours, gender".
    return _("{parts} as of {day}; see `/audience`").format(
        parts=", ".join(parts), day=fmt.day(audience.as_of)
    )


def _lined_up(count: int, shift: int) -> str:
    """What was done about two exports that label the same totals one day apart."""
    if shift > 0:
        # Translators: {count} is the number of days moved.
        return ngettext(
            "This file and the stored days label the same totals one day apart (exports "
            "downloaded at different times do this); the older export's {count} days were moved "
            "one day later to line up with the newer one, so one consistent series is stored.",
            "This file and the stored days label the same totals one day apart (exports "
            "downloaded at different times do this); the older export's {count} days were moved "
            "one day later to line up with the newer one, so one consistent series is stored.",
            count,
        ).format(count=count)
    # Translators: {count} is the number of days moved.
    return ngettext(
        "This file and the stored days label the same totals one day apart (exports downloaded "
        "at different times do this); the older export's {count} days were moved one day "
        "earlier to line up with the newer one, so one consistent series is stored.",
        "This file and the stored days label the same totals one day apart (exports downloaded "
        "at different times do this); the older export's {count} days were moved one day "
        "earlier to line up with the newer one, so one consistent series is stored.",
        count,
    ).format(count=count)


def _names(handles: list[str]) -> str:
    if not handles:
        return ""
    return functools.reduce(
        # Translators: joins two items of a list, such as two @handles.
        lambda first, second: _("{first} and {second}").format(first=first, second=second),
        (f"@{handle}" for handle in handles),
    )


def tracked_elsewhere(filename: str, owners: OtherOwners, handle: str) -> str | None:
    """The refusal of an upload named for another account the server tracks."""
    if not owners.tracked:
        return None
    # Translators: {accounts} is one or more @handles the file name names.
    return _(
        "Nothing was imported: `{filename}` is named for {accounts}, which this server tracks "
        "as another account. Upload it into {accounts} instead, or rename the file if it really "
        "is @{handle}'s."
    ).format(filename=filename, accounts=_names(owners.tracked), handle=handle)


def named_elsewhere_question(filename: str, owners: OtherOwners, handle: str) -> str:
    """The question before importing an upload named for an account the server does not track."""
    # Translators: {accounts} is one or more @handles the file name names.
    return _(
        "`{filename}` is named for {accounts}, not @{handle}. Import it into @{handle} anyway? "
        "Nothing is stored unless you confirm."
    ).format(filename=filename, accounts=_names(owners.unknown), handle=handle)


def named_elsewhere_cli(filename: str, owners: OtherOwners, handle: str) -> str:
    """The CLI's refusal of such an upload: it imports only with ``--force``."""
    return tracked_elsewhere(filename, owners, handle) or (
        # Translators: {accounts} is one or more @handles the file name names; --force is the
        # command-line option and stays as it is.
        _(
            "Nothing was imported: `{filename}` is named for {accounts}, not @{handle}. Run the "
            "import again with --force to import it into @{handle} anyway."
        ).format(filename=filename, accounts=_names(owners.unknown), handle=handle)
    )


def count_question(handle: str, day: date, typed: int, doubt: Doubt) -> str:
    """The question before storing a hand-typed total that does not fit the history."""
    # Translators: asks whether a typed total of followers is right; {count} is that total.
    asked = ngettext(
        "{count} followers for @{handle} on {day}?",
        "{count} followers for @{handle} on {day}?",
        typed,
    ).format(count=fmt.count(typed), handle=handle, day=fmt.day(day))
    if doubt.day is None or doubt.total is None:
        # Translators: asked after a typed total of followers that no stored day comes near;
        # "none" is no followers.
        doubted = _("Nothing is stored unless you confirm that it really has none.")
        return f"{asked} {doubted}"
    # Translators: {total} is the stored follower total nearest the typed one, on {day}; {low}
    # to {high} is the range of totals its recent days make likely.
    doubted = _(
        "The nearest stored total is {total} on {day}; its recent days make {low} to {high} "
        "likely. Nothing is stored unless you confirm."
    ).format(
        total=fmt.count(doubt.total),
        day=fmt.day(doubt.day),
        low=fmt.count(doubt.low),
        high=fmt.count(doubt.high),
    )
    return f"{asked} {doubted}"


def count_cancelled(handle: str) -> str:
    return _("Nothing was logged for @{handle}.").format(handle=handle)


def import_cancelled(filename: str) -> str:
    return _("Nothing was imported from `{filename}`.").format(filename=filename)


def summary_lines(summary: ImportSummary) -> list[tuple[str, str]]:
    """Labelled lines of an import summary, in display order."""
    if summary.outcome.already_imported:
        return [
            (
                _("Result"),
                _("`{filename}` was already imported for @{handle}; nothing changed.").format(
                    filename=summary.filename, handle=summary.handle
                ),
            )
        ]
    days = summary.outcome.days
    counts = {"new": days.new, "updated": days.updated, "unchanged": days.unchanged}
    if days.conflicts:
        # Translators: counts of days the upload added, changed and left as they were, and of
        # stored values it replaced.
        day_counts = ngettext(
            "{new} new, {updated} updated, {unchanged} unchanged ({conflicts} stored values "
            "replaced by this file's)",
            "{new} new, {updated} updated, {unchanged} unchanged ({conflicts} stored values "
            "replaced by this file's)",
            days.conflicts,
        ).format(conflicts=days.conflicts, **counts)
    else:
        # Translators: counts of days the upload added, changed and left as they were.
        day_counts = _("{new} new, {updated} updated, {unchanged} unchanged").format(**counts)
    lines = [
        (
            _("Detected"),
            _listed([f"{name}: {format_title(kind)}" for name, kind in summary.detected]),
        ),
        (_("Days"), day_counts),
    ]
    if days.shift:
        lines.append((_("Lined up"), _lined_up(days.shifted_days, days.shift)))
    if summary.first_day and summary.last_day:
        lines.append((_("Date range"), fmt.window(summary.first_day, summary.last_day)))
    posts = summary.outcome.posts_new + summary.outcome.posts_updated
    if posts:
        # Translators: counts of videos the upload added and changed.
        videos = _("{new} new, {updated} updated").format(
            new=summary.outcome.posts_new, updated=summary.outcome.posts_updated
        )
        lines.append((_("Videos"), videos))
    if summary.total:
        # Translators: {total} is a follower total, {day} the day it is for.
        total = _("{total} on {day}").format(
            total=fmt.count(summary.total[1]), day=fmt.day(summary.total[0])
        )
        lines.append((_("Total now"), total))
    if summary.net_7d:
        lines.append(
            (
                # Translators: net followers (gained minus lost) over the last 7 days.
                _("7-day net now"),
                f"{net_figure(summary.net_7d)} "
                f"({fmt.window(summary.net_7d.start, summary.net_7d.end)})",
            )
        )
    if summary.gap is not None:
        lines.append((_(GAP_LABEL), gap_figure(summary.gap)))
    if summary.audience is not None:
        lines.append((_("Audience"), audience_stored(summary.audience)))
    if summary.skipped:
        lines.append((_("Skipped"), _listed([file_note(note) for note in summary.skipped])))
    notes = [
        *(file_note(note) for note in summary.notes),
        *(
            _("The file name names @{other}; imported into @{handle} as you confirmed.").format(
                other=other, handle=summary.handle
            )
            for other in summary.confirmed_others
        ),
    ]
    if notes:
        lines.append((_("Notes"), _listed(notes)))
    return lines


def summary_embed(summary: ImportSummary) -> discord.Embed:
    embed = discord.Embed(
        title=clip(
            _("Import into @{handle}: {filename}").format(
                handle=summary.handle, filename=summary.filename
            ),
            TITLE_LIMIT,
        ),
        colour=BRAND,
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
