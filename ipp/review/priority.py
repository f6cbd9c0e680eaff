"""Claim order of the review queue and language/skill routing of reviewers (pure)."""

import re
import unicodedata
from bisect import bisect_left, insort
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol, TypeVar

from ipp.review.sla import SLA, ensure_utc

TAIL_LIMIT = timedelta(hours=20)
MAX_SKIP_AGE = timedelta(hours=4)
MIN_SKIP_SLACK = timedelta(hours=8)
HEALTH_SKILL = "health_safety"
# Admins type either spelling into a reviewer's skills; both mean the same training.
HEALTH_SKILLS = frozenset({HEALTH_SKILL, "health"})

# Cosmetics (3), pharmaceuticals (5), medical devices (10), foods and drinks (29-32).
HEALTH_NICE_CLASSES = frozenset({3, 5, 10, 29, 30, 31, 32})

# fmt: off
# Word starts, matched at a word boundary ("cosmetic" finds "Cosmetics", not "seafood"
# finding "food" mid-word is allowed on purpose: it is still food).
_WORD_TERMS = (
    # en
    "health", "medic", "medicine", "pharma", "drug", "injectable", "cosmetic", "beauty",
    "skin care", "skincare", "makeup", "make-up", "food", "grocer", "baby", "babies",
    "infant", "toddler", "nutrition", "supplement", "vitamin",
    # de
    "gesundheit", "medizin", "arznei", "apotheke", "kosmetik", "schönheit", "hautpflege",
    "lebensmittel", "nahrung", "säugling", "kleinkind",
    # fr
    "santé", "médic", "pharmacie", "cosmétique", "beauté", "soins de la peau", "alimenta",
    "épicerie", "bébé", "nourrisson",
    # es / it / pt
    "salud", "medicina", "medicamento", "farmacia", "cosmético", "belleza", "alimento",
    "comida", "bebé", "salute", "farmac", "cosmetic", "bellezza", "alimentari", "neonat",
    "saúde", "remédio", "farmácia", "beleza", "bebê",
    # ru
    "здоров", "медицин", "лекарств", "аптек", "космети", "красот", "продукты питания",
    "питани", "детское питание", "младен", "новорожд",
    # ar
    "صحة", "صحي", "دواء", "أدوية", "صيدلي", "تجميل", "غذاء", "غذائي", "طعام", "أطفال", "رضع",
)
# Scripts without spaces between words: a plain substring is the only sensible test.
_SUBSTRING_TERMS = (
    "健康", "医薬", "医药", "醫藥", "薬", "药", "藥", "化粧品", "化妆品", "化妝品", "美容",
    "スキンケア", "护肤", "護膚", "食品", "ベビー", "乳児", "乳幼児", "母婴", "母嬰", "婴儿",
    "嬰兒", "保健", "건강", "의약", "약품", "화장품", "뷰티", "스킨케어", "식품", "유아", "아기",
)
# fmt: on
_WORD_RE = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(t) for t in sorted(_WORD_TERMS, key=len, reverse=True)) + ")"
)


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    # Separators people use in category paths ("Beauty > Skin_care") become spaces.
    return re.sub(r"[\s_/>|&,;:-]+", " ", text)


def is_health_and_safety(category: str | None, nice_classes: Iterable[int] = ()) -> bool:
    """Medicines, injectables, cosmetics, food and baby goods: by Nice class, or by words in
    the listing's category in any shipped language."""
    if any(int(c) in HEALTH_NICE_CLASSES for c in nice_classes):
        return True
    if not category:
        return False
    text = _normalise(category)
    return bool(_WORD_RE.search(text)) or any(t in text for t in _SUBSTRING_TERMS)


def tail_cutoff(now: datetime, tail_limit: timedelta = TAIL_LIMIT) -> datetime:
    """due_at below this means older than the tail limit on the SLA clock.

    SLA-clock age = now - received_at - paused = now - (due_at - 24 h), so
    age > tail_limit  <=>  due_at < now + (24 h - tail_limit). Using due_at rather than
    received_at keeps a need-info complaint from jumping ahead just because it waited
    for the complainant (its paused time is not age).
    """
    return ensure_utc(now, "now") + (SLA - tail_limit)


