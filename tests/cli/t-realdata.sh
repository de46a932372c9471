#!/bin/sh
# The real exports in ../shared/data/exports (see its README.md): each loads
# with the right number of tickets and the right values, a second load
# changes nothing, and tix-clean turns each into strict RFC 4180 CSV.
#
# Expected values come from the CSV files themselves, read by awk (and by an
# RFC 4180 reader written in awk below), never from tix's own output.
. "$(dirname "$0")/../lib.sh"

have_shared || skip_all "../shared/data not present"

E="$SHARED/exports"
SN="$E/servicenow_incident_log/incident_event_log.csv"
SNP="$E/servicenow_incident_log/incident_event_log_partial.csv"
CF="$E/cfpb"
TW="$E/twcs/spotifycares_support_requests.csv"
KG="$E/kaggle_support_tickets/customer_support_tickets.csv"
KGX="$E/kaggle_support_tickets/customer_support_tickets_excel_resaved.csv"
GH="$E/github_issues/github_issues.csv"
MAPS="$TOP/samples/maps"

# An independent RFC 4180 reader.
#   awk -v crlf=1 "$RFC4180" FILE     every record must end in CRLF
#   awk -v lenient=1 ...              an optional CR before the LF, and bare
#                                     CRs in unquoted fields, are accepted
#   -v skip=N                         skip the first N lines
#   -v want=3,6 -v emit=F             write those fields of each record
#                                     (unquoted ones; quoted ones as ") to F
# It prints "records N" (after the header), "width W" (the header's),
# "multiline M" (records over several lines), "bad_width K" and an "error"
# line for each problem: a record of another width, a bare quote in an
# unquoted field, text after a closing quote, a bare CR, a quote that never
# closes, a record end that is not CRLF (with crlf=1).  Exit 1 on any.
RFC4180='
BEGIN {
	Q = "\""
	width = -1
	nwant = want == "" ? 0 : split(want, wcol, ",")
}
function err(msg) {
	errs++
	if (errs <= 10)
		print "error: line " NR " (record from line " recline "): " msg
}
function endrec(   k, line) {
	if (width < 0) {
		width = nf
		return
	}
	nrec++
	if (NR > recline)
		multi++
	if (nf != width) {
		badw++
		if (badw <= 10)
			print "error: record at line " recline " has " nf " fields, the header " width
	}
	if (nwant) {
		line = val[wcol[1]]
		for (k = 2; k <= nwant; k++)
			line = line "\t" val[wcol[k]]
		print line > emit
	}
}
# what follows a closing quote at the end of a record
function recend(rest) {
	if (rest == "\r") {
		if (!crlf && !lenient)
			err("CR before the LF that ends a record")
	} else if (rest != "") {
		err("text after a closing quote")
	} else if (crlf) {
		err("record does not end in CRLF")
	}
	endrec()
}
NR <= skip { next }
{
	s = $0
	if (!inq) {
		recline = NR
		nf = 1
		fieldstart = 1
		split("", val)
	}
	i = 1
	for (;;) {
		if (inq) {
			p = index(substr(s, i), Q)
			if (!p)
				break		# the line break is part of the field
			p += i - 1
			if (substr(s, p + 1, 1) == Q) {
				i = p + 2	# a doubled quote
				continue
			}
			inq = 0
			i = p + 1
			if (substr(s, i, 1) == ",") {
				nf++
				i++
				fieldstart = 1
				continue
			}
			recend(substr(s, i))
			break
		}
		if (fieldstart && substr(s, i, 1) == Q) {
			inq = 1
			fieldstart = 0
			val[nf] = Q
			i++
			continue
		}
		fieldstart = 0
		rest = substr(s, i)
		p = index(rest, ",")
		if (p) {
			f = substr(rest, 1, p - 1)
		} else {
			f = rest
			if (substr(f, length(f), 1) == "\r" && (crlf || lenient))
				f = substr(f, 1, length(f) - 1)
			else if (crlf)
				err("record does not end in CRLF")
		}
		if (index(f, Q))
			err("bare quote in an unquoted field")
		if (index(f, "\r") && !lenient)
			err("bare CR in an unquoted field")
		val[nf] = f
		if (p) {
			nf++
			i += p
			fieldstart = 1
			continue
		}
		endrec()
		break
	}
}
END {
	if (inq)
		err("a quoted field never closes")
	printf "records %d\nwidth %d\nmultiline %d\nbad_width %d\n", nrec, width, multi, badw
	exit (errs || badw) ? 1 : 0
}
'

