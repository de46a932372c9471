#!/bin/sh
# Bad input: every bad file or row gets a clear message naming the file and
# the line, the exit status the manual promises, and no partial data: the
# good rows are stored with their values, the bad ones go to `reject` with
# their line and raw text, and a file that cannot be read leaves nothing.
. "$(dirname "$0")/../lib.sh"

# The fixtures are small Zendesk-layout files (Id, Created at, Requester,
# Status make it one), written with printf inside each case.
HDR='Id,Subject,Requester,Status,Created at'

# errto FILE CMD...: run CMD with its standard error in FILE (so that
# test_must_fail can still say what went wrong on the real one).
errto() {
	errfile=$1
	shift
	"$@" 2>"$errfile"
}

# good N: a good row for ticket N, created 2024-03-N 10:00:00 UTC.
good() {
	printf '%d,subject %d,r%d@example.com,open,2024-03-%02d 10:00:00\n' "$1" "$1" "$1" "$1"
}

# good_expect N...: the ticket rows `tickets` prints for those good rows,
# with the epoch computed by date(1), not by tix.
good_expect() {
	for n in "$@"; do
		e=$(date -u -d "2024-03-$(printf %02d "$n") 10:00:00" +%s) || return 1
		printf '%d|subject %d|r%d@example.com|open|%s\n' "$n" "$n" "$n" "$e"
	done
}

# tickets DB: the stored tickets, in id order.
tickets() {
	sqlite3 "$1" "SELECT ext_id, subject, requester, status, created FROM ticket ORDER BY CAST(ext_id AS INTEGER)"
}

# batches DB: what each batch row counted.
batches() {
	sqlite3 "$1" "SELECT file, source, status, rows_read, inserted, updated, merged, unchanged, rejected FROM ingest_batch ORDER BY id"
}

# rejects DB: the rejected rows (single-line raw text only).
rejects() {
	sqlite3 "$1" "SELECT file, line, end_line, reason, raw FROM reject ORDER BY line"
}

# nothing_written DB: no batch, ticket, reject or history row (or no file).
nothing_written() {
	[ -f "$1" ] || return 0
	echo '0|0|0|0' >nw.expect &&
	sqlite3 "$1" "SELECT (SELECT count(*) FROM ingest_batch), (SELECT count(*) FROM ticket),
		(SELECT count(*) FROM reject), (SELECT count(*) FROM ticket_history)" >nw.actual &&
	test_cmp nw.expect nw.actual
}

# hexof FILE: the bytes of FILE as upper-case hex, as sqlite's hex() writes them.
hexof() {
	od -An -v -tx1 "$1" | tr -d ' \n' | tr abcdef ABCDEF
}

# ---------------------------------------------------------------- quotes

test_expect_success 'a quote left open on line 3 rejects line 3 only; every other row is stored' '
	{ echo "$HDR" && good 1 && printf "2,b,\"broken\n" && good 3 && good 4 && good 5 && good 6; } >bq.csv &&
	test_must_fail --status 1 errto err tix-ingest -q --db t.db bq.csv &&
	echo "tix-ingest: bq.csv:3: unterminated quoted field" >expect &&
	test_cmp expect err &&
	good_expect 1 3 4 5 6 >expect &&
	tickets t.db >actual &&
	test_cmp expect actual &&
	printf "%s\n" "bq.csv|3|3|unterminated quoted field|2,b,\"broken" >expect &&
	rejects t.db >actual &&
	test_cmp expect actual &&
	echo "bq.csv|zendesk|done|6|5|0|0|0|1" >expect &&
	batches t.db >actual &&
	test_cmp expect actual &&
	echo "1|0" >expect &&
	sqlite3 t.db "SELECT header_line, preamble_lines FROM ingest_batch" >actual &&
	test_cmp expect actual
'

