"""Local data (SQLite, its WAL, the embedded Redis AOF, generated keys) for its owner only.

The AOF can hold a live dashboard token and the database holds encrypted tokens and
audit rows, so the data directory is 0700 and the files in it 0600, whatever the umask.
"""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_UMASK = 0o077  # for child processes (the embedded Redis) writing into the dir


def private_dir(path: Path) -> Path:
    """Create `path` (and missing parents) and make it 0700."""
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


def private_file(path: Path) -> Path:
    """Create `path` empty if missing, and make it 0600. SQLite gives its -wal and -shm
    files the database file's permissions, so making the database 0600 first covers them
    (https://www.sqlite.org/tempfiles.html, unix VFS `findCreateFileMode`).

    A missing folder is made 0700; an existing one is left as it is: a DATABASE_URL in
    /var/tmp or a shared folder must not take that folder from its other users (closing
    /var/tmp to everyone but root stopped PostgreSQL's initdb on this machine)."""
    if not path.parent.exists():
        private_dir(path.parent)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    path.chmod(0o600)
    for sibling in (Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        if sibling.exists():
            sibling.chmod(0o600)
    return path
