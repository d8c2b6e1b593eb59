"""Vectorised per-group reductions over contiguous group ids (no pandas groupby, no Python loop)."""

from __future__ import annotations

import numpy as np


def group_bounds(groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unique group ids of a sorted array and the start index of each."""
    if len(groups) == 0:
        return groups[:0], np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    return groups[starts], starts


def group_median(values: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Median of the finite ``values`` of each group (``groups`` sorted); NaN for a group with none.

    ``values`` is one series ``(n,)`` or several ``(k, n)`` sharing the groups (one result row
    each). The groups are short and contiguous (30-s windows, 10-s blocks), so each becomes a row
    of a NaN-padded matrix sorted along its rows: cheaper than a global sort.
    """
    values = np.asarray(values, dtype=float)
    ids, starts = group_bounds(groups)
    lead = values.shape[:-1]
    if len(ids) == 0:
        return np.zeros((*lead, 0))
    sizes = np.diff(np.r_[starts, len(groups)])
    width = int(sizes.max())
    position = np.arange(len(groups)) - np.repeat(starts, sizes)
    matrix = np.full((*lead, len(ids), width), np.nan)
    matrix[..., np.repeat(np.arange(len(ids)), sizes), position] = values
    matrix.sort(axis=-1)  # NaN sorts last
    counts = np.isfinite(matrix).sum(axis=-1, keepdims=True)
    lo = np.take_along_axis(matrix, np.maximum(counts - 1, 0) // 2, axis=-1)
    hi = np.take_along_axis(matrix, np.maximum(counts, 1) // 2 - (counts == 0), axis=-1)
    median = np.where(counts % 2 == 1, lo, (lo + hi) / 2)
    return np.where(counts > 0, median, np.nan)[..., 0]


def group_sum(values: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Sum of each group's values (NaN counted as 0)."""
    _, starts = group_bounds(groups)
    return np.add.reduceat(np.nan_to_num(values, nan=0.0), starts) if len(starts) else np.zeros(0)
