"""The options every background task takes, written once: late acknowledgement (a worker that dies mid-task leaves
the message to another), retries with backoff for what may pass (a database restart, a lock timeout), and time
limits (a soft one the task may catch, a hard one after which the worker process is replaced). A task is safe to
run twice; the outbox's sweeper waits for its hard limit before presuming it lost (portal.core.outbox)."""

RETRIED = {"acks_late": True, "autoretry_for": (Exception,), "retry_backoff": True, "max_retries": 5}

# A step's follow-up: notices, one enterprise's re-evaluation or alerts, a sweep.
SHORT = {**RETRIED, "soft_time_limit": 240, "time_limit": 300}
# Work over the whole pool: the nightly passes, a chunk of a re-evaluation run.
LONG = {**RETRIED, "soft_time_limit": 1800, "time_limit": 1900}