# stat_of ITEM OUT: the number after ITEM in the reader's output
stat_of() {
	sed -n "s/^$1 //p" "$2"
}

# skip_of FILE: the junk lines before the header, as the README says
skip_of() {
	case $1 in
	*complaints_sample_bdm_iso_with_zip_preamble.csv) echo 2 ;;
	*) echo 0 ;;
	esac
}

# counts DB FILE [opts]: ingest FILE, print source,rows,inserted,updated,
# merged,unchanged,rejected
counts() {
	db=$1 f=$2
	shift 2
	tix-ingest --db "$db" --format csv "$@" "$f" 2>counts.err >counts.out || {
		cat counts.err
		return 1
	}
	sed 1d counts.out | cut -d, -f2,4-
}

hexof() {
	od -An -v -tx1 "$1" | tr -d ' \n' | tr abcdef ABCDEF
}

# sn_expect FILE: for each incident of the event log, its last state by
# sys_updated_at (a later row wins a tie): number, incident_state, priority,
# caller_id (empty for ?), opened_at as YYYY-MM-DD HH:MM, sys_updated_at.
# The log has no quotes, so splitting at commas is exact.
sn_expect() {
	awk -F, 'NR > 1 {
		split($14, dt, " "); split(dt[1], d, "/"); split(dt[2], t, ":")
		k = sprintf("%04d%02d%02d%02d%02d", d[3], d[2], d[1], t[1], t[2])
		if (!($1 in best) || k >= best[$1]) {
			best[$1] = k; st[$1] = $2; pr[$1] = $23; cl[$1] = $8; op[$1] = $10
		}
	}
	END {
		for (n in best) {
			split(op[n], dt, " "); split(dt[1], d, "/")
			printf "%s\t%s\t%s\t%s\t%04d-%02d-%02d %s\n", n, st[n], pr[n],
				cl[n] == "?" ? "" : cl[n], d[3], d[2], d[1], dt[2]
		}
	}' "$1" | sort
}

# sn_mismatches DB EXPECT: tickets that differ from sn_expect's lines
sn_mismatches() {
	sqlite3 "$1" <<-EOF
	.mode tabs
	CREATE TEMP TABLE exp(num TEXT, state TEXT, prio TEXT, caller TEXT, opened TEXT);
	.import $2 exp
	SELECT 'expected', count(*) FROM exp;
	SELECT e.num, e.state, t.status_raw, e.prio, t.priority_raw, e.caller, t.requester,
	       e.opened, t.created
	  FROM exp e LEFT JOIN ticket t ON t.source = 'servicenow' AND t.ext_id = e.num
	 WHERE t.id IS NULL OR t.status_raw IS NOT e.state OR t.priority_raw IS NOT e.prio
	    OR t.requester IS NOT nullif(e.caller, '')
	    OR t.created IS NOT CAST(strftime('%s', e.opened) AS INTEGER)
	 LIMIT 10;
	EOF
}

