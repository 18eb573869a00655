"""The wording of what the domain refuses: its errors carry a code and the facts, and this
module turns them into the sentence a member reads, in the reply's language; with the names of
the formats an upload may be."""

from __future__ import annotations

import functools

from babel import Locale

from bot import fmt
from bot.analytics.formats import FORMATS, STUDIO, UNRECOGNISED
from bot.analytics.formats._languages import LANGUAGES
from bot.analytics.formats.base import ImportFileError, ImportProblem, MiB
from bot.analytics.handles import InvalidHandle
from bot.i18n import N_, _, current_locale, ngettext

# The formats other than Studio's, which are named by their section (a file name TikTok gives).
_TITLES = {
    "tiktok_business_daily": N_("TikTok Business Suite daily export"),
    "tiktok_business_videos": N_("TikTok Business Suite per-video export"),
    "socialblade": N_("Social Blade-style history"),
    "sheet": N_("hand-kept sheet"),
    UNRECOGNISED: N_("not recognised"),
}
# What an upload of each may hold, for the message that refuses a file.
_DESCRIPTIONS = {
    "tiktok_business_daily": N_(
        "the Business Suite daily export (with New followers and Lost followers)"
    ),
    "tiktok_business_videos": N_("the Business Suite per-video export"),
    "socialblade": N_("a Social Blade-style history (date, followers, following, likes, uploads)"),
    "sheet": N_(
        "a sheet (CSV or XLSX) with a `date` and a `followers` column (optionally `gained`, "
        "`lost`, `views`)"
    ),
}
# What each refusal says after the file's name; {limit} and {count} are whole numbers.
_IMPORT_PROBLEMS: dict[ImportProblem, str] = {
    ImportProblem.EMPTY_FILE: N_("is empty (0 bytes)"),
    ImportProblem.NOT_XLSX: N_(
        "is not an XLSX workbook this bot can open (an old .xls, a password-protected "
        "workbook, or a damaged file): save it as .xlsx or CSV and upload again"
    ),
    ImportProblem.NO_SHEETS: N_("has no sheets"),
    ImportProblem.NESTED_ZIP: N_("holds another ZIP: upload the inner files instead"),
    ImportProblem.SHIFTED_CELLS: N_(
        "has more cells than the header has columns (a comma inside a value that "
        "is not quoted?): export the file again"
    ),
    ImportProblem.TOO_MANY_CELLS: N_(
        "has more than {limit} cells (empty ones count too), far more than any export: delete "
        "the rows and columns past your data, or export a shorter date range, and upload again"
    ),
    ImportProblem.TOO_MUCH_MARKUP: N_(
        "has far more inside than any export (over {limit} spreadsheet entries, formatting "
        "included): save it as CSV, or export a shorter date range, and upload again"
    ),
    ImportProblem.TOO_MUCH_TEXT: N_(
        "holds more than {limit} characters of text, far more than any export: export a "
        "shorter date range and upload again"
    ),
    ImportProblem.ZIP_UNREADABLE: N_(
        "is not a readable ZIP (damaged or cut short): download it again"
    ),
    ImportProblem.ZIP_TOO_MANY_FILES: N_("holds {count} files; at most {limit} are accepted"),
    ImportProblem.ZIP_PASSWORD: N_("is password-protected: export it again without a password"),
    ImportProblem.ZIP_SIZE_FALSE: N_("unpacks to more than its header declares"),
    ImportProblem.ZIP_DAMAGED: N_(
        "cannot be unpacked (damaged, cut short, or its sizes are false): download it again"
    ),
    # Translators: {encoding} is a text encoding's name, e.g. UTF-16-LE.
    ImportProblem.INVALID_TEXT: N_("is not valid {encoding} text"),
    ImportProblem.NOT_TEXT: N_(
        "is not text (not UTF-8, UTF-16 or Windows-1252): upload the CSV or XLSX "
        "the export gave you"
    ),
    ImportProblem.BINARY: N_("is binary, not a CSV: upload the CSV or XLSX export"),
    ImportProblem.TOO_MANY_COLUMNS: N_("has more than {limit} columns"),
    ImportProblem.VALUE_TOO_LONG: N_(
        "has a value longer than {limit} characters, far longer than any export's: it is not "
        "an export, or a quote is missing"
    ),
    # Translators: {detail} is the CSV reader's own description of the fault, in English.
    ImportProblem.CSV_UNREADABLE: N_("is not a readable CSV ({detail})"),
    ImportProblem.TOO_MANY_ROWS: N_("has more than {limit} rows"),
    ImportProblem.XLSX_UNREADABLE: N_(
        "is not a readable XLSX workbook: save it again from Excel or upload a CSV"
    ),
    ImportProblem.XLSX_UNSAFE: N_(
        "was refused as unsafe: it declares a DOCTYPE or entities, which Excel never "
        "writes. Open it in Excel, save it again, or upload a CSV"
    ),
    # Translators: {part} is a path inside the workbook, e.g. xl/worksheets/sheet1.xml.
    ImportProblem.XLSX_UNSAFE_PART: N_(
        "was refused as unsafe: its {part} declares a DOCTYPE or entities, which Excel never "
        "writes and which can attack the program reading it. Open it in Excel, save it again, "
        "or upload a CSV"
    ),
    ImportProblem.TOO_MANY_SHEETS: N_("has more than {limit} sheets: keep the one with your data"),
    ImportProblem.CELL_TOO_LONG: N_(
        "has a cell longer than {limit} characters, more than Excel lets a cell hold: it is "
        "not an export"
    ),
    # Translators: {formula} is the start of the formula found in the sheet.
    ImportProblem.FORMULA: N_(
        "holds a formula (`{formula}`): save the sheet with values only (copy, paste as "
        "values) and upload again"
    ),
    ImportProblem.TOO_MANY_FORMATS: N_(
        "has more than {limit} cell formats, more than Excel allows: save it again from Excel "
        "or upload a CSV"
    ),
    ImportProblem.TOO_MANY_TEXTS: N_(
        "holds more than {limit} different texts, far more than any export: export a shorter "
        "date range and upload again"
    ),
    ImportProblem.EMPTY_SHEET: N_("is empty: there are no rows to import"),
    ImportProblem.NO_ROWS: N_(
        "has a header but no rows: there is nothing to import. Export a date range that has data"
    ),
    ImportProblem.SHARE_UNLABELLED: N_("a share has no `{column}`"),
    ImportProblem.LISTED_TWICE: N_("`{label}` is listed twice"),
    ImportProblem.BAD_HOUR: N_("`Hour` should be 0-23, not `{value}`"),
    ImportProblem.NOT_WHOLE_NUMBER: N_("`{column}` should be a whole number, not `{value}`"),
    ImportProblem.NOT_A_SHARE: N_("`{column}` should be a share like 0.59 or 59%, not `{value}`"),
    # Translators: {day} and {received} are written YYYY-MM-DD (and HH:MM, in UTC).
    ImportProblem.FUTURE_DAY: N_(
        "{day} is in the future (the file arrived {received} UTC): check the dates"
    ),
    ImportProblem.NEGATIVE_FOLLOWERS: N_("followers cannot be negative ({value})"),
    # Translators: {earlier} and {later} are row numbers of the file.
    ImportProblem.DAY_REPEATED: N_(
        "{day} appears in rows {earlier} and {later} with different values; keep the right one "
        "and upload again"
    ),
    ImportProblem.TOO_MANY_DAYS: N_(
        "holds {count} days; at most {limit} can be imported at once: split the file"
    ),
    ImportProblem.RAGGED_ROW: N_(
        "has {count} cells for {width} columns and no video link to line them up by: export "
        "the file again"
    ),
    ImportProblem.MIXED_DATE_ORDER: N_(
        "`{column}` mixes day-first and month-first dates: write them as YYYY-MM-DD"
    ),
    # Translators: {first} and {second} are the first two numbers of a date such as 03/04/2026.
    ImportProblem.AMBIGUOUS_DATE_ORDER: N_(
        "`{column}` has dates like `{first}/{second}/...` that could be day-first or "
        "month-first, and no day above 12 settles it: write them as YYYY-MM-DD"
    ),
    ImportProblem.BAD_YEAR: N_("`{column}` has the year {year} in `{value}`"),
    ImportProblem.NOT_A_DAY: N_("`{column}` holds `{value}`, which is not a day in {year}"),
    ImportProblem.NO_YEAR: N_(
        "`{column}` holds `{value}` without a year: write dates as YYYY-MM-DD"
    ),
    ImportProblem.SOME_YEARS: N_("`{column}` has a year on some dates and not others"),
    ImportProblem.DATES_OUT_OF_ORDER: N_(
        "`{column}` jumps to `{value}`: rows must run one day after another, oldest first, "
        "for the year to be inferred"
    ),
}


