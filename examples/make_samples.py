"""Write the bundled sample exports: four synthetic accounts, each telling one story.

Deterministic (fixed seeds, fixed ZIP timestamps, no clock reads, no network), so running it
again rewrites the same bytes. Run from the repository root: ``python examples/make_samples.py``.
The data ends 2026-11-19; the Studio ZIPs were "exported" 2026-11-21 10:00 UTC, and their
dates carry no year, so importing them exercises year inference.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import numpy as np
import openpyxl
from babel.dates import format_date

END = date(2026, 11, 19)
EXPORTED_AT = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
EPOCH = int(EXPORTED_AT.timestamp())  # 1795255200
SEED = 20261121
_ZIP_TIME = (2026, 11, 21, 10, 0, 0)  # fixed member timestamps: identical bytes on every run

Row = Sequence[object]


def _days(count: int) -> list[date]:
    return [END - timedelta(days=count - 1 - offset) for offset in range(count)]


def _rng(account: int) -> np.random.Generator:
    return np.random.default_rng([SEED, account])


def _english(day: date) -> str:
    return format_date(day, "MMMM d", locale="en")  # "November 19", as an English Studio screen


def _spanish(day: date) -> str:
    return format_date(day, "d 'de' MMMM", locale="es")  # "13 de noviembre"


def studio_csv(header: Row, rows: Iterable[Row]) -> bytes:
    """Studio's encoding exactly: UTF-8 BOM, every field quoted, LF, no final newline."""
    lines = [",".join(f'"{cell}"' for cell in row) for row in [header, *rows]]
    return ("\ufeff" + "\n".join(lines)).encode("utf-8")


def plain_csv(header: Row, rows: Iterable[Row], *, bom: bool = False) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def zipped(members: Iterable[tuple[str, bytes]]) -> bytes:
    """A ZIP with fixed timestamps, so its bytes depend only on its content."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def _video_id(posted: datetime, rng: np.random.Generator) -> str:
    """TikTok-shaped id: the post's Unix time in the top 32 bits, random low bits."""
    return str((int(posted.timestamp()) << 32) | int(rng.integers(0, 2**32)))


# --- glowlab.studio: TikTok Studio ZIPs. Steady growth while posting ~5 a week; posting stops
# on 2026-11-05; views then fall and the account loses 40-80 followers a day for 10 days.

GLOW_DAYS = _days(89)  # 2026-08-23 .. 2026-11-19
GLOW_LAST_POST = date(2026, 11, 5)
GLOW_TOPICS = (
    "Glass skin routine", "Niacinamide vs vitamin C", "SPF under makeup", "Retinol for beginners",
    "Double cleanse explained", "Barrier repair night routine", "Dewy base in 60 seconds",
    "Slugging: yes or no", "Acne patch hacks", "Morning skincare for oily skin",
    "Peptides 101", "Budget dupes that work", "Lip care before lipstick", "Eye cream myths",
    "Exfoliation schedule", "Hydrating toner layering", "Skin cycling week", "Sunscreen reapply",
)  # fmt: skip