# cfpb_dates FILE IDCOL: "id<TAB>YYYY-MM-DD" for each complaint, from the
# first column (Date received) as the file writes it: 2020-03-18, 2020/3/18,
# or month first with the year last (03/22/23, 7/29/13, 09/12/2016), as the
# US CFPB writes its dates.
cfpb_dates() {
	awk -v lenient=1 -v skip="$(skip_of "$1")" -v want="$2,1" -v emit=cfpb.tsv \
		"$RFC4180" "$1" >cfpb.stat || { cat cfpb.stat; return 1; }
	awk -F'\t' '{
		d = $2
		if (d ~ /^[0-9][0-9][0-9][0-9][-\/]/) {
			split(d, a, /[-\/]/); y = a[1]; m = a[2]; dd = a[3]
		} else {
			split(d, a, "/"); m = a[1]; dd = a[2]; y = a[3]
			if (y < 100) y += 2000
		}
		printf "%s\t%04d-%02d-%02d\n", $1, y, m, dd
	}' cfpb.tsv
}

# created_mismatches DB TSV: rows of "id<TAB>date or date time" whose ticket
# has another created time (or is missing); first the number of rows.
created_mismatches() {
	sqlite3 "$1" <<-EOF
	.mode tabs
	CREATE TEMP TABLE exp(id TEXT, at TEXT);
	.import $2 exp
	SELECT 'expected', count(*) FROM exp;
	SELECT e.id, e.at, t.created FROM exp e LEFT JOIN ticket t ON t.ext_id = e.id
	 WHERE t.created IS NOT CAST(strftime('%s', e.at) AS INTEGER) LIMIT 10;
	EOF
}

# --------------------------------------------------------------- the reader

test_expect_success 'the awk RFC 4180 reader itself: accepts good CSV, catches each kind of bad' '
	printf "a,b\r\n1,\"x\r\ny\"\"z\"\r\n2,\r\n\"\",\"\"\r\n" >good.csv &&
	awk -v crlf=1 "$RFC4180" good.csv >out &&
	printf "records 3\nwidth 2\nmultiline 1\nbad_width 0\n" >expect &&
	test_cmp expect out &&
	printf "a,b\r\n1,x\"y\r\n" >bad1.csv &&
	printf "a,b\r\n1,\"x\"y\r\n" >bad2.csv &&
	printf "a,b\r\n1,2,3\r\n" >bad3.csv &&
	printf "a,b\r\n1,\"2\r\n" >bad4.csv &&
	printf "a,b\r\n1,2\n" >bad5.csv &&
	printf "a,b\r\n1,2\r3\r\n" >bad6.csv &&
	printf "a,b\r\n\r\n1,2\r\n" >bad7.csv &&
	for n in 1 2 3 4 5 6 7; do
		if awk -v crlf=1 "$RFC4180" bad$n.csv >out; then
			echo "bad$n.csv passed"; return 1
		fi
		grep -q "^error" out || return 1
	done &&
	awk -v crlf=1 "$RFC4180" bad1.csv | grep -q "bare quote" &&
	awk -v crlf=1 "$RFC4180" bad2.csv | grep -q "text after a closing quote" &&
	awk -v crlf=1 "$RFC4180" bad4.csv | grep -q "never closes" &&
	printf "a,b\n1,2\n" >lf.csv &&
	awk "$RFC4180" lf.csv >/dev/null &&
	test_must_fail awk -v crlf=1 "$RFC4180" lf.csv >/dev/null
'

# --------------------------------------------------------------- ServiceNow

test_expect_success 'ServiceNow incident log: 24,918 tickets, each in its last state, counted right' '
	head -1 "$SN" | cut -d, -f1,2,8,10,14,23 >hdr &&
	echo "number,incident_state,caller_id,opened_at,sys_updated_at,priority" >expect &&
	test_cmp expect hdr &&
	! grep -q "\"" "$SN" &&
	sn_expect "$SN" >exp.tsv &&
	rows=$(($(wc -l <"$SN") - 1)) && n=$(wc -l <exp.tsv) &&
	test "$rows" = 141712 && test "$n" = 24918 &&
	counts t.db "$SN" >actual &&
	echo "servicenow,$rows,$n,0,$((rows - n)),0,0" >expect &&
	test_cmp expect actual &&
	echo "servicenow,141712,24918,0,116794,0,0" >expect &&
	test_cmp expect actual &&
	sn_mismatches t.db exp.tsv >actual &&
	printf "expected\t24918\n" >expect &&
	test_cmp expect actual &&
	echo 24918 >expect &&
	sqlite3 t.db "SELECT count(*) FROM ticket" >actual &&
	test_cmp expect actual
