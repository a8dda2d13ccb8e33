"""A real PostgreSQL cluster for the test session: initdb into a temp dir, loopback only."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _bin(name: str) -> str:
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None
    )
    if not found:
        raise RuntimeError(f"{name} not found: install PostgreSQL (apt-get install postgresql-15)")
    return found


class PostgresServer:
    """PostgreSQL refuses to run as root, so under root it runs as the `postgres` user."""

    def __init__(self, base_dir: Path) -> None:
        self.dir = base_dir / "pgdata"
        self.port = free_port()
        self.user = "scout"
        self._process: subprocess.Popen[bytes] | None = None
        self._run_as: str | None = None
        if os.geteuid() == 0:
            self._run_as = "postgres"
            pwd.getpwnam(self._run_as)  # fails clearly when the account is missing

    def _chown(self, path: Path) -> None:
        if self._run_as:
            entry = pwd.getpwnam(self._run_as)
            os.chown(path, entry.pw_uid, entry.pw_gid)

    def start(self, timeout: float = 30.0) -> None:
        self.dir.parent.mkdir(parents=True, exist_ok=True)
        self._chown(self.dir.parent)
        subprocess.run(
            [_bin("initdb"), "-D", str(self.dir), "-U", self.user, "--auth=trust",
             "--encoding=UTF8", "--no-sync"],
            check=True, capture_output=True, user=self._run_as,
        )  # fmt: skip
        self.resume(timeout)

    def resume(self, timeout: float = 30.0) -> None:
        """Start the server on its existing data directory and port."""
        self._process = subprocess.Popen(
            [_bin("postgres"), "-D", str(self.dir), "-p", str(self.port),
             "-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={self.dir}",
             "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
             "-c", "max_connections=200"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, user=self._run_as,
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while True:
            ready = subprocess.run(
                [_bin("pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)],
                capture_output=True, check=False,
            )  # fmt: skip
            if ready.returncode == 0:
                return
            if self._process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("PostgreSQL did not start")
            time.sleep(0.1)

    def dsn(self, database: str = "postgres") -> str:
        return f"postgresql+asyncpg://{self.user}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        subprocess.run(
            [_bin("psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", self.user,
             "-d", "postgres", "-q", "-c", f'CREATE DATABASE "{name}"'],
            check=True, capture_output=True,
        )  # fmt: skip
        return self.dsn(name)

    def pause(self) -> None:
        """Stop the server, keeping its data: `resume()` brings it back on the same port."""
        self.stop()
        if self._process is not None:
            self._process.wait(15)

    def stop(self) -> None:
        if self._process and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(15)
            except subprocess.TimeoutExpired:
                self._process.kill()
