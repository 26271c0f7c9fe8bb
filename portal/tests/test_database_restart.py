"""PostgreSQL restarted under load: while it is down every request answers at once with a clean error (503 from
/healthz, our own 500 page elsewhere), and once it is back the same gunicorn serves again without a restart.

Real services only: a PRIVATE PostgreSQL cluster made with `initdb` in a temporary directory (the shared server on
5432 is never touched), migrated once, and gunicorn with production settings (two workers) in front of it. Both run
as child processes of the test and are stopped in `finally`, the cluster's directory removed. Skipped when the
PostgreSQL server binaries, the `postgres` OS user or gunicorn are missing (a failure with REQUIRE_SERVICES=1).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import glob
import json
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]
DATABASE = "h_faults"
# A request must come back well within this while the database is down: a clean error, never a hang.
PROMPT = 5.0
# And the portal must serve again within this after the database is back, by itself.
RECOVERY = 15.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


class Cluster:
    """A throw-away PostgreSQL cluster in `directory`, run by the `postgres` OS user on `port` (127.0.0.1 only,
    its socket in the directory too), with trust authentication: nothing else can reach it."""

    def __init__(self, bin_dir: Path, directory: Path) -> None:
        self.bin_dir = bin_dir
        self.directory = directory
        self.data = directory / "data"
        self.port = _free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/{DATABASE}"

    def _as_postgres(self, *command: str, timeout: float = 60) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run(  # noqa: S603 - fixed binaries and our own arguments
            [*prefix, *command], check=True, capture_output=True, timeout=timeout
        )

    def create(self) -> None:
        if os.geteuid() == 0:
            postgres = pwd.getpwnam("postgres")
            os.chown(self.directory, postgres.pw_uid, postgres.pw_gid)
        self._as_postgres(
            str(self.bin_dir / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
            "--no-sync",
        )  # fmt: skip

    def start(self) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._as_postgres(
            str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.directory / "log"),
            "-w", "start",
        )  # fmt: skip

    def stop(self) -> None:
        self._as_postgres(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def create_database(self) -> None:
        self._as_postgres(str(self.bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), DATABASE)

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()


def _get(url: str, *, cookie: str = "") -> tuple[int, str, float]:
    """Status, body and seconds taken of a GET; a hang shows as the timeout's error after PROMPT * 3 seconds."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310 - http://127.0.0.1
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=PROMPT * 3) as response:  # noqa: S310
            status, body = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read().decode()
    return status, body, time.monotonic() - started


def _under_load(requests: list[tuple[str, str]], *, rounds: int = 4) -> list[tuple[int, str, float]]:
    """Every request of `requests` (url, cookie) `rounds` times, four at a time: the two workers stay busy."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(_get, url, cookie=cookie) for _ in range(rounds) for url, cookie in requests]
        return [future.result() for future in futures]


def _manage(env: dict, *args: str, timeout: float = 120) -> str:
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


# Signs an enterprise user in without the sign-in form (which needs HTTPS cookies): a session as login() makes.
SIGN_IN = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from portal.models import User
from portal.core.roles import Role
user = User.objects.create_user(email="restart@example.com", password="a-long-password-1", full_name="Restart")
user.add_role(Role.ENTERPRISE)
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""


def test_requests_fail_cleanly_while_postgresql_is_down_and_the_portal_recovers_by_itself():
    bin_dir = _postgres_bin()
    if bin_dir is None:
        skip_or_fail("the PostgreSQL server binaries (/usr/lib/postgresql/*/bin/initdb) are not installed")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            skip_or_fail("there is no `postgres` OS user to run a private cluster as")
    gunicorn = Path(sys.executable).with_name("gunicorn")
    if not gunicorn.exists():
        skip_or_fail(f"gunicorn is not installed at {gunicorn}")

    directory = Path(tempfile.mkdtemp(prefix="pg-restart-"))
    cluster = Cluster(bin_dir, directory)
    server: subprocess.Popen | None = None
    log = directory / "gunicorn.log"
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    try:
        cluster.create()
        cluster.start()
        cluster.create_database()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_CACHE_URL": "locmemcache://",
            "DJANGO_STATIC_ROOT": str(directory / "static"),
            "DJANGO_PRIVATE_ROOT": str(directory / "private"),
            "DATABASE_URL": cluster.url,
            # Redis db 15: nothing here queues a task; /healthz only pings it.
            "REDIS_URL": os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15",
            "PYTHONUNBUFFERED": "1",
        }
        env.pop("DJANGO_CONN_MAX_AGE", None)  # production's default: persistent connections, health-checked
        # The 500 page links the stylesheet through the manifest storage: collect it, as a deployment does.
        collect = subprocess.Popen(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env
        )
        _manage(env, "migrate", "--no-input", "-v0", timeout=180)
        session_key = _manage(env, "shell", "-c", SIGN_IN).strip().splitlines()[-1]
        assert collect.wait(timeout=180) == 0
        with log.open("ab") as output:
            server = subprocess.Popen(  # noqa: S603 - our own interpreter's gunicorn
                [str(gunicorn), "portal.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}", "--timeout", "30"],
                cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        cookie = f"sessionid={session_key}"
        pages = [(f"{base}/healthz", ""), (f"{base}/", cookie), (f"{base}/enterprises/mine/", cookie)]
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(OSError):
                if _get(f"{base}/healthz")[0] == 200:
                    break
            assert server.poll() is None, f"gunicorn exited:\n{log.read_text(errors='replace')}"
            assert time.monotonic() < deadline, f"gunicorn never answered:\n{log.read_text(errors='replace')}"
            time.sleep(0.2)

        # Up: every page answers, the signed-in ones as the signed-in user (persistent connections opened).
        for status, body, _ in _under_load(pages):
            assert status == 200, body[:500]
        assert json.loads(_get(f"{base}/healthz")[1])["database"] == "up"
        assert "Restart" in _get(f"{base}/", cookie=cookie)[1]

        cluster.stop()
        # Down: at once a clean error, in our own words, from both workers (their persistent connections broke).
        for (url, _), (status, body, took) in zip(pages * 4, _under_load(pages), strict=True):
            assert took < PROMPT, f"{url} took {took:.1f} s with the database down"
            if url.endswith("/healthz"):
                assert status == 503
                assert json.loads(body)["database"] == "down"
            else:
                assert status == 500, body[:500]
                assert "Something went wrong" in body
                assert "Traceback" not in body and "OperationalError" not in body
        # The sign-in page needs no database for an anonymous visitor: it still opens.
        assert _get(f"{base}/accounts/login/")[0] == 200

        cluster.start()
        # Back: the same gunicorn serves again within seconds, its workers reconnecting by themselves.
        recovered = time.monotonic() + RECOVERY
        while _get(f"{base}/healthz")[0] != 200:
            assert time.monotonic() < recovered, "the portal did not recover after PostgreSQL came back"
            time.sleep(0.2)
        for status, body, _ in _under_load(pages):
            assert status == 200, body[:500]
        assert "Restart" in _get(f"{base}/", cookie=cookie)[1]
        assert server.poll() is None, "gunicorn was restarted"
    finally:
        if server is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, 9)
            server.wait(timeout=10)
        if cluster.running():
            with contextlib.suppress(subprocess.SubprocessError):
                cluster.stop()
        shutil.rmtree(directory, ignore_errors=True)