test_expect_success 'a quote left open that a later quote closes: only its line is given up' '
	{ echo "$HDR" && good 1 &&
	  printf "2,b,\"broken,open,2024-03-02 10:00:00\n" &&
	  printf "3,\"subject 3\",r3@example.com,open,2024-03-03 10:00:00\n" &&
	  good 4 && good 5; } >bq.csv &&
	test_must_fail --status 1 errto err tix-ingest -q --db t.db bq.csv &&
	wc -l <err >n && echo 1 >one && test_cmp one n &&
	grep -x "tix-ingest: bq.csv:3: expected 5 fields but found [0-9]* (a quote left open?)" err &&
	good_expect 1 3 4 5 >expect &&
	tickets t.db >actual &&
	test_cmp expect actual &&
	echo "3|3|2,b,\"broken,open,2024-03-02 10:00:00" >expect &&
	sqlite3 t.db "SELECT line, end_line, raw FROM reject" >actual &&
	test_cmp expect actual &&
	echo "bq.csv|zendesk|done|5|4|0|0|0|1" >expect &&
	batches t.db >actual &&
	test_cmp expect actual
'

test_expect_success 'a file cut inside a quoted field, with no final newline: earlier rows stored, the cut row rejected' '
	{ echo "$HDR" && good 1 && good 2 && printf "3,\"cut in the mid"; } >tr.csv &&
	test_must_fail --status 1 errto err tix-ingest -q --db t.db tr.csv &&
	echo "tix-ingest: tr.csv:4: unterminated quoted field" >expect &&
	test_cmp expect err &&
	good_expect 1 2 >expect &&
	tickets t.db >actual &&
	test_cmp expect actual &&
	printf "%s\n" "tr.csv|4|4|unterminated quoted field|3,\"cut in the mid" >expect &&
	rejects t.db >actual &&
	test_cmp expect actual &&
	echo "tr.csv|zendesk|done|3|2|0|0|0|1" >expect &&
	batches t.db >actual &&
	test_cmp expect actual
'

# ---------------------------------------------------------------- encoding

test_expect_success 'invalid UTF-8 in one row: that row rejected, naming line and field; raw bytes kept' '
	{ echo "$HDR" && good 1 && printf "2,b\377\376,r2@example.com,open,2024-03-02 10:00:00\n" && good 3; } >u.csv &&
	printf "2,b\377\376,r2@example.com,open,2024-03-02 10:00:00" >badrow &&
	test_must_fail --status 1 errto err tix-ingest -q --db t.db u.csv &&
	echo "tix-ingest: u.csv:3: invalid UTF-8 in field 2 (Subject)" >expect &&
	test_cmp expect err &&
	good_expect 1 3 >expect &&
	tickets t.db >actual &&
	test_cmp expect actual &&
	echo "u.csv|3|3|invalid UTF-8 in field 2 (Subject)|$(hexof badrow)" >expect &&
	sqlite3 t.db "SELECT file, line, end_line, reason, hex(raw) FROM reject" >actual &&
	test_cmp expect actual &&
	echo "u.csv|zendesk|done|3|2|0|0|0|1" >expect &&
	batches t.db >actual &&
	test_cmp expect actual
'

test_expect_success 'a Latin-1 file: each row with an accented letter rejected, the rest stored' '
	{ echo "$HDR" &&
	  echo "1,café,r1@example.com,open,2024-03-01 10:00:00" && good 2 &&
	  echo "3,résumé,r3@example.com,open,2024-03-03 10:00:00" && good 4 &&
	  echo "5,x,rené@example.com,open,2024-03-05 10:00:00" && good 6; } >utf8.csv &&
	iconv -f UTF-8 -t ISO-8859-1 utf8.csv >l1.csv &&
	! cmp -s utf8.csv l1.csv &&
	test_must_fail --status 1 errto err tix-ingest -q --db t.db l1.csv &&
	cat >expect <<-\EOT &&
	tix-ingest: l1.csv:2: invalid UTF-8 in field 2 (Subject)
	tix-ingest: l1.csv:4: invalid UTF-8 in field 2 (Subject)
	tix-ingest: l1.csv:6: invalid UTF-8 in field 3 (Requester)
	EOT
	test_cmp expect err &&
	good_expect 2 4 6 >expect &&
	tickets t.db >actual &&
	test_cmp expect actual &&
	sed -n 2p l1.csv | tr -d "\n" >r2 && sed -n 6p l1.csv | tr -d "\n" >r6 &&
	printf "2|%s\n6|%s\n" "$(hexof r2)" "$(hexof r6)" >expect &&
	sqlite3 t.db "SELECT line, hex(raw) FROM reject WHERE line IN (2, 6) ORDER BY line" >actual &&
	test_cmp expect actual &&
	echo "l1.csv|zendesk|done|6|3|0|0|0|3" >expect &&
	batches t.db >actual &&
	test_cmp expect actual