'

test_expect_success 'ServiceNow INC0000045 by value, and its history new -> solved -> closed' '
	grep "^INC0000045," "$SN" | tail -1 | cut -d, -f2,8,10,23 >last &&
	echo "Closed,Caller 2403,29/2/2016 01:16,3 - Moderate" >expect &&
	test_cmp expect last &&
	tix-ingest -q --db t.db "$SN" &&
	printf "%s\n" "closed|Closed|normal|3 - Moderate|Caller 2403|$(date -u -d "2016-02-29 01:16" +%s)" >expect &&
	echo "closed|Closed|normal|3 - Moderate|Caller 2403|1456708560" >expect2 &&
	test_cmp expect expect2 &&
	sqlite3 t.db "SELECT status, status_raw, priority, priority_raw, requester, created FROM ticket WHERE ext_id = '\''INC0000045'\''" >actual &&
	test_cmp expect actual &&
	printf "%s\n" "new|solved" "solved|closed" >expect &&
	sqlite3 t.db "SELECT h.old_value, h.new_value FROM ticket_history h JOIN ticket t ON t.id = h.ticket_id
		WHERE t.ext_id = '\''INC0000045'\'' AND h.field = '\''status'\'' ORDER BY h.rowid" >actual &&
	test_cmp expect actual
'

test_expect_success 'ServiceNow: re-ingest of the log, then the Excel re-saved partial log: 0 inserted, 0 updated' '
	tix-ingest -q --db t.db "$SN" &&
	counts t.db "$SN" >actual &&
	echo "servicenow,141712,0,0,0,141712,0" >expect &&
	test_cmp expect actual &&
	counts t.db "$SNP" >actual &&
	echo "servicenow,5998,0,0,0,5998,0" >expect &&
	test_cmp expect actual
'

test_expect_success 'ServiceNow: the re-saved partial log gives the same tickets as the same events of the original' '
	test "$(head -2 "$SNP" | tr -cd "\r" | wc -c)" = 2 &&
	sed -n 2p "$SNP" | grep -q ",TRUE,.*,29-02-2016 01:16," &&
	n=$(($(wc -l <"$SNP") - 1)) && test "$n" = 5998 &&
	head -n $((n + 1)) "$SN" >first.csv &&
	tix-ingest -q --db a.db first.csv &&
	tix-ingest -q --db b.db "$SNP" &&
	q="SELECT ext_id, status, status_raw, priority, requester, team, created, updated, solved, reopens, reassignments, extra, row_hash FROM ticket ORDER BY ext_id" &&
	sqlite3 a.db "$q" >a.txt && sqlite3 b.db "$q" >b.txt &&
	test -s a.txt &&
	test_cmp a.txt b.txt
'

# --------------------------------------------------------------- CFPB

