# tests/lib.sh - a small harness for CLI tests, in the spirit of git's.
#
# A test script sources this file, calls test_expect_success for each case,
# and ends with test_done.  Each case runs in a fresh scratch directory
# ($SCRATCH) with the tools on PATH.  Helpers:
#   test_cmp EXPECT ACTUAL      files must be equal (shows a diff if not)
#   test_must_fail [--status N] CMD...  CMD must exit non-zero (N if given),
#                               and must not have been killed by a signal
#   test_status N CMD...        CMD must exit with status N
#   skip_all "why"              skip the whole script, saying why
set -u

: "${TIX_BUILD:?TIX_BUILD must name the build directory}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
BIN="$TOP/$TIX_BUILD/bin"
PATH="$BIN:$PATH"
SHARED="$TOP/../shared/data"
export PATH TOP SHARED
unset TIX_DB
LC_ALL=${TEST_LOCALE:-C}
export LC_ALL

test_name=$(basename "$0" .sh)
test_passed=0
test_failed=0
test_skipped=0
SCRATCH_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/tix-test.XXXXXX")
trap 'rm -rf "$SCRATCH_ROOT"' EXIT

test_cmp() {
	if ! cmp -s "$1" "$2"; then
		echo "--- files differ: $1 $2" >&2
		diff -u "$1" "$2" | head -40 >&2
		return 1
	fi
}

test_must_fail() {
	want=
	if [ "$1" = "--status" ]; then
		want=$2
		shift 2
	fi
	"$@"
	rc=$?
	if [ $rc -eq 0 ]; then
		echo "test_must_fail: '$*' succeeded" >&2
		return 1
	fi
	if [ $rc -gt 128 ]; then
		echo "test_must_fail: '$*' died of signal $((rc - 128))" >&2
		return 1
	fi
	if [ -n "$want" ] && [ $rc -ne "$want" ]; then
		echo "test_must_fail: '$*' exited $rc, expected $want" >&2
		return 1
	fi
	return 0
}

test_status() {
	want=$1
	shift
	"$@"
	rc=$?
	if [ $rc -ne "$want" ]; then
		echo "test_status: '$*' exited $rc, expected $want" >&2
		return 1
	fi
}

test_expect_success() {
	desc=$1
	body=$2
	SCRATCH="$SCRATCH_ROOT/$((test_passed + test_failed + 1))"
	mkdir -p "$SCRATCH"
	if (cd "$SCRATCH" && eval "$body") >"$SCRATCH_ROOT/out" 2>&1; then
		test_passed=$((test_passed + 1))
		[ -n "${TEST_VERBOSE:-}" ] && echo "ok - $test_name: $desc"
	else
		test_failed=$((test_failed + 1))
		echo "not ok - $test_name: $desc"
		sed 's/^/    /' "$SCRATCH_ROOT/out" | head -60
	fi
	return 0
}

skip_all() {
	echo "skip - $test_name: $1"
	echo "$test_name: 0 passed, 0 failed, 1 skipped"
	exit 0
}

# Cases that need ../shared/data call this first; it skips them, visibly.
have_shared() {
	[ -d "$SHARED/exports" ]
}

test_done() {
	echo "$test_name: $test_passed passed, $test_failed failed, $test_skipped skipped"
	[ $test_failed -eq 0 ]
}