def format_title(name: str) -> str:
    """A format as the import summary names it: ``TikTok Studio FollowerHistory``."""
    if name.startswith(STUDIO):
        section = next((spec.label for spec in FORMATS if spec.name == name), name)
        # Translators: {section} is the name of a TikTok Studio file, such as FollowerHistory.
        return _("TikTok Studio {section}").format(section=section)
    return _(_TITLES[name]) if name in _TITLES else name


def accepted_formats() -> str:
    """What an upload may be, for the message that refuses one."""
    sections = [spec.label for spec in FORMATS if spec.name.startswith(STUDIO)]
    others = [_(_DESCRIPTIONS[spec.name]) for spec in FORMATS if spec.name in _DESCRIPTIONS]
    # Translators: {sections} lists TikTok Studio's file names, such as FollowerHistory.
    studio = _("TikTok Studio ZIPs as downloaded, or the CSV/XLSX files in them ({sections})")
    return "; ".join([studio.format(sections=", ".join(sections)), *others])


def invalid_handle(error: InvalidHandle) -> str:
    """Why the typed text is not a TikTok username, and what one looks like."""
    # Translators: {text} is what the member typed; `@glowlab.studio` is an example username.
    return _(
        "`{text}` is not a TikTok username: use 2-24 letters, digits, underscores or periods, "
        "like `@glowlab.studio`."
    ).format(text=error.text)


