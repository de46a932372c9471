#!/bin/sh
# Nasty files: huge fields and lines, very wide headers, NUL bytes, quotes
# gone wrong, UTF-16 without a BOM, files of nothing but line ends, repeated
# header names, a million commas.  Each is made here, in the scratch
# directory, and read by tix-ingest and by tix-clean.  Each must give a clear
# message naming the file (and the line, where there is one) with the exit
# status the manual promises (1: rows rejected, 3: the file could not be
# read, nothing written), or a correct load; never a crash, never a hang.
#
# Under the sanitizer build (TIX_BUILD=build-san) two cases are scaled down
# or skipped, as said where they are: libcsv grows a field's buffer 128 bytes
# at a time, and ASan's realloc() always copies, so a field of N bytes costs
# N^2/128 bytes of copying there (a 4 MB field takes about a minute).
. "$(dirname "$0")/../lib.sh"

case $TIX_BUILD in
*san*) SAN=1 ;;
*) SAN= ;;
esac

HDR='Id,Subject,Requester,Status,Created at'
MB100=104857600

# errto FILE CMD...: run CMD with its standard error in FILE.
errto() {
	errfile=$1
	shift
	"$@" 2>"$errfile"
}

# goods FROM TO: good Zendesk-layout rows for tickets FROM..TO.
goods() {
	awk -v a="$1" -v b="$2" 'BEGIN { for (i = a; i <= b; i++)
		printf "%d,subject %d,r%d@example.com,open,2024-03-%02d 10:00:00\n", i, i, i, (i - 1) % 28 + 1 }'
}

# ids DB: the stored ticket ids in numeric order, on one line.
ids() {
	sqlite3 "$1" "SELECT group_concat(ext_id, ' ') FROM
		(SELECT ext_id FROM ticket ORDER BY CAST(ext_id AS INTEGER))"
}

# seqs A B [A B ...]: the numbers A..B of each pair, on one line.
seqs() {
	awk 'BEGIN { s = ""; for (k = 1; k < ARGC; k += 2)
		for (i = ARGV[k]; i <= ARGV[k + 1]; i++) s = s (s == "" ? "" : " ") i; print s }' "$@"
}

# repeat N C: the character C, N times, no line end.
repeat() {
	head -c "$1" /dev/zero | tr '\0' "$2"
}

# nothing_written DB: no batch, ticket, reject or history row (or no file).
nothing_written() {
	[ -f "$1" ] || return 0
	echo '0|0|0|0' >nw.expect &&
	sqlite3 "$1" "SELECT (SELECT count(*) FROM ingest_batch), (SELECT count(*) FROM ticket),
		(SELECT count(*) FROM reject), (SELECT count(*) FROM ticket_history)" >nw.actual &&
	test_cmp nw.expect nw.actual
}

# whole_file_error FILE MSG: both tools exit 3 with "TOOL: MSG", and
# nothing is written (to a new wf.db) or printed.
whole_file_error() {
	rm -f wf.db &&
	test_must_fail --status 3 errto err tix-ingest -q --db wf.db "$1" || return 1
	echo "tix-ingest: $2" >expect &&
	test_cmp expect err &&
	nothing_written wf.db &&
	test_must_fail --status 3 errto err tix-clean "$1" >out &&
	echo "tix-clean: $2" >expect &&
	test_cmp expect err &&
	test_cmp /dev/null out
}

# hexof FILE: the bytes of FILE as upper-case hex, as sqlite's hex() writes them.
hexof() {
	od -An -v -tx1 "$1" | tr -d ' \n' | tr abcdef ABCDEF
}

# The queries with string literals, kept out of the single-quoted bodies.
q_xrows() {
	sqlite3 "$1" "SELECT count(*) FROM ticket WHERE body LIKE 'xxx%'"
}
q_wide() {
	sqlite3 "$1" "SELECT line - 1, json_extract(extra, '\$.col1'), json_extract(extra, '\$.col25000'),
		json_extract(extra, '\$.col50000') FROM ticket ORDER BY line"
}
q_wide_batch() {
	sqlite3 "$1" "SELECT rows_read, inserted, rejected, json_array_length(columns) FROM ingest_batch
		WHERE source LIKE 'generic-%'"
}
q_quotes_batch() {
	sqlite3 "$1" "SELECT rows_read, (SELECT count(*) FROM ticket), json_array_length(columns),
		length(json_extract(columns, '\$[0]')) FROM ingest_batch"
}
q_dup() {
	sqlite3 "$1" "SELECT json_type(extra, '\$.a'), json_array_length(extra, '\$.a'),
		json_extract(extra, '\$.a[0]'), json_extract(extra, '\$.a[149]'),
		json_extract(extra, '\$.a[299]') FROM ticket ORDER BY line"
}
q_commas() {
	sqlite3 "$1" "SELECT ext_id, length(subject), length(replace(subject, ',', '')) FROM ticket ORDER BY ext_id"
}

