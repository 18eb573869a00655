"""Backtest of the forecast: how far off it is, and how often its range holds the truth.

Replays every synthetic series of the test suite (``tests/unit/synthetic.py``: each scenario
and its team's accounts), every bundled sample export (``examples/``) and any export named on
the command line. The scenarios are exact: every day gains and loses exactly its figures. An
account of people is not: its gains and losses are counts of people and vary from day to day.
So each day's gained and lost are drawn here as Poisson counts around the scenario's own
figures for that day (seeded per series, so every run prints the same), and the totals are
rebuilt from the first day's total and the drawn nets; each scenario is drawn ``DRAWS`` times,
independently. A scenario's breaks, purges and viral
days are in its figures, so they stay. A scenario with totals only (no gained/lost) draws its
gains around the day's net when positive and its losses around it when negative, each plus
``CHURN`` of the previous day's total: an account with a net of +60 on 10,000 followers gains
about 70 and loses about 10. The test suite's own scenarios stay exact. At each day with at
least ``MIN_HISTORY`` days of data behind it, the forecast is made from the data up to that
day alone and compared with the total actually recorded 7 and 28 days later. Prints, per
horizon, the forecast's median absolute error, how often the truth fell inside its 80% range,
and on the same cut points the median absolute error of two baselines: "no change" (the total
stays where it is) and "28-day drift" (the last 28 days' average daily net continues),
projected to whole followers as the forecast is.

Run: python -m bench.forecast_backtest [EXPORT ...] [--received-at ISO]
"""

from __future__ import annotations

import argparse
import inspect
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from bot.analytics.forecast import Forecast, Projection, daily_totals, forecast
from bot.analytics.formats import parse_upload
from bot.analytics.series import FollowerColumns
from tests.unit import synthetic

MIN_HISTORY = 28
DRIFT_DAYS = 28
HORIZONS = (7, 28)
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
# When the bundled Studio files were exported (examples/README.md): their dates have no year.
SAMPLES_EXPORTED = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
SEED = 20260331  # the synthetic series' noise; each series adds its own name to it
# Independent noise draws of each scenario: one draw of a few dozen series is a noisy estimate
# of how often a range holds (a draw's 7-day coverage moved by 3 points from seed to seed).
DRAWS = 5
CHURN = 0.001  # without a split, a thousandth of the followers leave (and as many join) a day


@dataclass
class Tally:
    errors: list[float] = field(default_factory=list)
    inside: int = 0
    no_change: list[float] = field(default_factory=list)
    drift: list[float] = field(default_factory=list)

    def add(self, projection: Projection, truth: float, last: float, drift: float) -> None:
        self.errors.append(abs(projection.total - truth))
        self.inside += projection.low <= truth <= projection.high
        self.no_change.append(abs(last - truth))
        # Whole followers, as the forecast projects them: rounding alone is no error.
        self.drift.append(abs(round(drift) - truth))

    def merge(self, other: Tally) -> None:
        self.errors += other.errors
        self.inside += other.inside
        self.no_change += other.no_change
        self.drift += other.drift

    def line(self, horizon: int) -> str:
        if not self.errors:
            return f"{horizon:>3} days: no forecasts with a known outcome"
        n = len(self.errors)
        return (
            f"{horizon:>3} days: {n:>5} forecasts · median absolute error "
            f"{np.median(self.errors):,.1f} followers · truth inside the 80% range "
            f"{self.inside / n:.1%} · baselines: no change {np.median(self.no_change):,.1f}, "
            f"28-day drift {np.median(self.drift):,.1f}"
        )


def synthetic_series() -> Iterator[tuple[str, pd.DataFrame]]:
    """Every scenario of the test suite that needs no arguments, its team included, plus the
    team scenarios and seeded noise at a few settings."""
    builders = {
        name: value
        for name, value in vars(synthetic).items()
        if inspect.isfunction(value)
        and inspect.signature(value).return_annotation in ("Scenario", synthetic.Scenario)
    }
    for name, build in sorted(builders.items()):
        parameters = inspect.signature(build).parameters
        if any(p.default is inspect.Parameter.empty for p in parameters.values()):
            variants = [(f"{name}({k})", build(k)) for k in range(5)]
        else:
            variants = [(name, build())]
        for label, scenario in variants:
            for draw in range(DRAWS):
                yield f"{label}#{draw}", of_people(scenario.daily, f"{label}#{draw}")
                for handle, member in scenario.team.items():
                    member_label = f"{label}/{handle}#{draw}"
                    yield member_label, of_people(member.daily, member_label)


