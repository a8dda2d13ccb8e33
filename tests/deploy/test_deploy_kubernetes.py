"""deploy/kubernetes, checked offline: rendered by kustomize, validated against schemas.

Each overlay is rendered by `kubectl kustomize` (kustomize v5 inside kubectl >= 1.27; the
machine image ships kubectl). Every object is validated against the Kubernetes OpenAPI
schemas of the versions in K8S_VERSIONS, strictly (unknown fields fail), as shipped offline by the
`kubernetes-validate` package; KEDA's ScaledObject against its own CRD schema
(tests/schemas/keda, KEDA v2.20.2). No cert-manager object is rendered (the Ingress only
names a ClusterIssuer in an annotation), and a test below makes sure no other custom kind
slips in unvalidated. Then the rules of the issue: probes, resources, non-root read-only
pods, secrets by reference, NetworkPolicies, PodDisruptionBudgets, queue-depth scaling.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import pytest
import yaml

from core.config.settings import Settings, load_settings
from tests.infra.kustomize import rendered

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
OVERLAYS = ("dev", "prod")
# GKE's REGULAR channel spans these as of 2026; both schemas ship with kubernetes-validate
K8S_VERSIONS = ("1.33.0", "1.35.0")
KEDA_CRD = ROOT / "tests" / "schemas" / "keda" / "keda.sh_scaledobjects-v2.20.2.yaml"
APP = "upwork-scout"
SECRET_SETTINGS = {
    "BOT_TOKEN", "WEBHOOK_SECRET", "DATABASE_URL", "REDIS_URL", "UPWORK_CLIENT_SECRET",
    "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "ENCRYPTION_KEYS", "SECRET_KEY", "METRICS_TOKEN",
    "SMTP_URL", "SMS_AUTH_TOKEN", "PGPASSWORD", "POSTGRES_PASSWORD",
}  # fmt: skip

Doc = dict[str, Any]


def render(overlay: str) -> tuple[Doc, ...]:
    return rendered(overlay)


def find(overlay: str, kind: str, name: str) -> Doc:
    matches = [d for d in render(overlay) if d["kind"] == kind and d["metadata"]["name"] == name]
    assert len(matches) == 1, f"{overlay}: {kind}/{name} rendered {len(matches)} times"
    return matches[0]


def pod_spec(doc: Doc) -> Doc:
    if doc["kind"] == "CronJob":
        return dict(doc["spec"]["jobTemplate"]["spec"]["template"]["spec"])
    return dict(doc["spec"]["template"]["spec"])


def workloads(overlay: str) -> Iterator[Doc]:
    kinds = {"Deployment", "StatefulSet", "Job", "CronJob"}
    return (d for d in render(overlay) if d["kind"] in kinds)


def app_workload(overlay: str, component: str) -> Doc:
    kind = "Job" if component == "migrate" else "Deployment"
    return find(overlay, kind, f"scout-{component}")


@pytest.mark.parametrize("version", K8S_VERSIONS)
@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_core_object_matches_the_kubernetes_schema(overlay: str, version: str) -> None:
    validated = 0
    for doc in render(overlay):
        if doc["apiVersion"].startswith("keda.sh/"):
            continue  # the next test, against KEDA's own CRD
        # strict: an unknown or misplaced field fails, as `kubectl apply --validate=strict`
        kubernetes_validate.validate(doc, version, strict=True)
        validated += 1
    assert validated >= 20


def test_the_validator_rejects_a_misplaced_field() -> None:
    broken = yaml.safe_load(yaml.safe_dump(find("prod", "Deployment", "scout-api")))
    broken["spec"]["template"]["spec"]["containers"][0]["readinessprobe"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, K8S_VERSIONS[0], strict=True)


def keda_schema() -> Doc:
    crd = yaml.safe_load(KEDA_CRD.read_text(encoding="utf-8"))
    (version,) = [v for v in crd["spec"]["versions"] if v["name"] == "v1alpha1"]
    return dict(version["schema"]["openAPIV3Schema"])


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_scaled_object_matches_kedas_crd(overlay: str) -> None:
    scaled = find(overlay, "ScaledObject", "scout-worker")
    jsonschema.validate(scaled, keda_schema())
    broken = {**scaled, "spec": {**scaled["spec"], "minReplicaCount": "one"}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, keda_schema())


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_no_custom_kind_escapes_validation(overlay: str) -> None:
    custom = {
        (d["apiVersion"], d["kind"])
        for d in render(overlay)
        if "." in d["apiVersion"].split("/")[0] and not d["apiVersion"].endswith(".k8s.io/v1")
    }
    assert custom == {("keda.sh/v1alpha1", "ScaledObject")}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_no_secret_value_is_rendered(overlay: str) -> None:
    docs = render(overlay)
    assert not [d for d in docs if d["kind"] == "Secret"], "Secrets are created by the operator"
    for doc in workloads(overlay):
        spec = pod_spec(doc)
        for container in spec["containers"]:
            for env in container.get("env", []):
                if env["name"] in SECRET_SETTINGS:
                    assert "secretKeyRef" in env.get("valueFrom", {}), (doc, env)
    config = next(d for d in docs if d["kind"] == "ConfigMap" and "API_PORT" in d.get("data", {}))
    assert not set(config["data"]) & SECRET_SETTINGS


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_settings_in_the_configmap_are_real_settings(overlay: str) -> None:
    config = next(
        d for d in render(overlay) if d["kind"] == "ConfigMap" and "API_PORT" in d.get("data", {})
    )
    known = {name.upper() for name in Settings.model_fields}
    assert set(config["data"]) <= known
    # issue 14 item 9: X-Forwarded-For believed from the pod network only, never from anyone
    trusted = config["data"]["FORWARDED_ALLOW_IPS"]
    assert "*" not in trusted
    assert load_settings(forwarded_allow_ips=trusted).forwarded_allow_ips == trusted
    assert config["data"]["API_HOST"] == "0.0.0.0"
    assert config["data"]["BOT_MODE"] == "polling"
    assert config["data"]["PUBLIC_URL"].startswith("https://")
    ingress = find(overlay, "Ingress", "scout-api")
    assert config["data"]["PUBLIC_URL"] == "https://" + ingress["spec"]["rules"][0]["host"]
    ports = {"api": "API_PORT", "worker": "WORKER_METRICS_PORT", "bot": "BOT_METRICS_PORT"}
    for component, setting in ports.items():
        (container,) = pod_spec(app_workload(overlay, component))["containers"]
        assert str(container["ports"][0]["containerPort"]) == config["data"][setting]
        refs = {ref.get("configMapRef", {}).get("name") for ref in container["envFrom"]}
        assert config["metadata"]["name"] in refs
        assert {"secretRef": {"name": "scout-secrets"}} in container["envFrom"]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_pods_run_as_non_root_on_a_read_only_filesystem(overlay: str) -> None:
    for doc in workloads(overlay):
        spec = pod_spec(doc)
        assert spec["securityContext"]["runAsNonRoot"] is True, doc["metadata"]["name"]
        assert spec["securityContext"]["seccompProfile"]["type"] == "RuntimeDefault"
        assert spec.get("automountServiceAccountToken") is False
        volumes = {v["name"]: v for v in spec.get("volumes", [])}
        for claim in doc["spec"].get("volumeClaimTemplates", []):  # a StatefulSet's own disks
            volumes[claim["metadata"]["name"]] = {"persistentVolumeClaim": claim}
        for container in spec["containers"]:
            context = container["securityContext"]
            assert context["readOnlyRootFilesystem"] is True
            assert context["allowPrivilegeEscalation"] is False
            assert context["capabilities"]["drop"] == ["ALL"]
            assert container["resources"]["requests"] and container["resources"]["limits"]
            for mount in container.get("volumeMounts", []):
                volume = volumes[mount["name"]]
                # writable paths are emptyDir or a PersistentVolume; config is read-only
                assert (
                    "emptyDir" in volume
                    or "persistentVolumeClaim" in volume
                    or mount.get("readOnly") is True
                ), (doc["metadata"]["name"], mount)
    image_user = re.search(r"^USER (\d+):(\d+)$", DOCKERFILE.read_text(encoding="utf-8"), re.M)
    assert image_user, "the Dockerfile names its user by number"
    for component in ("api", "worker", "bot", "migrate"):
        spec = pod_spec(app_workload(overlay, component))
        context = spec["securityContext"]
        assert (context["runAsUser"], context["runAsGroup"]) == tuple(map(int, image_user.groups()))
        (container,) = spec["containers"]
        mounts = {m["mountPath"] for m in container["volumeMounts"]}
        assert {"/tmp", "/app/data"} <= mounts


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_processes_probes_and_resources(overlay: str) -> None:
    expected_args = {"api": ["run", "api"], "worker": ["run", "worker"],
                     "bot": ["run", "bot"], "migrate": ["migrate"]}  # fmt: skip
    for component, args in expected_args.items():
        (container,) = pod_spec(app_workload(overlay, component))["containers"]
        assert container["args"] == args
        if component == "migrate":
            continue
        for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
            assert probe in container, (component, probe)
        requests, limits = container["resources"]["requests"], container["resources"]["limits"]
        # README "Benchmarks": 206 MB peak RSS for the whole product in one process
        assert mebibytes(requests["memory"]) >= 192 and mebibytes(limits["memory"]) >= 384
    (api,) = pod_spec(app_workload(overlay, "api"))["containers"]
    assert api["readinessProbe"]["httpGet"]["path"] == "/health"
    assert api["startupProbe"]["httpGet"]["path"] == "/health"


def mebibytes(quantity: str) -> int:
    assert quantity.endswith("Mi") or quantity.endswith("Gi"), quantity
    return int(quantity[:-2]) * (1024 if quantity.endswith("Gi") else 1)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_api_is_replicated_behind_a_tls_ingress(overlay: str) -> None:
    api = find(overlay, "Deployment", "scout-api")
    assert api["spec"]["replicas"] >= 2
    service = find(overlay, "Service", "scout-api")
    assert service["spec"]["type"] == "ClusterIP"
    assert (
        service["spec"]["selector"].items() <= api["spec"]["template"]["metadata"]["labels"].items()
    )
    ingress = find(overlay, "Ingress", "scout-api")
    assert ingress["metadata"]["annotations"]["cert-manager.io/cluster-issuer"]
    (tls,) = ingress["spec"]["tls"]
    assert tls["hosts"] == [ingress["spec"]["rules"][0]["host"]] and tls["secretName"]
    paths = {p["path"] for p in ingress["spec"]["rules"][0]["http"]["paths"]}
    assert "/health" in paths and "/telegram/webhook" in paths
    assert not any(p.startswith("/metrics") or p == "/" for p in paths)
    services = [d for d in render(overlay) if d["kind"] == "Service"]
    assert all(s["spec"].get("type", "ClusterIP") == "ClusterIP" for s in services)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_bot_polls_from_exactly_one_replica(overlay: str) -> None:
    bot = find(overlay, "Deployment", "scout-bot")
    assert bot["spec"]["replicas"] == 1
    assert bot["spec"]["strategy"]["type"] == "Recreate"  # never two pollers at once
    scaled = [d for d in render(overlay) if d["kind"] == "ScaledObject"]
    assert all(d["spec"]["scaleTargetRef"]["name"] != "scout-bot" for d in scaled)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_workers_scale_on_due_jobs(overlay: str) -> None:
    import core.metrics

    scaled = find(overlay, "ScaledObject", "scout-worker")
    assert scaled["spec"]["scaleTargetRef"]["name"] == "scout-worker"
    assert scaled["spec"]["minReplicaCount"] >= 1  # the crons (Upwork polling) must run
    assert scaled["spec"]["maxReplicaCount"] > scaled["spec"]["minReplicaCount"]
    (trigger,) = scaled["spec"]["triggers"]
    assert trigger["type"] == "prometheus"
    query = trigger["metadata"]["query"]
    assert core.metrics.QUEUE_DEPTH._name in query  # due jobs only: ZCOUNT arq:queue -inf now
    assert 'scout_worker_jobs_total{function="heartbeat"}' in query
    assert int(trigger["metadata"]["threshold"]) > 0
    assert scaled["spec"]["fallback"]["replicas"] >= 1


# The gauge is set by whichever worker ran the last heartbeat; the others keep older values,
# and the api and bot export it as 0. Series one sample per 15 s, evaluated at 5 minutes.
QUERY_CASES: list[tuple[str, dict[str, str], list[float]]] = [
    ("a stale worker is ignored", {
        'scout_queue_depth{instance="w1"}': "120x30",
        'scout_worker_jobs_total{instance="w1",function="heartbeat",outcome="ok"}': "5x30",
        'scout_queue_depth{instance="w2"}': "7x30",
        'scout_worker_jobs_total{instance="w2",function="heartbeat",outcome="ok"}': "0+0.5x30",
        'scout_queue_depth{instance="api"}': "0x30",
    }, [7]),
    ("the freshest reports win", {
        'scout_queue_depth{instance="w1"}': "90x30",
        'scout_worker_jobs_total{instance="w1",function="heartbeat",outcome="ok"}': "0+0.5x30",
        'scout_queue_depth{instance="w2"}': "60x30",
        'scout_worker_jobs_total{instance="w2",function="heartbeat",outcome="error"}': "0+0.5x30",
    }, [90]),
    ("no heartbeat anywhere: no value (KEDA reads 0, ignoreNullValues)", {
        'scout_queue_depth{instance="w1"}': "50x30",
        'scout_worker_jobs_total{instance="w1",function="heartbeat",outcome="ok"}': "3x30",
    }, []),
]  # fmt: skip


def test_scaling_query_reads_only_fresh_gauges(tmp_path: Path) -> None:
    promtool = shutil.which("promtool")
    if promtool is None:
        return  # optional tool (Debian package `prometheus`, which bootstrap.sh --test installs)
    (trigger,) = find("prod", "ScaledObject", "scout-worker")["spec"]["triggers"]
    query = trigger["metadata"]["query"]
    (tmp_path / "none.yml").write_text("groups: []\n", encoding="utf-8")
    tests = [
        {
            "interval": "15s",
            "input_series": [{"series": k, "values": v} for k, v in series.items()],
            "promql_expr_test": [
                {
                    "expr": query,
                    "eval_time": "5m",
                    "exp_samples": [{"labels": "{}", "value": value} for value in expected],
                }
            ],
        }
        for _, series, expected in QUERY_CASES
    ]
    unit = tmp_path / "query.test.yml"
    unit.write_text(
        yaml.safe_dump({"rule_files": [str(tmp_path / "none.yml")], "tests": tests}),
        encoding="utf-8",
    )
    result = subprocess.run(
        [promtool, "test", "rules", str(unit)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_disruption_budgets_cover_every_long_running_component(overlay: str) -> None:
    budgets = {d["metadata"]["name"]: d for d in render(overlay) if d["kind"] ==
               "PodDisruptionBudget"}  # fmt: skip
    assert budgets["scout-api"]["spec"]["minAvailable"] == 1
    for component in ("api", "worker", "bot"):
        selector = budgets[f"scout-{component}"]["spec"]["selector"]["matchLabels"]
        labels = find(overlay, "Deployment", f"scout-{component}")["spec"]["template"]["metadata"]
        assert selector.items() <= labels["labels"].items()


def selects(selector: Doc, labels: dict[str, str]) -> bool:
    if not selector:
        return True
    if not selector.get("matchLabels", {}).items() <= labels.items():
        return False
    for expression in selector.get("matchExpressions", []):
        assert expression["operator"] == "In"
        if labels.get(expression["key"]) not in expression["values"]:
            return False
    return True


def pod_labels(overlay: str) -> dict[str, dict[str, str]]:
    labels = {}
    for doc in workloads(overlay):
        template = doc["spec"]["jobTemplate"]["spec"] if doc["kind"] == "CronJob" else doc["spec"]
        labels[doc["metadata"]["name"]] = template["template"]["metadata"]["labels"]
    return labels


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_network_policies_expose_only_the_api(overlay: str) -> None:
    policies = [d for d in render(overlay) if d["kind"] == "NetworkPolicy"]
    deny = [p for p in policies if p["spec"]["podSelector"] == {} and "ingress" not in p["spec"]]
    assert deny and set(deny[0]["spec"]["policyTypes"]) == {"Ingress", "Egress"}
    pods = pod_labels(overlay)
    for name, labels in pods.items():
        peers = [
            peer
            for policy in policies
            if "Ingress" in policy["spec"]["policyTypes"]
            and selects(policy["spec"]["podSelector"], labels)
            for rule in policy["spec"].get("ingress", [])
            for peer in rule["from"]
        ]
        outside = [p for p in peers if "namespaceSelector" in p]
        names = {p["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"]
                 for p in outside}  # fmt: skip
        if name == "scout-api":
            assert "ingress-nginx" in names
        else:
            assert "ingress-nginx" not in names, name  # only Prometheus, if anyone
            assert names <= {"monitoring"}, name
        assert not any("ipBlock" in p for p in peers), name


def test_dev_datastores_admit_only_the_app() -> None:
    policies = [d for d in render("dev") if d["kind"] == "NetworkPolicy"]
    pods = pod_labels("dev")
    for store, port, clients in (
        ("scout-postgres", 5432, {"scout-api", "scout-worker", "scout-bot", "scout-migrate",
                                  "scout-backup"}),
        ("scout-redis", 6379, {"scout-api", "scout-worker", "scout-bot", "scout-migrate"}),
    ):  # fmt: skip
        rules = [
            rule
            for policy in policies
            if "Ingress" in policy["spec"]["policyTypes"]
            and selects(policy["spec"]["podSelector"], pods[store])
            for rule in policy["spec"].get("ingress", [])
        ]
        admitted = {
            name
            for rule in rules
            for peer in rule["from"]
            for name, labels in pods.items()
            if set(peer) == {"podSelector"} and selects(peer["podSelector"], labels)
        }
        assert admitted == clients, store
        assert all(p["port"] == port for rule in rules for p in rule["ports"])


def test_dev_redis_needs_a_password() -> None:
    redis = find("dev", "StatefulSet", "scout-redis")
    spec = pod_spec(redis)
    (container,) = spec["containers"]
    assert container["command"] == ["sh", "-c"]
    assert '--requirepass "$(cat /run/secrets/redis/password)"' in container["args"][0]
    assert container["args"][0].startswith("exec redis-server ")
    probe = " ".join(container["readinessProbe"]["exec"]["command"])
    assert "REDISCLI_AUTH=$(cat /run/secrets/redis/password) redis-cli ping" in probe
    mounts = {m["name"]: m["mountPath"] for m in container["volumeMounts"]}
    assert mounts["credentials"] == "/run/secrets/redis"
    volumes = {v["name"]: v for v in spec["volumes"]}
    assert volumes["credentials"]["secret"]["secretName"] == "scout-redis"


def test_prod_datastores_are_reached_on_the_private_services_range() -> None:
    policy = find("prod", "NetworkPolicy", "scout-datastores-egress")
    (rule,) = policy["spec"]["egress"]
    assert rule["to"] == [{"ipBlock": {"cidr": "10.64.0.0/20"}}]
    assert {p["port"] for p in rule["ports"]} == {5432, 6379}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_backup_cronjob_runs_the_compose_backup_script(overlay: str) -> None:
    cron = find(overlay, "CronJob", "scout-backup")
    assert cron["spec"]["concurrencyPolicy"] == "Forbid"
    spec = pod_spec(cron)
    (container,) = spec["containers"]
    assert container["command"] == ["sh", "/scripts/backup.sh"]
    volumes = {v["name"]: v for v in spec["volumes"]}
    scripts = find(overlay, "ConfigMap", volumes["scripts"]["configMap"]["name"])
    script = (ROOT / "deploy" / "backup" / "backup.sh").read_text(encoding="utf-8")
    assert scripts["data"]["backup.sh"] == script
    claim = volumes["backups"]["persistentVolumeClaim"]["claimName"]
    assert find(overlay, "PersistentVolumeClaim", claim)
    env = {e["name"]: e for e in container["env"]}
    for name in ("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE"):
        assert env[name]["valueFrom"]["secretKeyRef"]["name"] == "scout-postgres"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_object_lives_in_the_overlays_namespace(overlay: str) -> None:
    namespace = {"dev": "scout-dev", "prod": "scout"}[overlay]
    for doc in render(overlay):
        if doc["kind"] == "Namespace":
            assert doc["metadata"]["name"] == namespace
            assert doc["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
        else:
            assert doc["metadata"]["namespace"] == namespace, doc["metadata"]["name"]