def nothing_imported(error: ImportFileError) -> str:
    """The answer to an upload that was refused: nothing was stored, and why."""
    # Translators: {problem} says which file (and row) was refused and why.
    return _("Nothing was imported: {problem}").format(problem=import_problem(error))


def import_problem(error: ImportFileError) -> str:
    """Which file (and row) an import refused, and what to fix."""
    reason = _reason(error)
    if error.file and error.row is not None:
        # Translators: {file} is a file's name, {reason} what is wrong with it.
        return _("{file}, row {row}: {reason}").format(
            file=error.file, row=error.row, reason=reason
        )
    if error.row is not None:
        return _("row {row}: {reason}").format(row=error.row, reason=reason)
    if error.file:
        return _("{file}: {reason}").format(file=error.file, reason=reason)
    return reason


@functools.cache
def _named(code: str, locale: str) -> str:
    return Locale.parse(code).get_display_name(locale.replace("-", "_")) or code


def _language_name(code: str) -> str:
    """A date language's name (a CLDR code, e.g. ``ro``) in the reply's language."""
    return _named(code, current_locale())


def _number(error: ImportFileError, key: str) -> int:
    value = error.facts[key]
    assert isinstance(value, int)
    return value


def _names(error: ImportFileError, key: str) -> tuple[str, ...]:
    value = error.facts[key]
    assert isinstance(value, tuple)
    return value


def _quoted(names: tuple[str, ...]) -> str:
    """Names as the file writes them, each in code marks: ```Date`, `Views```."""
    return ", ".join(f"`{name}`" for name in names)


def _mib(size: int, digits: int) -> str:
    return fmt.decimal(size / MiB, digits)


