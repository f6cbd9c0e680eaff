"""Typed settings read from the IPP_* environment variables (api.md's table)."""

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    redis_url: str | None
    secret_key: str
    api_rate_limit: int = 100
    lease_minutes: int = 15
    max_upload_bytes: int = 25 * 1024 * 1024
    scheduler: bool = True
    testing: bool = False
    # Session cookies only over HTTPS (set behind a TLS-terminating load balancer).
    secure_cookies: bool = False
    # Seconds between a failed job's retries (rq Retry); the tests shorten them.
    job_retry_intervals: tuple[int, ...] = (10, 60, 300)
    extra: dict = field(default_factory=dict)

    @property
    def inline_jobs(self) -> bool:
        return not self.redis_url


def _secret_key(data_dir: Path) -> str:
    """A key generated once into the data dir, so sessions survive restarts."""
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


def retry_intervals(env: dict | None = None) -> tuple[int, ...]:
    """IPP_JOB_RETRY_INTERVALS, e.g. "10,60,300": one retry per figure, that many seconds apart."""
    env = os.environ if env is None else env
    text = env.get("IPP_JOB_RETRY_INTERVALS") or "10,60,300"
    return tuple(int(part) for part in text.split(",") if part.strip())


def load_settings(env: dict | None = None, **overrides) -> Settings:
    env = os.environ if env is None else env
    data_dir = Path(env.get("IPP_DATA_DIR") or "./instance").resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    values = dict(
        data_dir=data_dir,
        database_url=env.get("IPP_DATABASE_URL") or f"sqlite:///{data_dir / 'ipp.db'}",
        redis_url=env.get("IPP_REDIS_URL") or None,
        secret_key=env.get("IPP_SECRET_KEY") or _secret_key(data_dir),
        api_rate_limit=int(env.get("IPP_API_RATE_LIMIT") or 100),
        scheduler=(env.get("IPP_SCHEDULER", "1") != "0"),
        secure_cookies=(env.get("IPP_SECURE_COOKIES", "0") == "1"),
        job_retry_intervals=retry_intervals(env),
    )
    values.update(overrides)
    return Settings(**values)
