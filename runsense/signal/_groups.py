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
    """Median of the finite ``values`` of each group (``groups`` sorted); NaN for a group with none."""
    ids, starts = group_bounds(groups)
    if len(ids) == 0:
        return np.zeros(0)
    finite = np.isfinite(values)
    order = np.lexsort((np.where(finite, values, np.inf), groups))  # NaN last within each group
    sorted_values = values[order]
    counts = np.add.reduceat(finite.astype(np.int64), starts)
    lo = starts + np.maximum(counts - 1, 0) // 2
    hi = np.where(counts > 0, starts + counts // 2, lo)
    out = (sorted_values[lo] + sorted_values[hi]) / 2
    return np.where(counts > 0, out, np.nan)


def group_sum(values: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Sum of each group's values (NaN counted as 0)."""
    _, starts = group_bounds(groups)
    return np.add.reduceat(np.nan_to_num(values, nan=0.0), starts) if len(starts) else np.zeros(0)
