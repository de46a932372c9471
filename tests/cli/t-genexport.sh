#!/bin/sh
# samples/genexport, the benchmark-size export generator: the same seed gives
# the same bytes; every layout is well formed (tix-ingest recognises it and
# takes every row, tix-clean passes every record); --overlap repeats the older
# export's last ids, about half of them changed; bench/run.sh runs at a small
# size.  No timings are checked.
. "$(dirname "$0")/../lib.sh"

GEN="$TOP/$TIX_BUILD/samples/genexport"
LAYOUTS="zendesk salesforce freshdesk jsm servicenow"
export GEN

# col N: field N of tix-ingest's last output line
# (file,source,batch,rows,inserted,updated,merged,unchanged,rejected)
col() {
	tail -1 out | cut -d, -f"$1"
}

# import FILE: FILE's records into a new table t of imp.db (sqlite3's own CSV
# reader; the first record names the columns)
import() {
	rm -f imp.db
	sqlite3 imp.db ".import --csv $1 t"
}

test_expect_success 'genexport is built' '
	test -x "$GEN"
'

for l in $LAYOUTS; do
	test_expect_success "$l: the same seed gives the same bytes, another seed others" "
		\"\$GEN\" -l $l -s 5 -n 300 >a.csv &&
		\"\$GEN\" -l $l -s 5 -n 300 >b.csv &&
		\"\$GEN\" -l $l -s 6 -n 300 >c.csv &&
		test -s a.csv && test_cmp a.csv b.csv &&
		if cmp -s a.csv c.csv; then echo 'seeds 5 and 6 gave the same file'; false; fi
	"
done

for l in zendesk salesforce freshdesk jsm; do
	test_expect_success "$l: 500 rows ingest whole, and tix-clean passes them" "
		\"\$GEN\" -l $l -s 3 -n 500 >x.csv &&
		tix-ingest --db x.db --format csv x.csv >out &&
		echo '$l 500 500 0' >expect &&
		echo \"\$(col 2) \$(col 4) \$(col 5) \$(col 9)\" >actual &&
		test_cmp expect actual &&
		sqlite3 x.db 'SELECT count(*) FROM ticket' >actual && echo 500 >expect &&
		test_cmp expect actual &&
		tix-clean x.csv >clean.csv &&
		import clean.csv && sqlite3 imp.db 'SELECT count(*) FROM t' >actual &&
		test_cmp expect actual
	"
done

test_expect_success 'servicenow: 500 incidents as an event log ingest whole, tix-clean passes them' '
	"$GEN" -l servicenow -s 3 -n 500 >x.csv &&
	import x.csv &&
	sqlite3 imp.db "SELECT count(*) FROM t" >events &&
	sqlite3 imp.db "SELECT count(DISTINCT number) FROM t" >incidents &&
	echo 500 >expect && test_cmp expect incidents &&
	test "$(cat events)" -gt 1000 &&
	tix-ingest --db x.db --format csv x.csv >out &&
	echo "servicenow $(cat events) 500 0" >expect &&
	echo "$(col 2) $(col 4) $(col 5) $(col 9)" >actual &&
	test_cmp expect actual &&
	sqlite3 x.db "SELECT count(*) FROM ticket" >actual && test_cmp incidents actual &&
	tix-clean x.csv >clean.csv &&
	import clean.csv && sqlite3 imp.db "SELECT count(*) FROM t" >actual &&
	test_cmp events actual
'

test_expect_success 'quirks: BOM and CRLF, footer lines, semicolons, newest issue first' '
	"$GEN" -l zendesk -n 20 >z.csv &&
	printf "\357\273\277Summation column,Id," >expect &&
	head -c 23 z.csv >actual && cmp expect actual &&
	printf "\r\n" >expect && head -1 z.csv | tail -c 2 >actual && cmp expect actual &&
	"$GEN" -l salesforce -n 20 | tail -4 | head -1 >actual &&
	echo "\"Copyright (c) 2000-2024 salesforce.com, inc. All rights reserved.\"" >expect &&
	test_cmp expect actual &&
	"$GEN" -l freshdesk -n 20 | head -1 | grep -q "^Ticket ID;Subject;Description;" &&
	"$GEN" -l jsm -n 20 | sed -n 2p | grep -q "^[^,]*,SUP-100019,"
'

for l in $LAYOUTS; do
	test_expect_success "$l: --overlap 0.5 gives 500 old ids (about half changed) and 500 new" "
		\"\$GEN\" -l $l -s 1 -n 1000 >old.csv &&
		\"\$GEN\" -l $l --overlap 0.5 --base-seed 1 -s 2 -n 1000 >new.csv &&
		tix-ingest -q --db o.db old.csv &&
		tix-ingest --db o.db --format csv new.csv >out &&
		test \$(col 5) -eq 500 && test \$(col 9) -eq 0 &&
		test \$(col 6) -ge 150 && test \$(col 6) -le 350 &&
		sqlite3 o.db 'SELECT count(*) FROM ticket' >actual && echo 1500 >expect &&
		test_cmp expect actual
	"
done

test_expect_success 'genexport: bad options are usage errors (exit 2)' '
	test_must_fail --status 2 "$GEN" -l nosuch 2>err && grep -q "^genexport: " err &&
	test_must_fail --status 2 "$GEN" -n many 2>err &&
	test_must_fail --status 2 "$GEN" --overlap 0.5 2>err &&
	test_must_fail --status 2 "$GEN" --overlap 2 --base-seed 1 2>err &&
	"$GEN" --help | grep -q "^usage: genexport"
'

test_expect_success 'bench/run.sh runs at a small size' '
	BENCH_ROWS=2000 sh "$TOP/bench/run.sh" "$TIX_BUILD" >out 2>err &&
	tail -1 out | grep -q "^bench: ratio tix/.import = [0-9][0-9.]* (" &&
	grep -q "^  tix-ingest  *2000 " out &&
	grep -q "^  sqlite3 .import  *2000 " out
'

test_done
