#!/usr/bin/env bash
# Installs what Upwork Scout needs on a fresh machine; safe to run again.
#   scripts/bootstrap.sh         uv and the locked Python dependencies
#   scripts/bootstrap.sh --test  also the system packages the test suite uses
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v uv >/dev/null 2>&1; then
    echo "installing uv" >&2
    python3 -m pip install --quiet --user uv 2>/dev/null || python3 -m pip install --quiet uv
    export PATH="$HOME/.local/bin:$PATH"
fi
uv sync --frozen --quiet

[[ "${1:-}" == "--test" ]] || exit 0

need=()
have_pg() { command -v initdb >/dev/null 2>&1 || compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; }
have_pg || need+=(postgresql)
[[ -x /usr/bin/chromium ]] || need+=(chromium)
command -v nginx >/dev/null 2>&1 || need+=(nginx-light)
command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
command -v npm >/dev/null 2>&1 || need+=(npm)
command -v promtool >/dev/null 2>&1 || need+=(prometheus)  # promtool checks alerting rules
# kubectl renders deploy/kubernetes (kustomize v5 inside); Debian's kubernetes-client is too
# old for it (1.20, kustomize v2), so it must come with the machine: say so when it does not.
command -v kubectl >/dev/null 2>&1 || echo "kubectl >= 1.27 is missing: tests/test_deploy_kubernetes.py will fail" >&2
if ((${#need[@]})); then
    if [[ $(id -u) -ne 0 ]]; then
        echo "missing system packages: ${need[*]} (install them with apt-get as root)" >&2
        exit 1
    fi
    echo "installing system packages: ${need[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# initdb refuses to run as root; the tests run PostgreSQL as this account.
if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin postgres
fi
scripts/install-test-deps-npm.sh >/dev/null
# checkov in its own locked environment (scripts/checkov/pyproject.toml says why)
uv sync --frozen --quiet --project scripts/checkov
