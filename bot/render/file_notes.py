"""The wording of what an import says about its files: the formats it read, the notes beside
the figures and what it left out, each from the code and facts the parsers return."""

from __future__ import annotations

from bot import fmt
from bot.analytics.formats.base import ExportTime, Fact, FileNote, ImportNote
from bot.i18n import N_, _, ngettext
from bot.render.problems import import_problem

# Where the moment yearless dates are counted back from came from.
_COUNTED_BACK = {
    # Translators: {at} is a date and time written YYYY-MM-DD HH:MM.
    ExportTime.UPLOAD: N_(
        "Dates had no year; years were counted back from the upload time, {at} UTC."
    ),
    # Translators: {at} is a date and time written YYYY-MM-DD HH:MM.
    ExportTime.ZIP_NAMES_NONE: N_(
        "Dates had no year; years were counted back from the upload time, {at} UTC (no export "
        "time in the file name)."
    ),
    # Translators: {at} is a date and time written YYYY-MM-DD HH:MM.
    ExportTime.ZIP_EXPORT: N_(
        "Dates had no year; years were counted back from the Overview ZIP's export time, {at} UTC."
    ),
    # Translators: {at} is a date and time written YYYY-MM-DD HH:MM.
    ExportTime.ZIP_AFTER_UPLOAD: N_(
        "Dates had no year; years were counted back from the upload time, {at} UTC (the file "
        "name's export time is after the upload)."
    ),
}
_SAID = {
    ImportNote.DIFFERENCE_UNCHECKED: N_(
        "The Difference column could not be checked (no two consecutive days); it is not "
        "stored: daily change is computed from Followers."
    ),
    ImportNote.DIFFERENCE_EITHER: N_(
        "The Difference column could be either each day's change since the day before or each "
        "day's change to the next day; it is not stored: daily change is computed from "
        "Followers."
    ),
    ImportNote.POSTS_AT_MIDNIGHT: N_(
        "Post time has no time of day; videos are dated at 00:00 UTC of that day."
    ),
    ImportNote.POST_TIMES_UTC: N_("Post times carry no time zone; they were read as UTC."),
    # Translators: {file} is a file's name; "CSV or XLSX" are file types.
    ImportNote.NOT_CSV_OR_XLSX: N_("{file}: not a CSV or XLSX."),
}


def _count(note: FileNote, key: str) -> int:
    value = note.facts[key]
    assert isinstance(value, int)
    return value


def _listed(note: FileNote, key: str) -> str:
    value: Fact = note.facts[key]
    assert isinstance(value, tuple)
    return ", ".join(value)


def file_note(note: FileNote) -> str:
    """One note or skip, worded."""
    code = note.code
    if code in _SAID:
        return _(_SAID[code]).format(file=note.file)
    if code is ImportNote.YEARS_COUNTED_BACK:
        return _(_COUNTED_BACK[ExportTime(str(note.facts["source"]))]).format(at=note.facts["at"])
    if code is ImportNote.REFUSED or code is ImportNote.NOTHING_IN_IT:
        return _refused(note)
    if code is ImportNote.HEADERS_BY_POSITION:
        # Translators: {headers} are the file's column names; {section} a TikTok Studio file's
        # name, such as FollowerHistory.
        return _(
            "Headers are not Studio's English ones ({headers}); because the file is named "
            "{section}, its columns were read in Studio's order."
        ).format(headers=_listed(note, "headers"), section=note.facts["section"])
    if code is ImportNote.HEADERS_GUESSED:
        # Translators: {headers} are column names of the file.
        return _(
            "Headers read by a translation not yet confirmed by a real export: {headers}."
        ).format(headers=_listed(note, "headers"))
    if code is ImportNote.DIFFERENCE_SINCE or code is ImportNote.DIFFERENCE_UNTIL:
        return _difference_matched(note)
    if code is ImportNote.DIFFERENCE_IGNORED:
        # Translators: {since_ok} and {until_ok} are numbers of days; {since_days} and
        # {until_days} read like "12 days".
        return _(
            "The Difference column disagreed with the totals (it matched each day's change since "
            "the day before on {since_ok} of {since_days}, and each day's change to the next day "
            "on {until_ok} of {until_days}); it was ignored: daily change is computed from "
            "Followers."
        ).format(
            since_ok=fmt.count(_count(note, "since_ok")),
            since_days=fmt.days(_count(note, "since_days")),
            until_ok=fmt.count(_count(note, "until_ok")),
            until_days=fmt.days(_count(note, "until_days")),
        )
    return _counted(note)


