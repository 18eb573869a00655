"""The posts frame (``bot.analytics.model``) from a table of videos."""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

from bot.analytics.formats._table import Table
from bot.analytics.formats.base import FileNote, ImportNote
from bot.analytics.model import POST_COUNTS

_VIDEO_ID = re.compile(r"/(?:video|photo)/(\d{5,25})")


def posts_from(
    ids: np.ndarray,
    posted_at: np.ndarray,
    titles: np.ndarray,
    values: Mapping[str, pd.arrays.IntegerArray],
) -> pd.DataFrame:
    """A posts frame from arrays: ``posted_at`` is naive ``datetime64[ns]`` in UTC."""
    return pd.DataFrame(
        {
            "post_id": ids.astype(object),
            "posted_at": pd.DatetimeIndex(posted_at).tz_localize("UTC"),
            "title": titles.astype(object),
            **{name: values[name] for name in POST_COUNTS},
        },
        copy=False,
    )


def _no_posts() -> pd.DataFrame:
    empty = np.array([], dtype=object)
    none = pd.arrays.IntegerArray(np.array([], np.int64), np.array([], bool))
    return posts_from(
        empty, np.array([], "datetime64[ns]"), empty, dict.fromkeys(POST_COUNTS, none)
    )


# Copied, never handed out or changed: a copy costs a fraction of building a frame anew.
_NO_POSTS = _no_posts()


def no_posts() -> pd.DataFrame:
    return _NO_POSTS.copy()


def posts(
    table: Table,
    links: np.ndarray,
    titles: np.ndarray,
    posted_at: np.ndarray,
    values: Mapping[str, pd.arrays.IntegerArray],
) -> tuple[pd.DataFrame, list[FileNote]]:
    """One row per video, keyed by the id in its link (the link itself if it has none).

    A row without a link cannot be told apart from others, so it is skipped and reported;
    a video listed twice is kept once, as first listed.
    """
    ids = np.array(
        [match[1] if (match := _VIDEO_ID.search(link)) else link for link in links], dtype=object
    )
    keep = links != ""
    skipped = []
    if not keep.all():
        skipped.append(
            FileNote(
                ImportNote.VIDEOS_WITHOUT_LINK,
                table.name,
                {"count": int((~keep).sum()), "row": int(table.rows[int(np.argmin(keep))])},
            )
        )
    _, firsts = np.unique(ids, return_index=True)
    unique = np.zeros(len(ids), bool)
    unique[firsts] = True
    keep &= unique
    frame = posts_from(
        ids[keep],
        posted_at[keep],
        titles[keep],
        {name: values[name][keep] for name in POST_COUNTS},
    )
    return frame, skipped