def _reason(error: ImportFileError) -> str:
    """What was wrong, without the file's name."""
    problem, facts = error.problem, error.facts
    if problem is ImportProblem.TOO_LARGE:
        return _(
            "the file is {size} MiB; the limit is {limit} MiB. Export a shorter date range."
        ).format(size=_mib(_number(error, "size"), 1), limit=_number(error, "limit") // MiB)
    if problem is ImportProblem.UNPACKS_TOO_LARGE:
        return _("would unpack to {size} MiB; at most {limit} MiB is accepted").format(
            size=_mib(_number(error, "size"), 1), limit=_mib(_number(error, "limit"), 0)
        )
    if problem is ImportProblem.UNPACKS_BEYOND_LIMIT:
        return _(
            "unpacks to more than {limit} MiB (more than its headers declare): it is not a "
            "TikTok export"
        ).format(limit=_mib(_number(error, "limit"), 0))
    if problem is ImportProblem.NOTHING_READABLE:
        found = _names(error, "found")
        if not found:
            return _(
                "holds no export this bot can read (found: nothing). It accepts {accepted}."
            ).format(accepted=accepted_formats())
        # Translators: {found} lists the files inside the ZIP, {accepted} the formats read.
        return _(
            "holds no export this bot can read (found: {found}). It accepts {accepted}."
        ).format(found=", ".join(found), accepted=accepted_formats())
    if problem is ImportProblem.UNRECOGNISED_SHEET:
        # Translators: {first} lists the cells of the file's first row; {accepted} the formats
        # the bot reads.
        return _(
            "is not an export this bot can read (first row: {first}). It accepts {accepted}."
        ).format(first=_quoted(_names(error, "cells")), accepted=accepted_formats())
    if problem is ImportProblem.MISSING_COLUMN:
        names, headers = _quoted(_names(error, "names")), _quoted(_names(error, "found"))
        if facts["missing"] == "date":
            # Translators: {names} lists column names the bot accepts (keep them in English);
            # {found} the file's own column names.
            return _("has no date column (name one {names}); headers found: {found}").format(
                names=names, found=headers
            )
        # Translators: {names} lists column names the bot accepts (keep them in English);
        # {found} the file's own column names.
        return _("has no followers column (name one {names}); headers found: {found}").format(
            names=names, found=headers
        )
    if problem is ImportProblem.UNTRANSLATED_EXPORT:
        # Translators: {headers} are the file's column names; {expected} Business Suite's
        # English column names (keep them in English).
        return _(
            "looks like a TikTok Business Suite export in a language this bot cannot read yet "
            "(headers: {headers}). Switch Business Suite to English and export again: the "
            "columns expected are {expected}"
        ).format(
            headers=", ".join(_names(error, "headers")),
            expected=", ".join(_names(error, "expected")),
        )
    if problem is ImportProblem.NO_VALUES_YET:
        days = _number(error, "days")
        return ngettext(
            "has {days} day but no values in it (only blank or `undefined`, which TikTok writes "
            "for days it has no data for yet): there is nothing to import. Export again once the "
            "numbers are in",
            "has {days} days but no values in them (only blank or `undefined`, which TikTok "
            "writes for days it has no data for yet): there is nothing to import. Export again "
            "once the numbers are in",
            days,
        ).format(days=fmt.count(days))
    if problem is ImportProblem.MIXED_LANGUAGES:
        # Translators: {language} and {other} are names of languages, e.g. Romanian, French.
        return _(
            "`{column}` holds `{value}`, a month in {language}, while the column's other dates "
            "are in {other}: export the file again in one language"
        ).format(
            column=facts["column"],
            value=facts["value"],
            language=_language_name(str(facts["language"])),
            other=_language_name(str(facts["other"])),
        )
    if problem is ImportProblem.NOT_A_DATE:
        # Translators: keep the example dates as they are; {languages} lists languages' names.
        return _(
            "`{column}` holds `{value}`, which is not a date like 2026-11-19, `April 12` or "
            "`12 de abril` in any language tried ({languages})"
        ).format(
            column=facts["column"],
            value=facts["value"],
            languages=", ".join(_language_name(code) for code in LANGUAGES),
        )
    if problem is ImportProblem.NO_VALUES:
        files = _names(error, "files")
        # Translators: {files} lists the files' names.
        return ngettext(
            "holds nothing to import: {files} has a header but no values (no rows, or only "
            "blank or `undefined` days). Export a date range that has data.",
            "holds nothing to import: {files} have a header but no values (no rows, or only "
            "blank or `undefined` days). Export a date range that has data.",
            len(files),
        ).format(files=", ".join(files))
    shown = {
        key: fmt.count(value) if isinstance(value, int) else value for key, value in facts.items()
    }
    return _(_IMPORT_PROBLEMS[problem]).format(**shown)