def _difference_matched(note: FileNote) -> str:
    days = _count(note, "days")
    if note.code is ImportNote.DIFFERENCE_SINCE:
        return ngettext(
            "The Difference column matched each day's change since the day before on every day "
            "checked ({n} day); it is not stored: daily change is computed from Followers.",
            "The Difference column matched each day's change since the day before on every day "
            "checked ({n} days); it is not stored: daily change is computed from Followers.",
            days,
        ).format(n=fmt.count(days))
    return ngettext(
        "The Difference column matched each day's change to the next day on every day checked "
        "({n} day); it is not stored: daily change is computed from Followers.",
        "The Difference column matched each day's change to the next day on every day checked "
        "({n} days); it is not stored: daily change is computed from Followers.",
        days,
    ).format(n=fmt.count(days))


def _refused(note: FileNote) -> str:
    """A ZIP member left out, with why its own upload would have been refused."""
    assert note.refusal is not None
    if note.code is ImportNote.REFUSED:
        return import_problem(note.refusal)
    # Translators: {problem} says which file holds nothing to import and why.
    return _("{problem}.").format(problem=import_problem(note.refusal))


def _counted(note: FileNote) -> str:
    """The notes and skips that give a count of rows, days or values."""
    code, file = note.code, note.file
    if code is ImportNote.TITLES_REALIGNED:
        count = _count(note, "count")
        return ngettext(
            "{count} row had a comma in the title outside quotes; it was lined up by the video "
            "link.",
            "{count} rows had a comma in the title outside quotes; they were lined up by the "
            "video link.",
            count,
        ).format(count=fmt.count(count))
    if code is ImportNote.NET_DIFFERS:
        known = _count(note, "known")
        # Translators: {count} of {known} days; {row} is a row number of the file.
        return ngettext(
            "Net growth differs from new minus lost followers on {count} of {known} day (first "
            "at row {row}); new and lost followers were kept.",
            "Net growth differs from new minus lost followers on {count} of {known} days (first "
            "at row {row}); new and lost followers were kept.",
            known,
        ).format(
            count=fmt.count(_count(note, "count")), known=fmt.count(known), row=note.facts["row"]
        )
    if code is ImportNote.VALUES_DISAGREE:
        count = _count(note, "count")
        # Translators: {earlier} lists files' names; {metric} is a column such as followers;
        # {day} is written YYYY-MM-DD; {here} and {there} are the two files' values.
        return ngettext(
            "{count} value disagrees with {earlier} (first: {metric} on {day}, {here} here, "
            "{there} there); the earlier file's values were kept.",
            "{count} values disagree with {earlier} (first: {metric} on {day}, {here} here, "
            "{there} there); the earlier file's values were kept.",
            count,
        ).format(
            count=fmt.count(count),
            earlier=_listed(note, "earlier"),
            metric=note.facts["metric"],
            day=note.facts["day"],
            here=fmt.count(_count(note, "here")),
            there=fmt.count(_count(note, "there")),
        )
    if code is ImportNote.VIEWERS_NOT_STORED:
        rows = _count(note, "rows")
        # Translators: {file} is a file's name; "Overview" is a TikTok Studio file's name.
        return ngettext(
            "{file}: viewer counts ({rows} row) are people who watched, not video views or "
            "followers, so they are not stored; upload Overview for daily views.",
            "{file}: viewer counts ({rows} rows) are people who watched, not video views or "
            "followers, so they are not stored; upload Overview for daily views.",
            rows,
        ).format(file=file, rows=fmt.count(rows))
    if code is ImportNote.COLUMNS_NOT_IMPORTED:
        # Translators: {file} is a file's name; {columns} lists its column names.
        return _(
            "{file}: columns not imported: {columns} (a sheet gives date, followers, gained, "
            "lost and views)."
        ).format(file=file, columns=_listed(note, "columns"))
    if code is ImportNote.VIDEOS_WITHOUT_LINK:
        count = _count(note, "count")
        # Translators: {file} is a file's name; {row} is a row number of the file.
        return ngettext(
            "{file}: {count} video without a link was skipped (first at row {row}).",
            "{file}: {count} videos without a link were skipped (first at row {row}).",
            count,
        ).format(file=file, count=fmt.count(count), row=note.facts["row"])
    assert code is ImportNote.RUNNING_TOTALS, code
    # Translators: {file} is a file's name; {columns} lists its column names.
    return _(
        "{file}: {columns} are running totals, not daily values; only followers was imported."
    ).format(file=file, columns=_listed(note, "columns"))