'

test_expect_success 'invalid UTF-8 in the header: exit 3, nothing written (tix-ingest and tix-clean)' '
	{ printf "Id,Subj\351ct,Requester,Status,Created at\n" && good 1; } >h.csv &&
	test_must_fail --status 3 errto err tix-ingest -q --db t.db h.csv &&
	echo "tix-ingest: h.csv:1: invalid UTF-8 in the header" >expect &&
	test_cmp expect err &&
	nothing_written t.db &&
	test_must_fail --status 3 errto err tix-clean h.csv >out &&
	echo "tix-clean: h.csv:1: invalid UTF-8 in the header" >expect &&
	test_cmp expect err &&
	test_cmp /dev/null out
'

test_expect_success 'a UTF-16LE file with a BOM (iconv -t UTF-16) ingests, non-ASCII text intact' '
	{ printf "%s\r\n" "$HDR" &&
	  printf "1,Café crème – naïve,r1@example.com,open,2024-03-01 10:00:00\r\n" &&
	  printf "2,日本語 😀,r2@example.com,open,2024-03-02 10:00:00\r\n"; } >utf8.csv &&
	iconv -f UTF-8 -t UTF-16 utf8.csv >u16.csv &&
	head -c 2 u16.csv | od -An -tx1 | tr -d " " >bom && echo fffe >expect && test_cmp expect bom &&
	tix-ingest -q --db t.db u16.csv 2>err &&
	test_cmp /dev/null err &&
	printf "Café crème – naïve" >s1 && printf "日本語 😀" >s2 &&
	printf "1|%s\n2|%s\n" "$(hexof s1)" "$(hexof s2)" >expect &&
	sqlite3 t.db "SELECT ext_id, hex(subject) FROM ticket ORDER BY ext_id" >actual &&
	test_cmp expect actual &&
	echo "UTF-16LE|CRLF|2|2|0" >expect &&
	sqlite3 t.db "SELECT encoding, newline, rows_read, inserted, rejected FROM ingest_batch" >actual &&
	test_cmp expect actual
'

test_expect_success 'a semicolon file with an Excel sep=; line' '
	printf "sep=;\nId;Subject;Requester;Status;Created at\n1;a, with a comma;r1@example.com;open;2024-03-01 10:00:00\n2;subject 2;r2@example.com;open;2024-03-02 10:00:00\n" >semi.csv &&
	tix-ingest -q --db t.db semi.csv 2>err &&
	test_cmp /dev/null err &&
	{ good_expect 1 | sed "s/subject 1/a, with a comma/" && good_expect 2; } >expect &&
	tickets t.db >actual &&
	test_cmp expect actual &&
	echo ";|2|1|2|2" >expect &&
	sqlite3 t.db "SELECT delimiter, header_line, preamble_lines, rows_read, inserted FROM ingest_batch" >actual &&
	test_cmp expect actual
'

# ---------------------------------------------------------------- whole files

test_expect_success 'a binary file: exit 3, "binary data" at line 1, nothing written' '
	head -c 4096 /bin/sh >bin.csv &&
	test_must_fail --status 3 errto err tix-ingest -q --db t.db bin.csv &&
	echo "tix-ingest: bin.csv:1: binary data (NUL or control bytes), not a CSV export" >expect &&
	test_cmp expect err &&
	nothing_written t.db &&
	echo 0 >expect &&
	sqlite3 t.db "SELECT count(*) FROM ingest_batch" >actual &&
	test_cmp expect actual
'