def glowlab(out: Path) -> None:
    rng = _rng(1)
    n = len(GLOW_DAYS)
    posting = np.array([d <= GLOW_LAST_POST and d.weekday() < 5 for d in GLOW_DAYS])
    views = np.empty(n)
    for i, day in enumerate(GLOW_DAYS):
        if day <= GLOW_LAST_POST:
            views[i] = 11_000 + 40 * i + rng.normal(0, 900) + (1_500 if posting[i] else 0)
        else:  # no new videos: reach decays towards a floor
            views[i] = 1_800 + (views[i - 1] - 1_800) * 0.8 + rng.normal(0, 120)
    views = views.round().astype(int)
    net = np.empty(n, dtype=int)
    for i, day in enumerate(GLOW_DAYS):
        stop = (day - GLOW_LAST_POST).days
        if stop <= 0:  # 1-2% of views follow, a little churn
            net[i] = round(views[i] * rng.uniform(0.010, 0.020)) - int(rng.integers(15, 35))
        elif day < date(2026, 11, 10):
            net[i] = (60, 20, -10, -25)[stop - 1] + int(rng.integers(-5, 6))
        else:
            net[i] = -int(rng.integers(40, 81))
    followers = 21_480 + np.cumsum(net)
    first_change = int(net[0])

    overview = [
        (
            _english(day),
            views[i],
            round(views[i] * rng.uniform(0.025, 0.035)),
            round(views[i] * rng.uniform(0.065, 0.080)),
            round(views[i] * rng.uniform(0.003, 0.005)),
            round(views[i] * rng.uniform(0.002, 0.004)),
        )
        for i, day in enumerate(GLOW_DAYS)
    ]
    history = [
        (_english(day), followers[i], first_change if i == 0 else followers[i] - followers[i - 1])
        for i, day in enumerate(GLOW_DAYS)
    ]
    curve = (  # share of followers active in each UTC hour: quiet nights, busy evenings
        0.20, 0.12, 0.08, 0.05, 0.04, 0.05, 0.09, 0.16, 0.22, 0.25, 0.27, 0.30,
        0.31, 0.30, 0.31, 0.33, 0.36, 0.41, 0.47, 0.52, 0.55, 0.50, 0.40, 0.29,
    )  # fmt: skip
    activity = [
        (_english(day), hour, round(followers[-1] * curve[hour] * rng.uniform(0.9, 1.1)))
        for day in GLOW_DAYS[-7:]
        for hour in range(24)
    ]
    viewers = [
        (
            _english(day),
            round(v * 0.62),
            round(v * 0.62 * 0.7),
            round(v * 0.62) - round(v * 0.62 * 0.7),
        )
        for day, v in zip(GLOW_DAYS, views, strict=True)
    ]
    post_days = [day for day, posted in zip(GLOW_DAYS, posting, strict=True) if posted][-14:]
    content = []
    for k, day in enumerate(reversed(post_days)):  # newest first, as Studio lists them
        posted = datetime.combine(day, time(17 + k % 3, 5 * k % 60), UTC)
        total = int(rng.integers(9_000, 42_000))
        title = f"{GLOW_TOPICS[k % len(GLOW_TOPICS)]} #skincare #glowlab #skintok"
        link = f"https://www.tiktok.com/@glowlab.studio/video/{_video_id(posted, rng)}"
        content.append(
            (
                _english(EXPORTED_AT.date()),
                title,
                link,
                _english(day),
                round(total * rng.uniform(0.06, 0.09)),
                round(total * rng.uniform(0.003, 0.006)),
                round(total * rng.uniform(0.002, 0.005)),
                total,
            )
        )

    folder = out / "glowlab.studio"
    folder.mkdir(parents=True, exist_ok=True)
    overview_csv = studio_csv(
        ("Date", "Video Views", "Profile Views", "Likes", "Comments", "Shares"), overview
    )
    (folder / f"Overview_{GLOW_DAYS[0]}_{EPOCH}_glowlab.studio.zip").write_bytes(
        zipped([("Overview.csv", overview_csv)])
    )
    followers_zip = [
        (
            "FollowerHistory.csv",
            studio_csv(("Date", "Followers", "Difference in followers from previous day"), history),
        ),
        ("FollowerActivity.csv", studio_csv(("Date", "Hour", "Active followers"), activity)),
        (
            "FollowerGender.csv",
            studio_csv(
                ("Gender", "Distribution"),
                [("Female", "0.71"), ("Male", "0.26"), ("Other", "0.03")],
            ),
        ),
        (
            "FollowerTopTerritories.csv",
            studio_csv(
                ("Top territories", "Distribution"),
                [
                    ("US", "0.46"),
                    ("GB", "0.12"),
                    ("CA", "0.09"),
                    ("AU", "0.07"),
                    ("DE", "0.04"),
                    ("Others", "0.22"),
                ],
            ),
        ),
    ]
    (folder / "Followers_glowlab.studio.zip").write_bytes(zipped(followers_zip))
    content_header = (
        "Time", "Video title", "Video link", "Post time",
        "Total likes", "Total comments", "Total shares", "Total views",
    )  # fmt: skip
    (folder / "Content_glowlab.studio.zip").write_bytes(
        zipped([("Content.csv", studio_csv(content_header, content))])
    )
    viewers_header = ("Date", "Total Viewers", "New Viewers", "Returning Viewers")
    (folder / "Viewers_glowlab.studio.zip").write_bytes(
        zipped([("Viewers.csv", studio_csv(viewers_header, viewers))])
    )


# --- northside.eats: Business Suite. Healthy growth, then on 2026-11-14 about 1,800 followers
# go at once (a bot purge) while views hold, and likes per view rise afterwards.

EATS_DAYS = _days(60)  # 2026-09-21 .. 2026-11-19
EATS_PURGE = date(2026, 11, 14)
EATS_DISHES = (
    "Smash burger", "Birria tacos", "Midnight ramen", "Chicken katsu sando", "Loaded fries",
    "Korean corn dog", "Hot honey pizza", "Pho in 60 seconds", "Crispy gyoza",
    "Nashville hot chicken",
)  # fmt: skip


