"""The demo's people: brand owners, a law firm, reviewers, an admin, a seller; agents' letters."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from ipp.accounts.operations import authorize_agent, create_user
from ipp.accounts.queries import org_by_name
from ipp.marks.queries import mark_by_key
from ipp.review.priority import HEALTH_SKILL

PASSWORD = "demo-password"
ADMIN_EMAIL = "admin@ipp.example"
AGENT_FIRM = "Harper & Lin IP LLP"


@dataclass(frozen=True)
class DemoUser:
    role: str
    email: str
    org: str | None
    language: str
    review_languages: tuple[str, ...] = ()
    review_skills: tuple[str, ...] = ()


USERS = (
    DemoUser("admin", ADMIN_EMAIL, None, "en"),
    DemoUser("reviewer", "reviewer.zh@ipp.example", None, "zh_Hans", ("en", "zh_Hans"),
             (HEALTH_SKILL,)),
    DemoUser("reviewer", "reviewer.ja@ipp.example", None, "ja", ("ja", "en")),
    DemoUser("rights_holder", "brand@nimbus.example", "Nimbus Athletics Inc.", "en"),
    DemoUser("rights_holder", "brand@aurelle.example", "Maison Aurelle SA", "fr"),
    DemoUser("rights_holder", "brand@longteng.example", "Hangzhou Longteng Technology Co., Ltd.",
             "zh_Hans"),
    DemoUser("rights_holder", "brand@kohaku.example", "Kohaku Optical Co., Ltd.", "ja"),
    DemoUser("agent", "counsel@harper-lin.example", AGENT_FIRM, "en"),
    # A seller's organisation name is its seller id in the listings file.
    DemoUser("seller", "seller@bluecrane.example", "bluecrane-outlet", "zh_Hans"),
)

# The law firm acts for two brands: for one on every mark, for the other on one mark only,
# so the demo shows both kinds of letter (and an agent refused for a mark it does not cover).
LETTERS = (
    ("Nimbus Athletics Inc.", None, None),
    ("Maison Aurelle SA", [("WIPO", "1398455")], timedelta(days=180)),
)


def logins() -> list[tuple[str, str]]:
    return [(user.role, user.email) for user in USERS]


def create_people(session: Session, *, now: datetime) -> None:
    for spec in USERS:
        user = create_user(session, actor=None, email=spec.email, password=PASSWORD,
                           role=spec.role, org_name=spec.org, language=spec.language, now=now)
        user.review_languages = list(spec.review_languages)
        user.review_skills = list(spec.review_skills)
    session.flush()


def grant_letters(session: Session, *, now: datetime) -> None:
    """Needs the marks imported: a letter may name the marks it covers."""
    agent = org_by_name(session, AGENT_FIRM)
    for principal_name, marks, runs_for in LETTERS:
        principal = org_by_name(session, principal_name)
        mark_ids = None if marks is None else [mark_by_key(session, office, number).id
                                               for office, number in marks]
        authorize_agent(session, actor=None, agent_org=agent, principal_org=principal,
                        mark_ids=mark_ids, valid_from=(now - timedelta(days=365)).date(),
                        valid_until=(now + runs_for).date() if runs_for else None, now=now)