test_expect_success 'an empty file: exit 3, named with line 1, nothing written' '
	: >empty.csv &&
	test_must_fail --status 3 errto err tix-ingest -q --db t.db empty.csv &&
	echo "tix-ingest: empty.csv:1: empty file: no header, no records" >expect &&
	test_cmp expect err &&
	nothing_written t.db
'

test_expect_success 'a header-only file: exit 0, one batch of 0 rows, no tickets' '
	echo "$HDR" >ho.csv &&
	tix-ingest --db t.db --format csv ho.csv >out 2>err &&
	echo "tix-ingest: ho.csv: header only: no records" >expect &&
	test_cmp expect err &&
	printf "%s\n" "file,source,batch,rows,inserted,updated,merged,unchanged,rejected" \
		"ho.csv,zendesk,1,0,0,0,0,0,0" >expect &&
	test_cmp expect out &&
	echo "ho.csv|zendesk|done|0|0|0|0|0|0" >expect &&
	batches t.db >actual &&
	test_cmp expect actual &&
	echo "0|0" >expect &&
	sqlite3 t.db "SELECT (SELECT count(*) FROM ticket), (SELECT count(*) FROM reject)" >actual &&
	test_cmp expect actual
'

test_expect_success 'rows of the wrong width: "expected N fields but found M", the rest stored' '
	{ echo "$HDR" && good 1 &&
	  echo "2,subject 2,r2@example.com,2024-03-02 10:00:00" &&
	  echo "3,subject 3,r3@example.com,open,2024-03-03 10:00:00,extra,more" &&
	  echo "4,subject 4,r4@example.com,open,2024-03-04 10:00:00,," &&
	  good 5; } >w.csv &&
	test_must_fail --status 1 errto err tix-ingest -q --db t.db w.csv &&
	cat >expect <<-\EOT &&
	tix-ingest: w.csv:3: expected 5 fields but found 4
	tix-ingest: w.csv:4: expected 5 fields but found 7
	EOT
	test_cmp expect err &&
	good_expect 1 4 5 >expect &&
	tickets t.db >actual &&
	test_cmp expect actual &&
	cat >expect <<-\EOT &&
	w.csv|3|3|expected 5 fields but found 4|2,subject 2,r2@example.com,2024-03-02 10:00:00
	w.csv|4|4|expected 5 fields but found 7|3,subject 3,r3@example.com,open,2024-03-03 10:00:00,extra,more
	EOT
	rejects t.db >actual &&
	test_cmp expect actual &&
	echo "w.csv|zendesk|done|5|3|0|0|0|2" >expect &&
	batches t.db >actual &&
	test_cmp expect actual
'

test_expect_success 'line numbers are physical lines: title lines, a field over two lines, a blank line (LF, CRLF, CR, UTF-16)' '
	{ echo "Ticket report" && echo && echo "$HDR" &&
	  printf "1,\"two\nlines\",r1@example.com,open,2024-03-01 10:00:00\n" && echo &&
	  echo "2,subject 2,r2@example.com,2024-03-02 10:00:00" && good 3; } >lf.csv &&
	sed "s/\$/\r/" lf.csv >crlf.csv &&
	tr "\n" "\r" <lf.csv >cr.csv &&
	iconv -f UTF-8 -t UTF-16 crlf.csv >u16.csv &&
	for f in lf crlf cr u16; do
		test_must_fail --status 1 errto err tix-ingest -q --db $f.db $f.csv &&
		echo "tix-ingest: $f.csv:7: expected 5 fields but found 4" >expect &&
		test_cmp expect err &&
		printf "1|4|two~lines\n3|8|subject 3\n" >expect &&
		sqlite3 $f.db "SELECT ext_id, line, replace(subject, char(10), char(126)) FROM ticket ORDER BY line" >actual &&
		test_cmp expect actual &&
		echo "7|7|3|2" >expect &&
		sqlite3 $f.db "SELECT r.line, r.end_line, b.header_line, b.preamble_lines FROM reject r, ingest_batch b" >actual &&
		test_cmp expect actual || return 1
	done
'