test_expect_success 'CFPB with two junk lines before the header: 6,623 tickets, every date right' '
	f="$CF/complaints_sample_bdm_iso_with_zip_preamble.csv" &&
	sed -n 3p "$f" | grep -q "^Date received,Product," &&
	counts t.db "$f" >actual &&
	echo "cfpb,6623,6623,0,0,0,0" >expect &&
	test_cmp expect actual &&
	echo "3|2" >expect &&
	sqlite3 t.db "SELECT header_line, preamble_lines FROM ingest_batch" >actual &&
	test_cmp expect actual &&
	cfpb_dates "$f" 18 >exp.tsv &&
	test $(wc -l <exp.tsv) = 6623 &&
	created_mismatches t.db exp.tsv >actual &&
	printf "expected\t6623\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'CFPB ymd_slash: 6,623 rows, the same created dates as the ISO file for every id' '
	counts iso.db "$CF/complaints_sample_bdm_iso_with_zip_preamble.csv" >/dev/null &&
	counts ymd.db "$CF/complaints_sample_bdm_ymd_slash.csv" >actual &&
	echo "cfpb,6623,6623,0,0,0,0" >expect &&
	test_cmp expect actual &&
	sqlite3 ymd.db "ATTACH '\''iso.db'\'' AS iso;
		SELECT count(*), sum(a.created = b.created) FROM ticket a JOIN iso.ticket b ON a.ext_id = b.ext_id" >actual &&
	echo "6623|6623" >expect &&
	test_cmp expect actual &&
	grep -q "^2020/3/18," "$CF/complaints_sample_bdm_ymd_slash.csv" &&
	echo "$(date -u -d 2020-03-18 +%s)" >expect &&
	sqlite3 ymd.db "SELECT created FROM ticket WHERE ext_id = '\''3571115'\''" >actual &&
	test_cmp expect actual &&
	cfpb_dates "$CF/complaints_sample_bdm_ymd_slash.csv" 18 >exp.tsv &&
	created_mismatches ymd.db exp.tsv >actual &&
	printf "expected\t6623\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'CFPB payday 03/22/23 dates: 2,827 rows; 6725952 was received 2023-03-22' '
	f="$CF/complaints_payday_2023_mmddyy.csv" &&
	sed -n 2p "$f" | grep -q "^03/22/23," &&
	counts t.db "$f" >actual &&
	echo "cfpb,2827,2827,0,0,0,0" >expect &&
	test_cmp expect actual &&
	date -u -d 2023-03-22 +%s >expect &&
	sqlite3 t.db "SELECT created FROM ticket WHERE ext_id = '\''6725952'\''" >actual &&
	test_cmp expect actual &&
	cfpb_dates "$f" 18 >exp.tsv &&
	created_mismatches t.db exp.tsv >actual &&
	printf "expected\t2827\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'CFPB 2013 snake_case 7/29/13 dates: 999 rows; 468882 was received 2013-07-29' '
	f="$CF/Consumer_Complaints_2013_snakecase_999rows.csv" &&
	sed -n 2p "$f" | grep -q "^7/29/13,.*,468882.$" &&
	counts t.db "$f" >actual &&
	echo "cfpb,999,999,0,0,0,0" >expect &&
	test_cmp expect actual &&
	date -u -d 2013-07-29 +%s >expect &&
	sqlite3 t.db "SELECT created FROM ticket WHERE ext_id = '\''468882'\''" >actual &&
	test_cmp expect actual &&
	cfpb_dates "$f" 18 >exp.tsv &&
	created_mismatches t.db exp.tsv >actual &&
	printf "expected\t999\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'CFPB 2016-09: 349 rows; 09/12/2016 is 12 September, as 09/13/2016 in the same column settles' '
	f="$CF/Consumer_Complaints_2016-09_349rows.csv" &&
	awk -F, "NR > 1 { split(\$1, a, \"/\"); if (a[2] > 12) n++ } END { exit !(n > 0) }" "$f" &&
	grep -q "^09/12/2016,.*,2105582\$" "$f" &&
	counts t.db "$f" >actual &&
	echo "cfpb,349,349,0,0,0,0" >expect &&
	test_cmp expect actual &&
	date -u -d 2016-09-12 +%s >expect &&
	sqlite3 t.db "SELECT created FROM ticket WHERE ext_id = '\''2105582'\''" >actual &&
	test_cmp expect actual &&
	cfpb_dates "$f" 18 >exp.tsv &&
	created_mismatches t.db exp.tsv >actual &&
	printf "expected\t349\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'CFPB ccdb fixtures: each file all its rows, none rejected' '
	for f in "$CF"/ccdb_fixture_*.csv; do
		awk -v lenient=1 "$RFC4180" "$f" >stat || { cat stat; return 1; }
		n=$(stat_of records stat) &&
		test "$n" -gt 0 &&
		echo "cfpb,$n,$n,0,0,0,0" >expect &&
		counts "$(basename "$f").db" "$f" >actual &&
		test_cmp expect actual || return 1
	done &&
	for f in v1-intake v1-public v2-intake v2-public; do
		echo 30 >expect &&
		sqlite3 "ccdb_fixture_$f.csv.db" "SELECT count(*) FROM ticket" >actual &&
		test_cmp expect actual || return 1
	done &&
	echo 280 >expect &&
	sqlite3 "ccdb_fixture_complaints-subset.csv.db" "SELECT count(*) FROM ticket" >actual &&
	test_cmp expect actual
