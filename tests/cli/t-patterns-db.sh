#!/bin/sh
# tix-patterns on a database, end to end, on small hand-made Zendesk-style
# exports whose every figure is worked out by hand in the comments: the
# listing's columns (pattern, template, tickets, requesters, first_seen,
# last_seen, top_category, example), blank texts, --top, --since and
# --until (they limit the counting, never the mining), the formats; ids
# that stay when new tickets come (and a place that turns out to vary),
# a second run that changes nothing, --rebuild, --field body and both;
# tix-trend and tix-recur --by pattern; --campaigns (a planted wave among
# unrelated and short bodies, --window, --min-requesters, --since, the
# example's excerpt); a schema 3 database; and the errors.
#
# Times are UTC.  The rules are those of man/tix-patterns.1 (and
# libanalyze/patterns.h, libanalyze/campaign.h).
. "$(dirname "$0")/../lib.sh"

W="$SCRATCH_ROOT/patdb"		# the exports and databases, shared by the cases
mkdir -p "$W"
HEAD=pattern,template,tickets,requesters,first_seen,last_seen,top_category,example
CHEAD=campaign,tickets,requesters,first_seen,last_seen,similarity,top_category,example_id,example
Q="'"

# rows: the listing's header, then the rows on stdin
rows() {
	echo "$HEAD"
	cat
}

# camps: the header of --campaigns, then the rows on stdin
camps() {
	echo "$CHEAD"
	cat
}

# ok OUT CMD...: CMD exits 0 with nothing on stderr; its output in OUT
ok() {
	o=$1
	shift
	"$@" >"$o" 2>err
	rc=$?
	if [ $rc -ne 0 ]; then
		echo "ok: '$*' exited $rc" >&2
		cat err >&2
		return 1
	fi
	test_cmp /dev/null err
}

# usage_error MESSAGE ARG...: exit 2, nothing on stdout, exactly the
# message and the pointer to --help on stderr
usage_error() {
	msg=$1
	shift
	test_must_fail --status 2 tix-patterns "$@" >out 2>err &&
	printf '%s\n' "tix-patterns: $msg" "Try 'tix-patterns --help' for more." >expect &&
	test_cmp expect err && test_cmp /dev/null out
}

# could_not_run MESSAGE ARG...: exit 3, nothing on stdout, exactly MESSAGE
could_not_run() {
	msg=$1
	shift
	test_must_fail --status 3 tix-patterns "$@" >out 2>err &&
	printf '%s\n' "tix-patterns: $msg" >expect &&
	test_cmp expect err && test_cmp /dev/null out
}

# stored DB: the pattern table, then each ticket's pattern by its id in the
# export (empty: none), then the field and the last ticket learnt
stored() {
	sqlite3 -separator , "$1" "SELECT 'p', id, template FROM pattern ORDER BY id;
		SELECT 't', t.ext_id, tp.pattern FROM ticket t
		  LEFT JOIN ticket_pattern tp ON tp.ticket_id = t.id ORDER BY t.id;
		SELECT 's', field, learnt_to FROM pattern_state"
}

# ---------------------------------------------------------------- exports

# a.csv: subjects from four sentences, with other numbers and names.
# Ticket ids are stored in the order of the rows: 101 .. 111, then 100
# (id 12), which has the same second as 101 but comes later in the file.
#   upload stuck at <PCT>       101, 104 ("87 %" is one <PCT>), 109 (no
#                               requester), 100 (upper case: lowered)
#   login failed for user <*>   102, 105, 108, 111: four names seen once
#                               each: a variable (rule c)
#   payment failed for alice    103  } two names only: rule c needs three
#   payment failed for bob      107  } values, so both stay constants
#   (no pattern)                106 (no subject), 110 (only spaces: stored
#                               as none)
# The bodies are for --field body: a greeting line ("Hi there,", "Dear
# Support,", "Hello team,", "Hello,": at most four words and a comma) is
# passed over, "Good morning to you all," (five words) is not, and 111's
# body is a greeting alone.
cat >"$W/a.csv" <<\EOF
Id,Subject,Description,Requester email,Category [list],Status,Created at
101,Upload stuck at 45%,"Hi there,
The upload stops at 45% every time.
Thanks,
Ana",r1@x.com,Uploads,open,2024-03-01T09:00:00Z
102,Login failed for user alice,"Dear Support,
I cannot sign in as alice since Monday.",r2@x.com,Login,open,2024-03-01T10:00:00Z
103,Payment failed for alice,"Hello team,

My card was declined twice.",r2@x.com,Billing,open,2024-03-02T08:00:00Z
104,upload stuck at 87 %,The upload stops at 87% every time.,r2@x.com,Uploads,open,2024-03-02T09:00:00Z
105,Login failed for user bob,"Dear Support,
I cannot sign in as bob since Monday.",r3@x.com,Login,open,2024-03-02T10:00:00Z
106,,"Hello,
Where is my parcel 7781?",r1@x.com,Other,open,2024-03-03T08:00:00Z
107,Payment failed for bob,"Good morning to you all,
My card was declined twice.",r4@x.com,Billing,open,2024-03-03T09:00:00Z
108,Login failed for user carol,I cannot sign in as carol since Monday.,r3@x.com,Account,open,2024-03-04T10:00:00Z
109,Upload stuck at 99%,"Hi there,
The upload stops at 99% every time.",,Uploads,open,2024-03-05T09:00:00Z
110,   ,,r5@x.com,Other,open,2024-03-05T10:00:00Z
111,Login failed for user dave,"Hi there,",r2@x.com,Account,open,2024-03-06T10:00:00Z
100,UPLOAD STUCK AT 5%,The upload stops at 5% every time.,r6@x.com,Uploads,open,2024-03-01T09:00:00Z
EOF

