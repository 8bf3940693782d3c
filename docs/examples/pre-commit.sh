#!/bin/sh
# privlint as a plain git pre-commit hook (no framework): scans the staged source files and blocks the commit when
# one of them collects personal data the privacy inventory does not declare. Findings accepted in the baseline do
# not block. Install: cp docs/examples/pre-commit.sh .git/hooks/pre-commit && chmod +x .git/hooks/pre-commit
# It scans the working-tree version of each staged file. Skip once with git commit --no-verify.
# PRIVLINT overrides the command (default: npx privlint); PRIVLINT_BASELINE the baseline file.
set -eu

privlint=${PRIVLINT:-npx privlint}
baseline=${PRIVLINT_BASELINE:-.privlint-baseline.json}

set -- '*.js' '*.mjs' '*.cjs' '*.jsx' '*.ts' '*.mts' '*.cts' '*.tsx' '*.vue' '*.nvue' '*.uvue' '*.ets'

# Nothing staged that privlint reads: nothing to check.
if git diff --cached --quiet --diff-filter=ACMR -- "$@"; then
  exit 0
fi

# NUL-separated, so file names with spaces survive; xargs exits non-zero when privlint does.
# $privlint is split on purpose (it is a command and its first arguments).
if [ -f "$baseline" ]; then
  git diff --cached --name-only -z --diff-filter=ACMR -- "$@" | xargs -0 $privlint scan --baseline "$baseline"
else
  git diff --cached --name-only -z --diff-filter=ACMR -- "$@" | xargs -0 $privlint scan
fi
