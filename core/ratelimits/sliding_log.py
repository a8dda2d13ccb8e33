"""A sliding log in Redis: a request budget shared by every process of the deployment.

Every process on this machine draws from the same log, so bot, worker and api together
never exceed a limit in any window (Upwork's 10 requests/s, Telegram's 30 messages/s).
(The `limits` package's moving window was measured letting 20 requests into one second
here, as it rounds its reset time; this log is exact to the microsecond.)

`SharedRateLimiter.acquire` waits for a slot (right for our own calls to Upwork);
`try_take` never waits: it takes a slot or says how long until one frees up, which is
what a public HTTP route needs to answer 429 with `Retry-After`. A request that needs
several budgets at once (a Telegram message: its chat's and the bot-wide one) takes one
slot of each in one round trip, all or none: `take_all`, or `acquire_all` to wait.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from redis.asyncio import Redis
from redis.exceptions import RedisError
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_delay, wait_exponential

from core.ratelimits.lanes import (
    BULK_PATIENCE_SECONDS,
    MARK_SECONDS,
    YIELD_SECONDS,
    Lane,
    Turn,
)

log = logging.getLogger(__name__)

# A release that met a Redis restart is tried again for this long: a chat's one slot left
# leased would hold its messages for the whole lease (a minute) after Redis is back.
LATE_RELEASE_SECONDS = 30.0
_late_releases: set[asyncio.Task[None]] = set()

# Uses the Redis server's clock, so processes with drifting clocks still agree.
# Returns 0 when a slot was taken, else the microseconds until the oldest one frees up.
# A slot is scored with the time it last counts from: now, or with a lease (ARGV[4] > 0)
# now + lease, so a request still in flight counts as sent "now" until it is released.
# The key lives as long as its newest slot counts, never shorter (a lease outlives `now`).
_TAKE_SLOT = """
local now = redis.call('TIME')
local now_us = tonumber(now[1]) * 1000000 + tonumber(now[2])
local window_us = tonumber(ARGV[1])
local lease_us = tonumber(ARGV[4] or '0')
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now_us - window_us)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now_us + lease_us, ARGV[3])
  local newest = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
  redis.call('PEXPIREAT', KEYS[1], math.floor((tonumber(newest[2]) + window_us) / 1000) + 1000)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.min(math.max(tonumber(oldest[2]) + window_us - now_us, 1), window_us)
"""


# Moves each taken slot of KEYS' logs to now (its request was answered only now), after
# ARGV[1] keys to SET (with a TTL of ARGV[2] seconds) to ARGV[3..]; then ARGV holds each
# slot's id and window.
_TOUCH_SLOTS = """
local now = redis.call('TIME')
local now_us = tonumber(now[1]) * 1000000 + tonumber(now[2])
local sets = tonumber(ARGV[1])
for i = 1, sets do
  redis.call('SET', KEYS[i], ARGV[2 + i], 'EX', ARGV[2])
end
for i = sets + 1, #KEYS do
  local at = 2 + sets + 2 * (i - sets)
  local window_us = tonumber(ARGV[at])
  redis.call('ZADD', KEYS[i], now_us, ARGV[at - 1])
  local newest = redis.call('ZRANGE', KEYS[i], -1, -1, 'WITHSCORES')
  redis.call('PEXPIREAT', KEYS[i], math.floor((tonumber(newest[2]) + window_us) / 1000) + 1000)