# b.csv: loaded later.  113 is a third name for "payment failed for ...":
# the place now varies (rule c), so 103, 107 and 113 get a new pattern,
# "payment failed for <*>"; 114 and 117 join existing patterns; 115 and
# 116 are a new sentence ("AB-12345": an <ID>).
cat >"$W/b.csv" <<\EOF
Id,Subject,Description,Requester email,Category [list],Status,Created at
113,Payment failed for carol,My card was declined twice.,r7@x.com,Billing,open,2024-03-07T09:00:00Z
114,Upload stuck at 12%,The upload stops at 12% every time.,r7@x.com,Uploads,open,2024-03-07T10:00:00Z
115,Invoice AB-12345 is missing,Where is invoice AB-12345?,r8@x.com,Billing,open,2024-03-08T09:00:00Z
116,Invoice CD-67890 is missing,Where is invoice CD-67890?,r1@x.com,Billing,open,2024-03-08T10:00:00Z
117,Login failed for user erin,I cannot sign in as erin since Monday.,r8@x.com,Login,open,2024-03-08T11:00:00Z
EOF

# n.csv: a ticket without category, one without a created time
cat >"$W/n.csv" <<\EOF
Id,Subject,Requester email,Created at,Status
1,Hello 1,a@x.com,2024-01-01T00:00:00Z,open
2,Hello 2,b@x.com,,open
EOF

# tr.csv: 28 days from 2024-04-01; every day 2 "Login failed for user
# NAME" (day 20: 30) and 2 "Upload stuck at N%".  The names are 30
# different words, so the place is a variable (rule a).
awk 'BEGIN {
	print "Id,Subject,Description,Requester email,Category [list],Status,Created at"
	id = 1
	for (d = 1; d <= 28; d++) {
		n = d == 20 ? 30 : 2
		for (k = 0; k < n; k++)
			printf "%d,Login failed for user u%c%c,x,l%d@x.com,Login,open,2024-04-%02dT%02d:%02d:00Z\n",
				id++, 97 + k % 26, 97 + int(k / 26), k, d, 8 + int(k / 10), k % 10 * 5
		for (k = 0; k < 2; k++)
			printf "%d,Upload stuck at %d%%,x,p%d@x.com,Uploads,open,2024-04-%02dT%02d:00:00Z\n",
				id++, d + k, k, d, 14 + k
	}
}' >"$W/tr.csv"

# c.csv: campaigns.  30 unrelated long bodies (45 words each, every word
# different: w() spells a number in letters), 10 identical short bodies
# (7 words, under 20: never compared) from 10 requesters in one day, and
# the wave: 12 copies of one 63-word body with other handles, order
# numbers and amounts (masked: the same words, similarity 1) from 10
# requesters (a and b write twice):
#   201 04-10T08 a Billing   205 04-11T06 e Billing   209 04-11T10 i Account
#   202 04-10T09 b Billing   206 04-11T07 f Billing   210 04-11T11 j Billing
#   203 04-10T10 c Account   207 04-11T08 g Account   211 04-11T12 a Billing
#   204 04-10T11 d Account   208 04-11T09 h Account   212 04-11T13 b Other
wave() {	# ext_id handle order amount requester category created
	printf '%s,Account suspended,"Hello,\n\nI am writing because my account @%s was suspended   without any warning after I placed order %s. I have been a loyal customer for many years and I demand that you restore my account immediately and refund the charge of $%s that was taken from my card.\nPlease reply within 24 hours or I will report this to the consumer protection agency.",%s,%s,open,%s\n' "$@"
}
{
	echo "Id,Subject,Description,Requester email,Category [list],Status,Created at"
	awk 'function w(n,   s) { s = ""; do { s = s sprintf("%c", 97 + n % 26); n = int(n / 26) } while (n > 0); return s }
	BEGIN {
		for (i = 1; i <= 30; i++) {
			b = ""
			for (j = 0; j < 45; j++)
				b = b (j ? " " : "") w(i * 1000 + j)
			printf "%d,Question %s,%s,u%d@x.com,Other,open,2024-04-%02dT12:00:00Z\n", 300 + i, w(i), b, i, 1 + i % 20
		}
		for (i = 1; i <= 10; i++)
			printf "%d,Refund,Please refund my order 55%d now thanks,s%d@x.com,Billing,open,2024-04-10T%02d:30:00Z\n", 400 + i, i, i, 8 + i
	}'
	wave 201 indah.officials 1001 25.00 a@x.com Billing 2024-04-10T08:00:00Z
	wave 202 bob_99 1002 26.50 b@x.com Billing 2024-04-10T09:00:00Z
	wave 203 carla 1003 27 c@x.com Account 2024-04-10T10:00:00Z
	wave 204 d.d 1004 28 d@x.com Account 2024-04-10T11:00:00Z
	wave 205 eee 1005 29 e@x.com Billing 2024-04-11T06:00:00Z
	wave 206 fff 1006 30 f@x.com Billing 2024-04-11T07:00:00Z
	wave 207 ggg 1007 31 g@x.com Account 2024-04-11T08:00:00Z
	wave 208 hhh 1008 32 h@x.com Account 2024-04-11T09:00:00Z
	wave 209 iii 1009 33 i@x.com Account 2024-04-11T10:00:00Z
	wave 210 jjj 1010 34 j@x.com Billing 2024-04-11T11:00:00Z
	wave 211 kkk 1011 35 a@x.com Billing 2024-04-11T12:00:00Z
	wave 212 lll 1012 36 b@x.com Other 2024-04-11T13:00:00Z
} >"$W/c.csv"
# solo.csv: the same wave, all from one requester
sed 's/,[a-j]@x\.com,/,solo@x.com,/' "$W/c.csv" >"$W/solo.csv"

