"""Discrete-event simulation of the review queue: IPP's claim order against FIFO."""

import heapq
import math
import random
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from ipp.complaints.routing import choose_lane
from ipp.complaints.states import Lane, Verdict
from ipp.review.priority import (
    HEALTH_SKILL,
    TAIL_LIMIT,
    InMemoryQueue,
    Reviewer,
    is_health_and_safety,
    reviewer_preference,
)
from ipp.review.sla import SlaItem, compute_due_at, sla_figures

START = datetime(2026, 3, 2, tzinfo=UTC)  # a Monday
# (start hour UTC, share of the day's reviewer hours): fewer at night.
SHIFTS = ((6, 0.40), (14, 0.37), (22, 0.23))
# Weekly shape before the Monday factor: quieter weekends.
WEEKDAY_WEIGHTS = (None, 1.0, 1.0, 1.0, 1.0, 0.6, 0.6)
# fmt: off
LANGUAGES = (("en", 35), ("zh_Hans", 18), ("de", 8), ("ja", 7), ("es", 7), ("fr", 6),
             ("ko", 4), ("pt_BR", 4), ("it", 3), ("ru", 3), ("ar", 3), ("zh_Hant", 2))
HEALTH_CATEGORIES = (("Health & Personal Care", 5), ("Beauty > Skin care", 3),
                     ("Lebensmittel", 29), ("化妆品", 3), ("Baby", 10), ("ベビー用品", 28))
OTHER_CATEGORIES = (("Shoes", 25), ("Handbags", 18), ("Electronics", 9), ("Watches", 14),
                    ("Apparel", 25), ("Sports", 28), ("手机配件", 9), ("Spielzeug", 28))
# fmt: on


@dataclass(frozen=True)
class Scenario:
    days: int = 28
    per_day: int = 2000
    monday_factor: float = 2.0
    trusted_share: float = 0.3
    need_info_share: float = 0.05
    utilisation: float = 0.85
    median_minutes: float = 4.0
    sigma: float = 0.6  # log-normal spread of handling time; mean = median * e^(sigma^2/2)
    health_share: float = 0.15
    mismatch_factor: float = 1.0  # handling slows by this outside the reviewer's language
    seed: int = 1

    def mean_minutes(self) -> float:
        return self.median_minutes * math.exp(self.sigma**2 / 2)


@dataclass(slots=True)
class SimComplaint:
    id: str
    received_at: datetime
    due_at: datetime
    language: str
    health: bool
    lane: Lane
    work: list[float]  # minutes of each handling, in order (two when need_info)
    answer_after: timedelta | None  # complainant's delay when the first handling asks
    pauses: list = field(default_factory=list)
    decided_at: datetime | None = None


def _daily_weight(hour: float) -> float:
    # Peak mid-afternoon UTC (Europe and the Americas overlap), trough around 02:00.
    return 1 + 0.5 * math.sin(2 * math.pi * (hour - 8) / 24)


def _weekday_weights(monday_factor: float) -> list[float]:
    rest = sum(w for w in WEEKDAY_WEIGHTS if w)
    scale = max(0.1, 7 - monday_factor) / rest  # the week still averages one day's volume
    return [monday_factor] + [w * scale for w in WEEKDAY_WEIGHTS[1:]]


def _draw(rng: random.Random, table) -> object:
    return rng.choices([v for v, _ in table], weights=[w for _, w in table])[0]


def make_complaint(rng: random.Random, n: int, at: datetime, sc: Scenario) -> SimComplaint:
    trusted = rng.random() < sc.trusted_share
    # Trusted complainants' complaints verify cleanly; the others need a person somewhere.
    verdicts = [Verdict.PASS] if trusted else [Verdict.PASS, Verdict.REVIEW]
    lane = choose_lane(verdicts, "trusted" if trusted else "standard")
    health_goods = rng.random() < sc.health_share
    category, nice = rng.choice(HEALTH_CATEGORIES if health_goods else OTHER_CATEGORIES)
    asks = lane is Lane.STANDARD and rng.random() < sc.need_info_share
    work = [rng.lognormvariate(math.log(sc.median_minutes), sc.sigma) for _ in range(1 + asks)]
    return SimComplaint(
        id=f"C{n:07d}",
        received_at=at,
        due_at=compute_due_at(at),
        language=_draw(rng, LANGUAGES),
        health=is_health_and_safety(category, [nice]),
        lane=lane,
        work=work,
        answer_after=timedelta(hours=rng.uniform(2, 30)) if asks else None,
    )


