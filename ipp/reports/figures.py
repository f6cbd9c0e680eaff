"""Pure figures for the platform dashboard: handling-time percentiles and the 24-hour share."""

import math
from collections.abc import Sequence


def percentile(values: Sequence[float], share: float) -> float | None:
    """Nearest-rank percentile of already sorted values; None when there are none."""
    if not values:
        return None
    rank = max(1, math.ceil(share * len(values)))
    return values[rank - 1]


def handling_summary(hours: list[float], breached: int, open_past_due: int) -> dict:
    """Share within 24 h counts open breaches too, as the SLA dashboard does."""
    ordered = sorted(hours)
    counted = len(ordered) + open_past_due
    within = (len(ordered) - breached) / counted if counted else None
    return {"decided": len(ordered), "within_24h": within,
            "median_hours": percentile(ordered, 0.5), "p99_hours": percentile(ordered, 0.99)}