def priority_key(
    *,
    health: bool,
    received_at: datetime,
    due_at: datetime,
    now: datetime,
    tail_limit: timedelta = TAIL_LIMIT,
    item_id: str | int = "",
) -> tuple:
    """Sort key; ascending order is claim order.

    1. the tail: older than `tail_limit` on the SLA clock (see tail_cutoff), oldest first
       i.e. earliest due_at first, health or not — these are the ones about to breach;
    2. then health-and-safety goods;
    3. then least slack: earliest due_at (a need-info answer keeps its old place because
       its due_at was moved by exactly the pause);
    4. then received_at, then id, so the order is total and repeatable.

    The database claim mirrors this exactly (see ORDER_BY), with :cutoff = tail_cutoff(now):
        ORDER BY (due_at < :cutoff) DESC,
                 (health AND NOT due_at < :cutoff) DESC,
                 due_at ASC, received_at ASC, id ASC
    """
    due_at = ensure_utc(due_at, "due_at")
    in_tail = due_at < tail_cutoff(now, tail_limit)
    return (not in_tail, not (health and not in_tail), due_at, ensure_utc(received_at), item_id)


# What the SQL claim must order by, for the lead to mirror (see priority_key).
ORDER_BY = (
    ("due_at < :cutoff", "DESC"),
    ("health AND NOT (due_at < :cutoff)", "DESC"),
    ("due_at", "ASC"),
    ("received_at", "ASC"),
    ("id", "ASC"),
)


def order_columns(now: datetime, tail_limit: timedelta = TAIL_LIMIT) -> dict:
    """The ORDER BY terms and the :cutoff bind value for a claim at `now`."""
    return {"order_by": ORDER_BY, "params": {"cutoff": tail_cutoff(now, tail_limit)}}


def reviewer_preference(
    complaint_language: str | None,
    complaint_health: bool,
    reviewer_languages: Iterable[str],
    reviewer_skills: Iterable[str],
) -> int:
    """0 best. Language weighs more than skill: reading the evidence at all comes first.
    0 = language and (if needed) health skill, 1 = language only, 2 = skill only, 3 = neither.
    A complaint with no known language suits everyone."""
    languages = {_base_language(lang) for lang in reviewer_languages}
    lang_ok = complaint_language is None or _base_language(complaint_language) in languages
    # zh_Hans and zh_Hant are different reading skills; other regional tags are not.
    if complaint_language and complaint_language.startswith("zh"):
        lang_ok = complaint_language in set(reviewer_languages)
    skill_ok = not complaint_health or has_health_skill(reviewer_skills)
    return (0 if lang_ok else 2) + (0 if skill_ok else 1)


def has_health_skill(skills: Iterable[str]) -> bool:
    return bool(HEALTH_SKILLS & set(skills))


def _base_language(tag: str) -> str:
    return tag if tag.startswith("zh") else tag.replace("-", "_").split("_")[0].lower()


def base_languages(tags: Iterable[str]) -> list[str]:
    """The reviewer's languages as reviewer_preference compares them (for the SQL claim)."""
    return sorted({_base_language(tag) for tag in tags})


class Candidate(Protocol):
    id: str
    language: str | None
    health: bool
    received_at: datetime
    due_at: datetime


@dataclass(frozen=True)
class Reviewer:
    id: str
    languages: frozenset[str] = field(default_factory=frozenset)
    skills: frozenset[str] = field(default_factory=frozenset)


C = TypeVar("C", bound=Candidate)


def must_not_skip(
    candidate: Candidate,
    now: datetime,
    max_skip_age: timedelta = MAX_SKIP_AGE,
    min_slack: timedelta = MIN_SKIP_SLACK,
) -> bool:
    """A candidate nobody may pass over: SLA-clock age above max_skip_age, or less than
    min_slack to its due time. This is what keeps routing from starving anything."""
    slack = ensure_utc(candidate.due_at) - now
    return SLA - slack > max_skip_age or slack < min_slack