end
return 0
"""
# _TAKE_SLOT for each log of KEYS, all or none, after ARGV[1] keys that skip it all when each
# already holds its value (ARGV[3..]); then ARGV holds each log's window, limit, slot id and
# lease. ARGV[2] is the message's lane (core.ratelimits.lanes; 0: none): then the last key
# holds the marks of interactive waiters, and the last ARGV say which log they guard (its
# number), the mark's token, whether to keep it after taking, and the mark's and a yield's
# microseconds. Returns {0, ...} when every slot was taken, {1, ...} when none was (a log is
# full, or a bulk message yields), {-1, 0, 0} when skipped; then the number (from 1) of the
# first log full now (0 if none) and the microseconds until its oldest slot frees up.
_TAKE_SLOTS = """
local now = redis.call('TIME')
local now_us = tonumber(now[1]) * 1000000 + tonumber(now[2])
local guards = tonumber(ARGV[1])
local lane = tonumber(ARGV[2])
local logs = #KEYS - guards - (lane > 0 and 1 or 0)
local function arg(i, n) return ARGV[2 + guards + 4 * (i - 1) + n] end
local waiting, guarded, token, keep, mark_us, yield_us
if lane > 0 then
  local at = 2 + guards + 4 * logs
  waiting, guarded, token = KEYS[#KEYS], tonumber(ARGV[at + 1]), ARGV[at + 2]
  keep, mark_us, yield_us = ARGV[at + 3] == '1', tonumber(ARGV[at + 4]), tonumber(ARGV[at + 5])
  redis.call('ZREMRANGEBYSCORE', waiting, '-inf', now_us)
end
local function mark()
  redis.call('ZADD', waiting, now_us + mark_us, token)
  redis.call('PEXPIRE', waiting, math.floor(mark_us / 1000) + 1000)
end
if guards > 0 then
  local held = true
  for i = 1, guards do
    if redis.call('GET', KEYS[i]) ~= ARGV[2 + i] then held = false break end
  end
  if held then
    if lane == 1 and not keep then redis.call('ZREM', waiting, token) end
    return {-1, 0, 0}
  end
end
local function first_full()
  for i = 1, logs do
    local key, window_us = KEYS[guards + i], tonumber(arg(i, 1))
    if redis.call('ZCARD', key) >= tonumber(arg(i, 2)) then
      local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
      return i, math.min(math.max(tonumber(oldest[2]) + window_us - now_us, 1), window_us)
    end
  end
  return 0, 0
end
for i = 1, logs do
  redis.call('ZREMRANGEBYSCORE', KEYS[guards + i], '-inf', now_us - tonumber(arg(i, 1)))
end
local full, wait_us = first_full()
if full == 0 and lane == 2 and redis.call('ZCARD', waiting) > 0 then
  full, wait_us = guarded, yield_us  -- room, but interactive messages wait for it
end
if full > 0 then
  if lane == 1 and (full == guarded or keep) then mark() end
  return {1, full, wait_us}
end
for i = 1, logs do
  local key, window_us = KEYS[guards + i], tonumber(arg(i, 1))
  redis.call('ZADD', key, now_us + tonumber(arg(i, 4)), arg(i, 3))
  local newest = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
  redis.call('PEXPIREAT', key, math.floor((tonumber(newest[2]) + window_us) / 1000) + 1000)
end
if lane == 1 then
  if keep then mark() else redis.call('ZREM', waiting, token) end
end
full, wait_us = first_full()
return {0, full, wait_us}
"""


class SharedRateLimiter:
    def __init__(self, redis: Redis, limit: int, *, name: str, window_seconds: float = 1.0) -> None:
        self._redis = redis
        self._key = f"scout:ratelimit:{name}"
        self._limit = limit
        self._window_us = int(window_seconds * 1_000_000)
        self._script = redis.register_script(_TAKE_SLOT)
        self._touch_all = redis.register_script(_TOUCH_SLOTS)
        self._take_all = redis.register_script(_TAKE_SLOTS)

    @property
    def key(self) -> str:
        return self._key

    async def acquire(self, lease_seconds: float = 0.0) -> str:
        """Wait until one more request fits in the window, then take it; the slot's id.

        With a lease the slot counts as "now" until `release` (or the end of the lease), as
        `hold` does for callers that cannot wrap the request in a block.
        """
        return await self._take(int(lease_seconds * 1_000_000))

    @asynccontextmanager
    async def hold(self, lease_seconds: float) -> AsyncIterator[None]:
        """Hold a slot around one request: it counts as sent "now" for as long as the block
        runs, then for one window after it ends.

        The server sees the request at some moment between the slot's grant and the answer,
        however late a busy event loop or machine sends it; counting the slot over that whole
        span keeps any `limit` consecutive grants a full window apart at the server. Stamping
        the moment of sending instead leaves the trip after the stamp uncounted. `lease_seconds`
        bounds the span if this process dies before the block ends.
        """
        slot = await self._take(int(lease_seconds * 1_000_000))
        try:
            yield
        finally:
            await self.release(slot)

    async def release(self, slot: str) -> None:
        """End a leased slot's flight: it counts from now on, for one window."""
        await release_all([(self, slot)])

    async def try_acquire(self, lease_seconds: float = 0.0) -> str | None:
        """Take a slot if one is free right now; the slot's id, else None."""
        member, wait_us = await self._try(int(lease_seconds * 1_000_000))
        return member if wait_us == 0 else None

    async def _take(self, lease_us: int) -> str:
        while True:
            member, wait_us = await self._try(lease_us)
            if wait_us == 0:
                return member
            await asyncio.sleep(wait_us / 1_000_000)

    async def _try(self, lease_us: int) -> tuple[str, int]:
        member = secrets.token_hex(8)
        args: list[str | int] = [self._window_us, self._limit, member, lease_us]
        return member, int(await self._script(keys=[self._key], args=args))


Slots = list[tuple[SharedRateLimiter, str]]


@dataclass(frozen=True)
class Taken:
    """What ``take_all`` got: every slot, or none (``refused``: a log is full), or none because
    its work was found done (``skipped``). ``full`` is the first log with no room after the
    call (the one that refused, or one this take filled) and ``wait`` the seconds until it
    has room again: nobody need ask before."""

    slots: Slots = field(default_factory=list)
    full: SharedRateLimiter | None = None
    wait: float = 0.0

    @property
    def refused(self) -> bool:
        return not self.slots and self.full is not None

    @property
    def skipped(self) -> bool:
        return not self.slots and self.full is None


async def take_all(
    limiters: Sequence[SharedRateLimiter],
    lease_seconds: float,
    *,
    unless_held: Mapping[str, str] | None = None,
    turn: Turn | None = None,
) -> Taken:
    """One slot of each log (at least one, all on one Redis client), all or none, in one
    round trip.

    A request that needs several budgets (a chat's and the bot-wide one) holds none while it
    waits for another. Nothing is taken either when every key of ``unless_held`` already holds
    its value: the caller's work was done meanwhile (the edit is already on screen). ``turn``
    puts the request in a lane (core.ratelimits.lanes): a bulk one is refused the guarded
    log while an interactive one waits for it.
    """
    if not limiters or any(limiter._redis is not limiters[0]._redis for limiter in limiters):
        raise ValueError("take_all needs logs on one Redis client")
    guards = dict(unless_held or {})
    members = [secrets.token_hex(8) for _ in limiters]
    lease_us = int(lease_seconds * 1_000_000)
    args: list[str | int] = [len(guards), int(turn.lane) if turn else 0, *guards.values()]
    for limiter, member in zip(limiters, members, strict=True):
        args += [limiter._window_us, limiter._limit, member, lease_us]
    logs = [limiter._key for limiter in limiters]
    keys = [*guards, *logs]
    if turn is not None:
        guarded = 1 + logs.index(turn.log_key)
        keys.append(turn.waiting_key)
        mark_us, yield_us = int(MARK_SECONDS * 1_000_000), int(YIELD_SECONDS * 1_000_000)
        args += [guarded, turn.token, int(turn.keep), mark_us, yield_us]
    outcome, full, wait_us = await limiters[0]._take_all(keys=keys, args=args)
    slots = list(zip(limiters, members, strict=True)) if outcome == 0 else []
    return Taken(
        slots=slots,
        full=limiters[int(full) - 1] if full else None,
        wait=int(wait_us) / 1_000_000,
    )


async def acquire_all(
    limiters: Sequence[SharedRateLimiter], lease_seconds: float, *, turn: Turn | None = None
) -> Slots:
    """Wait until each log has room, then take one slot of each (``take_all``): none is held
    idle while another is awaited, and it costs one round trip when none is full. A bulk
    ``turn`` waits in its lane for BULK_PATIENCE_SECONDS at most, then asks as any request."""
    patience_ends = asyncio.get_running_loop().time() + BULK_PATIENCE_SECONDS
    while True:
        taken = await take_all(limiters, lease_seconds, turn=turn)
        if not taken.refused:
            return taken.slots
        bulk = turn is not None and turn.lane is Lane.BULK
        if bulk and asyncio.get_running_loop().time() >= patience_ends:
            turn = None  # waited long enough in its lane
        await asyncio.sleep(taken.wait)


async def release_all(
    slots: Sequence[tuple[SharedRateLimiter, str]],
    *,
    and_set: Mapping[str, str] | None = None,
    ttl_seconds: int = 0,
) -> None:
    """``release`` of each slot, in one round trip per Redis client rather than one each
    (a bot reply holds two: its chat's and the bot-wide one). ``and_set`` rides along with
    the first client's: keys set, for ``ttl_seconds``, as the request's answer is in."""
    groups: dict[int, list[tuple[SharedRateLimiter, str]]] = {}
    for limiter, slot in slots:
        groups.setdefault(id(limiter._redis), []).append((limiter, slot))
    values = dict(and_set or {})
    for group in groups.values():
        try:
            await _touch(group, values, ttl_seconds)
        except RedisError:
            log.warning("rate limit slots not released yet", extra={"keys": _logs(group)})
            _release_later(group)
        values = {}


async def _touch(slots: Slots, values: Mapping[str, str], ttl_seconds: int) -> None:
    """One _TOUCH_SLOTS call: ``slots`` (of one Redis client) count from now, ``values`` set."""
    keys = [*values, *_logs(slots)]
    args: list[str | int] = [len(values), ttl_seconds, *values.values()]
    for limiter, slot in slots:
        args += [slot, limiter._window_us]
    await slots[0][0]._touch_all(keys=keys, args=args)


def _logs(slots: Slots) -> list[str]:
    return [limiter._key for limiter, _ in slots]


def _release_later(slots: Slots) -> None:
    """Release slots again in the background once Redis answers (bounded; past that, their
    leases still end them: slots lost for a while, never one too many). The keys that rode
    along are not set late: a newer answer may have set them meanwhile."""

    async def retry() -> None:
        try:
            async for attempt in AsyncRetrying(
                retry=retry_if_exception_type(RedisError),
                stop=stop_after_delay(LATE_RELEASE_SECONDS),
                wait=wait_exponential(multiplier=0.25, max=4),
                reraise=True,
            ):
                with attempt:
                    await _touch(slots, {}, 0)
        except RedisError:
            log.warning("rate limit slots left to their leases", extra={"keys": _logs(slots)})

    task = asyncio.create_task(retry())
    _late_releases.add(task)
    task.add_done_callback(_late_releases.discard)


async def try_take(redis: Redis, key: str, limit: int, window: float) -> float:
    """Take one slot of `limit` per `window` seconds under `key`.

    Returns 0 when the slot was taken, else the seconds until the oldest one frees up
    (nothing is recorded for a refused request).
    """
    if limit < 1 or window <= 0:
        raise ValueError("limit must be >= 1 and window > 0")
    script = redis.register_script(_TAKE_SLOT)
    member = secrets.token_hex(8)
    wait_us = int(await script(keys=[key], args=[int(window * 1_000_000), limit, member]))
    return 0.0 if wait_us == 0 else wait_us / 1_000_000
