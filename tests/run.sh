#!/bin/sh
# tests/run.sh BUILD_DIR - run every unit test and CLI test, print a total.
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 3
passed=0 failed=0 skipped=0 bad=0
export TIX_BUILD="$build"
out=$(mktemp)
for t in "$build"/tests/test_*; do
	[ -x "$t" ] || continue
	(cd tests/unit && "$top/$t") >"$out" 2>&1
	rc=$?
	cat "$out"
	line=$(grep -E '^[a-z_]+: [0-9]+ passed, [0-9]+ failed' "$out" | tail -1)
	if [ $rc -ne 0 ] || [ -z "$line" ]; then bad=$((bad + 1)); echo "FAIL: $t (exit $rc)"; fi
	p=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed.*/\1/'); f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
	passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
for t in tests/cli/t-*.sh; do
	[ -f "$t" ] || continue
	sh "$t" >"$out" 2>&1
	rc=$?
	cat "$out"
	line=$(grep -E '^[a-z0-9_-]+: [0-9]+ passed, [0-9]+ failed' "$out" | tail -1)
	if [ $rc -ne 0 ] || [ -z "$line" ]; then bad=$((bad + 1)); echo "FAIL: $t (exit $rc)"; fi
	p=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed.*/\1/'); f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
	s=$(echo "$line" | sed -nE 's/.* ([0-9]+) skipped.*/\1/p')
	passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${s:-0}))
done
rm -f "$out"
[ $bad -gt 0 ] && [ $failed -eq 0 ] && failed=$bad
echo
echo "total: $passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ] && [ $bad -eq 0 ]