# skip_case DESC WHY: a case not run in this build, counted as skipped.
skip_case() {
	echo "skip - $test_name: $1 ($2)"
	test_skipped=$((test_skipped + 1))
}

# ---------------------------------------------------------------- size

# The reader reads physical lines before records and caps a line at 64 MiB,
# so a 100 MB field on one line is a whole-file error, not a rejected row.
test_expect_success 'a 100 MB quoted field on one line: exit 3 "a line longer than 64 MiB" at its line, nothing written' '
	{ echo "id,body,status" && printf "1,\"" && repeat $MB100 x && printf "\",open\n" &&
	  echo "2,ok,open" && echo "3,ok,closed"; } >big.csv &&
	whole_file_error big.csv "big.csv:2: a line longer than 64 MiB; is this a CSV file?" &&
	rm -f big.csv
'

# A record is capped at 16 MiB.  The reader cannot tell a field that closes
# after 100 MB from one that never closes, so the reason may be either.
if [ -z "$SAN" ]; then
test_expect_success 'a 100 MB quoted field over 100,000 lines: rejected at its first line, the rows before and after stored' '
	{ echo "id,body,status" &&
	  awk "BEGIN { for (i = 1; i <= 100; i++) printf \"%d,body %d,open\\n\", i, i }" &&
	  printf "101,\"" &&
	  awk "BEGIN { s = sprintf(\"%1000s\", \"\"); gsub(/ /, \"x\", s); for (i = 0; i < 104858; i++) print s }" &&
	  printf "\",open\n" && echo "102,ok,open" && echo "103,ok,closed"; } >big.csv &&
	test_must_fail --status 1 errto err tix-ingest -q --db t.db big.csv &&
	head -n 1 err >first &&
	grep -E -x "tix-ingest: big.csv:102: (record larger than the size limit.*|unterminated quoted field)" first &&
	seqs 1 100 102 103 >expect &&
	ids t.db >actual &&
	test_cmp expect actual &&
	echo "0" >expect &&
	q_xrows t.db >actual &&
	test_cmp expect actual &&
	echo "102" >expect &&
	sqlite3 t.db "SELECT min(line) FROM reject" >actual &&
	test_cmp expect actual &&
	test_must_fail --status 1 errto err tix-clean --lf big.csv >out &&
	head -n 1 err | sed "s/^tix-clean/tix-ingest/" >first.clean &&
	test_cmp first first.clean &&
	{ echo "id,body,status" &&
	  awk "BEGIN { for (i = 1; i <= 100; i++) printf \"%d,body %d,open\\n\", i, i }" &&
	  echo "102,ok,open" && echo "103,ok,closed"; } >expect &&
	test_cmp expect out &&
	rm -f big.csv t.db out
'
else
skip_case 'a 100 MB quoted field over 100,000 lines' 'a 16 MiB field takes tens of minutes under ASan'
fi

test_expect_success 'a 100 MB line with no line end and no quotes: exit 3 "a line longer than 64 MiB", nothing written' '
	repeat $MB100 x >line.csv &&
	whole_file_error line.csv "line.csv:1: a line longer than 64 MiB; is this a CSV file?" &&
	{ echo "$HDR" && goods 1 2 && repeat $MB100 x; } >late.csv &&
	rm -f line.csv &&
	whole_file_error late.csv "late.csv:4: a line longer than 64 MiB; is this a CSV file?" &&
	rm -f late.csv
'

test_expect_success '50,000 columns and 3 rows of 50,000 fields: loads as generic, every value kept' '
	awk "BEGIN { n = 50000; for (r = 0; r <= 3; r++) { s = (r ? \"v\" r \"_1\" : \"col1\");
		for (i = 2; i <= n; i++) s = s \",\" (r ? \"v\" r \"_\" i : \"col\" i); print s } }" >wide.csv &&
	tix-ingest -q --db t.db wide.csv 2>err &&
	test_cmp /dev/null err &&
	printf "%s\n" "1|v1_1|v1_25000|v1_50000" "2|v2_1|v2_25000|v2_50000" "3|v3_1|v3_25000|v3_50000" >expect &&
	q_wide t.db >actual &&
	test_cmp expect actual &&
	echo "3|3|0|50000" >expect &&
	q_wide_batch t.db >actual &&
	test_cmp expect actual &&
	tix-clean --lf wide.csv >out 2>err &&
	test_cmp /dev/null err &&
	test_cmp wide.csv out
