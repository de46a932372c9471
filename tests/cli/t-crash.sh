#!/bin/sh
# Crash safety: tix-ingest killed with SIGKILL at random moments leaves a
# database that passes PRAGMA integrity_check and holds the whole batch or
# none of it; the same command run again ends in the same state as a run
# that was never killed.  And readers work while an ingest writes.
. "$(dirname "$0")/../lib.sh"

GEN="$TOP/$TIX_BUILD/samples/genexport"
KILLS=${TIX_CRASH_KILLS:-12}

# state DB: everything an ingest decides, in a stable order
state() {
	sqlite3 "$1" "
		SELECT 'ticket', id, source, ext_id, subject, body, status, priority, requester,
		       created, updated, solved, tags, extra, batch_id, line, row_hash FROM ticket ORDER BY id;
		SELECT 'history', ticket_id, batch_id, line, at, field, old_value, new_value
		  FROM ticket_history ORDER BY rowid;
		SELECT 'reject', batch_id, line, reason FROM reject ORDER BY id;
		SELECT 'batch', id, file, source, status, rows_read, inserted, updated, merged, unchanged,
		       rejected FROM ingest_batch ORDER BY id;
		SELECT 'fts', count(*) FROM ticket_fts WHERE ticket_fts MATCH 'refund OR upload';
		INSERT INTO ticket_fts(ticket_fts) VALUES ('integrity-check');"
}

# kill_at DB MS CMD...: run CMD, SIGKILL it after MS milliseconds (if still running)
kill_at() {
	db=$1 ms=$2
	shift 2
	"$@" >/dev/null 2>&1 &
	pid=$!
	sleep "$(awk -v m="$ms" 'BEGIN { printf "%.3f", m / 1000 }')"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	return 0
}

check_db() {
	if test -s "$1"; then
		sqlite3 "$1" "PRAGMA integrity_check" >ic &&
		echo ok >ok && test_cmp ok ic
	fi
}

test_expect_success 'setup: an export, and the state of an uninterrupted run' '
	"$GEN" -s 7 -n 20000 >"$SCRATCH_ROOT/big.csv" &&
	"$GEN" -s 8 -n 20000 --overlap 0.5 --base-seed 7 --base-rows 20000 >"$SCRATCH_ROOT/newer.csv" &&
	tix-ingest -q --db "$SCRATCH_ROOT/ref.db" "$SCRATCH_ROOT/big.csv" &&
	state "$SCRATCH_ROOT/ref.db" >"$SCRATCH_ROOT/ref.state" &&
	cp "$SCRATCH_ROOT/ref.db" "$SCRATCH_ROOT/base.db" &&
	tix-ingest -q --db "$SCRATCH_ROOT/ref.db" "$SCRATCH_ROOT/newer.csv" &&
	state "$SCRATCH_ROOT/ref.db" >"$SCRATCH_ROOT/ref2.state" &&
	start=$(date +%s%N) &&
	tix-ingest -q --db "$SCRATCH_ROOT/timing.db" "$SCRATCH_ROOT/big.csv" &&
	echo $(( ($(date +%s%N) - start) / 1000000 + 50 )) >"$SCRATCH_ROOT/span_ms" &&
	grep -c "^ticket|" "$SCRATCH_ROOT/ref.state" >n && test "$(cat n)" -eq 20000
'

i=1
while [ $i -le "$KILLS" ]; do
	test_expect_success "SIGKILL during a first load (moment $i of $KILLS): all or nothing, then the same end state" "
		span=\$(cat \"\$SCRATCH_ROOT/span_ms\") &&
		ms=\$(awk -v s=$i -v span=\"\$span\" 'BEGIN { srand(s * 7919); printf \"%d\", rand() * span }') &&
		kill_at k.db \"\$ms\" tix-ingest -q --db k.db \"\$SCRATCH_ROOT/big.csv\" &&
		check_db k.db &&
		if test -s k.db && test \"\$(sqlite3 k.db 'SELECT count(*) FROM sqlite_master')\" -gt 0; then
			sqlite3 k.db 'SELECT count(*), (SELECT count(*) FROM ingest_batch) FROM ticket' >n &&
			{ echo '0|0' >none; echo '20000|1' >whole; cmp -s n none || cmp -s n whole; } ||
			{ echo \"half a batch: \$(cat n)\"; exit 1; }
		fi &&
		tix-ingest -q --db k.db \"\$SCRATCH_ROOT/big.csv\" &&
		check_db k.db &&
		state k.db >k.state &&
		if test \"\$(sqlite3 k.db 'SELECT count(*) FROM ingest_batch')\" = 1; then
			test_cmp \"\$SCRATCH_ROOT/ref.state\" k.state
		else
			# killed after the commit: the second run found nothing to change
			grep -v '^batch|' \"\$SCRATCH_ROOT/ref.state\" >a && grep -v '^batch|' k.state >b &&
			test_cmp a b
		fi
	"
	test_expect_success "SIGKILL during an update of an existing database (moment $i)" "
		cp \"\$SCRATCH_ROOT/base.db\" u.db &&
		span=\$(cat \"\$SCRATCH_ROOT/span_ms\") &&
		ms=\$(awk -v s=$i -v span=\"\$span\" 'BEGIN { srand(s * 104729); printf \"%d\", rand() * span }') &&
		kill_at u.db \"\$ms\" tix-ingest -q --db u.db \"\$SCRATCH_ROOT/newer.csv\" &&
		check_db u.db &&
		sqlite3 u.db 'SELECT count(*) FROM ingest_batch' >nb &&
		{ echo 1 >one; echo 2 >two; cmp -s nb one || cmp -s nb two; } &&
		tix-ingest -q --db u.db \"\$SCRATCH_ROOT/newer.csv\" &&
		check_db u.db &&
		state u.db >u.state &&
		if test \"\$(sqlite3 u.db 'SELECT count(*) FROM ingest_batch')\" = 2; then
			test_cmp \"\$SCRATCH_ROOT/ref2.state\" u.state
		else
			grep -v '^batch|' \"\$SCRATCH_ROOT/ref2.state\" >a && grep -v '^batch|' u.state >b &&
			test_cmp a b
		fi
	"
	i=$((i + 1))
done

test_expect_success 'readers work while an ingest writes (WAL, busy timeout)' '
	cp "$SCRATCH_ROOT/base.db" r.db || exit 1
	tix-ingest -q --db r.db "$SCRATCH_ROOT/newer.csv" &
	pid=$!
	reads=0
	while kill -0 $pid 2>/dev/null; do
		tix-ingest --db r.db --summary >/dev/null || { echo "a read failed"; exit 1; }
		sqlite3 -cmd ".timeout 10000" r.db "SELECT count(*) FROM ticket" >/dev/null ||
			{ echo "sqlite3 read failed"; exit 1; }
		reads=$((reads + 1))
	done &&
	wait $pid &&
	echo "$reads reads during the ingest" &&
	test $reads -gt 0
'

test_done