test_expect_success 'a missing file: exit 3, "No such file or directory"; a directory: exit 3' '
	test_must_fail --status 3 errto err tix-ingest -q --db t.db nosuch.csv &&
	echo "tix-ingest: nosuch.csv: No such file or directory" >expect &&
	test_cmp expect err &&
	nothing_written t.db &&
	mkdir dir &&
	test_must_fail --status 3 errto err tix-ingest -q --db t.db dir &&
	echo "tix-ingest: dir: is a directory" >expect &&
	test_cmp expect err &&
	nothing_written t.db
'

test_expect_success 'one file missing of two: the other is still ingested, exit 3' '
	{ echo "$HDR" && good 1 && good 2; } >g.csv &&
	test_must_fail --status 3 errto err tix-ingest --db t.db --format csv nosuch.csv g.csv >out &&
	echo "tix-ingest: nosuch.csv: No such file or directory" >expect &&
	test_cmp expect err &&
	printf "%s\n" "file,source,batch,rows,inserted,updated,merged,unchanged,rejected" \
		"g.csv,zendesk,1,2,2,0,0,0,0" >expect &&
	test_cmp expect out &&
	good_expect 1 2 >expect &&
	tickets t.db >actual &&
	test_cmp expect actual &&
	test_must_fail --status 3 errto err tix-ingest -q --db u.db g.csv nosuch.csv &&
	echo "tix-ingest: nosuch.csv: No such file or directory" >expect &&
	test_cmp expect err &&
	good_expect 1 2 >expect &&
	tickets u.db >actual &&
	test_cmp expect actual
'

# ---------------------------------------------------------------- dates

test_expect_success 'an unparseable created date: that row rejected, the reason names the column' '
	{ echo "$HDR" && good 1 && echo "2,subject 2,r2@example.com,open,not a date" && good 3; } >d.csv &&
	test_must_fail --status 1 errto err tix-ingest -q --db t.db d.csv &&
	echo "tix-ingest: d.csv:3: unparseable date in created (\"Created at\"): \"not a date\"" >expect &&
	test_cmp expect err &&
	good_expect 1 3 >expect &&
	tickets t.db >actual &&
	test_cmp expect actual &&
	echo "d.csv|3|3|unparseable date in created (\"Created at\"): \"not a date\"|2,subject 2,r2@example.com,open,not a date" >expect &&
	rejects t.db >actual &&
	test_cmp expect actual &&
	echo "d.csv|zendesk|done|3|2|0|0|0|1" >expect &&
	batches t.db >actual &&
	test_cmp expect actual
'

test_expect_success 'an ambiguous created column: exit 3 naming the column and --date-order, nothing written' '
	{ echo "$HDR" &&
	  echo "1,a,r1@example.com,open,03/04/2024" &&
	  echo "2,b,r2@example.com,open,05/06/2024" &&
	  echo "3,c,r3@example.com,open,11/12/2024 10:30"; } >a.csv &&
	test_must_fail --status 3 errto err tix-ingest -q --db t.db a.csv &&
	echo "tix-ingest: a.csv: column \"Created at\" has dates like 03/04/2024 that read both day-first and month-first from start to end; say --date-order dmy or --date-order mdy" >expect &&
	test_cmp expect err &&
	nothing_written t.db
'

test_expect_success 'an ambiguous column with --date-order dmy: 03/04/2024 is 3 April; with mdy, 4 March' '
	{ echo "$HDR" &&
	  echo "1,a,r1@example.com,open,03/04/2024" &&
	  echo "2,b,r2@example.com,open,05/06/2024" &&
	  echo "3,c,r3@example.com,open,11/12/2024 10:30"; } >a.csv &&
	tix-ingest -q --db dmy.db --date-order dmy a.csv 2>err &&
	test_cmp /dev/null err &&
	printf "1|%s\n2|%s\n3|%s\n" $(date -u -d 2024-04-03 +%s) $(date -u -d 2024-06-05 +%s) \
		$(date -u -d "2024-12-11 10:30" +%s) >expect &&
	sqlite3 dmy.db "SELECT ext_id, created FROM ticket ORDER BY ext_id" >actual &&
	test_cmp expect actual &&
	tix-ingest -q --db mdy.db --date-order mdy a.csv 2>err &&
	test_cmp /dev/null err &&
	printf "1|%s\n2|%s\n3|%s\n" $(date -u -d 2024-03-04 +%s) $(date -u -d 2024-05-06 +%s) \
		$(date -u -d "2024-11-12 10:30" +%s) >expect &&
	sqlite3 mdy.db "SELECT ext_id, created FROM ticket ORDER BY ext_id" >actual &&
	test_cmp expect actual