'

# ---------------------------------------------------------------- NUL bytes

test_expect_success 'NUL bytes in a row past the first 4 KB: that row rejected (invalid UTF-8), the rest stored' '
	{ echo "$HDR" && goods 1 100 &&
	  printf "101,sub\000\000ject,r101@example.com,open,2024-03-17 10:00:00\n" && goods 102 103; } >nul.csv &&
	head -c 4096 nul.csv >h && tr -d "\000" <h >h2 && test_cmp h h2 &&
	test_must_fail --status 1 errto err tix-ingest -q --db t.db nul.csv &&
	echo "tix-ingest: nul.csv:102: invalid UTF-8 in field 2 (Subject)" >expect &&
	test_cmp expect err &&
	seqs 1 100 102 103 >expect &&
	ids t.db >actual &&
	test_cmp expect actual &&
	printf "101,sub\000\000ject,r101@example.com,open,2024-03-17 10:00:00" >badrow &&
	echo "102|102|invalid UTF-8 in field 2 (Subject)|$(hexof badrow)" >expect &&
	sqlite3 t.db "SELECT line, end_line, reason, hex(raw) FROM reject" >actual &&
	test_cmp expect actual &&
	test_must_fail --status 1 errto err tix-clean --lf nul.csv >out &&
	echo "tix-clean: nul.csv:102: invalid UTF-8 in field 2 (Subject)" >expect &&
	test_cmp expect err &&
	{ echo "$HDR" && goods 1 100 && goods 102 103; } >expect &&
	test_cmp expect out
'

test_expect_success 'NUL bytes in the first 4 KB: exit 3 "binary data" at line 1, nothing written' '
	{ echo "$HDR" && goods 1 1 &&
	  printf "2,sub\000ject,r2@example.com,open,2024-03-02 10:00:00\n" && goods 3 200; } >nul.csv &&
	whole_file_error nul.csv "nul.csv:1: binary data (NUL or control bytes), not a CSV export"
'

# ---------------------------------------------------------------- quotes

# Every such line is read to the end of the file before it is given up, so
# the time grows with the square of the number of lines (see the report in
# tests/fuzz/regress/fuzz_csvin/); under ASan, with its copying realloc(),
# faster still, so the sanitizer build uses 500 lines.
if [ -n "$SAN" ]; then NQ=500; else NQ=10000; fi
test_expect_success "$NQ lines each starting with a quote: each rejected as an unterminated quoted field, the good rows stored" '
	{ echo "$HDR" && goods 1 100 &&
	  awk -v n=$NQ "BEGIN { for (i = 0; i < n; i++) printf \"\\\"q%d,x,y,open,2024-03-01 10:00:00\\n\", i }" &&
	  goods 101 103; } >q.csv &&
	test_must_fail --status 1 errto err tix-ingest -q --db t.db q.csv &&
	awk -v n=$NQ "BEGIN { for (i = 102; i < 102 + n; i++) printf \"tix-ingest: q.csv:%d: unterminated quoted field\\n\", i }" >expect &&
	test_cmp expect err &&
	seqs 1 103 >expect &&
	ids t.db >actual &&
	test_cmp expect actual &&
	echo "$NQ|102|$((101 + NQ))" >expect &&
	sqlite3 t.db "SELECT count(*), min(line), max(line) FROM reject" >actual &&
	test_cmp expect actual &&
	test_must_fail --status 1 errto err tix-clean --lf q.csv >out &&
	wc -l <err >n && echo $NQ >expect && test_cmp expect n &&
	{ echo "$HDR" && goods 1 103; } >expect &&
	test_cmp expect out
'

