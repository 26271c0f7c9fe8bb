"""Real services for the reliability tests: a redis-server of the test's own, a Celery worker in another process
on the test database, and a second database connection that holds a lock while the worker runs into it.

Everything started here is a child process of the test, started in a session of its own and killed by its id
when the test ends, whatever happened. The shared Redis on 6379 is never touched: these tests stop theirs.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

ROOT = Path(__file__).resolve().parents[2]
REDIS_SERVER = "/usr/bin/redis-server"
PORTS = range(6391, 6400)  # this suite's own; other sessions use 6379 and their own ranges
QUEUES = ("celery", "heavy")  # the default queue and the heavy one (settings): the Redis lists a worker pops
NODE = "reliability@%h"


def wait_until(condition: Callable[[], object], *, timeout: float, what: str, every: float = 0.05):
    """Poll `condition` until it returns something true and return that; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(every)


def _ports_of_this_process() -> range:
    """This suite's ports, shared out among the parallel test processes (pytest-xdist's gw0, gw1, ...): two
    processes probing the same free port at once would both start a redis-server on it."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    count = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    if not worker.startswith("gw") or count <= 1:
        return PORTS
    share = PORTS[int(worker[2:]) % count :: count]
    return share or PORTS


def free_port() -> int:
    for port in _ports_of_this_process():
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS.start}-{PORTS.stop - 1} for a private redis-server")


def _kill(process: subprocess.Popen | None) -> None:
    """SIGKILL the process group a child leads (its pool processes too, even when it died first) and reap it."""
    if process is None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


class RedisServer:
    """A redis-server on a free port of this suite, without persistence: stopping it loses every message it
    held, as a crashed broker does."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None
        # No retries: a probe of a stopped server must say so at once (redis-py retries with backoff by default).
        self.client = redis.Redis(
            port=self.port, socket_timeout=2, socket_connect_timeout=1, retry=Retry(NoBackoff(), 0)
        )

    def start(self) -> None:
        command = [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        command += ["--daemonize", "no", "--logfile", ""]
        self.process = subprocess.Popen(  # noqa: S603 - a fixed binary and our own arguments
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        wait_until(self._answers, timeout=10, what=f"redis-server on port {self.port}")

    def stop(self) -> None:
        """Kill the server (SIGKILL: a crash, not a shutdown) and wait until its port refuses connections."""
        _kill(self.process)
        self.process = None
        wait_until(lambda: not self._answers(), timeout=5, what=f"redis-server on {self.port} to go away")

    def _answers(self) -> bool:
        try:
            return bool(self.client.ping())
        except redis.RedisError:
            return False

    def queued(self, *queues: str) -> int:
        """Messages waiting in `queues` (default: both; not those a worker holds)."""
        return sum(self.client.llen(queue) for queue in queues or QUEUES)

    def consumers(self) -> int:
        """Connections blocked popping the queue: a worker that is connected and ready for work."""
        return sum(client.get("cmd") == "brpop" for client in self.client.client_list())


def database_url(settings_dict: dict) -> str:
    """The URL of the database Django's connection uses (pytest-django's test database)."""
    user = quote(settings_dict["USER"] or "", safe="")
    password = quote(settings_dict["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else f"{user}@"
    host = settings_dict["HOST"] or "127.0.0.1"
    port = settings_dict["PORT"] or 5432
    return f"postgres://{credentials}{host}:{port}/{settings_dict['NAME']}"


class Worker:
    """`celery -A portal worker` in a process of its own, on `broker_url` and the database `db_url`, with the
    settings a deployment has (portal.settings.dev with REDIS_URL: nothing eager). Its log goes to a file,
    printed when a test fails."""

    def __init__(self, *, broker_url: str, db_url: str, concurrency: int = 2, queues: str = "") -> None:
        self.broker_url = broker_url
        self.db_url = db_url
        self.concurrency = concurrency
        self.queues = queues  # -Q: empty for every queue, as a worker started without it
        self.process: subprocess.Popen | None = None
        self.log = Path(tempfile.mkstemp(prefix="reliability-worker-", suffix=".log")[1])

    def start(self) -> None:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
            "DJANGO_DEBUG": "false",
            "DATABASE_URL": self.db_url,
            "REDIS_URL": self.broker_url,
            "DJANGO_CONN_MAX_AGE": "0",  # no connection left behind when pytest-django drops the test database
            "PYTHONUNBUFFERED": "1",
        }
        command = [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool", "prefork"]
        command += ["--concurrency", str(self.concurrency), "--prefetch-multiplier", "1", "-n", NODE]
        command += ["--without-mingle", "--without-gossip", "--without-heartbeat", "--loglevel", "INFO"]
        if self.queues:
            command += ["-Q", self.queues]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and command
                command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def stop(self) -> None:
        _kill(self.process)
        self.process = None

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def pool_processes(self) -> list[int]:
        """The pids of the worker's pool processes (its children)."""
        assert self.process is not None
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [int(pid) for pid in children]

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@contextlib.contextmanager
def publishing_to(broker_url: str) -> Iterator[None]:
    """Make this process send its Celery tasks to `broker_url` instead of running them eagerly (what the test
    settings do), as a web process with REDIS_URL does; put everything back afterwards."""
    from portal.celery import app

    saved = {name: app.conf[name] for name in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=broker_url, task_always_eager=False)
    _forget_connections(app)
    try:
        yield
    finally:
        _forget_connections(app)
        app.conf.update(saved)


def _forget_connections(app) -> None:
    """Close and forget the pooled broker connections (kombu keeps them per URL, for the whole process), so the
    next send connects to the broker now configured."""
    from kombu import pools

    pools.reset()
    app._pool = None
    with contextlib.suppress(AttributeError, KeyError):
        app.__dict__["amqp"]._producer_pool = None


class LockHolder:
    """A second connection to the test database, in a transaction of its own: what it locks, the worker waits
    for, and the test can watch the worker wait (pg_locks)."""

    def __init__(self, settings_dict: dict) -> None:
        import psycopg2

        self.connection = psycopg2.connect(
            dbname=settings_dict["NAME"],
            user=settings_dict["USER"] or None,
            password=settings_dict["PASSWORD"] or None,
            host=settings_dict["HOST"] or "127.0.0.1",
            port=settings_dict["PORT"] or 5432,
        )

    def lock_table(self, table: str) -> None:
        """Forbid writes to `table` (readers still pass) until `release`."""
        with self.connection.cursor() as cursor:
            cursor.execute(f'LOCK TABLE "{table}" IN EXCLUSIVE MODE')  # our own table name

    def waiting_on(self, table: str) -> list[int]:
        """The backends waiting for a lock on `table`."""
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT l.pid FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                "WHERE c.relname = %s AND NOT l.granted",
                [table],
            )
            return [pid for (pid,) in cursor.fetchall()]

    def backends_alive(self, pids: list[int]) -> list[int]:
        """Which of the backends `pids` still exist. Outside the lock's transaction only: within one, Postgres
        answers from the snapshot of activity it took at the first look."""
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT pid FROM pg_stat_activity WHERE pid = ANY(%s)", [pids])
            alive = [pid for (pid,) in cursor.fetchall()]
        self.connection.rollback()
        return alive

    def release(self) -> None:
        self.connection.rollback()

    def close(self) -> None:
        self.connection.close()
