#!/usr/bin/env bash
# Proves the suite does not depend on the machine's speed: runs it from a fresh
# clone of this repository's HEAD, either with the Vitest part pinned to one
# core or with CPU burners running beside the whole of `.ci/run`.
#   bash scripts/test-under-load.sh pinned
#   bash scripts/test-under-load.sh burn [BURNERS]   (default: one per core)
# The clone is made beside this repository, so ../shared resolves as in CI.
set -euo pipefail
mode="${1:-}"
here="$(cd "$(dirname "$0")/.." && pwd)"
clone="$(dirname "$here")/load-test-$mode-$$"
case "$mode" in pinned|burn) ;; *) echo "usage: $0 pinned|burn [BURNERS]" >&2; exit 2 ;; esac

burners=()
cleanup() {
  for p in "${burners[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$clone"
}
trap cleanup EXIT

git clone -q "$here" "$clone"
cd "$clone"
start=$(date +%s)
if [ "$mode" = pinned ]; then
  # The same steps as `.ci/run` (npm ci && npm test), with Vitest on core 0 only.
  npm ci
  node scripts/ensure-chromium.mjs
  npm run typecheck
  taskset -c 0 npx vitest run
  npx playwright test
else
  n="${2:-$(nproc)}"
  for _ in $(seq "$n"); do node -e 'for (;;) {}' & burners+=($!); done
  echo "started $n CPU burners: ${burners[*]}"
  bash .ci/run
fi
echo "test-under-load $mode: passed in $(( $(date +%s) - start )) s"
