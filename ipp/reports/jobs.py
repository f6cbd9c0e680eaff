"""The background report job: takes a job id, writes the file, reports progress as it goes."""

import logging
import time
from pathlib import Path

from ipp.clock import utcnow
from ipp.jobs.queue import job_session
from ipp.reports import operations
from ipp.reports.generate import filter_from, write_report
from ipp.reports.models import ReportJob
from ipp.reports.translate import translator

log = logging.getLogger(__name__)


def run_report_job(job_id: str) -> None:
    """Safe to run twice or after a dead worker: only the runner that claimed it finishes it."""
    with job_session() as session:
        attempt = operations.claim(session, job_id, now=utcnow())
    if attempt is None:
        return
    try:
        _produce(job_id, attempt)
    except Exception as error:
        log.exception("report job %s failed", job_id)
        with job_session() as session:
            operations.fail(session, job_id, attempt, error=str(error), now=utcnow())


def _progress(job_id: str, attempt: int, total: int):
    last = [0.0]

    def report(rows: int) -> None:
        # A short transaction of its own, at most every second, so the page can poll it.
        if time.monotonic() - last[0] < 1.0:
            return
        last[0] = time.monotonic()
        with job_session() as session:
            operations.report_progress(session, job_id, attempt, rows=rows, total=total,
                                       now=utcnow())

    return report


def _produce(job_id: str, attempt: int) -> None:
    with job_session() as session:
        job = session.get(ReportJob, job_id)
        params, org_ids, fmt, total = dict(job.params), list(job.org_ids), job.format, job.total
        folder = Path(params["dir"])
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{job_id}-{attempt}.{fmt}"
        partial = path.with_suffix(path.suffix + ".part")
        rows = write_report(session, fmt, filter_from(org_ids, params), partial,
                            tr=translator(params["lang"]), timezone=params["timezone"],
                            now=utcnow(), progress=_progress(job_id, attempt, total))
    partial.replace(path)
    with job_session() as session:
        if not operations.finish(session, job_id, attempt, path=path, rows=rows, now=utcnow()):
            path.unlink(missing_ok=True)
