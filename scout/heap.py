"""Fewer glibc malloc arenas for `scout run`.

glibc gives each thread that allocates while another holds the main arena a heap of its own
(up to 8 x cores of them, each reserving 64 MiB of address space and keeping freed pages
resident). asyncio's default executor (`to_thread`, getaddrinfo), aiosqlite's connection
threads and uvicorn's start each add one, so a process whose work is one event loop carried
MiB of half-empty arenas (bench.memory, 1,000 users for 60 s: peak 223 MiB with glibc's
default, 213 MiB with two). Two arenas keep contention low for those few threads.
Called before any thread starts: arenas already created stay. A no-op off glibc.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import platform

M_ARENA_MAX = -8  # glibc's malloc.h
ARENAS = 2


def limit_arenas(arenas: int = ARENAS) -> bool:
    """mallopt(M_ARENA_MAX, arenas) on glibc; whether it was applied."""
    if platform.libc_ver()[0] != "glibc":
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return False
    return bool(libc.mallopt(M_ARENA_MAX, arenas))