'

test_expect_success 'one value that reads only one way settles the whole column' '
	{ echo "$HDR" &&
	  echo "1,a,r1@example.com,open,03/04/2024" &&
	  echo "2,b,r2@example.com,open,05/06/2024" &&
	  echo "3,c,r3@example.com,open,13/12/2024"; } >a.csv &&
	tix-ingest -q --db t.db a.csv 2>err &&
	test_cmp /dev/null err &&
	printf "1|%s\n2|%s\n3|%s\n" $(date -u -d 2024-04-03 +%s) $(date -u -d 2024-06-05 +%s) \
		$(date -u -d 2024-12-13 +%s) >expect &&
	sqlite3 t.db "SELECT ext_id, created FROM ticket ORDER BY ext_id" >actual &&
	test_cmp expect actual
'

# ---------------------------------------------------------------- --dry-run

test_expect_success '--dry-run prints the same counts and changes nothing in the database' '
	{ echo "$HDR" && good 1 && good 2; } >g.csv &&
	tix-ingest -q --db t.db g.csv &&
	{ echo "$HDR" && echo "1,subject 1,r1@example.com,solved,2024-03-01 10:00:00" &&
	  good 2 && good 3 && echo "4,x,r4@example.com,open"; } >g2.csv &&
	cp t.db before.db &&
	test_must_fail --status 1 errto err tix-ingest --db t.db --dry-run --format csv g2.csv >dry &&
	echo "tix-ingest: g2.csv:5: expected 5 fields but found 4" >expect &&
	test_cmp expect err &&
	cmp before.db t.db &&
	good_expect 1 2 >expect &&
	tickets t.db >actual &&
	test_cmp expect actual &&
	echo "1|0|0" >expect &&
	sqlite3 t.db "SELECT (SELECT count(*) FROM ingest_batch), (SELECT count(*) FROM reject), (SELECT count(*) FROM ticket_history)" >actual &&
	test_cmp expect actual &&
	test_must_fail --status 1 errto /dev/null tix-ingest --db t.db --format csv g2.csv >real &&
	cut -d, -f1,2,4- dry >dry.counts && cut -d, -f1,2,4- real >real.counts &&
	test_cmp real.counts dry.counts &&
	echo "g2.csv,zendesk,,4,1,1,0,1,1" >expect && sed -n 2p dry >actual && test_cmp expect actual
'

test_expect_success '--dry-run on a database that does not exist leaves it not existing' '
	{ echo "$HDR" && good 1 && good 2; } >g.csv &&
	tix-ingest --db new.db -n --format csv g.csv >out 2>err &&
	test_cmp /dev/null err &&
	printf "%s\n" "file,source,batch,rows,inserted,updated,merged,unchanged,rejected" \
		"g.csv,zendesk,,2,2,0,0,0,0" >expect &&
	test_cmp expect out &&
	test ! -e new.db && test ! -e new.db-wal && test ! -e new.db-journal
'

# ---------------------------------------------------------------- usage

# usage_error MSG ARGS...: tix-ingest ARGS exits 2 with MSG and the --help
# pointer, and creates no database.
usage_error() {
	msg=$1
	shift
	test_must_fail --status 2 errto err tix-ingest --db t.db "$@" g.csv >out || return 1
	printf "%s\n" "tix-ingest: $msg" "Try 'tix-ingest --help' for more." >expect &&
	test_cmp expect err &&
	test_cmp /dev/null out &&
	if [ -e t.db ]; then echo "a usage error created the database"; return 1; fi
}

