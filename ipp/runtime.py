"""Builds the settings, engine (schema upgraded) and session factory for a command or worker."""

from dataclasses import dataclass

from sqlalchemy.orm import sessionmaker

# Every table on the metadata: a job or command may touch one table whose foreign keys name
# others (an audit entry's actor, a user account) that its own imports never load.
import ipp.models  # noqa: F401
from ipp.db import make_engine, make_sessionmaker
from ipp.jobs import queue as jobs
from ipp.migrate import upgrade
from ipp.settings import Settings, load_settings


@dataclass
class CommandRuntime:
    settings: Settings
    engine: object
    session_factory: sessionmaker


def command_runtime(**overrides) -> CommandRuntime:
    settings = load_settings(**overrides)
    engine = make_engine(settings.database_url)
    upgrade(engine)
    factory = make_sessionmaker(engine)
    jobs.configure(factory, settings.redis_url)
    return CommandRuntime(settings, engine, factory)
