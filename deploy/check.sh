#!/usr/bin/env bash
# Static checks for deploy/: hadolint (Dockerfile), yamllint (all YAML), kubernetes-validate
# (each manifest, and the kustomize build when kubectl is here), the policy ConfigMap against
# service/sourcecheck/default_policy.toml, ruff on the health check, and shell syntax (shellcheck
# when installed). No network, no cluster, no container engine. Exits non-zero on any finding.
#
#   deploy/check.sh                 # tools from .venv/bin (pip install -e '.[dev]')
#   BIN=/path/to/bin deploy/check.sh
#   deploy/check.sh --sync-policy   # rewrite k8s/configmap-policy.yaml from the shipped policy
set -euo pipefail
cd "$(dirname "$0")/.."

POLICY=service/sourcecheck/default_policy.toml
POLICY_CONFIGMAP=deploy/k8s/configmap-policy.yaml

if [ "${1:-}" = --sync-policy ]; then
    {
        sed -n '1,/^  policy.toml: |$/p' "$POLICY_CONFIGMAP"
        sed 's/^/    /; s/^    $//' "$POLICY"
    } >"$POLICY_CONFIGMAP.tmp"
    mv "$POLICY_CONFIGMAP.tmp" "$POLICY_CONFIGMAP"
    echo "rewrote $POLICY_CONFIGMAP from $POLICY"
    exit 0
fi

BIN=${BIN:-.venv/bin}
# The oldest Kubernetes the manifests target (the preStop sleep action is beta, on, from 1.30).
K8S_VERSION=${K8S_VERSION:-1.30.0}
failed=0

step() { printf '== %s\n' "$*"; }
run() { "$@" || { failed=1; printf 'FAILED: %s\n' "$*" >&2; }; }

for tool in hadolint yamllint kubernetes-validate ruff; do
    [ -x "$BIN/$tool" ] || { echo "check.sh: no $BIN/$tool (pip install -e '.[dev]')" >&2; exit 2; }
done

step "hadolint deploy/Dockerfile deploy/Dockerfile.gateway"
run "$BIN/hadolint" deploy/Dockerfile deploy/Dockerfile.gateway

step "yamllint deploy/"
run "$BIN/yamllint" --strict -c deploy/.yamllint deploy/

step "kubernetes-validate --strict (Kubernetes $K8S_VERSION) deploy/k8s/*.yaml"
manifests=()
for file in deploy/k8s/*.yaml; do
    # kustomization.yaml is kustomize's own config, not an API object.
    [ "$(basename "$file")" = kustomization.yaml ] || manifests+=("$file")
done
run "$BIN/kubernetes-validate" --strict --quiet -k "$K8S_VERSION" "${manifests[@]}"
echo "${#manifests[@]} manifests valid"

if command -v kubectl >/dev/null; then
    step "kubectl kustomize deploy/k8s | kubernetes-validate"
    built=$(mktemp)
    trap 'rm -f "$built"' EXIT
    if kubectl kustomize deploy/k8s >"$built"; then
        run "$BIN/kubernetes-validate" --strict --quiet -k "$K8S_VERSION" "$built"
        echo "$(grep -c '^kind:' "$built") objects built and valid"
    else
        failed=1
    fi
else
    step "kustomize build skipped (no kubectl)"
fi

step "policy ConfigMap = service/sourcecheck/default_policy.toml"
run "$BIN/python" - <<'EOF'
import pathlib
import sys

import yaml

shipped = pathlib.Path("service/sourcecheck/default_policy.toml").read_text()
configmap = yaml.safe_load(pathlib.Path("deploy/k8s/configmap-policy.yaml").read_text())
if configmap["data"]["policy.toml"] != shipped:
    sys.exit("deploy/k8s/configmap-policy.yaml differs from the shipped policy: deploy/check.sh --sync-policy")
print("same")
EOF

step "ruff deploy/healthcheck.py"
run "$BIN/ruff" check deploy/healthcheck.py
run "$BIN/ruff" format --check deploy/healthcheck.py

step "shell scripts"
for script in deploy/*.sh; do run bash -n "$script"; done
if command -v shellcheck >/dev/null || [ -x "$BIN/shellcheck" ]; then
    run "$(command -v shellcheck || echo "$BIN/shellcheck")" deploy/*.sh
else
    echo "bash -n only (no shellcheck)"
fi

if [ "$failed" -ne 0 ]; then
    echo "deploy checks FAILED" >&2
    exit 1
fi
echo "deploy checks passed"
