"""Jobs domain."""

# The outbox table and the scale indices belong to the schema wherever jobs are used.
import ipp.jobs.models  # noqa: F401, E402