test_expect_success 'usage errors: exit 2, a message, no database' '
	{ echo "$HDR" && good 1; } >g.csv &&
	usage_error "unknown source '\''nosuch'\'' (zendesk, salesforce, freshdesk, jsm, servicenow, oracle, cfpb, twcs, generic)" --source nosuch &&
	usage_error "--source and --map do not go together" --source zendesk --map x &&
	usage_error "--date-order is dmy or mdy, not '\''xyz'\''" --date-order xyz &&
	usage_error "unknown time zone '\''Mars/Base'\'' (say UTC, +08:00 or a zone name such as Asia/Kuala_Lumpur)" --tz Mars/Base &&
	usage_error "--header-line takes a positive number, not '\''0'\''" --header-line 0 &&
	usage_error "--delimiter takes one character (or '\''tab'\''), not '\''ab'\''" --delimiter ab
'

test_expect_success 'an unknown option: exit 2, says so, no database' '
	{ echo "$HDR" && good 1; } >g.csv &&
	test_must_fail --status 2 errto err tix-ingest --db t.db --bogus g.csv >out &&
	test_cmp /dev/null out &&
	printf "%s\n" "tix-ingest: unknown option '\''--bogus'\''" \
		"Try '\''tix-ingest --help'\'' for more." >expect &&
	test_cmp expect err &&
	test ! -e t.db &&
	test_must_fail --status 2 errto err tix-ingest --db &&
	printf "%s\n" "tix-ingest: option '\''--db'\'' needs a value" \
		"Try '\''tix-ingest --help'\'' for more." >expect &&
	test_cmp expect err
'

test_expect_success 'an unknown --format: exit 2 and no database created' '
	{ echo "$HDR" && good 1; } >g.csv &&
	usage_error "unknown output format \"xml\" (choose table, csv, tsv, json or ndjson)" --format xml &&
	test_must_fail --status 2 errto err tix-ingest --summary --db s.db --format xml &&
	grep -x "tix-ingest: unknown output format \"xml\" (choose table, csv, tsv, json or ndjson)" err &&
	test ! -e s.db
'

# ---------------------------------------------------------------- mapping files

test_expect_success 'a mapping file with an unknown field: exit 3 with MAP:LINE, nothing written' '
	printf "Call ID,Caller Number,Start Time\nC1,555-0101,2024-03-05 10:00:00\n" >calls.csv &&
	printf "# calls\next_id = Call ID\n\ncaller = Caller Number\ncreated = Start Time\n" >calls.map &&
	test_must_fail --status 3 errto err tix-ingest -q --db t.db --map calls.map calls.csv &&
	echo "tix-ingest: calls.map:4: unknown field '\''caller'\'' (see tix-map(5))" >expect &&
	test_cmp expect err &&
	nothing_written t.db
'

test_expect_success 'a mapping file naming a column the file lacks: exit 3, nothing written' '
	printf "Call ID,Caller Number,Start Time\nC1,555-0101,2024-03-05 10:00:00\n" >calls.csv &&
	printf "ext_id = Call ID\nrequester = Caller Number\ncreated = Start Time\nteam = Skill\n" >calls.map &&
	test_must_fail --status 3 errto err tix-ingest -q --db t.db --map calls.map calls.csv &&
	echo "tix-ingest: calls.map:4: no column \"Skill\" in the header" >expect &&
	test_cmp expect err &&
	nothing_written t.db
'

test_expect_success '--source salesforce on a Zendesk header: exit 3 naming the file, nothing written' '
	{ echo "$HDR" && good 1; } >zd.csv &&
	test_must_fail --status 3 errto err tix-ingest -q --db t.db --source salesforce zd.csv &&
	echo "tix-ingest: zd.csv:1: the header does not look like a salesforce export (it needs columns like: casenumber)" >expect &&
	test_cmp expect err &&
	nothing_written t.db
'

# ---------------------------------------------------------------- tix-clean