def arrivals(sc: Scenario) -> list[SimComplaint]:
    """A Poisson stream whose rate follows the hour of day and the day of week."""
    rng = random.Random(sc.seed)
    daily = [sum(_daily_weight(h + m / 4) for m in range(4)) / 4 for h in range(24)]
    week = _weekday_weights(sc.monday_factor)
    out: list[SimComplaint] = []
    for day in range(sc.days):
        for hour in range(24):
            rate = sc.per_day * week[day % 7] * daily[hour] / sum(daily)  # per hour
            t = rng.expovariate(rate) if rate > 0 else 1.0
            while t < 1.0:
                at = START + timedelta(days=day, hours=hour + t)
                out.append(make_complaint(rng, len(out), at, sc))
                t += rng.expovariate(rate)
    return out


def roster(sc: Scenario) -> list[tuple[int, list[Reviewer]]]:
    """Reviewers per shift, the same every day, sized for the target utilisation."""
    work_hours = sc.per_day * (1 - sc.trusted_share) * (1 + sc.need_info_share)
    people = max(len(SHIFTS), round(work_hours * sc.mean_minutes() / 60 / sc.utilisation / 8))
    # Largest remainder, so the head count honours the utilisation rather than rounding thrice.
    quotas = [people * share for _, share in SHIFTS]
    counts = [int(q) for q in quotas]
    for i in sorted(range(len(SHIFTS)), key=lambda i: counts[i] - quotas[i])[
        : people - sum(counts)
    ]:
        counts[i] += 1
    spoken = [lang for lang, _ in LANGUAGES[1:]]
    out, k = [], 0
    for (start, _), count in zip(SHIFTS, counts, strict=True):
        staff = []
        for _ in range(count):
            # Everyone reads English and two more, dealt round so each shift covers many.
            langs = frozenset({"en", spoken[k % len(spoken)], spoken[(k + 5) % len(spoken)]})
            skills = frozenset({HEALTH_SKILL}) if k % 3 == 0 else frozenset()
            staff.append(Reviewer(f"R{k:03d}", langs, skills))
            k += 1
        out.append((start, staff))
    return out


class FifoQueue:
    """The baseline, with the same push/claim interface as InMemoryQueue: first into the
    queue, first claimed; an answered need-info rejoins at the back, as in a plain ticket
    queue."""

    name = "fifo"

    def __init__(self):
        self.items: deque[SimComplaint] = deque()

    def __len__(self) -> int:
        return len(self.items)

    def push(self, c: SimComplaint, now: datetime) -> None:
        self.items.append(c)

    def claim(self, reviewer: Reviewer, now: datetime) -> SimComplaint | None:
        return self.items.popleft() if self.items else None


def _handling_minutes(c: SimComplaint, reviewer: Reviewer, sc: Scenario) -> float:
    pref = reviewer_preference(c.language, c.health, reviewer.languages, reviewer.skills)
    # Outside one's language costs the full factor; missing the health skill half of it.
    slow = 1 + (sc.mismatch_factor - 1) * ((pref >= 2) + (pref % 2) / 2)
    return c.work[len(c.pauses)] * slow