def of_people(frame: pd.DataFrame, label: str) -> pd.DataFrame:
    """The scenario's days as an account of people would live them: each day's gained and lost
    drawn as Poisson counts around the scenario's (or, without a split, around its net plus
    ``CHURN`` of the total), and the totals rebuilt from the first one and the drawn nets."""
    rng = np.random.default_rng([SEED, zlib.crc32(label.encode())])
    totals = frame["followers"].dropna()
    nets = np.diff(totals.to_numpy(dtype=float))
    gained = frame["gained"].reindex(totals.index).to_numpy(dtype=float, na_value=np.nan)[1:]
    lost = frame["lost"].reindex(totals.index).to_numpy(dtype=float, na_value=np.nan)[1:]
    split = ~np.isnan(gained) & ~np.isnan(lost)
    churn = CHURN * totals.to_numpy(dtype=float)[:-1]
    gained = np.where(split, gained, np.maximum(nets, 0) + churn)
    lost = np.where(split, lost, np.maximum(-nets, 0) + churn)
    gained, lost = rng.poisson(gained).astype(float), rng.poisson(lost).astype(float)
    followers = totals.iloc[0] + np.concatenate(([0.0], np.cumsum(gained - lost)))
    return pd.DataFrame(
        {
            "followers": followers,
            "gained": np.concatenate(([np.nan], gained)),
            "lost": np.concatenate(([np.nan], lost)),
        },
        index=totals.index,
    )


def export_series(paths: list[Path], received_at: datetime) -> Iterator[tuple[str, pd.DataFrame]]:
    """Each folder of exports (or single file) as one account's daily totals."""
    for path in paths:
        files = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
        frames = []
        for file in files:
            if file.suffix.lower() not in (".zip", ".csv", ".xlsx"):
                continue
            parsed = parse_upload(file.name, file.read_bytes(), received_at=received_at)
            frames.append(parsed.daily["followers"].dropna())
        if frames:
            totals = pd.concat(frames)
            totals = totals[~totals.index.duplicated(keep="first")].sort_index()
            yield path.name, totals.to_frame("followers")


def columns_of(frame: pd.DataFrame) -> FollowerColumns:
    known = frame["followers"].dropna()
    days = np.array([d.toordinal() for d in known.index.date], dtype=np.int64)
    values = known.to_numpy(dtype=float)
    nan = np.full(len(days), np.nan)
    return FollowerColumns(days, values, nan, nan)


def replay(columns: FollowerColumns, tallies: dict[int, Tally]) -> int:
    """Forecast from every day with ``MIN_HISTORY`` days behind it; returns the forecasts made."""
    truth = dict(zip(columns.days.tolist(), columns.followers.tolist(), strict=True))
    first, totals = daily_totals(columns)
    made = 0
    for at in range(len(columns.days)):
        if columns.days[at] - columns.days[0] < MIN_HISTORY:
            continue
        past = FollowerColumns(
            columns.days[: at + 1],
            columns.followers[: at + 1],
            columns.gained[: at + 1],
            columns.lost[: at + 1],
        )
        day = int(columns.days[at])
        outlook = forecast(past, date.fromordinal(day))
        if not isinstance(outlook, Forecast):
            continue
        made += 1
        last = totals[day - first]
        pace = (last - totals[day - first - DRIFT_DAYS]) / DRIFT_DAYS
        for horizon in HORIZONS:
            actual = truth.get(day + horizon)
            if actual is not None:
                tallies[horizon].add(outlook.at(horizon), actual, last, last + pace * horizon)
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("exports", nargs="*", type=Path, help="export files or folders")
    parser.add_argument(
        "--received-at",
        type=datetime.fromisoformat,
        default=None,
        help="when the exports on the command line were downloaded (default: now)",
    )
    args = parser.parse_args()
    groups = {
        "synthetic series": list(synthetic_series()),
        "sample exports": list(
            export_series(sorted(p for p in EXAMPLES.iterdir() if p.is_dir()), SAMPLES_EXPORTED)
        ),
    }
    if args.exports:
        groups["exports given"] = list(
            export_series(args.exports, args.received_at or datetime.now(UTC))
        )
    overall = {h: Tally() for h in HORIZONS}
    for group, series in groups.items():
        tallies = {h: Tally() for h in HORIZONS}
        made = sum(replay(columns_of(frame), tallies) for _, frame in series)
        print(f"{group}: {len(series)} series, {made} forecasts")
        for horizon in HORIZONS:
            print("  " + tallies[horizon].line(horizon))
            overall[horizon].merge(tallies[horizon])
    print("all:")
    for horizon in HORIZONS:
        print("  " + overall[horizon].line(horizon))


if __name__ == "__main__":
    main()