def northside(out: Path) -> None:
    rng = _rng(2)
    daily = []
    for day in EATS_DAYS:
        views = int(20_000 + rng.normal(0, 1_800))
        like_rate = rng.normal(0.075 if day > EATS_PURGE else 0.060, 0.003)
        gained = round(views * rng.uniform(0.010, 0.014))
        lost = 1_812 if day == EATS_PURGE else int(rng.integers(35, 75))
        daily.append(
            (
                f"{day:%Y/%m/%d}",
                views,
                round(views * 0.71),
                round(views * rng.uniform(0.02, 0.03)),
                round(views * like_rate),
                round(views * rng.uniform(0.003, 0.005)),
                round(views * rng.uniform(0.004, 0.006)),
                int(rng.integers(5, 30)),
                int(rng.integers(0, 6)),
                gained - lost,
                gained,
                lost,
            )
        )
    header = (
        "Date", "Video views", "Reached audience", "Profile views", "Likes", "Shares",
        "Comments", "Website clicks", "Phone number clicks", "Net growth", "New followers",
        "Lost followers",
    )  # fmt: skip
    videos = []
    post_days = [day for day in EATS_DAYS if day.weekday() in (0, 2, 4)]  # Mon, Wed, Fri
    for k, day in enumerate(reversed(post_days)):
        posted = datetime.combine(day, time(18, 30), UTC)
        total = int(rng.integers(15_000, 60_000))
        videos.append(
            (
                f"{EATS_DISHES[k % len(EATS_DISHES)]}, made at Northside #foodtok #northside",
                f"https://www.tiktok.com/@northside.eats/video/{_video_id(posted, rng)}",
                f"{posted:%Y/%m/%d %H:%M}",
                total,
                round(total * rng.uniform(0.06, 0.08)),
                round(total * rng.uniform(0.004, 0.007)),
                round(total * rng.uniform(0.003, 0.006)),
                round(total * rng.uniform(0.01, 0.02)),
            )
        )
    video_header = (
        "Video title", "Video link", "Post time", "Video views", "Likes", "Comments", "Shares",
        "Add to Favorites",
    )  # fmt: skip
    folder = out / "northside.eats"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "northside.eats_business_daily.csv").write_bytes(plain_csv(header, daily, bom=True))
    (folder / "northside.eats_business_videos.csv").write_bytes(
        plain_csv(video_header, videos, bom=True)
    )


# --- pixel.pets: a hand-kept XLSX. Slow, steady net growth; two days nobody logged.

PETS_DAYS = _days(45)  # 2026-10-06 .. 2026-11-19
PETS_BLANK = (date(2026, 10, 19), date(2026, 11, 2))


def stable_xlsx(workbook: openpyxl.Workbook) -> bytes:
    """The workbook with fixed document times and ZIP timestamps: same data, same bytes.

    openpyxl stamps the save time into docProps/core.xml, so that stamp is rewritten.
    """
    moment = EXPORTED_AT.replace(tzinfo=None)
    workbook.properties.created = moment
    buffer = io.BytesIO()
    workbook.save(buffer)
    stamp = f"{moment:%Y-%m-%dT%H:%M:%SZ}".encode()
    with zipfile.ZipFile(buffer) as archive:
        members = [(info.filename, archive.read(info)) for info in archive.infolist()]
    members = [
        (name, re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, data))
        if name == "docProps/core.xml"
        else (name, data)
        for name, data in members
    ]
    return zipped(members)


def pixel_pets(out: Path) -> None:
    rng = _rng(3)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Follower log"
    sheet.append(["Date", "Followers", "Gained", "Lost", "Views"])
    followers = 3_120
    for day in PETS_DAYS:
        gained, lost = int(rng.integers(18, 41)), int(rng.integers(4, 15))
        followers += gained - lost
        if day in PETS_BLANK:
            sheet.append([datetime.combine(day, time())])
            continue
        views = int(rng.integers(1_300, 2_400))  # ~1.6% of viewers follow: healthy
        sheet.append([datetime.combine(day, time()), followers, gained, lost, views])
        sheet.cell(sheet.max_row, 1).number_format = "yyyy-mm-dd"
    folder = out / "pixel.pets"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pixel.pets_followers.xlsx").write_bytes(stable_xlsx(workbook))


# --- trailmix.travel: Social Blade-style running totals for 90 days, flat with small churn,
# plus the last 7 days as a Spanish-language Studio FollowerHistory.csv.

TRAIL_DAYS = _days(90)  # 2026-08-22 .. 2026-11-19


def trailmix(out: Path) -> None:
    rng = _rng(4)
    followers = 8_412 + np.cumsum(rng.integers(-5, 6, len(TRAIL_DAYS)))
    likes = 412_300 + np.cumsum(rng.integers(90, 220, len(TRAIL_DAYS)))
    uploads = 214 + np.arange(len(TRAIL_DAYS)) // 6
    following = 312 + (np.arange(len(TRAIL_DAYS)) > 40)
    rows = [
        (day.isoformat(), followers[i], following[i], likes[i], uploads[i])
        for i, day in enumerate(TRAIL_DAYS)
    ]
    history = [
        (_spanish(day), followers[i], followers[i] - followers[i - 1])
        for i, day in enumerate(TRAIL_DAYS)
        if i >= len(TRAIL_DAYS) - 7
    ]
    folder = out / "trailmix.travel"
    folder.mkdir(parents=True, exist_ok=True)
    header = ("date", "followers", "following", "likes", "uploads")
    (folder / "trailmix.travel_socialblade.csv").write_bytes(plain_csv(header, rows))
    (folder / "FollowerHistory.csv").write_bytes(
        studio_csv(("Date", "Followers", "Difference in followers from previous day"), history)
    )


def build(out: Path) -> None:
    for make in (glowlab, northside, pixel_pets, trailmix):
        make(out)


if __name__ == "__main__":
    build(Path(__file__).resolve().parent)