# e.csv: the example's excerpt.  X: "abcde" and 39 x "abcd", with runs of
# white space, is 200 bytes once each run is one space: not cut.  Y:
# "xyzwv", 38 x " xyzw" and " qrs" are 199 bytes, then a 2-byte e-acute:
# cut before it.  Three requesters each, within a day.
X=abcde
for i in $(seq 39); do X="$X 	 abcd"; done
Y=xyzwv
for i in $(seq 38); do Y="$Y xyzw"; done
Y="$Y qrs$(printf '\303\251') more words here"
# Z: 200 bytes ending at a word's end, then more: cut there, no space kept
Z=zabcd
for i in $(seq 39); do Z="$Z zabc"; done
Z="$Z tail words"
{
	echo "Id,Subject,Description,Requester email,Category [list],Status,Created at"
	for i in 1 2 3; do
		printf '%s,x,"\n  %s\n\n",x%s@x.com,Other,open,2024-05-01T0%s:00:00Z\n' "X$i" "$X" $i $i
		printf '%s,y,%s,y%s@x.com,Other,open,2024-05-02T0%s:00:00Z\n' "Y$i" "$Y" $i $i
		printf '%s,z,%s,z%s@x.com,Other,open,2024-05-03T0%s:00:00Z\n' "Z$i" "$Z" $i $i
	done
} >"$W/e.csv"

# ---------------------------------------------------------------- loading

test_expect_success 'the hand-made exports load' '
	cd "$W" &&
	tix-ingest -q --db p.db a.csv &&
	tix-ingest -q --db n.db n.csv &&
	tix-ingest -q --db tr.db tr.csv &&
	tix-ingest -q --db c.db c.csv &&
	tix-ingest -q --db solo.db solo.csv &&
	tix-ingest -q --db e.db e.csv &&
	sqlite3 -separator , -nullvalue NULL p.db "SELECT id, ext_id, subject, requester, category,
		created FROM ticket ORDER BY id" >actual &&
	cat >expect <<-\EOF &&
	1,101,Upload stuck at 45%,r1@x.com,Uploads,1709283600
	2,102,Login failed for user alice,r2@x.com,Login,1709287200
	3,103,Payment failed for alice,r2@x.com,Billing,1709366400
	4,104,upload stuck at 87 %,r2@x.com,Uploads,1709370000
	5,105,Login failed for user bob,r3@x.com,Login,1709373600
	6,106,NULL,r1@x.com,Other,1709452800
	7,107,Payment failed for bob,r4@x.com,Billing,1709456400
	8,108,Login failed for user carol,r3@x.com,Account,1709546400
	9,109,Upload stuck at 99%,NULL,Uploads,1709629200
	10,110,NULL,r5@x.com,Other,1709632800
	11,111,Login failed for user dave,r2@x.com,Account,1709719200
	12,100,UPLOAD STUCK AT 5%,r6@x.com,Uploads,1709283600
	EOF
	test_cmp expect actual &&
	sqlite3 c.db "SELECT count(*) FROM ticket" >actual && echo 52 >expect &&
	test_cmp expect actual &&
	sqlite3 solo.db "SELECT count(DISTINCT requester) FROM ticket WHERE ext_id LIKE ${Q}2__${Q}" >actual &&
	echo 1 >expect && test_cmp expect actual &&
	sqlite3 e.db "SELECT count(*) FROM ticket" >actual && echo 9 >expect &&
	test_cmp expect actual
'

# ---------------------------------------------------------------- before any run

test_expect_success 'before tix-patterns: --by pattern fails in tix-trend and tix-recur (exit 3)' '
	cd "$W" &&
	test_must_fail --status 3 tix-trend --db p.db --by pattern >out 2>err &&
	test_cmp /dev/null out &&
	echo "tix-trend: p.db: no patterns yet: run tix-patterns on it first" >expect &&
	test_cmp expect err &&
	test_must_fail --status 3 tix-recur --db p.db --by pattern >out 2>err &&
	test_cmp /dev/null out &&
	echo "tix-recur: p.db: no patterns yet: run tix-patterns on it first" >expect &&
	test_cmp expect err &&
	test_must_fail --status 3 tix-recur --db p.db --returning --by pattern 2>err &&
	echo "tix-recur: p.db: no patterns yet: run tix-patterns on it first" >expect &&
	test_cmp expect err
'

# --campaigns only reads: the file is the same bytes after it, and there
# are still no patterns
test_expect_success '--campaigns writes nothing into the database' '
	cd "$W" &&
	cp p.db p.before &&
	ok actual tix-patterns --campaigns --db p.db &&
	echo "$CHEAD" >expect && test_cmp expect actual &&
	cmp p.before p.db &&
	test_must_fail --status 3 tix-trend --db p.db --by pattern 2>err &&
	rm p.before
'

# ---------------------------------------------------------------- the listing

# Pattern ids in the order the second pass meets them, ticket by ticket in
# the order they were stored: 101 -> 1, 102 -> 2, 103 -> 3, 107 -> 4.
# 1: 101, 104, 109, 100: 4 tickets; requesters r1, r2, r6 (109 has none):
#    3; first 03-01T09:00 (101 and 100 in one second: 101, stored first,
#    is the example, though 100 is the lower id in the export), last 109.
# 2: 102, 105, 108, 111: requesters r2, r3; Login 2, Account 2: a tie,
#    Account first in byte order.
# 3, 4: one ticket each.  Rows: 4 tickets before 1, ties by pattern id.
# 106 and 110 have no subject: no pattern, not listed.
test_expect_success 'the listing: every column worked out by hand; blank subjects get no pattern' '
	cd "$W" &&
	ok actual tix-patterns --db p.db &&
	rows >expect <<-\EOF &&
	1,upload stuck at <PCT>,4,3,2024-03-01T09:00:00Z,2024-03-05T09:00:00Z,Uploads,Upload stuck at 45%
	2,login failed for user <*>,4,2,2024-03-01T10:00:00Z,2024-03-06T10:00:00Z,Account,Login failed for user alice
	3,payment failed for alice,1,1,2024-03-02T08:00:00Z,2024-03-02T08:00:00Z,Billing,Payment failed for alice
	4,payment failed for bob,1,1,2024-03-03T09:00:00Z,2024-03-03T09:00:00Z,Billing,Payment failed for bob
	EOF
	test_cmp expect actual &&
	stored p.db >actual &&
	cat >expect <<-\EOF &&
	p,1,upload stuck at <PCT>
	p,2,login failed for user <*>
	p,3,payment failed for alice
	p,4,payment failed for bob
	t,101,1
	t,102,2
	t,103,3
	t,104,1
	t,105,2
	t,106,
	t,107,4
	t,108,2
	t,109,1
	t,110,
	t,111,2
	t,100,1
	s,subject,12
	EOF
	test_cmp expect actual
'

test_expect_success 'a second run without new tickets changes nothing' '
	cd "$W" &&
	tix-patterns --db p.db >first &&
	stored p.db >stored1 &&
	sqlite3 p.db "SELECT hex(state) FROM pattern_state" >state1 &&
	ok second tix-patterns --db p.db &&
	test_cmp first second &&
	stored p.db >stored2 && test_cmp stored1 stored2 &&
	sqlite3 p.db "SELECT hex(state) FROM pattern_state" >state2 && test_cmp state1 state2
'

test_expect_success '--top n: the first n rows' '
	cd "$W" &&
	ok actual tix-patterns --db p.db --top 2 &&
	rows >expect <<-\EOF &&
	1,upload stuck at <PCT>,4,3,2024-03-01T09:00:00Z,2024-03-05T09:00:00Z,Uploads,Upload stuck at 45%
	2,login failed for user <*>,4,2,2024-03-01T10:00:00Z,2024-03-06T10:00:00Z,Account,Login failed for user alice
	EOF
	test_cmp expect actual &&
	ok actual tix-patterns --db p.db --top 1 &&
	head -2 expect >expect1 && test_cmp expect1 actual &&
	ok actual tix-patterns --db p.db --top 99 &&
	tix-patterns --db p.db >expect && test_cmp expect actual
'

# [03-02, 03-05): 103, 104, 105, 107, 108.  Login: 105 and 108, both r3,
# Login 1 and Account 1 (Account); upload: 104 alone, its own example.
# The names outside the period are still learnt: the template keeps <*>,
# and nothing stored changes.
# From 03-05: 109 (no requester: 0 requesters) and 111.
# Before 03-01T09:00:01: 101 and 100, in one second: 101 is the example.
test_expect_success '--since and --until limit the counting, never the mining' '
	cd "$W" &&
	stored p.db >before &&
	ok actual tix-patterns --db p.db --since 2024-03-02 --until 2024-03-05 &&
	rows >expect <<-\EOF &&
	2,login failed for user <*>,2,1,2024-03-02T10:00:00Z,2024-03-04T10:00:00Z,Account,Login failed for user bob
	1,upload stuck at <PCT>,1,1,2024-03-02T09:00:00Z,2024-03-02T09:00:00Z,Uploads,upload stuck at 87 %
	3,payment failed for alice,1,1,2024-03-02T08:00:00Z,2024-03-02T08:00:00Z,Billing,Payment failed for alice
	4,payment failed for bob,1,1,2024-03-03T09:00:00Z,2024-03-03T09:00:00Z,Billing,Payment failed for bob
	EOF
	test_cmp expect actual &&
	ok actual tix-patterns --db p.db --since 2024-03-05 &&
	rows >expect <<-\EOF &&
	1,upload stuck at <PCT>,1,0,2024-03-05T09:00:00Z,2024-03-05T09:00:00Z,Uploads,Upload stuck at 99%
	2,login failed for user <*>,1,1,2024-03-06T10:00:00Z,2024-03-06T10:00:00Z,Account,Login failed for user dave
	EOF
	test_cmp expect actual &&
	ok actual tix-patterns --db p.db --until 2024-03-01T09:00:01Z &&
	rows >expect <<-\EOF &&
	1,upload stuck at <PCT>,2,2,2024-03-01T09:00:00Z,2024-03-01T09:00:00Z,Uploads,Upload stuck at 45%
	EOF
	test_cmp expect actual &&
	stored p.db >after && test_cmp before after
'

test_expect_success 'a period without tickets: the header alone, [] in json, nothing in ndjson' '
	cd "$W" &&
	ok actual tix-patterns --db p.db --since 2024-04-01 &&
	echo "$HEAD" >expect && test_cmp expect actual &&
	ok actual tix-patterns --db p.db --until 2024-03-01 --format json &&
	echo "[]" >expect && test_cmp expect actual &&
	ok actual tix-patterns --db p.db --until 2024-03-01 --format ndjson &&
	test_cmp /dev/null actual
'

test_expect_success '--format tsv, json and ndjson: numbers as numbers' '
	cd "$W" &&
	ok actual tix-patterns --db p.db --top 2 --format tsv &&
	printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" \
		pattern template tickets requesters first_seen last_seen top_category example \
		1 "upload stuck at <PCT>" 4 3 2024-03-01T09:00:00Z 2024-03-05T09:00:00Z Uploads "Upload stuck at 45%" \
		2 "login failed for user <*>" 4 2 2024-03-01T10:00:00Z 2024-03-06T10:00:00Z Account "Login failed for user alice" >expect &&
	test_cmp expect actual &&
	ok actual tix-patterns --db p.db --top 2 --format json &&
	cat >expect <<-\EOF &&
	[
	{"pattern":1,"template":"upload stuck at <PCT>","tickets":4,"requesters":3,"first_seen":"2024-03-01T09:00:00Z","last_seen":"2024-03-05T09:00:00Z","top_category":"Uploads","example":"Upload stuck at 45%"},
	{"pattern":2,"template":"login failed for user <*>","tickets":4,"requesters":2,"first_seen":"2024-03-01T10:00:00Z","last_seen":"2024-03-06T10:00:00Z","top_category":"Account","example":"Login failed for user alice"}
	]
	EOF
	test_cmp expect actual &&
	ok actual tix-patterns --db p.db --top 2 --format ndjson &&
	sed -n "2p;3p" expect | sed "s/},\$/}/" >expect.nd && test_cmp expect.nd actual
'

# n.db: "Hello 1" and "Hello 2" are one pattern, hello <NUM>; ticket 2 has
# no created time: mined, never counted.  No category: empty, null in json.
test_expect_success 'no category: top_category empty (null in json); no created time: mined, not counted' '
	cd "$W" &&
	ok actual tix-patterns --db n.db &&
	rows >expect <<-\EOF &&
	1,hello <NUM>,1,1,2024-01-01T00:00:00Z,2024-01-01T00:00:00Z,,Hello 1
	EOF
	test_cmp expect actual &&
	ok actual tix-patterns --db n.db --format json &&
	cat >expect <<-\EOF &&
	[
	{"pattern":1,"template":"hello <NUM>","tickets":1,"requesters":1,"first_seen":"2024-01-01T00:00:00Z","last_seen":"2024-01-01T00:00:00Z","top_category":null,"example":"Hello 1"}
	]
	EOF
	test_cmp expect actual &&
	stored n.db >actual &&
	printf "%s\n" "p,1,hello <NUM>" t,1,1 t,2,1 s,subject,2 >expect &&
	test_cmp expect actual
'

# ---------------------------------------------------------------- new tickets

# The stored miner learns 113 .. 117 and names every ticket again (in
# stored order): 101 -> 1, 102 -> 2, 103 -> payment failed for <*>, a
# pattern not met before: 5; 115 -> invoice <ID> is missing: 6.  3 and 4
# keep their templates in the pattern table, but have no tickets left.
# 1: 101, 104, 109, 100, 114: requesters r1, r2, r6, r7.
# 2: 102, 105, 108, 111, 117: r2, r3, r8; Login 3, Account 2.
# 5: 103, 107, 113: r2, r4, r7.   6: 115, 116: r8, r1.
test_expect_success 'new tickets: the ids and templates stay, new patterns are appended' '
	cd "$W" &&
	tix-ingest -q --db p.db b.csv &&
	ok listing tix-patterns --db p.db &&
	rows >expect <<-\EOF &&
	1,upload stuck at <PCT>,5,4,2024-03-01T09:00:00Z,2024-03-07T10:00:00Z,Uploads,Upload stuck at 45%
	2,login failed for user <*>,5,3,2024-03-01T10:00:00Z,2024-03-08T11:00:00Z,Login,Login failed for user alice
	5,payment failed for <*>,3,3,2024-03-02T08:00:00Z,2024-03-07T09:00:00Z,Billing,Payment failed for alice
	6,invoice <ID> is missing,2,2,2024-03-08T09:00:00Z,2024-03-08T10:00:00Z,Billing,Invoice AB-12345 is missing
	EOF
	test_cmp expect listing &&
	stored p.db >actual &&
	cat >expect <<-\EOF &&
	p,1,upload stuck at <PCT>
	p,2,login failed for user <*>
	p,3,payment failed for alice
	p,4,payment failed for bob
	p,5,payment failed for <*>
	p,6,invoice <ID> is missing
	t,101,1
	t,102,2
	t,103,5
	t,104,1
	t,105,2
	t,106,
	t,107,5
	t,108,2
	t,109,1
	t,110,
	t,111,2
	t,100,1
	t,113,5
	t,114,1
	t,115,6
	t,116,6
	t,117,2
	s,subject,17
	EOF
	test_cmp expect actual &&
	ok again tix-patterns --db p.db && test_cmp listing again &&
	stored p.db >actual && test_cmp expect actual
'

# Mined from scratch: 101 -> 1, 102 -> 2, 103 -> 3 (payment failed for
# <*>), 115 -> 4.
test_expect_success '--rebuild numbers the patterns afresh' '
	cd "$W" &&
	ok actual tix-patterns --db p.db --rebuild &&
	rows >expect <<-\EOF &&
	1,upload stuck at <PCT>,5,4,2024-03-01T09:00:00Z,2024-03-07T10:00:00Z,Uploads,Upload stuck at 45%
	2,login failed for user <*>,5,3,2024-03-01T10:00:00Z,2024-03-08T11:00:00Z,Login,Login failed for user alice
	3,payment failed for <*>,3,3,2024-03-02T08:00:00Z,2024-03-07T09:00:00Z,Billing,Payment failed for alice
	4,invoice <ID> is missing,2,2,2024-03-08T09:00:00Z,2024-03-08T10:00:00Z,Billing,Invoice AB-12345 is missing
	EOF
	test_cmp expect actual &&
	cp expect "$W/rebuilt" &&
	stored p.db | grep "^p," >actual &&
	printf "%s\n" "p,1,upload stuck at <PCT>" "p,2,login failed for user <*>" \
		"p,3,payment failed for <*>" "p,4,invoice <ID> is missing" >expect &&
	test_cmp expect actual
'

# Bodies: the first line that is not a greeting.  Patterns in stored
# order: 101 -> 1 (the upload stops ...), 102 -> 2 (alice, bob, carol,
# erin: a variable), 103 -> 3 (my card ...), 106 -> 4 (its body has a
# line, though it has no subject), 107 -> 5 ("Good morning to you all,":
# five words, no greeting), 111 -> 6 (a greeting alone), 115 -> 7; 110 has
# no body.
# 1: 101, 104, 109, 100, 114.  2: 102, 105, 108, 117 (111 is "hi there,"):
# Login 3, Account 1.  3: 103, 113.  7: 115, 116.  4, 5, 6: one each.
test_expect_success '--field body: a notice, then the first line of the body that is not a greeting' '
	cd "$W" &&
	tix-patterns --db p.db --field body >actual 2>err &&
	echo "tix-patterns: p.db: the stored patterns are of --field subject: mining --field body anew" >expect &&
	test_cmp expect err &&
	rows >expect <<-\EOF &&
	1,the upload stops at <PCT> every time.,5,4,2024-03-01T09:00:00Z,2024-03-07T10:00:00Z,Uploads,The upload stops at 45% every time.
	2,i cannot sign in as <*> since monday.,4,3,2024-03-01T10:00:00Z,2024-03-08T11:00:00Z,Login,I cannot sign in as alice since Monday.
	3,my card was declined twice.,2,2,2024-03-02T08:00:00Z,2024-03-07T09:00:00Z,Billing,My card was declined twice.
	7,where is invoice <ID>?,2,2,2024-03-08T09:00:00Z,2024-03-08T10:00:00Z,Billing,Where is invoice AB-12345?
	4,where is my parcel <NUM>?,1,1,2024-03-03T08:00:00Z,2024-03-03T08:00:00Z,Other,Where is my parcel 7781?
	5,"good morning to you all,",1,1,2024-03-03T09:00:00Z,2024-03-03T09:00:00Z,Billing,"Good morning to you all,"
	6,"hi there,",1,1,2024-03-06T10:00:00Z,2024-03-06T10:00:00Z,Account,"Hi there,"
	EOF
	test_cmp expect actual &&
	ok again tix-patterns --db p.db --field body && test_cmp actual again &&
	stored p.db | grep -E "^(s|t,11[01]),|^t,106," >actual &&
	printf "%s\n" t,106,4 t,110, t,111,6 s,body,17 >expect && test_cmp expect actual
'

# Both: the subject, a space, the body line.  106 has no subject: the text
# starts with the space (the template does not).  Payment: alice's and
# carol's texts now differ only in the name, two values: constants.
test_expect_success '--field both: the subject, a space and the body line' '
	cd "$W" &&
	tix-patterns --db p.db --field both >actual 2>err &&
	echo "tix-patterns: p.db: the stored patterns are of --field body: mining --field both anew" >expect &&
	test_cmp expect err &&
	rows >expect <<-\EOF &&
	1,upload stuck at <PCT> the upload stops at <PCT> every time.,5,4,2024-03-01T09:00:00Z,2024-03-07T10:00:00Z,Uploads,Upload stuck at 45% The upload stops at 45% every time.
	2,login failed for user <*> i cannot sign in as <*> since monday.,4,3,2024-03-01T10:00:00Z,2024-03-08T11:00:00Z,Login,Login failed for user alice I cannot sign in as alice since Monday.
	8,invoice <ID> is missing where is invoice <ID>?,2,2,2024-03-08T09:00:00Z,2024-03-08T10:00:00Z,Billing,Invoice AB-12345 is missing Where is invoice AB-12345?
	3,payment failed for alice my card was declined twice.,1,1,2024-03-02T08:00:00Z,2024-03-02T08:00:00Z,Billing,Payment failed for alice My card was declined twice.
	4,where is my parcel <NUM>?,1,1,2024-03-03T08:00:00Z,2024-03-03T08:00:00Z,Other," Where is my parcel 7781?"
	5,"payment failed for bob good morning to you all,",1,1,2024-03-03T09:00:00Z,2024-03-03T09:00:00Z,Billing,"Payment failed for bob Good morning to you all,"
	6,"login failed for user dave hi there,",1,1,2024-03-06T10:00:00Z,2024-03-06T10:00:00Z,Account,"Login failed for user dave Hi there,"
	7,payment failed for carol my card was declined twice.,1,1,2024-03-07T09:00:00Z,2024-03-07T09:00:00Z,Billing,Payment failed for carol My card was declined twice.
	EOF
	test_cmp expect actual
'

test_expect_success 'back to --field subject: a notice, and the patterns of a first run' '
	cd "$W" &&
	tix-patterns --db p.db >actual 2>err &&
	echo "tix-patterns: p.db: the stored patterns are of --field both: mining --field subject anew" >expect &&
	test_cmp expect err &&
	test_cmp "$W/rebuilt" actual
'

# ---------------------------------------------------------------- --by pattern

# Groups by template.  Login: r3 writes 105 then 108 (2 days: a repeat),
# r2 102 then 111 (5 days: a repeat); median 3.50 days.  (none): 106 and
# 110, no subject.  Ties (0 repeats, 2 tickets): by group.
test_expect_success 'tix-recur --by pattern: groups named by template' '
	cd "$W" &&
	ok out tix-recur --db p.db --by pattern &&
	cut -d, -f1-4,12 out >actual &&
	cat >expect <<-\EOF &&
	group,tickets,requesters,repeat_contacts,median_days_to_repeat
	login failed for user <*>,5,3,2,3.50
	upload stuck at <PCT>,5,4,0,
	payment failed for <*>,3,3,0,
	(none),2,2,0,
	invoice <ID> is missing,2,2,0,
	EOF
	test_cmp expect actual
'

# tr.db: 2 a day for 28 days, 30 on day 20 (2024-04-20, bin 19).
test_expect_success 'tix-trend --by pattern: the spike is in the group named by its template' '
	cd "$W" &&
	test_must_fail --status 3 tix-trend --db tr.db --by pattern 2>err &&
	echo "tix-trend: tr.db: no patterns yet: run tix-patterns on it first" >expect &&
	test_cmp expect err &&
	ok out tix-patterns --db tr.db &&
	cut -d, -f1-5 out >actual &&
	rows <<-\EOF | cut -d, -f1-5 >expect &&
	1,login failed for user <*>,84,30,2024-04-01T08:00:00Z
	2,upload stuck at <PCT>,56,2,2024-04-01T14:00:00Z
	EOF
	test_cmp expect actual &&
	ok out tix-trend --db tr.db --by pattern --detect spike &&
	cut -d, -f1-5,7 out >actual &&
	printf "%s\n" group,kind,index,start,end,observed \
		"login failed for user <*>,spike,19,2024-04-20,2024-04-20,30" >expect &&
	test_cmp expect actual
'

# ---------------------------------------------------------------- --campaigns

# The wave: 12 tickets, 10 requesters, 04-10T08:00 .. 04-11T13:00, within
# the default 7 days; Billing 6 (201 202 205 206 210 211), Account 5;
# example: 201, the earliest.  The excerpt: white space runs as one
# space, the first 200 bytes end inside "account" (after "accoun"), then
# "...".  The unrelated bodies share no 3 words; the short ones are never
# compared.
EX201="Hello, I am writing because my account @indah.officials was suspended without any warning after I placed order 1001. I have been a loyal customer for many years and I demand that you restore my accoun..."
EX205="Hello, I am writing because my account @eee was suspended without any warning after I placed order 1005. I have been a loyal customer for many years and I demand that you restore my account immediatel..."
test_expect_success '--campaigns: the planted wave, and nothing else' '
	cd "$W" &&
	ok actual tix-patterns --campaigns --db c.db &&
	camps >expect <<-EOF &&
	1,12,10,2024-04-10T08:00:00Z,2024-04-11T13:00:00Z,1.000,Billing,201,"$EX201"
	EOF
	test_cmp expect actual &&
	test $(printf "%s" "$EX201" | wc -c) -eq 203
'

test_expect_success '--campaigns --format json and tsv' '
	cd "$W" &&
	ok actual tix-patterns --campaigns --db c.db --format json &&
	printf "%s\n" "[" "{\"campaign\":1,\"tickets\":12,\"requesters\":10,\"first_seen\":\"2024-04-10T08:00:00Z\",\"last_seen\":\"2024-04-11T13:00:00Z\",\"similarity\":1.000,\"top_category\":\"Billing\",\"example_id\":\"201\",\"example\":\"$EX201\"}" "]" >expect &&
	test_cmp expect actual &&
	ok actual tix-patterns --campaigns --db c.db --format tsv &&
	echo "$CHEAD" | tr , "\t" >expect &&
	printf "1\t12\t10\t2024-04-10T08:00:00Z\t2024-04-11T13:00:00Z\t1.000\tBilling\t201\t%s\n" "$EX201" >>expect &&
	test_cmp expect actual
'

# --min-requesters: 10 still finds it, 11 does not.
test_expect_success '--campaigns --min-requesters 10 and 11' '
	cd "$W" &&
	ok actual tix-patterns --campaigns --db c.db --min-requesters 10 &&
	tix-patterns --campaigns --db c.db >expect && test_cmp expect actual &&
	ok actual tix-patterns --campaigns --db c.db --min-requesters 11 &&
	echo "$CHEAD" >expect && test_cmp expect actual &&
	ok actual tix-patterns --campaigns --db c.db --min-requesters 11 --format json &&
	echo "[]" >expect && test_cmp expect actual
'

# --window 1d: stretches [t, t + 1d] from each ticket: from 201 (04-10T08)
# to 04-11T08: 201 .. 207, 7 requesters; 202: 202 .. 208, 7; 203, 204: 7;
# 205 (04-11T06): 205 .. 212, 8 requesters (e f g h i j a b): the first
# campaign; then 201 .. 204 are left: 4 requesters, 4 tickets, a second.
# Categories: 205 .. 212 Billing 4, Account 3, Other 1; 201 .. 204
# Billing 2, Account 2: a tie, Account first in byte order.  Rows: the
# most requesters first.
test_expect_success '--campaigns --window 1d: the stretch with the most requesters first' '
	cd "$W" &&
	ok actual tix-patterns --campaigns --db c.db --window 1d &&
	camps >expect <<-EOF &&
	1,8,8,2024-04-11T06:00:00Z,2024-04-11T13:00:00Z,1.000,Billing,205,"$EX205"
	2,4,4,2024-04-10T08:00:00Z,2024-04-10T11:00:00Z,1.000,Account,201,"$EX201"
	EOF
	test_cmp expect actual &&
	ok actual tix-patterns --campaigns --db c.db --window 24h && test_cmp expect actual &&
	ok actual tix-patterns --campaigns --db c.db --window 1 && test_cmp expect actual &&
	ok actual tix-patterns --campaigns --db c.db --window 1d --top 1 &&
	head -2 expect >expect1 && test_cmp expect1 actual
'

# From 04-11: 205 .. 212 only: 8 tickets, 8 requesters, whatever the
# window.  Until 04-10T10:00: 201, 202: two requesters, too few.
test_expect_success '--campaigns --since and --until: only the tickets of the period' '
	cd "$W" &&
	ok actual tix-patterns --campaigns --db c.db --since 2024-04-11 &&
	camps >expect <<-EOF &&
	1,8,8,2024-04-11T06:00:00Z,2024-04-11T13:00:00Z,1.000,Billing,205,"$EX205"
	EOF
	test_cmp expect actual &&
	ok actual tix-patterns --campaigns --db c.db --until 2024-04-10T10:00:00Z &&
	echo "$CHEAD" >expect && test_cmp expect actual
'

# One requester: no campaign at 3 requesters; at 1, a campaign still needs
# 3 tickets, and has 12.
test_expect_success '--campaigns: the same wave from one requester is no campaign' '
	cd "$W" &&
	ok actual tix-patterns --campaigns --db solo.db &&
	echo "$CHEAD" >expect && test_cmp expect actual &&
	ok actual tix-patterns --campaigns --db solo.db --min-requesters 2 &&
	test_cmp expect actual &&
	ok actual tix-patterns --campaigns --db solo.db --min-requesters 1 &&
	camps >expect <<-EOF &&
	1,12,1,2024-04-10T08:00:00Z,2024-04-11T13:00:00Z,1.000,Billing,201,"$EX201"
	EOF
	test_cmp expect actual
'

# X: 200 bytes once its white space runs are single spaces, so whole,
# without "..."; Y: cut before the e-acute that would be bytes 200 and
# 201: 199 bytes and "...".  Both 3 tickets, 3 requesters: X is earlier.
test_expect_success '--campaigns: the example is cut at 200 bytes, between characters' '
	cd "$W" &&
	ok actual tix-patterns --campaigns --db e.db --format tsv &&
	x=abcde && for i in $(seq 39); do x="$x abcd"; done &&
	y=xyzwv && for i in $(seq 38); do y="$y xyzw"; done && y="$y qrs..." &&
	z=zabcd && for i in $(seq 39); do z="$z zabc"; done && z="$z..." &&
	test $(printf "%s" "$x" | wc -c) -eq 200 && test $(printf "%s" "$y" | wc -c) -eq 202 &&
	test $(printf "%s" "$z" | wc -c) -eq 203 &&
	{
		echo "$CHEAD" | tr , "\t" &&
		printf "1\t3\t3\t2024-05-01T01:00:00Z\t2024-05-01T03:00:00Z\t1.000\tOther\tX1\t%s\n" "$x" &&
		printf "2\t3\t3\t2024-05-02T01:00:00Z\t2024-05-02T03:00:00Z\t1.000\tOther\tY1\t%s\n" "$y" &&
		printf "3\t3\t3\t2024-05-03T01:00:00Z\t2024-05-03T03:00:00Z\t1.000\tOther\tZ1\t%s\n" "$z"
	} >expect &&
	test_cmp expect actual