class _Run:
    """One policy over one arrival stream; time only moves by popping the event heap."""

    def __init__(self, queue, complaints: list[SimComplaint], sc: Scenario, progress):
        self.queue, self.sc, self.progress = queue, sc, progress
        self.complaints = [replace(c, pauses=[]) for c in complaints]
        self.events: list = []
        self.seq = 0
        self.idle: dict[str, tuple[Reviewer, datetime]] = {}  # insertion order = idle longest
        self.busy_minutes = 0.0

    def post(self, at: datetime, kind: str, *data) -> None:
        self.seq += 1
        heapq.heappush(self.events, (at, self.seq, kind, data))

    def dispatch(self, now: datetime) -> None:
        while self.queue and self.idle:
            rid = next(iter(self.idle))
            reviewer, shift_end = self.idle.pop(rid)
            if shift_end <= now:
                continue
            c = self.queue.claim(reviewer, now)
            minutes = _handling_minutes(c, reviewer, self.sc)
            self.busy_minutes += minutes
            self.post(now + timedelta(minutes=minutes), "finish", reviewer, c, shift_end)

    def finish(self, c: SimComplaint, now: datetime) -> bool:
        if c.answer_after is not None and not c.pauses:
            c.pauses.append((now, None))  # need_info: the clock stops until the answer
            self.post(now + c.answer_after, "answer", c)
            return False
        c.decided_at = now
        return True

    def run(self) -> datetime:
        for c in self.complaints:
            self.post(c.received_at, "arrive", c)
        for day in range(self.sc.days + 14):  # the last days drain what is left
            for hour, people in roster(self.sc):
                start = START + timedelta(days=day, hours=hour)
                for reviewer in people:
                    self.post(start, "shift", reviewer, start + timedelta(hours=8))
        remaining, day_seen, now = len(self.complaints), -1, START
        while self.events and remaining:
            now, _, kind, data = heapq.heappop(self.events)
            if (now - START).days != day_seen and self.progress:
                day_seen = (now - START).days
                self.progress(f"{self.queue.name}: day {day_seen + 1}, queue {len(self.queue)}")
            if kind == "arrive":
                if data[0].lane is not Lane.STANDARD:  # fast lane: decided at filing
                    data[0].decided_at = now
                    remaining -= 1
                    continue
                self.queue.push(data[0], now)
            elif kind == "answer":
                c = data[0]
                c.pauses[-1] = (c.pauses[-1][0], now)
                c.due_at = compute_due_at(c.received_at, c.pauses)
                self.queue.push(c, now)
            elif kind == "shift":
                self.idle[data[0].id] = (data[0], data[1])
            elif kind == "finish":
                reviewer, c, shift_end = data
                remaining -= self.finish(c, now)
                if now < shift_end:
                    self.idle[reviewer.id] = (reviewer, shift_end)
            self.dispatch(now)
        return now


def simulate(
    queue,
    complaints: list[SimComplaint],
    sc: Scenario,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """Run one policy; its figures as `ipp bench sla` prints them (hours, paused excluded)."""
    sim = _Run(queue, complaints, sc, progress)
    end = sim.run()
    items = [
        SlaItem(
            c.received_at,
            c.due_at,
            c.decided_at,
            sum((b - a).total_seconds() for a, b in c.pauses if b),
        )
        for c in sim.complaints
    ]
    fig = sla_figures(items, end)
    return {
        "within_24h": round(fig.within_24h or 0.0, 4),
        "p50_hours": round(fig.median_hours or 0.0, 2),
        "p99_hours": round(fig.p99_hours or 0.0, 2),
        "max_hours": round(fig.max_hours or 0.0, 2),
        "breaches": sum(1 for it in items if it.decided_at is None or it.decided_at > it.due_at),
        "open_at_end": fig.open,
        "reviewer_hours_worked": round(sim.busy_minutes / 60, 1),
    }


def bench(
    sc: Scenario, progress: Callable[[str], None] | None = None, tail_limit: timedelta = TAIL_LIMIT
) -> dict:
    """Both policies on the same arrival stream and roster."""
    stream = arrivals(sc)
    staff = roster(sc)
    planned = sum(len(p) for _, p in staff) * 8 * sc.days
    work = sum(sum(c.work) for c in stream if c.lane is Lane.STANDARD) / 60
    return {
        "complaints": len(stream),
        "policies": {
            "fifo": simulate(FifoQueue(), stream, sc, progress),
            "ipp": simulate(InMemoryQueue(tail_limit=tail_limit), stream, sc, progress),
        },
        "parameters": {
            **sc.__dict__,
            "tail_hours": tail_limit.total_seconds() / 3600,
            "reviewers_per_shift": [len(p) for _, p in staff],
            "utilisation_realised": round(work / planned, 3),
        },
    }
