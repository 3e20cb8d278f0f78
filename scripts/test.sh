#!/usr/bin/env bash
# The full check, in order; stops at the first failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

steps=(format:check lint typecheck test:unit test:integration build)
for step in "${steps[@]}"; do
  echo
  echo "================================================================"
  echo "== npm run $step"
  echo "================================================================"
  start=$SECONDS
  npm run --silent "$step"
  echo "== $step: ok ($((SECONDS - start)) s)"
done
echo
echo "All checks passed."