'

# --------------------------------------------------------------- tweets

test_expect_success 'twcs spotifycares: 15,096 tickets; bare CRs kept; 848.0 is 848; created from the tweet date' '
	awk -v lenient=1 -v want=3,6,9 -v emit=tw.tsv "$RFC4180" "$TW" >stat &&
	test "$(stat_of records stat)" = 15096 &&
	counts t.db "$TW" >actual &&
	echo "twcs,15096,15096,0,0,0,0" >expect &&
	test_cmp expect actual &&
	awk -F"\t" "BEGIN { split(\"Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec\", M, \" \");
			for (i = 1; i <= 12; i++) mon[M[i]] = i }
		\$2 !~ / \\+0000 / { print \"not UTC: \" \$2 > \"/dev/stderr\"; exit 1 }
		{ split(\$2, d, \" \"); printf \"%s\\t%04d-%02d-%02d %s\\n\", \$1, d[6], mon[d[2]], d[3], d[4] }" \
		tw.tsv >exp.tsv &&
	created_mismatches t.db exp.tsv >actual &&
	printf "expected\t15096\n" >expect &&
	test_cmp expect actual &&
	awk -F"\t" "{ p = \$3; sub(/\\.0\$/, \"\", p); print \$1 \"\\t\" p }" tw.tsv >par.tsv &&
	sqlite3 t.db ".mode tabs" "CREATE TEMP TABLE p(id TEXT, parent TEXT)" ".import par.tsv p" \
		"SELECT count(*), sum(t.parent_ext_id IS nullif(p.parent, '\'''\'')) FROM p JOIN ticket t ON t.ext_id = p.id" >actual &&
	printf "15096\t15096\n" >expect &&
	test_cmp expect actual &&
	sed -n 2p "$TW" | cut -d, -f3,6,9 >row &&
	echo "849,Tue Oct 31 23:36:20 +0000 2017,848.0" >expect && test_cmp expect row &&
	printf "848|%s|social\n" "$(date -u -d "2017-10-31 23:36:20" +%s)" >expect &&
	sqlite3 t.db "SELECT parent_ext_id, created, channel FROM ticket WHERE ext_id = '\''849'\''" >actual &&
	test_cmp expect actual
'

test_expect_success 'twcs spotifycares: a tweet whose text holds bare CRs is stored whole' '
	awk -F, "NF == 9 && !index(\$0, \"\\\"\") && index(\$7, \"\\r\") { print NR; exit }" "$TW" >nr &&
	test -s nr &&
	sed -n "$(cat nr)p" "$TW" | cut -d, -f3 >id &&
	sed -n "$(cat nr)p" "$TW" | cut -d, -f7 | tr -d "\n" >text &&
	od -c text | grep -q "\\\\r" &&
	tix-ingest -q --db t.db "$TW" &&
	echo "$(hexof text)" >expect &&
	sqlite3 t.db "SELECT hex(subject) FROM ticket WHERE ext_id = '\''$(cat id)'\''" >actual &&
	test_cmp expect actual &&
	tr -cd "\r" <"$TW" | wc -c >expect &&
	sqlite3 t.db "SELECT sum(length(subject) - length(replace(subject, char(13), '\'''\''))) FROM ticket" >actual &&
	test_cmp expect actual
'

# --------------------------------------------------------------- Kaggle

test_expect_success 'Kaggle tickets and their Excel re-save: 8,469 rows each, as generic and with the map' '
	awk -v lenient=1 "$RFC4180" "$KG" >stat &&
	test "$(stat_of records stat)" = 8469 &&
	multi=$(stat_of multiline stat) && test "$multi" -gt 0 &&
	counts a.db "$KG" >actual && grep -q ",8469,8469,0,0,0,0\$" actual &&
	counts b.db "$KGX" >actual && grep -q ",8469,8469,0,0,0,0\$" actual &&
	counts c.db "$KG" --map "$MAPS/kaggle-support.map" >actual &&
	echo "kaggle-support,8469,8469,0,0,0,0" >expect && test_cmp expect actual &&
	counts d.db "$KGX" --map "$MAPS/kaggle-support.map" >actual &&
	test_cmp expect actual &&
	for db in c d; do
		echo "8469|$multi|0" >expect &&
		sqlite3 $db.db "SELECT count(*), sum(instr(body, char(10)) > 0), sum(instr(body, char(13)) > 0) FROM ticket" >actual &&
		test_cmp expect actual || return 1
	done
'

test_expect_success 'Kaggle Excel re-save: CRLF between records, 22-03-2021 read day first like 2021-03-22' '
	test "$(head -1 "$KGX" | tr -cd "\r" | wc -c)" = 1 &&
	sed -n 2p "$KGX" | grep -q ",22-03-2021," &&
	sed -n 2p "$KG" | grep -q ",2021-03-22," &&
	tix-ingest -q --db c.db --map "$MAPS/kaggle-support.map" "$KG" &&
	tix-ingest -q --db d.db --map "$MAPS/kaggle-support.map" "$KGX" &&
	sqlite3 d.db "ATTACH '\''c.db'\'' AS c;
		SELECT count(*), sum(json_extract(a.extra, '\''$.\"Date of Purchase\"'\'') = json_extract(b.extra, '\''$.\"Date of Purchase\"'\''))
		FROM ticket a JOIN c.ticket b ON a.ext_id = b.ext_id" >actual &&
	echo "8469|8469" >expect &&
	test_cmp expect actual &&
	echo "2021-03-22T00:00:00Z" >expect &&
	sqlite3 d.db "SELECT json_extract(extra, '\''$.\"Date of Purchase\"'\'') FROM ticket WHERE ext_id = '\''1'\''" >actual &&
	test_cmp expect actual
'

# --------------------------------------------------------------- GitHub

test_expect_success 'GitHub issues with samples/maps/github-issues.map: 3,830 tickets' '
	awk -v lenient=1 -v want=12 -v emit=urls "$RFC4180" "$GH" >stat &&
	test "$(stat_of records stat)" = 3830 &&
	test "$(sort -u urls | wc -l)" = 3830 &&
	counts t.db "$GH" --map "$MAPS/github-issues.map" >actual &&
	echo "github,3830,3830,0,0,0,0" >expect &&
	test_cmp expect actual &&
	grep -q "^angular-calendar,Angular,1396,.*,closed,2021-01-21T20:35:07Z,2021-12-11T10:30:08Z,.*\"bug, has PR\",.*/issues/1396.$" "$GH" &&
	printf "%s\n" "angular-calendar|closed|bug,has PR|$(date -u -d 2021-01-21T20:35:07Z +%s)|$(date -u -d 2021-12-11T10:30:08Z +%s)" >expect &&
	sqlite3 t.db "SELECT team, status, tags, created, solved FROM ticket WHERE ext_id = '\''https://github.com/mattlewis92/angular-calendar/issues/1396'\''" >actual &&
	test_cmp expect actual
'

# --------------------------------------------------------------- every file

test_expect_success 'every file under exports: a second ingest reports 0 inserted, 0 updated' '
	find "$E" -name "*.csv" | sort >files &&
	test -s files &&
	: >bad &&
	while read -r f; do
		db=$(basename "$f").db
		tix-ingest -q --db "$db" "$f" 2>/dev/null
		counts "$db" "$f" >c || { echo "$f: failed" >>bad; continue; }
		awk -F, -v f="$f" "\$3 != 0 || \$4 != 0 || \$5 != 0 || \$6 != \$2 - \$7 { print f \": \" \$0 }" c >>bad
	done <files &&
	for m in "kaggle-support.map $KG" "kaggle-support.map $KGX" "github-issues.map $GH"; do
		set -- $m
		db=map-$(basename "$2").db
		tix-ingest -q --db "$db" --map "$MAPS/$1" "$2" &&
		counts "$db" "$2" --map "$MAPS/$1" >c &&
		awk -F, -v f="$2 with $1" "\$3 != 0 || \$4 != 0 || \$5 != 0 || \$6 != \$2 - \$7 { print f \": \" \$0 }" c >>bad ||
		return 1
	done &&
	test_cmp /dev/null bad
'

test_expect_success 'tix-clean on every export: strict RFC 4180, header width, as many records as tix-ingest stores' '
	find "$E" -name "*.csv" | sort >files &&
	: >bad &&
	while read -r f; do
		awk -v lenient=1 -v skip="$(skip_of "$f")" "$RFC4180" "$f" >in.stat ||
			{ echo "$f: the input itself does not read" >>bad; continue; }
		tix-clean "$f" >out.csv 2>err || echo "$f: tix-clean exit $?: $(head -1 err)" >>bad
		awk -v crlf=1 "$RFC4180" out.csv >out.stat ||
			{ echo "$f: output not strict RFC 4180: $(grep ^error out.stat | head -2)" >>bad; continue; }
		tail -c 2 out.csv | od -An -c | tr -d " " >end
		[ "$(cat end)" = "\\r\\n" ] || echo "$f: output does not end in CRLF" >>bad
		[ "$(stat_of width out.stat)" = "$(stat_of width in.stat)" ] ||
			echo "$f: width $(stat_of width out.stat), header $(stat_of width in.stat)" >>bad
		tix-ingest -n --db none.db --format csv "$f" 2>/dev/null | sed 1d >c
		stored=$(awk -F, "{ print \$4 - \$9 }" c)
		[ "$(stat_of records out.stat)" = "$stored" ] ||
			echo "$f: tix-clean wrote $(stat_of records out.stat) records, tix-ingest stores $stored" >>bad
		[ "$(stat_of records out.stat)" = "$(stat_of records in.stat)" ] ||
			echo "$f: tix-clean wrote $(stat_of records out.stat) records of $(stat_of records in.stat)" >>bad
		tix-clean --lf "$f" 2>/dev/null >lf.csv
		awk "$RFC4180" lf.csv >lf.stat ||
			{ echo "$f: --lf output not RFC 4180 with LF: $(grep ^error lf.stat | head -2)" >>bad; continue; }
		cmp -s out.stat lf.stat || echo "$f: --lf output differs in shape" >>bad
	done <files &&
	test ! -e none.db &&
	test_cmp /dev/null bad
'

test_expect_success 'tix-clean output of every export ingests to the same tickets as the export itself' '
	find "$E" -name "*.csv" | sort >files &&
	q="SELECT source, ext_id, subject, body, status, status_raw, priority, requester, team, tags, created, updated, solved, parent_ext_id, extra, row_hash FROM ticket ORDER BY source, ext_id" &&
	: >bad &&
	while read -r f; do
		rm -f a.db b.db
		tix-ingest -q --db a.db "$f" 2>/dev/null
		tix-clean "$f" >clean.csv 2>/dev/null
		tix-ingest -q --db b.db clean.csv 2>/dev/null
		sqlite3 a.db "$q" >a.txt && sqlite3 b.db "$q" >b.txt && test -s a.txt ||
			{ echo "$f: no tickets" >>bad; continue; }
		cmp -s a.txt b.txt || echo "$f: the cleaned copy ingests differently" >>bad
	done <files &&
	test_cmp /dev/null bad
'

test_done