def no_skip_cutoff(
    now: datetime, max_skip_age: timedelta = MAX_SKIP_AGE, min_slack: timedelta = MIN_SKIP_SLACK
) -> datetime:
    """must_not_skip(c) <=> c.due_at < this: slack < SLA - max_skip_age or slack < min_slack,
    both strict, so one comparison with the larger bound says the same (for the SQL claim)."""
    return ensure_utc(now, "now") + max(SLA - max_skip_age, min_slack)


def reviewer_of(
    user_id, languages: Iterable[str], skills: Iterable[str], fallback_language: str | None
) -> Reviewer:
    """A reviewer with no languages set reads at least the language of their own pages."""
    langs = frozenset(languages or ([fallback_language] if fallback_language else []))
    return Reviewer(str(user_id), langs, frozenset(skills or ()))


def pick_for_reviewer(
    candidates: Sequence[C],
    reviewer: Reviewer,
    now: datetime,
    look_ahead: int = 20,
    max_skip_age: timedelta = MAX_SKIP_AGE,
    min_slack: timedelta = MIN_SKIP_SLACK,
) -> C | None:
    """The candidate (given in claim order) this reviewer should take, or None if none.

    Takes the best-suited (lowest reviewer_preference, earliest on a tie) of the first
    `look_ahead` candidates, but never reaches past a candidate that must_not_skip: the
    choice is made among the candidates up to and including the first such one. So
    routing only reorders fresh work; anything aging or close to due goes in order.
    """
    now = ensure_utc(now, "now")
    best, best_pref = None, 99
    for candidate in candidates[:look_ahead]:
        pref = reviewer_preference(
            candidate.language, candidate.health, reviewer.languages, reviewer.skills
        )
        if pref < best_pref:
            best, best_pref = candidate, pref
        if best_pref == 0 or must_not_skip(candidate, now, max_skip_age, min_slack):
            break
    return best


class InMemoryQueue:
    """The claim of ipp.review.operations in memory (the simulator's queue): priority_key
    order, then pick_for_reviewer. Items need id, health, language, received_at, due_at."""

    name = "ipp"

    def __init__(self, look_ahead: int = 20, tail_limit: timedelta = TAIL_LIMIT):
        self.look_ahead, self.tail_limit = look_ahead, tail_limit
        self.lists: tuple[list, list] = ([], [])  # health, other; sorted by (due, received, id)
        self.by_id: dict[str, Candidate] = {}

    def __len__(self) -> int:
        return len(self.by_id)

    def push(self, c: Candidate, now: datetime) -> None:
        self.by_id[c.id] = c
        insort(self.lists[0 if c.health else 1], (c.due_at, c.received_at, c.id))

    def head(self, now: datetime) -> list[Candidate]:
        """The first look_ahead complaints in priority_key order, without sorting all:
        tail entries are a due_at-prefix of both lists, then health, then the rest."""
        cutoff, k = tail_cutoff(now, self.tail_limit), self.look_ahead
        health, other = self.lists
        picked, i, j = [], 0, 0
        while len(picked) < k:
            h = health[i] if i < len(health) and health[i][0] < cutoff else None
            o = other[j] if j < len(other) and other[j][0] < cutoff else None
            if h is None and o is None:
                break
            if o is None or (h is not None and h < o):
                picked.append(h)
                i += 1
            else:
                picked.append(o)
                j += 1
        picked += health[i : i + k - len(picked)]
        picked += other[j : j + k - len(picked)]
        found = [self.by_id[e[2]] for e in picked]
        return sorted(
            found,
            key=lambda c: priority_key(
                health=c.health,
                received_at=c.received_at,
                due_at=c.due_at,
                now=now,
                tail_limit=self.tail_limit,
                item_id=c.id,
            ),
        )

    def claim(self, reviewer: Reviewer, now: datetime) -> Candidate | None:
        chosen = pick_for_reviewer(self.head(now), reviewer, now, self.look_ahead)
        if chosen is not None:
            entries = self.lists[0 if chosen.health else 1]
            del entries[bisect_left(entries, (chosen.due_at, chosen.received_at, chosen.id))]
            del self.by_id[chosen.id]
        return chosen
