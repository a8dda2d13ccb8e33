"""deploy/terraform, checked offline: it parses, it is documented, it keeps secrets out.

`terraform validate` needs the providers, which come from the Terraform registry: not
reachable here. So the module is parsed with python-hcl2 (the HCL2 grammar), every
argument and block name is checked against a snapshot of the Google provider's schema
(tests/schemas/terraform/google-6.50.0.json, taken from the provider's CDKTF bindings on
PyPI by scripts/terraform_schema_snapshot.py), and its structure against the issue.
`terraform fmt -check` runs when a terraform binary is on PATH (it needs no providers).
checkov's Terraform checks run in tests/deploy/test_deploy_checkov.py.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import hcl2

from tests.infra.kustomize import rendered

ROOT = Path(__file__).resolve().parents[2]
MODULE = ROOT / "deploy" / "terraform"
PROVIDER_SCHEMA = ROOT / "tests" / "schemas" / "terraform" / "google-6.50.0.json"
# Terraform's own meta-arguments, valid on every resource
META_ARGUMENTS = {"count", "depends_on", "for_each", "lifecycle", "provider"}

Block = dict[str, Any]


def unquote(value: Any) -> Any:
    """python-hcl2 keeps the quotes of string literals and labels."""
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


@cache
def module() -> dict[str, list[Block]]:
    merged: dict[str, list[Block]] = {}
    files = sorted(MODULE.glob("*.tf"))
    assert files
    for path in files:
        with path.open(encoding="utf-8") as handle:
            parsed = hcl2.load(handle)
        for key, blocks in parsed.items():
            if not key.startswith("__"):
                merged.setdefault(key, []).extend(blocks)
    return merged


def named(kind: str) -> dict[str, Block]:
    """`variable`/`output` blocks by name."""
    return {unquote(name): body for block in module().get(kind, []) for name, body in
            block.items()}  # fmt: skip


def resources(kind: str = "resource") -> dict[tuple[str, str], Block]:
    found = {}
    for block in module().get(kind, []):
        for rtype, instances in block.items():
            for name, body in instances.items():
                found[(unquote(rtype), unquote(name))] = body
    return found


def one(rtype: str) -> Block:
    (body,) = [b for (t, _), b in resources().items() if t == rtype]
    return body


def unknown_arguments(body: Any, schema: dict[str, Any], path: str) -> list[str]:
    if isinstance(body, list):
        return [bad for item in body for bad in unknown_arguments(item, schema, path)]
    if not isinstance(body, dict):
        return []
    unknown = []
    for key, value in body.items():
        name = unquote(key)
        if name.startswith("__") or name in META_ARGUMENTS:
            continue
        if name == "dynamic":  # dynamic "block" { content { ... } }
            for block in value if isinstance(value, list) else [value]:
                for label, inner in block.items():
                    label = unquote(label)
                    if label not in schema:
                        unknown.append(f"{path}.{label}")
                    elif schema[label] is not None:
                        unknown += unknown_arguments(inner["content"], schema[label], path)
            continue
        if name not in schema:
            unknown.append(f"{path}.{name}")
        elif schema[name] is not None:  # a block: its own arguments
            unknown += unknown_arguments(value, schema[name], f"{path}.{name}")
    return unknown


def test_every_argument_exists_in_the_provider_schema() -> None:
    schema = json.loads(PROVIDER_SCHEMA.read_text(encoding="utf-8"))
    unknown: list[str] = []
    checked = 0
    for kind in ("resource", "data"):
        for (rtype, name), body in resources(kind).items():
            if not rtype.startswith("google_"):
                continue
            key = f"{kind}.{rtype}"
            assert key in schema, f"{key}: regenerate (scripts/terraform_schema_snapshot.py)"
            unknown += unknown_arguments(body, schema[key], f"{rtype}.{name}")
            checked += 1
    assert checked >= 20
    assert not unknown, unknown
    # the walk does catch a misspelt argument, top-level or nested
    wrong = {"tier": '"STANDARD_HA"', "persistence_config": [{"persistence_mod": '"RDB"'}]}
    assert unknown_arguments(wrong, schema["resource.google_redis_instance"], "r") == [
        "r.persistence_config.persistence_mod"
    ]


def test_every_variable_and_output_is_documented() -> None:
    variables, outputs = named("variable"), named("output")
    assert len(variables) >= 10 and len(outputs) >= 8
    for name, body in variables.items():
        assert len(unquote(body.get("description", ""))) > 20, name
        assert "type" in body, name
    for name, body in outputs.items():
        assert len(unquote(body.get("description", ""))) > 15, name
        assert body.get("sensitive") is not True, f"{name}: outputs carry no secrets"


def test_terraform_and_providers_are_pinned() -> None:
    (settings,) = module()["terraform"]
    assert "1.11" in unquote(settings["required_version"])  # write-only arguments
    (providers,) = settings["required_providers"]
    assert unquote(providers["google"]["source"]) == "hashicorp/google"
    assert unquote(providers["random"]["source"]) == "hashicorp/random"


def test_it_provisions_what_the_issue_asks_for() -> None:
    types = {t for t, _ in resources()}
    assert {
        "google_container_cluster", "google_container_node_pool",
        "google_sql_database_instance", "google_sql_database", "google_sql_user",
        "google_redis_instance", "google_artifact_registry_repository", "google_dns_record_set",
        "google_secret_manager_secret", "google_compute_router_nat",
    } <= types  # fmt: skip

    (settings,) = one("google_sql_database_instance")["settings"]
    (backups,) = settings["backup_configuration"]
    assert backups["enabled"] is True and backups["point_in_time_recovery_enabled"] is True
    (network,) = settings["ip_configuration"]
    assert network["ipv4_enabled"] is False  # private IP only

    redis = one("google_redis_instance")
    assert unquote(redis["tier"]) == "STANDARD_HA"
    (persistence,) = redis["persistence_config"]
    assert unquote(persistence["persistence_mode"]) == "RDB"
    assert unquote(redis["redis_configs"]["maxmemory-policy"]) == "noeviction"

    registry = one("google_artifact_registry_repository")
    assert registry["docker_config"][0]["immutable_tags"] is True  # tags pin images (overlays)

    record = one("google_dns_record_set")
    assert "var.public_hostname" in unquote(record["name"])
    assert "google_compute_address.ingress" in str(record["rrdatas"])


def test_the_database_password_never_enters_the_state() -> None:
    # generated by an ephemeral resource (not stored), written through write-only arguments
    assert ("random_password", "database") in resources("ephemeral")
    assert not [key for key in resources() if key[0] in {"random_password", "random_string"}]
    user = one("google_sql_user")
    assert "password" not in user
    assert "ephemeral.random_password.database" in user["password_wo"]
    kind = "google_secret_manager_secret_version"
    versions = [body for (rtype, _), body in resources().items() if rtype == kind]
    assert versions
    for version in versions:
        assert "secret_data" not in version and "secret_data_wo" in version
    for name, body in named("variable").items():
        if re.search(r"password|secret|token|key", name) and name != "database_password_version":
            raise AssertionError(f"variable {name}: secrets are generated, not passed in")
        assert body.get("sensitive") is not True, name


def test_the_database_accepts_every_connection_the_prod_overlay_can_open() -> None:
    from core.db.engine import create_engine

    engine = create_engine("postgresql+asyncpg://scout:unused@db.invalid/scout")  # no connect
    per_process = engine.pool.size() + engine.pool._max_overflow  # type: ignore[attr-defined]
    docs = {(d["kind"], d["metadata"]["name"]): d for d in rendered("prod")}
    processes = (
        docs[("Deployment", "scout-api")]["spec"]["replicas"]
        + docs[("Deployment", "scout-bot")]["spec"]["replicas"]
        + docs[("ScaledObject", "scout-worker")]["spec"]["maxReplicaCount"]
    )
    (settings,) = one("google_sql_database_instance")["settings"]
    flags = {unquote(f["name"]): unquote(f["value"]) for f in settings["database_flags"]}
    # room for the backup, the migrate Job and an operator besides the app
    assert processes * per_process + 10 <= int(flags["max_connections"])


def test_prod_overlay_matches_the_private_services_range() -> None:
    default = unquote(named("variable")["private_services_cidr"]["default"])
    overlay = ROOT / "deploy" / "kubernetes" / "overlays" / "prod" / "kustomization.yaml"
    assert f"cidr: {default}" in overlay.read_text(encoding="utf-8")


def test_terraform_fmt_when_available() -> None:
    terraform = shutil.which("terraform")
    if terraform is None:
        return  # optional tool; the parse above always runs
    result = subprocess.run(
        [terraform, "fmt", "-check", "-recursive", "-diff", str(MODULE)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout
