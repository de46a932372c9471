#!/bin/sh
# tix-triage end to end: --help and --version; the usage errors (exit 2);
# a bad severity file or lexicon (FILE:LINE, exit 3); a layout with no text
# (exit 3, the file named); broken rows (FILE:LINE, exit 1, every good row
# still out, and the "look at it by hand" message for a broken row whose
# text reads as S0); an event log (one row per id, from its last row);
# --min-severity; every --format; standard input ('-' and no argument);
# --open --now on a database made by tix-ingest; --db with the requester's
# and a named account's history.
#
# Every case uses the small severity file and lexicon below, never the
# shipped ones (they are being tuned), so every expected row is worked out
# from them by hand:
#   harm S0 (15m) wellbeing "kill myself"; dox S1 (4h) privacy "dox*";
#   bully S2 (1d) safety "loser"; refund, a topic, S2 (1d) payments;
#   kid, a context, "my daughter"; bully is S1 with kid; nothing found:
#   S3 (3d) helpdesk.  repeat requester 1 30d S1, repeat target 2 30d S1.
# Times without a zone are UTC; due = created + the level's target.
. "$(dirname "$0")/../lib.sh"

W="$SCRATCH_ROOT/triage"	# the inputs and expected outputs, shared
mkdir -p "$W"
# not UTC: zone-less times must still be read as UTC
TZ="EST5EDT,M3.2.0,M11.1.0"
export TZ
TAB=$(printf '\t')
Q="'"

cat >"$W/sev.conf" <<\EOF
# the test's severity file
level S0 15m minutes
level S1 4h  hours
level S2 1d  a day
level S3 3d  three days
risk harm   S0 wellbeing
risk dox    S1 privacy
risk bully  S2 safety
topic refund S2 payments
context kid
raise bully S1 with kid
default S3 helpdesk
repeat requester 1 30d S1
repeat target    2 30d S1
EOF

cat >"$W/lex.conf" <<\EOF
# the test's lexicon
[harm]
kill myself
[dox]
dox*
[bully]
loser
[refund]
refund
[kid]
my daughter
EOF

# tt ARG...: tix-triage with the test's rules
tt() {
	tix-triage --severity "$W/sev.conf" --lexicon "$W/lex.conf" "$@"
}

# The main input: a Zendesk-like layout (Id, Created at, Requester, Status).
cat >"$W/tickets.csv" <<\EOF
Id,Subject,Description,Status,Created at,Requester
1,Help,I want to kill myself tonight,open,2026-11-02 10:00,alice
2,Money back,Please refund my order,open,2026-11-02 11:00,bob
3,Privacy,"They doxxed me, see @bad_guy",new,2026-11-02 12:00,carol
4,Mean,You loser,open,2026-11-02 13:00,dave
5,Mean,They call my daughter a loser,open,2026-11-02 14:00,erin
6,Hello,How do I change my name?,open,2026-11-02 15:00,frank
EOF
# 1: harm, S0, due 10:15.  2: refund (a topic: no risk), S2, due a day
# later.  3: dox, S1, due 16:00, the handle a fact.  4: bully, S2.  5: bully
# with kid: S1, due 18:00; reasons per category (bully, then kid, in the
# severity file's order).  6: nothing: S3 helpdesk, due 3 days later.
cat >"$W/expect.tsv" <<\EOF
id	subject	severity	risks	team	due	reasons	facts
1	Help	S0	harm	wellbeing	2026-11-02T10:15:00Z	harm "kill myself"	{}
2	Money back	S2		payments	2026-11-03T11:00:00Z	refund "refund"	{}
3	Privacy	S1	dox	privacy	2026-11-02T16:00:00Z	dox "doxxed"	{"handles":["@bad_guy"]}
4	Mean	S2	bully	safety	2026-11-03T13:00:00Z	bully "loser"	{}
5	Mean	S1	bully	safety	2026-11-02T18:00:00Z	bully "loser"; kid "my daughter"	{}
6	Hello	S3		helpdesk	2026-11-05T15:00:00Z		{}
EOF
cat >"$W/expect.csv" <<\EOF
id,subject,severity,risks,team,due,reasons,facts
1,Help,S0,harm,wellbeing,2026-11-02T10:15:00Z,"harm ""kill myself""",{}
2,Money back,S2,,payments,2026-11-03T11:00:00Z,"refund ""refund""",{}
3,Privacy,S1,dox,privacy,2026-11-02T16:00:00Z,"dox ""doxxed""","{""handles"":[""@bad_guy""]}"
4,Mean,S2,bully,safety,2026-11-03T13:00:00Z,"bully ""loser""",{}
5,Mean,S1,bully,safety,2026-11-02T18:00:00Z,"bully ""loser""; kid ""my daughter""",{}
6,Hello,S3,,helpdesk,2026-11-05T15:00:00Z,,{}
EOF
cat >"$W/expect.ndjson" <<\EOF
{"id":"1","subject":"Help","severity":"S0","risks":"harm","team":"wellbeing","due":"2026-11-02T10:15:00Z","reasons":"harm \"kill myself\"","facts":"{}"}
{"id":"2","subject":"Money back","severity":"S2","risks":"","team":"payments","due":"2026-11-03T11:00:00Z","reasons":"refund \"refund\"","facts":"{}"}
{"id":"3","subject":"Privacy","severity":"S1","risks":"dox","team":"privacy","due":"2026-11-02T16:00:00Z","reasons":"dox \"doxxed\"","facts":"{\"handles\":[\"@bad_guy\"]}"}
{"id":"4","subject":"Mean","severity":"S2","risks":"bully","team":"safety","due":"2026-11-03T13:00:00Z","reasons":"bully \"loser\"","facts":"{}"}
{"id":"5","subject":"Mean","severity":"S1","risks":"bully","team":"safety","due":"2026-11-02T18:00:00Z","reasons":"bully \"loser\"; kid \"my daughter\"","facts":"{}"}
{"id":"6","subject":"Hello","severity":"S3","risks":"","team":"helpdesk","due":"2026-11-05T15:00:00Z","reasons":"","facts":"{}"}
EOF
{
	echo "["
	sed -e '$!s/$/,/' "$W/expect.ndjson"
	echo "]"
} >"$W/expect.json"
cat >"$W/expect.table" <<\EOF
id  subject     severity  risks  team       due                   reasons                           facts
--  ----------  --------  -----  ---------  --------------------  --------------------------------  ------------------------
1   Help        S0        harm   wellbeing  2026-11-02T10:15:00Z  harm "kill myself"                {}
2   Money back  S2               payments   2026-11-03T11:00:00Z  refund "refund"                   {}
3   Privacy     S1        dox    privacy    2026-11-02T16:00:00Z  dox "doxxed"                      {"handles":["@bad_guy"]}
4   Mean        S2        bully  safety     2026-11-03T13:00:00Z  bully "loser"                     {}
5   Mean        S1        bully  safety     2026-11-02T18:00:00Z  bully "loser"; kid "my daughter"  {}
6   Hello       S3               helpdesk   2026-11-05T15:00:00Z                                    {}
EOF

# usage_error WORD ARG...: exit 2, nothing on stdout, on stderr one
# "tix-triage: " line naming WORD, then the pointer to --help
usage_error() {
	word=$1
	shift
	test_must_fail --status 2 tt "$@" >out 2>err &&
	test_cmp /dev/null out &&
	test "$(wc -l <err)" -eq 2 &&
	head -1 err | grep -q "^tix-triage: .*$word" &&
	echo "Try 'tix-triage --help' for more." >expect &&
	sed 1d err >actual &&
	test_cmp expect actual
}

# ok OUT ARG...: tt ARG... exits 0 with nothing on stderr, output in OUT
ok() {
	o=$1
	shift
	tt "$@" >"$o" 2>err
	rc=$?
	if [ $rc -ne 0 ]; then
		echo "ok: 'tix-triage $*' exited $rc" >&2
		cat err >&2
		return 1
	fi
	test_cmp /dev/null err
}

# ------------------------------------------------------------ help, usage

test_expect_success '--help: the usage on stdout, exit 0' '
	tix-triage --help >out 2>err &&
	test_cmp /dev/null err &&
	head -1 out | grep -q "^usage: tix-triage " &&
	grep -q -- "--min-severity" out &&
	grep -q -- "--open" out &&
	grep -q "^Columns: id,subject,severity,risks,team,due,reasons,facts" out &&
	tix-triage -h >out2 &&
	test_cmp out out2
'

test_expect_success '--version: the name and a version, exit 0' '
	tix-triage --version >out 2>err &&
	test_cmp /dev/null err &&
	grep -Eq "^tix-triage [0-9]+\.[0-9]+" out &&
	test "$(wc -l <out)" -eq 1
'

test_expect_success 'usage errors: exit 2, a message naming what is wrong, nothing on stdout' '
	usage_error S9 --min-severity S9 "$W/tickets.csv" &&
	usage_error high --min-severity high "$W/tickets.csv" &&
	usage_error --min-severity --min-severity &&
	usage_error --now --now 2026-11-02 "$W/tickets.csv" &&
	usage_error --key-file --key-file key "$W/tickets.csv" &&
	usage_error --bogus --bogus "$W/tickets.csv" &&
	usage_error -z -z "$W/tickets.csv" &&
	usage_error --open --open --db x.db "$W/tickets.csv" &&
	usage_error xml --format xml "$W/tickets.csv" &&
	usage_error --check --check "$W/tickets.csv" &&
	usage_error nosuchsource --source nosuchsource "$W/tickets.csv" &&
	usage_error --train --train &&
	usage_error --train --train --db x.db "$W/tickets.csv" &&
	usage_error --train --train --model builtin "$W/tickets.csv" &&
	usage_error --ordinary --ordinary "$W/tickets.csv" "$W/tickets.csv" &&
	usage_error --source --train --source zendesk "$W/tickets.csv" &&
	usage_error --train --train --format tsv --ordinary "$W/tickets.csv" "$W/tickets.csv"
'

test_expect_success '--check: reads the rules and says what is in them' '
	ok out --check &&
	printf "%s\n" "severity: 3 risks, 1 topics, 1 contexts, 1 raise rules" \
		"lexicon: 5 phrase lines, 0 guard lines" "model: none" >expect &&
	sed "s/, [0-9]* automaton states$//" out >actual &&
	test_cmp expect actual
'

# ------------------------------------------------------- rules that are bad

test_expect_success 'a bad --severity file: tix-triage: FILE:LINE: ..., exit 3, nothing on stdout' '
	printf "# levels\nlevel S0 15m\nlevel S9 4h\n" >bad.sev &&
	test_must_fail --status 3 tt --severity bad.sev "$W/tickets.csv" >out 2>err &&
	test_cmp /dev/null out &&
	test "$(wc -l <err)" -eq 1 &&
	grep -q "^tix-triage: bad.sev:3: .*S9" err &&
	sed "s/^risk dox .*/risk dox S1 privacy extra words/" "$W/sev.conf" >bad2.sev &&
	test_must_fail --status 3 tt --severity bad2.sev "$W/tickets.csv" >out 2>err &&
	grep -q "^tix-triage: bad2.sev:7: " err &&
	sed "s/^raise bully S1 with kid/raise nosuch S1 with kid/" "$W/sev.conf" >bad3.sev &&
	test_must_fail --status 3 tt --severity bad3.sev "$W/tickets.csv" >out 2>err &&
	grep -q "^tix-triage: bad3.sev:11: .*nosuch" err &&
	test_must_fail --status 3 tt --severity missing.sev "$W/tickets.csv" >out 2>err &&
	test_cmp /dev/null out &&
	grep -q "^tix-triage: missing.sev: " err
'

test_expect_success 'a bad --lexicon file: tix-triage: FILE:LINE: ..., exit 3, nothing on stdout' '
	printf "[harm]\nkill myself\n\n[nosuch]\nfoo\n" >bad.lex &&
	test_must_fail --status 3 tt --lexicon bad.lex "$W/tickets.csv" >out 2>err &&
	test_cmp /dev/null out &&
	test "$(wc -l <err)" -eq 1 &&
	grep -q "^tix-triage: bad.lex:4: .*nosuch" err &&
	printf "[harm]\nkill~ myself\n" >bad2.lex &&
	test_must_fail --status 3 tt --lexicon bad2.lex "$W/tickets.csv" >out 2>err &&
	grep -q "^tix-triage: bad2.lex:2: " err &&
	printf "loser\n[bully]\n" >bad3.lex &&
	test_must_fail --status 3 tt --lexicon bad3.lex "$W/tickets.csv" >out 2>err &&
	grep -q "^tix-triage: bad3.lex:1: " err &&
	printf "[bully]\nsend pics &nosuch\n" >bad4.lex &&
	test_must_fail --status 3 tt --lexicon bad4.lex "$W/tickets.csv" >out 2>err &&
	grep -q "^tix-triage: bad4.lex:2: .*nosuch" err &&
	test_must_fail --status 3 tt --lexicon missing.lex "$W/tickets.csv" >out 2>err &&
	grep -q "^tix-triage: missing.lex: " err
'

test_expect_success 'a layout with no subject or text column: the file named, exit 3, no rows' '
	printf "foo,bar,baz\n1,2,3\n4,5,6\n" >nolayout.csv &&
	test_must_fail --status 3 tt --format tsv nolayout.csv >out 2>err &&
	test "$(wc -l <err)" -eq 1 &&
	grep -q "^tix-triage: nolayout.csv" err &&
	grep -q "subject" err &&
	test "$(sed 1d out | wc -l)" -eq 0 &&
	test_must_fail --status 3 tt --format tsv missing.csv >out 2>err &&
	grep -q "^tix-triage: missing.csv: " err
'

# ----------------------------------------------------------- the main rows

test_expect_success 'the rows: severity, risks, team, due, reasons, facts (tsv)' '
	ok actual --format tsv "$W/tickets.csv" &&
	test_cmp "$W/expect.tsv" actual
'

test_expect_success 'every --format: csv, tsv, json, ndjson, table; csv when not a terminal' '
	ok actual --format csv "$W/tickets.csv" &&
	test_cmp "$W/expect.csv" actual &&
	ok actual --format json "$W/tickets.csv" &&
	test_cmp "$W/expect.json" actual &&
	ok actual --format ndjson "$W/tickets.csv" &&
	test_cmp "$W/expect.ndjson" actual &&
	ok actual --format table "$W/tickets.csv" &&
	test_cmp "$W/expect.table" actual &&
	ok actual "$W/tickets.csv" &&
	test_cmp "$W/expect.csv" actual
'

test_expect_success 'standard input: with -, with no argument, from a pipe; the same bytes' '
	ok actual --format tsv - <"$W/tickets.csv" &&
	test_cmp "$W/expect.tsv" actual &&
	ok actual --format tsv <"$W/tickets.csv" &&
	test_cmp "$W/expect.tsv" actual &&
	cat "$W/tickets.csv" | tt --format tsv >actual 2>err &&
	test_cmp /dev/null err &&
	test_cmp "$W/expect.tsv" actual &&
	cat "$W/tickets.csv" | tt --format tsv - >actual 2>err &&
	test_cmp "$W/expect.tsv" actual
'

test_expect_success 'two files: the rows of both, in order' '
	sed 1d "$W/expect.tsv" >rows &&
	{ cat "$W/expect.tsv"; cat rows; } >expect &&
	ok actual --format tsv "$W/tickets.csv" "$W/tickets.csv" &&
	test_cmp expect actual
'

test_expect_success 'one of several files missing: the others still triaged, exit 3' '
	test_must_fail --status 3 tt --format tsv "$W/tickets.csv" missing.csv "$W/tickets.csv" \
		>actual 2>err &&
	sed 1d "$W/expect.tsv" >rows &&
	{ cat "$W/expect.tsv"; cat rows; } >expect &&
	test_cmp expect actual &&
	test "$(wc -l <err)" -eq 1 &&
	grep -q "^tix-triage: missing.csv: " err
'

# tix-triage(1): "A file without an id column gives each row the id
# tix-ingest(1) would give it: h and 16 hexadecimal digits of a hash"
test_expect_success 'a file without an id column: ids h and 16 hex digits, as tix-ingest gives them' '
	printf "%s\n" "subject,description,created" "Help,I want to kill myself,2026-11-02 10:00" \
		"Hi,just a question,2026-11-02 11:00" "Mean,you loser,2026-11-02 12:00" >noid.csv &&
	ok actual --format tsv noid.csv &&
	sed 1d actual | cut -f1 >ids &&
	test "$(grep -c "^h[0-9a-f]\{16\}\$" ids)" -eq 3 &&
	test "$(sort -u ids | wc -l)" -eq 3 &&
	sed 1d actual | cut -f3 >levels &&
	printf "%s\n" S0 S3 S2 >expect &&
	test_cmp expect levels &&
	tix-ingest --db noid.db noid.csv >/dev/null 2>&1 &&
	if command -v sqlite3 >/dev/null; then
		sqlite3 -batch noid.db "select ext_id from ticket order by id" >db.ids &&
		test_cmp db.ids ids
	fi
'

test_expect_success '--min-severity: only that level and more urgent ones' '
	for l in S0 S1 S2 S3; do
		ok actual --format tsv --min-severity $l "$W/tickets.csv" &&
		awk -F "$TAB" -v l=$l "NR == 1 || \$3 <= l" "$W/expect.tsv" >expect &&
		test_cmp expect actual || return 1
	done &&
	ok actual --format tsv --min-severity S0 "$W/tickets.csv" &&
	test "$(sed 1d actual | cut -f1)" = 1 &&
	ok actual --format tsv --min-severity s1 "$W/tickets.csv" &&
	test "$(sed 1d actual | cut -f1 | tr "\n" " ")" = "1 3 5 " &&
	ok actual --format tsv --min-severity 2 "$W/tickets.csv" &&
	test "$(sed 1d actual | wc -l)" -eq 5
'

test_expect_success 'a file with a UTF-8 byte-order mark and CRLF line ends reads the same' '
	{ printf "\357\273\277"; sed "s/\$/\r/" "$W/tickets.csv"; } >bom.csv &&
	ok actual --format tsv bom.csv &&
	test_cmp "$W/expect.tsv" actual
'

# --------------------------------------------------------------- bad rows

# Line 3: 8 fields for 6; line 4: 8 fields and S0 text; line 6: no id and
# S0 text; line 7 and 8: dates that cannot be read (triaged, no due); line
# 9: a quote that never closes, S0 text; line 10: a good row after it.
cat >"$W/broken.csv" <<\EOF
Id,Subject,Description,Status,Created at,Requester
1,hello,fine thanks,open,2026-11-02 10:00,alice
2,too,many,fields,here,x,y,z
3,too many,i want to kill myself,open,2026-11-02 10:00,x,y
4,ok,all good,open,2026-11-02 11:00,bob
,no id,i want to kill myself,open,2026-11-02 12:00,carol
5,bad date,just a question,open,yesterday-ish,dave
6,bad date,i want to kill myself,open,notadate,erin
7,"unterminated,i want to kill myself,open,2026-11-02 13:00,frank
8,last,is it lost,open,2026-11-02 14:00,gina
EOF
cat >"$W/broken.expect" <<\EOF
id	subject	severity	risks	team	due	reasons	facts
1	hello	S3		helpdesk	2026-11-05T10:00:00Z		{}
4	ok	S3		helpdesk	2026-11-05T11:00:00Z		{}
5	bad date	S3		helpdesk			{}
6	bad date	S0	harm	wellbeing		harm "kill myself"	{}
8	last	S3		helpdesk	2026-11-05T14:00:00Z		{}
EOF

test_expect_success 'broken rows: FILE:LINE for each, exit 1, every good row still out' '
	cp "$W/broken.csv" broken.csv &&
	test_must_fail --status 1 tt --format tsv broken.csv >actual 2>err &&
	test_cmp "$W/broken.expect" actual &&
	cut -d: -f1-3 err >lines &&
	printf "tix-triage: broken.csv:%s\n" 3 4 6 7 8 9 >expect &&
	test_cmp expect lines &&
	grep "^tix-triage: broken.csv:7: " err | grep -q "yesterday-ish" &&
	grep "^tix-triage: broken.csv:8: " err | grep -q "notadate"
'

test_expect_success 'a broken row whose text reads as S0: look at it by hand' '
	cp "$W/broken.csv" broken.csv &&
	test_must_fail --status 1 tt --format tsv broken.csv >actual 2>err &&
	grep "look at it by hand" err | cut -d: -f1-3 >lines &&
	printf "tix-triage: broken.csv:%s\n" 4 6 9 >expect &&
	test_cmp expect lines &&
	grep "^tix-triage: broken.csv:4: " err | grep -q "S0" &&
	grep "^tix-triage: broken.csv:3: " err >l3 &&
	! grep -q "by hand" l3
'

test_expect_success 'broken rows, as JSON: a row whose date cannot be read has a null due' '
	cp "$W/broken.csv" broken.csv &&
	test_must_fail --status 1 tt --format ndjson broken.csv >actual 2>err &&
	test "$(wc -l <actual)" -eq 5 &&
	grep "^{\"id\":\"5\"," actual | grep -q "\"due\":null" &&
	grep "^{\"id\":\"1\"," actual | grep -q "\"due\":\"2026-11-05T10:00:00Z\""
'

test_expect_success 'broken rows from standard input: the same rows, messages naming stdin' '
	test_must_fail --status 1 tt --format tsv <"$W/broken.csv" >actual 2>err &&
	test_cmp "$W/broken.expect" actual &&
	test "$(wc -l <err)" -eq 6 &&
	test "$(grep -c "^tix-triage: stdin:[0-9]*: " err)" -eq 6
'

# ------------------------------------------------------------- event logs

# Id 10 has three rows (its last: solved, nothing found), 20 two (its last:
# doxxed), 30 one.  Each comes out once, at its last row: 30, 20, 10.
cat >"$W/log.csv" <<\EOF
Id,Subject,Description,Status,Created at,Requester
10,first,hello,new,2026-11-02 10:00,a
20,other,hi,new,2026-11-02 10:30,b
10,first,i want to kill myself,open,2026-11-02 10:00,a
30,third,refund please,new,2026-11-02 11:00,c
20,other,they doxxed me,open,2026-11-02 10:30,b
10,first,all fine now,solved,2026-11-02 10:00,a
EOF
cat >"$W/log.expect" <<\EOF
id	subject	severity	risks	team	due	reasons	facts
30	third	S2		payments	2026-11-03T11:00:00Z	refund "refund"	{}
20	other	S1	dox	privacy	2026-11-02T14:30:00Z	dox "doxxed"	{}
10	first	S3		helpdesk	2026-11-05T10:00:00Z		{}
EOF

test_expect_success 'an event log (one id on several rows): one row per id, from its last row' '
	ok actual --format tsv "$W/log.csv" &&
	test_cmp "$W/log.expect" actual &&
	cat "$W/log.csv" | tt --format tsv >actual &&
	test_cmp "$W/log.expect" actual
'

# ------------------------------------------------------------------ --open

# The database: now is 2026-11-02T12:00:00Z.  101: S0, open, due 09:15:
# overdue 2.75 h.  102: S0 but solved.  103: S0, due 12:05: not yet.  104:
# S1 (dox), new, due 11:00: overdue 1.0 h.  105: S2, due 2026-11-02T00:00,
# overdue 12 h, but S2.  106: S0, closed.  107: S0, pending, due 06:15:
# overdue 5.75 h.  108: S3, due 2026-10-04, overdue 708 h, but S3.  The
# 2xx are solved reports naming @bad_guy, for --db.
cat >"$W/hist.csv" <<\EOF
Id,Subject,Description,Status,Created at,Requester,Assignee
101,help,i want to kill myself,open,2026-11-02 09:00,alice,ann
102,help again,i want to kill myself,solved,2026-11-02 08:00,bob,ann
103,right now,i want to kill myself,open,2026-11-02 11:50,carol,
104,privacy,they doxxed me,new,2026-11-02 07:00,dave,ben
105,mean,you loser,open,2026-11-01 00:00,erin,ben
106,old,i want to kill myself,closed,2026-11-01 00:00,frank,ann
107,tonight,i want to kill myself,pending,2026-11-02 06:00,gina,
108,question,how do i change my name,open,2026-10-01 00:00,hank,
201,report,@bad_guy keeps calling me a loser,solved,2026-10-20 10:00,ivy,
202,report,@bad_guy doxxed me,solved,2026-10-25 10:00,jack,
203,report,@bad_guy says hi,solved,2026-10-26 10:00,kim,
EOF
OPEN_HEADER="id${TAB}source${TAB}subject${TAB}severity${TAB}risks${TAB}team${TAB}status${TAB}assignee${TAB}created${TAB}due${TAB}overdue_hours${TAB}reasons"
# overdue_hours with one decimal: 5.75 and 2.75 as C printf rounds them
# (round half to even on the exact binary value: 5.8, 2.8)
cat >"$W/open.expect" <<\EOF
107	zendesk	tonight	S0	harm	wellbeing	pending		2026-11-02T06:00:00Z	2026-11-02T06:15:00Z	5.8	harm "kill myself"
104	zendesk	privacy	S1	dox	privacy	new	ben	2026-11-02T07:00:00Z	2026-11-02T11:00:00Z	1.0	dox "doxxed"
101	zendesk	help	S0	harm	wellbeing	open	ann	2026-11-02T09:00:00Z	2026-11-02T09:15:00Z	2.8	harm "kill myself"
EOF

# hist_db: the database of hist.csv in $W, made once
hist_db() {
	[ -f "$W/hist.db" ] && return 0
	tix-ingest --db "$W/hist.db" --format csv "$W/hist.csv" >ingest.out 2>ingest.err || {
		cat ingest.err ingest.out
		return 1
	}
}

test_expect_success '--open --now: open S0/S1 tickets past due, oldest first; not solved, not yet due' '
	hist_db &&
	ok actual --open --db "$W/hist.db" --now 2026-11-02T12:00:00Z --format tsv &&
	{ echo "$OPEN_HEADER"; cat "$W/open.expect"; } >expect &&
	test_cmp expect actual
'

test_expect_success '--open --min-severity S0: the S0 ones only' '
	hist_db &&
	ok actual --open --db "$W/hist.db" --now 2026-11-02T12:00:00Z --min-severity S0 --format tsv &&
	{ echo "$OPEN_HEADER"; grep -v "${TAB}S1${TAB}" "$W/open.expect"; } >expect &&
	test_cmp expect actual
'

# tix-triage(1): "for --open, S1, the escalations; with S3, --open lists
# every open ticket past its due time" (108, a question of 1 October, too)
test_expect_success '--open --min-severity S2 adds 105, S3 also 108: the whole overdue backlog' '
	hist_db &&
	ok actual --open --db "$W/hist.db" --now 2026-11-02T12:00:00Z --min-severity S3 --format tsv &&
	sed 1d actual | cut -f1,4,11 >got &&
	printf "%s\n" "108${TAB}S3${TAB}708.0" "105${TAB}S2${TAB}12.0" "107${TAB}S0${TAB}5.8" \
		"104${TAB}S1${TAB}1.0" "101${TAB}S0${TAB}2.8" >expect &&
	test_cmp expect got &&
	ok actual --open --db "$W/hist.db" --now 2026-11-02T12:00:00Z --min-severity S2 --format tsv &&
	sed 1d actual | cut -f1,4,11 >got &&
	printf "%s\n" "105${TAB}S2${TAB}12.0" "107${TAB}S0${TAB}5.8" "104${TAB}S1${TAB}1.0" \
		"101${TAB}S0${TAB}2.8" >expect &&
	test_cmp expect got
'

test_expect_success '--open: a later --now lists 103 too; an earlier one fewer' '
	hist_db &&
	ok actual --open --db "$W/hist.db" --now 2026-11-02T12:10:00Z --format tsv &&
	test "$(sed 1d actual | cut -f1 | tr "\n" " ")" = "107 104 101 103 " &&
	ok actual --open --db "$W/hist.db" --now 2026-11-02T09:00:00Z --format tsv &&
	test "$(sed 1d actual | cut -f1 | tr "\n" " ")" = "107 " &&
	test_must_fail --status 2 tt --open --db "$W/hist.db" --now yesterday-ish >out 2>err
'

test_expect_success '--open on a database that is not there: exit 3, named' '
	test_must_fail --status 3 tt --open --db nosuch.db --now 2026-11-02T12:00:00Z >out 2>err &&
	grep -q "nosuch.db" err
'

# --------------------------------------------------------------------- --db

# New tickets, triaged against hist.db.  alice had 101 (harm) on 2026-11-02:
# 301 (bully S2) is one earlier flagged ticket within 30 days: S1.  305 is
# from someone new: S2.  306 is alice's too, but 58 days later: prior 1,
# not raised.  303 names @bad_guy, named in 201 and 202 (flagged; 203 is
# not): 2 reports, S2 -> S1.  304 names an account nobody reported.  302
# and 307 are alice's with no risk at all: the requester rule leaves them
# alone (302 stays S3), but 307 names @bad_guy, and the target rule needs
# no risk of the ticket's own: S3 -> S2, its team its own words' (helpdesk).
cat >"$W/new.csv" <<\EOF
Id,Subject,Description,Status,Created at,Requester
301,again,you loser,new,2026-11-03 10:00,alice
302,again,hello there,new,2026-11-03 10:00,alice
303,look,@bad_guy calls me a loser,new,2026-11-03 11:00,zed
304,look,@nobody calls me a loser,new,2026-11-03 11:00,zed
305,fine,you loser,new,2026-11-03 12:00,newbie
306,later,you loser,new,2026-12-30 12:00,alice
307,both,@bad_guy says hello,new,2026-11-03 13:00,alice
EOF

test_expect_success '--db: the history columns; a repeat requester and a reported account raise a level' '
	hist_db &&
	ok actual --db "$W/hist.db" --format tsv "$W/new.csv" &&
	head -1 actual >hdr &&
	echo "id${TAB}subject${TAB}severity${TAB}risks${TAB}team${TAB}due${TAB}reasons${TAB}facts${TAB}prior_tickets${TAB}prior_risks${TAB}target_reports" >expect &&
	test_cmp expect hdr &&
	sed 1d actual | cut -f1,3,4,5,6,9,10,11 >got &&
	cat >expect <<-EOF &&
	301${TAB}S1${TAB}bully${TAB}safety${TAB}2026-11-03T14:00:00Z${TAB}1${TAB}harm${TAB}0
	302${TAB}S3${TAB}${TAB}helpdesk${TAB}2026-11-06T10:00:00Z${TAB}1${TAB}harm${TAB}0
	303${TAB}S1${TAB}bully${TAB}safety${TAB}2026-11-03T15:00:00Z${TAB}0${TAB}${TAB}2
	304${TAB}S2${TAB}bully${TAB}safety${TAB}2026-11-04T11:00:00Z${TAB}0${TAB}${TAB}0
	305${TAB}S2${TAB}bully${TAB}safety${TAB}2026-11-04T12:00:00Z${TAB}0${TAB}${TAB}0
	306${TAB}S2${TAB}bully${TAB}safety${TAB}2026-12-31T12:00:00Z${TAB}1${TAB}harm${TAB}0
	307${TAB}S2${TAB}${TAB}helpdesk${TAB}2026-11-04T13:00:00Z${TAB}1${TAB}harm${TAB}2
	EOF
	test_cmp expect got &&
	grep "^301${TAB}" actual | cut -f7 | grep -q "^bully \"loser\"; .*history" &&
	grep "^303${TAB}" actual | cut -f7 | grep -q "@bad_guy" &&
	grep "^305${TAB}" actual | cut -f7 >r305 &&
	echo "bully \"loser\"" >expect &&
	test_cmp expect r305 &&
	grep "^302${TAB}" actual | cut -f7 >r302 &&
	echo >expect &&
	test_cmp expect r302 &&
	grep "^307${TAB}" actual | cut -f7 >r307 &&
	echo "history \"@bad_guy named in 2 earlier flagged tickets in 30 days\"" >expect &&
	test_cmp expect r307 &&
	grep "^303${TAB}" actual | cut -f7 >r303 &&
	echo "bully \"loser\"; history \"@bad_guy named in 2 earlier flagged tickets in 30 days\"" >expect &&
	test_cmp expect r303
'

# Two accounts named one after the other: each is an account of its own
# (tix-triage(1): handles, "each an array of distinct strings"), and
# @bad_guy's two reports still count.
test_expect_success '--db: two handles side by side are two accounts; the reported one counts' '
	hist_db &&
	printf "%s\n" "Id,Subject,Description,Status,Created at,Requester" \
		"401,look,@bad_guy @nobody call me a loser,new,2026-11-03 11:00,zed" >two.csv &&
	ok actual --db "$W/hist.db" --format tsv two.csv &&
	sed 1d actual | cut -f1,3,8,11 >got &&
	echo "401${TAB}S1${TAB}{\"handles\":[\"@bad_guy\",\"@nobody\"]}${TAB}2" >expect &&
	test_cmp expect got
'

test_expect_success '--db: the ticket itself, already in the database, is not its own history' '
	hist_db &&
	grep -e "^Id," -e "^101," "$W/hist.csv" >again.csv &&
	ok actual --db "$W/hist.db" --format tsv again.csv &&
	sed 1d actual | cut -f1,3,9,10,11 >got &&
	echo "101${TAB}S0${TAB}0${TAB}${TAB}0" >expect &&
	test_cmp expect got
'

test_expect_success '--db with a database that is not there: exit 3, named' '
	test_must_fail --status 3 tt --db nosuch.db "$W/new.csv" >out 2>err &&
	grep -q "nosuch.db" err
'

# ------------------------------------------------------------- the model

# train.tsv: labelled tickets of the test's risks.  Its model, by hand
# (unigrams and the bigrams within a field, once per ticket; classes none
# first, then in the severity file's order):
cat >"$W/train.tsv" <<EOF
Id${TAB}Subject${TAB}Description${TAB}Label
1${TAB}pills${TAB}took the pills${TAB}harm
2${TAB}help${TAB}hello there${TAB}none
EOF
cat >"$W/train.expect" <<EOF
tix-model 1
class none 1
class harm 1
hello${TAB}1 0
hello there${TAB}1 0
help${TAB}1 0
pills${TAB}0 1
the${TAB}0 1
the pills${TAB}0 1
there${TAB}1 0
took${TAB}0 1
took the${TAB}0 1
EOF

test_expect_success '--train: the model of labelled tickets on stdout, sorted, exit 0' '
	ok actual --train "$W/train.tsv" &&
	test_cmp "$W/train.expect" actual
'

test_expect_success '--train: a bad label or a short row is named and left out (exit 1); no Label column: exit 1' '
	{ cat "$W/train.tsv"; printf "3${TAB}x${TAB}y${TAB}nosuch\n4${TAB}short\n"; } >bad.tsv &&
	test_must_fail --status 1 tt --train bad.tsv >actual 2>err &&
	test_cmp "$W/train.expect" actual &&
	printf "%s\n" "tix-triage: bad.tsv:4: label ${Q}nosuch${Q} is not a risk of the severity file (nor ${Q}none${Q}); the row was not read" \
		"tix-triage: bad.tsv:5: 2 fields, fewer than the header${Q}s; the row was not read" >expect &&
	test_cmp expect err &&
	printf "Id${TAB}Subject\n1${TAB}x\n" >nolabel.tsv &&
	test_must_fail --status 1 tt --train nolabel.tsv >actual 2>err &&
	test_cmp /dev/null actual &&
	grep -q "^tix-triage: nolabel.tsv:1: a labelled file is tab-separated with Subject, Description and Label columns" err &&
	test_must_fail --status 3 tt --train nosuch.tsv >actual 2>err &&
	grep -q "^tix-triage: nosuch.tsv: " err
'

# model.conf: "pills" and "took the" are harm's in 9 of its 10 tickets and
# in none of 1000 others: a ticket with both words is nearly surely harm
cat >"$W/model.conf" <<EOF
tix-model 1
class none 1000
class harm 10
pills${TAB}0 9
took${TAB}0 9
took the${TAB}0 9
the pills${TAB}0 9
the${TAB}300 9
EOF

test_expect_success '--model: adds an S0 risk the words missed, with its reason; without it, the words alone' '
	printf "%s\n" "Id,Subject,Description,Status,Created at,Requester" \
		"1,note,I took the pills,new,2026-11-02 10:00,amy" \
		"2,note,the weather,new,2026-11-02 10:00,bob" >m.csv &&
	ok actual --model "$W/model.conf" --format tsv m.csv &&
	sed 1d actual | cut -f1,3,4 >got &&
	printf "%s\n" "1${TAB}S0${TAB}harm" "2${TAB}S3${TAB}" >expect &&
	test_cmp expect got &&
	sed -n 2p actual | cut -f7 | grep -q "^harm model [01]\.[0-9]*$" &&
	ok actual --format tsv m.csv &&
	sed 1d actual | cut -f1,3,4 >got &&
	printf "%s\n" "1${TAB}S3${TAB}" "2${TAB}S3${TAB}" >expect &&
	test_cmp expect got &&
	ok out --check --model "$W/model.conf" &&
	tail -1 out >got && echo "model: naive Bayes, 2 classes, 5 features" >expect && test_cmp expect got
'

test_expect_success 'a bad --model file: FILE:LINE, exit 3, nothing on stdout' '
	printf "tix-model 1\nclass none 3\nclass harm 2\nword${TAB}1\n" >bad.model &&
	printf "%s\n" "Id,Subject,Description,Status,Created at,Requester" "1,a,b,new,2026-11-02 10:00,amy" >m.csv &&
	test_must_fail --status 3 tt --model bad.model --format tsv m.csv >out 2>err &&
	test_cmp /dev/null out &&
	echo "tix-triage: bad.model:4: 2 counts, each at most its class${Q}s tickets, are needed after the tab" >expect &&
	test_cmp expect err &&
	test_must_fail --status 3 tt --model nosuch.model m.csv >out 2>err &&
	grep -q "^tix-triage: nosuch.model: " err
'

# ------------------------------------------------ a logistic model (--ordinary)

# lr.tsv: 12 labelled tickets, 6 of harm in words the lexicon does not hold
# ("pills", "overdose", "end it"), 6 none; ord.csv: 60 ordinary tickets of a
# helpdesk, one of which the lexicon reads as S0 (left out of training)
{
	printf "Id${TAB}Subject${TAB}Description${TAB}Label\n"
	for i in 1 2 3 4 5 6; do
		printf "h$i${TAB}note $i${TAB}i took all the pills and want to end it $i${TAB}harm\n"
		printf "n$i${TAB}question $i${TAB}how do i reset my password $i${TAB}none\n"
	done
} >"$W/lr.tsv"
{
	echo "Id,Subject,Description,Status,Created at,Requester"
	i=0
	while [ $i -lt 60 ]; do
		i=$((i + 1))
		case $((i % 4)) in
		0) echo "$i,Billing $i,my card was charged twice for order $i,open,2026-11-02 10:00,u$i" ;;
		1) echo "$i,Login $i,cannot log in after the update $i,open,2026-11-02 10:00,u$i" ;;
		2) echo "$i,Export $i,how do i export my data $i,open,2026-11-02 10:00,u$i" ;;
		3) echo "$i,Refund $i,please refund order $i it never arrived,open,2026-11-02 10:00,u$i" ;;
		esac
	done
	echo "61,Help,I want to kill myself,open,2026-11-02 10:00,u61"
} >"$W/ord.csv"

test_expect_success '--train --ordinary: a logistic model (tix-model 2), its cross-validation said, exit 0' '
	ok model --train --ordinary "$W/ord.csv" "$W/lr.tsv" &&
	sed -n 1p model >got && echo "tix-model 2" >expect && test_cmp expect got &&
	grep -q "^# trained on 12 labelled tickets (6 of an S0 risk) and 60 ordinary ones (1 more left out: the lexicon reads them as S0)$" model &&
	grep -q "^# 3-fold cross-validation at this threshold: the model alone raised [0-9]* of 60 ordinary and [0-9]* of 6 ${Q}none${Q} tickets to S0; [0-9]* of 6 S0 tickets found (the lexicon alone 0)$" model &&
	grep -c "^threshold -*[0-9]*\.[0-9][0-9][0-9]$" model >n && echo 1 >one && test_cmp one n &&
	grep -v "^#" model | sed -n "3,4p" | cut -d" " -f1,2 >got &&
	printf "%s\n" "class any" "class harm" >expect && test_cmp expect got &&
	grep -v "^#" model | sed 1,4d >feats &&
	test -s feats &&
	! grep -v "^[^${TAB}]*${TAB}[-0-9.e]* [-0-9.e]*$" feats &&
	cut -f1 feats >names && sort -c names &&
	grep -q "^pills${TAB}" feats &&
	ok model2 --train --ordinary "$W/ord.csv" "$W/lr.tsv" &&
	test_cmp model model2
'

test_expect_success '--model with a logistic model: raises the harm ticket the words missed, not the helpdesk ones' '
	ok model --train --ordinary "$W/ord.csv" "$W/lr.tsv" &&
	printf "%s\n" "Id,Subject,Description,Status,Created at,Requester" \
		"1,note,i took all the pills,new,2026-11-02 10:00,amy" \
		"2,Login,cannot log in after the update,new,2026-11-02 10:00,bob" >m.csv &&
	ok actual --model model --format tsv m.csv &&
	sed 1d actual | cut -f1,3,4 >got &&
	printf "%s\n" "1${TAB}S0${TAB}harm" "2${TAB}S3${TAB}" >expect &&
	test_cmp expect got &&
	sed -n 2p actual | cut -f7 | grep -q "^harm model 0\.[0-9]*$" &&
	ok out --check --model model &&
	tail -1 out | grep -q "^model: logistic, 2 classes, [0-9]* features, raises at p >= 0\.[0-9]*$"
'

test_expect_success '--train --ordinary: broken ordinary rows named (FILE:LINE, exit 1), the model still written from the rest' '
	cp "$W/broken.csv" broken.csv &&
	test_must_fail --status 1 tt --train --ordinary broken.csv --ordinary "$W/ord.csv" "$W/lr.tsv" >model 2>err &&
	cut -d: -f1-3 err >lines &&
	printf "tix-triage: broken.csv:%s\n" 3 4 6 9 >expect &&
	test_cmp expect lines &&
	grep -q "^# trained on 12 labelled tickets (6 of an S0 risk) and 64 ordinary ones (2 more left out" model
'

test_expect_success '--train --ordinary: no S0 label, no ordinary ticket, a missing export: said, no model' '
	grep -v "${TAB}harm$" "$W/lr.tsv" >none.tsv &&
	test_must_fail --status 1 tt --train --ordinary "$W/ord.csv" none.tsv >out 2>err &&
	test_cmp /dev/null out &&
	echo "tix-triage: a logistic model needs labelled tickets of an S0 risk and ordinary tickets: no model written" >expect &&
	test_cmp expect err &&
	echo "Id,Subject,Description,Status,Created at,Requester" >empty.csv &&
	test_must_fail --status 1 tt --train --ordinary empty.csv "$W/lr.tsv" >out 2>err &&
	test_cmp /dev/null out &&
	echo "tix-triage: no ordinary ticket read: no model written" >expect &&
	test_cmp expect err &&
	test_must_fail --status 3 tt --train --ordinary nosuch.csv "$W/lr.tsv" >out 2>err &&
	test_cmp /dev/null out &&
	grep -q "^tix-triage: nosuch.csv: " err
'

test_expect_success 'a bad logistic model file: FILE:LINE, exit 3' '
	printf "%s\n" "Id,Subject,Description,Status,Created at,Requester" "1,a,b,new,2026-11-02 10:00,amy" >m.csv &&
	printf "tix-model 2\n# c\nclass any 0\n" >bad1 &&
	test_must_fail --status 3 tt --model bad1 m.csv >out 2>err &&
	test_cmp /dev/null out &&
	echo "tix-triage: bad1:3: ${Q}threshold T${Q} (log odds from -30 to 30) comes first" >expect && test_cmp expect err &&
	printf "tix-model 2\nthreshold -1\nclass any 0\nclass harm 0\nword${TAB}1\n" >bad2 &&
	test_must_fail --status 3 tt --model bad2 m.csv 2>err &&
	echo "tix-triage: bad2:5: 2 weights are needed after the tab" >expect && test_cmp expect err &&
	printf "tix-model 2\nthreshold -1\nclass harm 0\n" >bad3 &&
	test_must_fail --status 3 tt --model bad3 m.csv 2>err &&
	echo "tix-triage: bad3:3: the first class is ${Q}any${Q}" >expect && test_cmp expect err &&
	printf "tix-model 2\nthreshold x\n" >bad4 &&
	test_must_fail --status 3 tt --model bad4 m.csv 2>err &&
	echo "tix-triage: bad4:2: ${Q}threshold T${Q} (log odds from -30 to 30) comes first" >expect && test_cmp expect err
'

test_done