test_expect_success 'a file of 1 MiB of double quotes: a one-column header and no records (even count); exit 3 (odd count)' '
	repeat 1048576 "\"" >qq.csv &&
	tix-ingest -q --db t.db qq.csv 2>err &&
	test_cmp /dev/null err &&
	echo "0|0|1|524287" >expect &&
	q_quotes_batch t.db >actual &&
	test_cmp expect actual &&
	tix-clean --lf qq.csv >out 2>err &&
	test_cmp /dev/null err &&
	{ cat qq.csv && echo; } >expect &&
	test_cmp expect out &&
	repeat 1048575 "\"" >qo.csv &&
	whole_file_error qo.csv "qo.csv:1: unterminated quoted field in the header"
'

test_expect_success '1 MiB of double quotes on one line between good rows: that line rejected, the rest stored' '
	{ echo "$HDR" && goods 1 100 && repeat 1048576 "\"" && echo && goods 101 102 &&
	  repeat 1048575 "\"" && echo && goods 103 104; } >qm.csv &&
	test_must_fail --status 1 errto err tix-ingest -q --db t.db qm.csv &&
	printf "%s\n" "qm.csv:102: expected 5 fields but found 1" \
		"qm.csv:105: unterminated quoted field" >msgs &&
	sed "s/^/tix-ingest: /" msgs >expect &&
	test_cmp expect err &&
	seqs 1 104 >expect &&
	ids t.db >actual &&
	test_cmp expect actual &&
	test_must_fail --status 1 errto err tix-clean --lf qm.csv >out &&
	sed "s/^/tix-clean: /" msgs >expect &&
	test_cmp expect err &&
	{ echo "$HDR" && goods 1 104; } >expect &&
	test_cmp expect out
'

test_expect_success 'alternating ",""," patterns: rejects only, every good row stored, none made up' '
	{ echo "$HDR" && goods 1 100 &&
	  awk "BEGIN { s = \"\"; for (i = 0; i < 1000; i++) s = s \"\\\",\\\"\"; for (k = 0; k < 100; k++) print s }" &&
	  goods 101 102 &&
	  awk "BEGIN { for (k = 0; k < 100; k++) print \"\\\",\\\",\\\",\\\",\\\"\" }" &&
	  goods 103 104 && printf "\",\"\n\"\n\",\",\",\n" && goods 105 106; } >alt.csv &&
	test_must_fail --status 1 errto err tix-ingest -q --db t.db alt.csv &&
	seqs 1 106 >expect &&
	ids t.db >actual &&
	test_cmp expect actual &&
	echo "106" >expect &&
	sqlite3 t.db "SELECT count(*) FROM ticket" >actual &&
	test_cmp expect actual &&
	sqlite3 t.db "SELECT count(*) FROM reject WHERE line NOT BETWEEN 102 AND 201
		AND line NOT BETWEEN 204 AND 303 AND line NOT BETWEEN 306 AND 308" >actual &&
	echo 0 >expect && test_cmp expect actual &&
	sqlite3 t.db "SELECT count(*) > 0 FROM reject" >actual &&
	echo 1 >expect && test_cmp expect actual &&
	wc -l <err >n.err && sqlite3 t.db "SELECT count(*) FROM reject" >n.rej && test_cmp n.rej n.err &&
	grep -v -E "^tix-ingest: alt.csv:[0-9]+: " err >bad; test_cmp /dev/null bad &&
	test_must_fail --status 1 errto err tix-clean --lf alt.csv >out &&
	grep -v -E "^tix-clean: alt.csv:[0-9]+: " err >bad; test_cmp /dev/null bad &&
	grep -E "^[0-9]+,subject " out >good.out &&
	goods 1 106 >expect &&
	test_cmp expect good.out
'

# ---------------------------------------------------------------- encodings, empties

test_expect_success 'a UTF-16LE file without a BOM (iconv -t UTF-16LE): loads, non-ASCII text intact' '
	{ echo "$HDR" &&
	  echo "1,Café crème – naïve,r1@example.com,open,2024-03-01 10:00:00" &&
	  echo "2,日本語 😀,r2@example.com,open,2024-03-02 10:00:00"; } >utf8.csv &&
	iconv -f UTF-8 -t UTF-16LE utf8.csv >u16.csv &&
	head -c 2 u16.csv | od -An -tx1 | tr -d " " >bom && echo 4900 >expect && test_cmp expect bom &&
	tix-ingest -q --db t.db u16.csv 2>err &&
	test_cmp /dev/null err &&
	printf "Café crème – naïve" >s1 && printf "日本語 😀" >s2 &&
	printf "1|%s\n2|%s\n" "$(hexof s1)" "$(hexof s2)" >expect &&
	sqlite3 t.db "SELECT ext_id, hex(subject) FROM ticket ORDER BY ext_id" >actual &&
	test_cmp expect actual &&
	echo "UTF-16LE|zendesk|2|2|0" >expect &&
	sqlite3 t.db "SELECT encoding, source, rows_read, inserted, rejected FROM ingest_batch" >actual &&
	test_cmp expect actual &&
	tix-clean --lf u16.csv >out 2>err &&
	test_cmp /dev/null err &&
	test_cmp utf8.csv out
