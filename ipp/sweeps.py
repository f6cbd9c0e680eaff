"""Imports the modules that register sweep steps, so `ipp sweep` runs them all."""

import ipp.review.operations  # noqa: F401
import ipp.reputation.sweep  # noqa: F401
