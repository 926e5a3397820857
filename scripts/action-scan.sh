#!/usr/bin/env bash
# The scan the GitHub action (action.yml) runs, kept in one script so the project's CI and
# tests run exactly the same command (tests/cli.rs: action_scan_of_the_examples_...).
#
# Inputs come from the environment (the action maps its inputs to these):
#   LEASTPRIV           the binary (default: leastpriv on PATH)
#   LP_PATH             what to scan (default: .)
#   LP_FAIL_ON          severity threshold for exit code 1 (default: high)
#   LP_CATEGORY         code-scanning category (default: leastpriv)
#   LP_SARIF            SARIF file to write (default: leastpriv.sarif)
#   LP_BASELINE         baseline file; empty: none
#   LP_ANNOTATIONS      "true": also print workflow-command annotations on stdout
#   LP_ARGS             extra arguments, split on whitespace (e.g. "--exclude examples/**")
#   GITHUB_STEP_SUMMARY when set, the Markdown summary is appended to it
# Exits with leastpriv's exit code: 0 clean, 1 findings at or above LP_FAIL_ON, 2 error.
set -uo pipefail

bin="${LEASTPRIV:-leastpriv}"
summary="$(mktemp "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/leastpriv-summary.XXXXXX")"
trap 'rm -f "$summary"' EXIT

args=(scan "${LP_PATH:-.}"
    --fail-on "${LP_FAIL_ON:-high}"
    --format sarif --output "${LP_SARIF:-leastpriv.sarif}"
    --sarif-category "${LP_CATEGORY:-leastpriv}"
    --format markdown --output "$summary")
if [[ -n "${LP_BASELINE:-}" ]]; then
    args+=(--baseline "$LP_BASELINE")
fi
if [[ "${LP_ANNOTATIONS:-false}" == "true" ]]; then
    args+=(--format github)
fi
if [[ -n "${LP_ARGS:-}" ]]; then
    read -r -a extra <<<"$LP_ARGS"
    args+=("${extra[@]}")
fi

"$bin" "${args[@]}" --quiet
code=$?
if [[ -n "${GITHUB_STEP_SUMMARY:-}" && -s "$summary" ]]; then
    cat "$summary" >>"$GITHUB_STEP_SUMMARY"
fi
exit "$code"
