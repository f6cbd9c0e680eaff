"""Imports the modules that register sweep steps, so `ipp sweep` runs them all."""

import ipp.accounts.sweep  # noqa: F401
import ipp.counter_notices.operations  # noqa: F401
import ipp.jobs.outbox  # noqa: F401
import ipp.marks.expiry  # noqa: F401
import ipp.notifications.listener  # noqa: F401  (with its outbox sweep step)
import ipp.reports.sweep  # noqa: F401
import ipp.reputation.sweep  # noqa: F401
import ipp.review.forecast  # noqa: F401
import ipp.review.operations  # noqa: F401
