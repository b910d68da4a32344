#!/usr/bin/env bash
# The README's CI recipe, run on the course fixtures as a pull-request job would run it on a repository's
# manifests: lint them to SARIF (for a code-scanning dashboard), then assert the expectations file to
# JUnit (for the test report), and print the connectivity change from a base version (Markdown). A lint error or a failed expectation fails the job, after both reports
# are written. Tested by src/cli/ciRecipe.test.ts.
#
#   scripts/ci-recipe.sh OUT_DIR                          every course scenario
#   scripts/ci-recipe.sh OUT_DIR EXPECT_FILE MANIFESTS... one job on your own files
#
# NETPOL_LAB is the command (default: this checkout's bin/netpol-lab.js; an installed `netpol-lab` works).
set -uo pipefail
cd "$(dirname "$0")/.."
read -r -a netpol_lab <<<"${NETPOL_LAB:-node bin/netpol-lab.js}"
out=${1:?usage: scripts/ci-recipe.sh OUT_DIR [EXPECT_FILE MANIFESTS...]}
shift
mkdir -p "$out"

# One job: the two steps of the recipe. Exit 1 when the policies fail it, 2 when the input is unusable.
job() {
  local name=$1 expect=$2
  shift 2
  local lint=0 assert=0
  "${netpol_lab[@]}" lint --format sarif "$@" >"$out/$name.sarif" || lint=$?
  "${netpol_lab[@]}" assert --format junit --expect "$expect" "$@" >"$out/$name.junit.xml" || assert=$?
  echo "$name: lint exit $lint, assert exit $assert"
  if [ "$lint" -ge 2 ] || [ "$assert" -ge 2 ]; then return 2; fi
  if [ "$lint" -ne 0 ] || [ "$assert" -ne 0 ]; then return 1; fi
}

if [ $# -gt 0 ]; then
  job job "$@"
  exit $?
fi

c=fixtures/course
status=0
job 001-crash-course $c/001-crash-course/expect.yaml $c/001-crash-course/cluster.yaml \
  $c/001-crash-course/policies.yaml || status=$?
job 002-web-api-db $c/002-web-api-db/expect.yaml $c/002-web-api-db/fixed || status=$?
job 003-legacy $c/003-legacy-default-deny/expect-legacy.yaml --semantics legacy \
  $c/003-legacy-default-deny/cluster.yaml $c/003-legacy-default-deny/test-network-policy.yaml || status=$?
job 003-current $c/003-legacy-default-deny/expect-current.yaml \
  $c/003-legacy-default-deny/cluster.yaml $c/003-legacy-default-deny/test-network-policy.yaml || status=$?
job 004-open $c/004-ns1-workshop/expect-open.yaml $c/004-ns1-workshop/cluster.yaml || status=$?
job 004-deny-all $c/004-ns1-workshop/expect-deny-all.yaml $c/004-ns1-workshop/cluster.yaml \
  $c/004-ns1-workshop/deny-all-by-default-network-policy.yaml || status=$?
job 004-allow-unlabelled $c/004-ns1-workshop/expect-allow-unlabelled.yaml $c/004-ns1-workshop/cluster.yaml \
  $c/004-ns1-workshop/allow-network-policy.yaml || status=$?
job 004-labelled $c/004-ns1-workshop/expect-labelled.yaml $c/004-ns1-workshop/cluster.yaml \
  $c/004-ns1-workshop/allow-network-policy.yaml $c/004-ns1-workshop/label-busybox.yaml || status=$?
# The pull request's effect: the connectivity change from the base version, as a Markdown report.
# diff exits 1 when connectivity changes, like diff(1): that is the report, not a failure.
d=0
"${netpol_lab[@]}" diff --format md --base $c/004-ns1-workshop/cluster.yaml $c/004-ns1-workshop/cluster.yaml \
  $c/004-ns1-workshop/deny-all-by-default-network-policy.yaml >"$out/004-diff.md" || d=$?
echo "004-diff: diff exit $d"
if [ "$d" -ge 2 ]; then status=2; fi
exit $status