'

# ---------------------------------------------------------------- schema 3

# A database of schema 3 (before tix-patterns) has no pattern tables:
# --campaigns reads it as it is; the listing adds them (schema 4).
test_expect_success 'a database of schema 3: --campaigns reads it, the listing upgrades it' '
	cd "$W" &&
	cp p.db v3.db &&
	sqlite3 v3.db "DROP TABLE ticket_pattern; DROP TABLE pattern; DROP TABLE pattern_state;
		PRAGMA user_version = 3" &&
	ok actual tix-patterns --campaigns --db v3.db &&
	echo "$CHEAD" >expect && test_cmp expect actual &&
	sqlite3 v3.db "PRAGMA user_version" >actual && echo 3 >expect && test_cmp expect actual &&
	ok actual tix-patterns --db v3.db &&
	test_cmp "$W/rebuilt" actual &&
	sqlite3 v3.db "PRAGMA user_version; SELECT count(*) FROM pattern" >actual &&
	printf "%s\n" 4 4 >expect && test_cmp expect actual
'

# ---------------------------------------------------------------- errors

test_expect_success 'a database of schema 2: refused, left as it was, told how to upgrade' '
	cd "$W" &&
	cp p.db v2.db &&
	sqlite3 v2.db "PRAGMA user_version = 2" &&
	cp v2.db v2.before &&
	for mode in "" --campaigns; do
		could_not_run "v2.db: a tix database of schema version 2, older than this tool reads: load an export into it with tix-ingest to upgrade it" --db v2.db $mode || return 1
	done &&
	cmp v2.before v2.db
'

test_expect_success 'a missing database: exit 3, and none is made' '
	for mode in "" --rebuild "--field body" --campaigns; do
		could_not_run "missing.db: No such file or directory" --db missing.db $mode || return 1
	done &&
	test ! -e missing.db &&
	could_not_run "tix.db: No such file or directory" &&
	test ! -e tix.db &&
	(TIX_DB=env.db && export TIX_DB &&
		could_not_run "env.db: No such file or directory" --campaigns) &&
	test ! -e env.db
'

test_expect_success 'an empty file or another SQLite database: exit 3, and the file is left as it was' '
	: >empty.db &&
	sqlite3 other.db "CREATE TABLE x(a); INSERT INTO x VALUES (1)" &&
	cp other.db other.orig &&
	for mode in "" --rebuild "--field both" --campaigns; do
		could_not_run "empty.db: not a tix database of schema version 4 (found 0)" \
			--db empty.db $mode || return 1
		test ! -s empty.db || return 1
		could_not_run "other.db: not a tix database of schema version 4 (found 0)" \
			--db other.db $mode || return 1
		cmp other.orig other.db || return 1
	done &&
	test ! -e empty.db-wal && test ! -e other.db-wal && test ! -e other.db-journal
'

test_expect_success 'usage errors: exit 2, the message and a pointer to --help' '
	usage_error "--field is subject, body or both, not ${Q}title${Q}" --field title &&
	usage_error "--field is subject, body or both, not ${Q}${Q}" --field "" &&
	usage_error "--window takes a span such as 7d, 48h or 2w, not ${Q}7x${Q}" --campaigns --window 7x &&
	usage_error "--window takes a span such as 7d, 48h or 2w, not ${Q}-1d${Q}" --campaigns --window -1d &&
	usage_error "--window takes a span such as 7d, 48h or 2w, not ${Q}1.5d${Q}" --campaigns --window 1.5d &&
	usage_error "--window takes a span such as 7d, 48h or 2w, not ${Q}${Q}" --campaigns --window "" &&
	usage_error "--min-requesters takes a positive number, not ${Q}0${Q}" --campaigns --min-requesters 0 &&
	usage_error "--min-requesters takes a positive number, not ${Q}3x${Q}" --campaigns --min-requesters 3x &&
	usage_error "--window and --min-requesters are for --campaigns" --window 2d &&
	usage_error "--window and --min-requesters are for --campaigns" --min-requesters 5 &&
	usage_error "--lines reads a file: --db, --field, --since, --until, --top, --rebuild, --window and --min-requesters are for the database" \
		--lines --db p.db &&
	usage_error "--campaigns compares bodies: --field and --rebuild are for patterns" --campaigns --field body &&
	usage_error "--campaigns compares bodies: --field and --rebuild are for patterns" --campaigns --rebuild &&
	usage_error "--since must come before --until" --since 2024-03-05 --until 2024-03-01 &&
	usage_error "--since must come before --until" --since 2024-03-01 --until 2024-03-01 &&
	usage_error "--since must come before --until" --campaigns --since 2024-03-05 --until 2024-03-01 &&
	usage_error "--since: cannot read ${Q}yesterday${Q} as a time" --since yesterday &&
	usage_error "--until: cannot read ${Q}2024-13-01${Q} as a time" --campaigns --until 2024-13-01 &&
	usage_error "--top takes a positive number, not ${Q}0${Q}" --top 0 &&
	usage_error "option ${Q}--window${Q} needs a value" --campaigns --window &&
	usage_error "unexpected argument ${Q}p.db${Q} (a file of lines needs --lines)" p.db
'

test_expect_success 'usage errors come before the database is opened' '
	cd "$W" &&
	test_must_fail --status 2 tix-patterns --db nope.db --field title 2>err &&
	test_must_fail --status 2 tix-patterns --db nope.db --campaigns --window 0x 2>err &&
	test ! -e nope.db &&
	stored p.db >before &&
	test_must_fail --status 2 tix-patterns --db p.db --since 2024-03-05 --until 2024-03-01 2>err &&
	stored p.db >after && test_cmp before after
'

test_done