test_expect_success 'tix-clean, a quote left open: exit 1, the good rows out, the bad one reported' '
	{ echo "$HDR" && good 1 && printf "2,b,\"broken\n" && good 3 && good 4 && good 5; } >bq.csv &&
	test_must_fail --status 1 errto err tix-clean bq.csv >out &&
	echo "tix-clean: bq.csv:3: unterminated quoted field" >expect &&
	test_cmp expect err &&
	{ echo "$HDR" && good 1 && good 3 && good 4 && good 5; } | sed "s/\$/\r/" >expect &&
	test_cmp expect out
'

test_expect_success 'tix-clean, bad width and bad UTF-8: exit 1, those rows left out and reported' '
	{ echo "$HDR" && good 1 &&
	  echo "2,subject 2,r2@example.com,2024-03-02 10:00:00" &&
	  printf "3,b\377,r3@example.com,open,2024-03-03 10:00:00\n" && good 4; } >w.csv &&
	test_must_fail --status 1 errto err tix-clean --lf w.csv >out &&
	cat >expect <<-\EOT &&
	tix-clean: w.csv:3: expected 5 fields but found 4
	tix-clean: w.csv:4: invalid UTF-8 in field 2 (Subject)
	EOT
	test_cmp expect err &&
	{ echo "$HDR" && good 1 && good 4; } >expect &&
	test_cmp expect out
'

test_expect_success 'tix-clean, a binary file: exit 3, nothing out' '
	head -c 4096 /bin/sh >bin.csv &&
	test_must_fail --status 3 errto err tix-clean bin.csv >out &&
	echo "tix-clean: bin.csv:1: binary data (NUL or control bytes), not a CSV export" >expect &&
	test_cmp expect err &&
	test_cmp /dev/null out
'

test_expect_success 'tix-clean, an empty file: exit 3, nothing out' '
	: >empty.csv &&
	test_must_fail --status 3 errto err tix-clean empty.csv >out &&
	echo "tix-clean: empty.csv:1: empty file: no header, no records" >expect &&
	test_cmp expect err &&
	test_cmp /dev/null out
'

# ---------------------------------------------------------------- stdin

test_expect_success 'standard input, redirected and piped with -: messages and batches name stdin' '
	{ echo "$HDR" && good 1 && echo "2,subject 2,r2@example.com,2024-03-02 10:00:00" && good 3; } >s.csv &&
	test_must_fail --status 1 errto err tix-ingest -q --db a.db <s.csv &&
	echo "tix-ingest: stdin:3: expected 5 fields but found 4" >expect &&
	test_cmp expect err &&
	cat s.csv | { test_must_fail --status 1 errto err tix-ingest --db b.db --format csv - >out; } &&
	test_cmp expect err &&
	printf "%s\n" "file,source,batch,rows,inserted,updated,merged,unchanged,rejected" \
		"stdin,zendesk,1,3,2,0,0,0,1" >expect &&
	test_cmp expect out &&
	for db in a b; do
		good_expect 1 3 >expect &&
		tickets $db.db >actual &&
		test_cmp expect actual &&
		echo "stdin|zendesk|done|3|2|0|0|0|1" >expect &&
		batches $db.db >actual &&
		test_cmp expect actual &&
		echo "stdin|3" >expect &&
		sqlite3 $db.db "SELECT file, line FROM reject" >actual &&
		test_cmp expect actual || return 1
	done
'

test_expect_success 'standard input: a binary stream is refused as stdin, nothing written' '
	head -c 4096 /bin/sh | { test_must_fail --status 3 errto err tix-ingest -q --db t.db; } &&
	echo "tix-ingest: stdin:1: binary data (NUL or control bytes), not a CSV export" >expect &&
	test_cmp expect err &&
	nothing_written t.db
'

test_expect_success 'tix-clean reads standard input and names it stdin' '
	{ echo "$HDR" && good 1 && echo "2,subject 2,r2@example.com,2024-03-02 10:00:00" && good 3; } >s.csv &&
	cat s.csv | { test_must_fail --status 1 errto err tix-clean --lf >out; } &&
	echo "tix-clean: stdin:3: expected 5 fields but found 4" >expect &&
	test_cmp expect err &&
	{ echo "$HDR" && good 1 && good 3; } >expect &&
	test_cmp expect out
'

test_done
