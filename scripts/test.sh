#!/usr/bin/env bash
# The full check, in order; stops at the first failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

steps=(format:check lint typecheck test:unit test:integration build test:browser)
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
# One closing line for the whole suite, counted from vitest's JSON reports.
node -e '
  const fs = require("node:fs");
  let passed = 0, failed = 0;
  for (const name of ["unit", "integration", "browser"]) {
    const report = JSON.parse(fs.readFileSync(`artifacts/vitest-${name}.json`, "utf8"));
    passed += report.numPassedTests;
    failed += report.numFailedTests;
  }
  console.log(`tests: ${passed} passed, ${failed} failed`);
'
echo "All checks passed."