'

test_expect_success 'a file of 1 MiB of line ends (LF, CR, CRLF): exit 3 "empty file", nothing written' '
	repeat 1048576 "\n" >nl.csv &&
	whole_file_error nl.csv "nl.csv:1: empty file: no header, no records" &&
	repeat 1048576 "\r" >cr.csv &&
	whole_file_error cr.csv "cr.csv:1: empty file: no header, no records" &&
	awk "BEGIN { for (i = 0; i < 524288; i++) printf \"\\r\\n\" }" >crlf.csv &&
	whole_file_error crlf.csv "crlf.csv:1: empty file: no header, no records"
'

test_expect_success 'a header of 300 times the same name: loads, extra holds all 300 values as an array' '
	awk "BEGIN { s = \"a\"; for (i = 2; i <= 300; i++) s = s \",a\"; print s;
		for (r = 1; r <= 3; r++) { s = \"r\" r \"c1\"; for (i = 2; i <= 300; i++) s = s \",r\" r \"c\" i; print s } }" >dup.csv &&
	tix-ingest -q --db t.db dup.csv 2>err &&
	test_cmp /dev/null err &&
	printf "%s\n" "array|300|r1c1|r1c150|r1c300" "array|300|r2c1|r2c150|r2c300" "array|300|r3c1|r3c150|r3c300" >expect &&
	q_dup t.db >actual &&
	test_cmp expect actual &&
	tix-clean --lf dup.csv >out 2>err &&
	test_cmp /dev/null err &&
	test_cmp dup.csv out
'

# ---------------------------------------------------------------- commas

test_expect_success 'a field of 1,000,000 commas inside quotes: loads whole' '
	{ echo "$HDR" && goods 1 1 && printf "2,\"" && repeat 1000000 , &&
	  printf "\",r2@example.com,open,2024-03-02 10:00:00\n" && goods 3 3; } >commas.csv &&
	tix-ingest -q --db t.db commas.csv 2>err &&
	test_cmp /dev/null err &&
	printf "%s\n" "1|9|9" "2|1000000|0" "3|9|9" >expect &&
	q_commas t.db >actual &&
	test_cmp expect actual &&
	tix-clean --lf commas.csv >out 2>err &&
	test_cmp /dev/null err &&
	test_cmp commas.csv out
'

# A record whose fields are all empty counts as a blank line and is skipped
# (csvin.h: "empty lines and all-empty records skipped"), whatever its width.
test_expect_success 'a row of 1,000,000 empty fields is skipped as blank; with a value at its end, rejected for its width' '
	{ echo "$HDR" && goods 1 1 && repeat 999999 , && echo && goods 3 3; } >empties.csv &&
	tix-ingest -q --db t.db empties.csv 2>err &&
	test_cmp /dev/null err &&
	echo "1 3" >expect && ids t.db >actual && test_cmp expect actual &&
	tix-clean --lf empties.csv >out 2>err &&
	test_cmp /dev/null err &&
	{ echo "$HDR" && goods 1 1 && goods 3 3; } >expect &&
	test_cmp expect out &&
	{ echo "$HDR" && goods 1 1 && printf 2 && repeat 1000000 , && echo end && goods 3 3; } >wide.csv &&
	test_must_fail --status 1 errto err tix-ingest -q --db u.db wide.csv &&
	echo "tix-ingest: wide.csv:3: expected 5 fields but found 1000001" >expect &&
	test_cmp expect err &&
	echo "1 3" >expect && ids u.db >actual && test_cmp expect actual &&
	echo "3|1000004" >expect &&
	sqlite3 u.db "SELECT line, length(raw) FROM reject" >actual &&
	test_cmp expect actual &&
	test_must_fail --status 1 errto err tix-clean --lf wide.csv >out &&
	echo "tix-clean: wide.csv:3: expected 5 fields but found 1000001" >expect &&
	test_cmp expect err &&
	{ echo "$HDR" && goods 1 1 && goods 3 3; } >expect &&
	test_cmp expect out
'

test_done
