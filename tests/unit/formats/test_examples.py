"""The bundled samples: each imports cleanly, tells its story, and rebuilds to the same bytes."""

from __future__ import annotations

import importlib.util
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

from bot.analytics.formats import ParsedUpload, parse_upload

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
EXPORTED_AT = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)


def _import(folder: str) -> list[ParsedUpload]:
    return [
        parse_upload(path.name, path.read_bytes(), received_at=EXPORTED_AT)
        for path in sorted((EXAMPLES / folder).iterdir())
    ]


def _daily(uploads: list[ParsedUpload]) -> pd.DataFrame:
    frames = [upload.daily for upload in uploads if not upload.daily.empty]
    return frames[0].combine_first(pd.concat(frames[1:])) if len(frames) > 1 else frames[0]


def test_glowlab_stops_posting_and_loses_followers() -> None:
    uploads = _import("glowlab.studio")
    assert {parsed.handle for upload in uploads for parsed in upload.files} == {"glowlab.studio"}
    daily = _daily(uploads)
    assert (daily.index.min(), daily.index.max()) == (
        pd.Timestamp("2026-08-23"),
        pd.Timestamp("2026-11-19"),
    )
    assert len(daily) == 89
    net = daily["followers"].diff()
    assert net["2026-11-10":].between(-80, -40).all()
    assert net[:"2026-11-05"].iloc[1:].gt(0).all()
    conversion = net[:"2026-11-05"].iloc[1:] / daily["views"][:"2026-11-05"].iloc[1:]
    assert conversion.median() == pytest.approx(0.013, abs=0.005)
    assert daily.loc["2026-11-19", "views"] < daily.loc["2026-11-05", "views"] / 3
    posts = pd.concat([upload.posts for upload in uploads])
    assert len(posts) == 14 and posts["posted_at"].max() == pd.Timestamp("2026-11-05", tz="UTC")
    assert any(upload.audience for upload in uploads)


def test_northside_has_a_one_day_purge_with_views_holding() -> None:
    uploads = _import("northside.eats")
    daily = _daily(uploads)
    assert len(daily) == 60
    lost = daily["lost"]
    assert lost["2026-11-14"] == 1812 and lost.drop(pd.Timestamp("2026-11-14")).max() < 100
    assert daily.loc["2026-11-14", "views"] == pytest.approx(daily["views"].median(), rel=0.2)
    likes_per_view = daily["likes"] / daily["views"]
    assert likes_per_view["2026-11-15":].mean() > likes_per_view[:"2026-11-13"].mean() + 0.01
    assert sum(len(upload.posts) for upload in uploads) == 26


def test_pixel_pets_grows_slowly_with_two_blank_days() -> None:
    (upload,) = _import("pixel.pets")
    daily = upload.daily
    assert len(daily) == 45
    blank = daily.index[daily.isna().all(axis=1)].strftime("%Y-%m-%d").tolist()
    assert blank == ["2026-10-19", "2026-11-02"]
    assert daily["followers"].iloc[-1] > daily["followers"].iloc[0]
    assert (daily["gained"].sum() - daily["lost"].sum()) > 0


def test_trailmix_is_flat_and_its_spanish_studio_file_agrees() -> None:
    studio, social_blade = _import("trailmix.travel")
    assert len(social_blade.daily) == 90 and len(studio.daily) == 7
    followers = social_blade.daily["followers"]
    assert followers.max() - followers.min() < 60
    assert social_blade.daily["likes"].isna().all()
    pd.testing.assert_series_equal(studio.daily["followers"], followers.iloc[-7:])


def test_samples_rebuild_to_the_same_bytes(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_samples", EXAMPLES / "make_samples.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build(tmp_path)
    built = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    shipped = sorted(
        p.relative_to(EXAMPLES) for p in EXAMPLES.rglob("*") if p.is_file() and p.parent != EXAMPLES
    )
    assert built == shipped
    for path in built:
        assert (tmp_path / path).read_bytes() == (EXAMPLES / path).read_bytes(), path
    assert sum((EXAMPLES / p).stat().st_size for p in shipped) < 200_000


def test_parsing_is_safe_in_worker_threads() -> None:
    """No shared mutable state: concurrent imports give what sequential ones give."""
    paths = sorted(p for p in EXAMPLES.rglob("*") if p.suffix in {".zip", ".csv", ".xlsx"})

    def run(path: Path) -> pd.DataFrame:
        return parse_upload(path.name, path.read_bytes(), received_at=EXPORTED_AT).daily

    expected = [run(path) for path in paths]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(run, paths * 4))
    for got, want in zip(results, expected * 4, strict=True):
        pd.testing.assert_frame_equal(got, want)


def test_a_year_of_daily_rows_parses_in_milliseconds() -> None:
    """A guard against accidental per-row slowness (the real target is >100k rows/s)."""
    path = EXAMPLES / "glowlab.studio" / "Followers_glowlab.studio.zip"
    data = path.read_bytes()
    timings = []
    for _ in range(10):
        start = time.perf_counter()
        parse_upload(path.name, data, received_at=EXPORTED_AT)
        timings.append(time.perf_counter() - start)
    assert sorted(timings)[5] < 0.05
