#!/bin/sh
# tix-recur end to end, on small hand-made exports whose every figure is
# worked out by hand in the comments: repeat contacts (the window's edge,
# ties in one second, groups, tags, the --since look-back), reopens from
# the export's counter and from ticket_history, Kaplan-Meier with
# censoring (and --until), Wilson intervals, --requester (also on a
# pseudonymised database), --ticket, --returning, and the errors.
#
# Times are UTC.  A day is 86400 s; "7d+1s" is 604801 s.
. "$(dirname "$0")/../lib.sh"

W="$SCRATCH_ROOT/recur"		# the exports and databases, shared by the cases
mkdir -p "$W"
HEAD=group,tickets,requesters,repeat_contacts,repeat_rate,repeat_rate_low,repeat_rate_high,reopened,reopen_rate,reopen_rate_low,reopen_rate_high,median_days_to_repeat,p_repeat_30d
Q="'"

# rows: the summary header, then the rows on stdin
rows() {
	echo "$HEAD"
	cat
}

# usage_error MESSAGE ARG...: exit 2, nothing on stdout, exactly the
# message and the pointer to --help on stderr (so never an SQL error)
usage_error() {
	msg=$1
	shift
	test_must_fail --status 2 tix-recur --db "$W/r.db" "$@" >out 2>err &&
	printf '%s\n' "tix-recur: $msg" "Try 'tix-recur --help' for more." >expect &&
	test_cmp expect err && test_cmp /dev/null out
}

# wilson_ok: every interval of the summary on stdin is the Wilson score
# interval at z = 1.959964 of its k and n, computed here from the formula
wilson_ok() {
	awk -F, '
	function bounds(k, n,   p, z2, d, c, h) {
		p = k / n; z2 = 1.959964 * 1.959964; d = 1 + z2 / n
		c = (p + z2 / (2 * n)) / d
		h = 1.959964 * sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / d
		lo = (k == 0 || c - h < 0) ? 0 : c - h
		hi = (k == n || c + h > 1) ? 1 : c + h
		return sprintf("%.4f,%.4f,%.4f", k / n, lo, hi)
	}
	NR > 1 {
		n++
		if ($5 "," $6 "," $7 != bounds($4, $2)) { print "repeat: " $0; bad = 1 }
		if ($9 "," $10 "," $11 != bounds($8, $2)) { print "reopen: " $0; bad = 1 }
	}
	END { exit bad || !n }'
}

# ---------------------------------------------------------------- exports

# r.csv: repeat contacts.  Requester a: tickets 1, 2 (7d after 1: a repeat,
# the window's edge), 3 (7d+1s after 2: not), 4 (Billing, 86399 s after 3:
# a repeat only with --any-group).  Requester b: 5 and 6 in the same
# second: 6, stored second, is the repeat (gap 0).  7 and 8: no requester.
# Reopens: the counter says 2 and 4.  Tags (space-separated, as Zendesk
# writes them): vpn on 1, 2, 5, 6; mobile on 2, 3.  Plan (kept in extra):
# Pro for a, Free for b.  The end of the data is ticket 8, 01-16T01:00.
cat >"$W/r.csv" <<\EOF
Id,Subject,Description,Requester,Category,Status,Reopens,Tags,Plan,Created at
1,Cannot log in,Password reset mail never arrives,a@x.com,Login,solved,0,vpn,Pro,2024-01-01T00:00:00Z
2,Cannot log in again,Still no password reset mail,a@x.com,Login,solved,2,vpn mobile,Pro,2024-01-08T00:00:00Z
3,Login page blank,The page stays blank,a@x.com,Login,open,0,mobile,Pro,2024-01-15T00:00:01Z
4,Charged twice,Two charges on my card,a@x.com,Billing,solved,1,,Pro,2024-01-16T00:00:00Z
5,Locked out,Too many attempts,b@x.com,Login,solved,0,vpn,Free,2024-01-03T00:00:00Z
6,Locked out,Too many attempts,b@x.com,Login,solved,0,vpn,Free,2024-01-03T00:00:00Z
7,Refund,Where is my refund,,Billing,solved,0,,,2024-01-16T00:00:00Z
8,Refund,Where is my refund,,Billing,solved,0,,,2024-01-16T01:00:00Z
EOF

# k.csv: Kaplan-Meier.  Days from d0 = 2024-03-01; the end of the data is
# d60 = 2024-04-30 (r4).
#   Alpha: r1 d0, d2, d12; r2 d0+1h, d35; r3 d5; r4 d60
#   Beta:  r5 d50, d55
#   Gamma: r6 d0, d30 (exactly 30 days); r7 d0; r8 d0
# The reopens counter is 0 throughout (without a counter, and loaded
# once, the export could not say whether a ticket was reopened).
cat >"$W/k.csv" <<\EOF
Id,Subject,Requester,Category,Status,Reopens,Created at
1,a,r1,Alpha,solved,0,2024-03-01T00:00:00Z
2,a,r1,Alpha,solved,0,2024-03-03T00:00:00Z
3,a,r1,Alpha,solved,0,2024-03-13T00:00:00Z
4,a,r2,Alpha,solved,0,2024-03-01T01:00:00Z
5,a,r2,Alpha,solved,0,2024-04-05T00:00:00Z
6,a,r3,Alpha,solved,0,2024-03-06T00:00:00Z
7,a,r4,Alpha,solved,0,2024-04-30T00:00:00Z
8,b,r5,Beta,solved,0,2024-04-20T00:00:00Z
9,b,r5,Beta,solved,0,2024-04-25T00:00:00Z
10,c,r6,Gamma,solved,0,2024-03-01T00:00:00Z
11,c,r6,Gamma,solved,0,2024-03-31T00:00:00Z
12,c,r7,Gamma,solved,0,2024-03-01T00:00:00Z
13,c,r8,Gamma,solved,0,2024-03-01T00:00:00Z
EOF

# h1.csv, h2.csv: the same Zendesk-like export (no reopen counter) taken
# twice.  Between them 1 goes solved -> open (a reopen), 2 pending ->
# solved (not), 3 stays closed, 4 solved -> hold (a reopen).
cat >"$W/h1.csv" <<\EOF
Id,Subject,Requester,Category,Status,Created at
1,Printer jam,p@x.com,Hardware,solved,2024-02-01T09:00:00Z
2,Printer toner,p@x.com,Hardware,pending,2024-02-02T09:00:00Z
3,Screen flicker,q@x.com,Hardware,closed,2024-02-03T09:00:00Z
4,Screen dead,q@x.com,Hardware,solved,2024-02-04T09:00:00Z
EOF
sed 's/,solved,2024-02-01/,open,2024-02-01/; s/,pending,/,solved,/; s/,solved,2024-02-04/,hold,2024-02-04/' \
	"$W/h1.csv" >"$W/h2.csv"

# sn1.csv, sn2.csv: ServiceNow, with reopen_count.  INC001 goes Resolved ->
# Active between them, but its counter stays 0: the counter wins, it is not
# reopened.  INC002's counter is 1.
cat >"$W/sn1.csv" <<\EOF
number,opened_at,caller_id,category,incident_state,reopen_count,short_description
INC001,2024-02-05 09:00:00,c1,Network,Resolved,0,Wifi down
INC002,2024-02-10 09:00:00,c1,Network,Resolved,1,Wifi down again
EOF
sed 's/,Resolved,0,/,Active,0,/' "$W/sn1.csv" >"$W/sn2.csv"

# t.csv, t-fd.csv: --ticket.  Ticket 103 of u (05-10) has u's earlier 101
# and 102 and u's later 106; v's 104 has the subject 4 words of 5 alike
# (80%); w's 108 the same body but for the number (digit words are one
# word: 100%); 109 has no requester and the same subject; v's 107 is alike
# but later.  111 and 112 (s) are in the same second.  113 and 114 differ
# in the case of their requesters.  Freshdesk has a ticket 103 too.
cat >"$W/t.csv" <<\EOF
Id,Subject,Description,Requester,Category,Status,Created at
101,VPN drops every hour,My VPN connection drops every hour since the update,u@x.com,Network,solved,2024-05-01T08:00:00Z
102,Invoice missing,The April invoice is not in my account,u@x.com,Billing,solved,2024-05-03T08:00:00Z
103,VPN drops every hour again,My VPN connection drops every hour since the update of May 2,u@x.com,Network,open,2024-05-10T08:00:00Z
104,VPN drops every hour,Connection lost all the time,v@x.com,Network,solved,2024-05-05T08:00:00Z
105,Cannot print,The printer on floor 3 is offline,v@x.com,Hardware,solved,2024-05-06T08:00:00Z
106,VPN drops every hour,My VPN connection drops every hour since the update,u@x.com,Network,open,2024-05-20T08:00:00Z
107,VPN drops every hour again,Same as before,v@x.com,Network,open,2024-05-12T08:00:00Z
108,Connection problem,My VPN connection drops every hour since the update of May 3,w@x.com,Network,solved,2024-05-07T08:00:00Z
109,VPN drops every hour again,,,Network,new,2024-05-08T08:00:00Z
110,Slow VPN,VPN is slow in the evening,w@x.com,Network,solved,2024-05-09T08:00:00Z
111,Locked out,Too many attempts,s@x.com,Login,solved,2024-05-11T08:00:00Z
112,Locked out,Too many attempts,s@x.com,Login,solved,2024-05-11T08:00:00Z
113,Mouse broken,x,Mixed@x.com,Hardware,open,2024-05-25T08:00:00Z
114,Keyboard broken,x,mixed@x.com,Hardware,open,2024-05-26T08:00:00Z
EOF
cat >"$W/t-fd.csv" <<\EOF
Ticket ID,Subject,Description,Email,Type,Status,Created time
103,Locked out,Too many attempts,z@x.com,Login,Open,2024-05-12T09:00:00Z
EOF

# typo.csv: what real subjects hold and the full-text index splits or
# drops: a typographic apostrophe (U+2019) and a no-break space (U+00A0)
# inside a word (1-4), an emoji (5-7: the emoji is no word, so 6 has 4 of
# its 5 words in 5, 80%)
F=$(printf '\360\237\224\245')
{
	echo 'Id,Subject,Description,Requester,Category,Status,Created at'
	printf '1,Can\342\200\231t log in,x,a@x.com,Login,open,2024-01-01T00:00:00Z\n'
	printf '2,Can\342\200\231t log in,x,b@x.com,Login,open,2024-01-02T00:00:00Z\n'
	printf '3,VPN\302\240down again,x,c@x.com,Login,open,2024-01-03T00:00:00Z\n'
	printf '4,VPN\302\240down again,x,d@x.com,Login,open,2024-01-04T00:00:00Z\n'
	echo "5,$F app crashes on start,x,e@x.com,App,open,2024-01-05T00:00:00Z"
	echo "6,$F app crashes on start today,x,f@x.com,App,open,2024-01-06T00:00:00Z"
	echo "7,app crashes on start,x,g@x.com,App,open,2024-01-07T00:00:00Z"
} >"$W/typo.csv"

# ret.csv: --returning.  Weeks from Monday 2024-01-01 (week 0) to week 9
# (2024-03-04); every ticket on a Monday at 10:00, a minute apart.
#   Steady: one a week, weeks 0-9      Spiky: 2, 1 in weeks 0, 1; 3, 1 in 7, 8
#   Short:  weeks 0 and 3              Twice: weeks 0, 5 and 9
cat >"$W/ret.csv" <<\EOF
Id,Subject,Requester,Category,Status,Created at
1,s,r1,Steady,open,2024-01-01T10:00:00Z
2,s,r2,Steady,open,2024-01-08T10:00:00Z
3,s,r3,Steady,open,2024-01-15T10:00:00Z
4,s,r4,Steady,open,2024-01-22T10:00:00Z
5,s,r5,Steady,open,2024-01-29T10:00:00Z
6,s,r6,Steady,open,2024-02-05T10:00:00Z
7,s,r7,Steady,open,2024-02-12T10:00:00Z
8,s,r8,Steady,open,2024-02-19T10:00:00Z
9,s,r9,Steady,open,2024-02-26T10:00:00Z
10,s,r10,Steady,open,2024-03-04T10:00:00Z
11,s,r11,Spiky,open,2024-01-01T10:00:00Z
12,s,r12,Spiky,open,2024-01-01T10:01:00Z
13,s,r13,Spiky,open,2024-01-08T10:00:00Z
14,s,r14,Spiky,open,2024-02-19T10:00:00Z
15,s,r15,Spiky,open,2024-02-19T10:01:00Z
16,s,r16,Spiky,open,2024-02-19T10:02:00Z
17,s,r17,Spiky,open,2024-02-26T10:00:00Z
18,s,r18,Short,open,2024-01-01T10:00:00Z
19,s,r19,Short,open,2024-01-22T10:00:00Z
20,s,r20,Twice,open,2024-01-01T10:00:00Z
21,s,r21,Twice,open,2024-02-05T10:00:00Z
22,s,r22,Twice,open,2024-03-04T10:00:00Z
EOF

# ---------------------------------------------------------------- loading

test_expect_success 'the hand-made exports load' '
	cd "$W" &&
	tix-ingest -q --db r.db r.csv &&
	tix-ingest -q --db k.db k.csv &&
	tix-ingest -q --db hc.db h1.csv sn1.csv h2.csv sn2.csv &&
	tix-ingest -q --db t.db t.csv t-fd.csv &&
	tix-ingest -q --db typo.db typo.csv &&
	tix-ingest -q --db ret.db ret.csv &&
	printf "%s\n" "a-key-for-the-recur-tests-0123" >key &&
	printf "%s" "another-key-for-the-tests-456" >key2 &&
	tix-ingest -q --db p.db --pseudonymize --key-file key r.csv &&
	sqlite3 -separator " " r.db "SELECT id, ext_id, tags, json_extract(extra, ${Q}$.Plan${Q}),
		reopens, created FROM ticket ORDER BY id" >actual &&
	cat >expect <<-\EOF &&
	1 1 vpn Pro 0 1704067200
	2 2 vpn,mobile Pro 2 1704672000
	3 3 mobile Pro 0 1705276801
	4 4  Pro 1 1705363200
	5 5 vpn Free 0 1704240000
	6 6 vpn Free 0 1704240000
	7 7   0 1705363200
	8 8   0 1705366800
	EOF
	test_cmp expect actual &&
	sqlite3 ret.db "SELECT count(*) FROM ticket" >actual &&
	echo 22 >expect && test_cmp expect actual
'

# ---------------------------------------------------------------- summary

# Login: 1, 2, 3, 5, 6 (a, b): repeats 2 (7d) and 6 (0 s); 3 is 7d+1s
# after 2.  Rate 2/5, median of 7 and 0 days = 3.5.  Reopened: 2.
# Kaplan-Meier, same group: 1->2 event 7d, 2->3 event 7d+1s, 3 censored
# at 8 ticket's 01-16T01:00 (1.04d), 5->6 event 0, 6 censored 13.04d: the
# last time is censored before 30 days, S = 4/15 there: empty.
# Billing: 4, 7, 8; a's 4 has no earlier Billing ticket, 7 and 8 no
# requester: no repeat, 1 requester; reopened 4.  Only 4 is followed,
# censored after 1 h: empty.
test_expect_success 'summary: a gap of exactly the window is a repeat, 1 s more is not; ties; no requester' '
	tix-recur --db "$W/r.db" >actual &&
	rows >expect <<-\EOF &&
	Login,5,2,2,0.4000,0.1176,0.7693,1,0.2000,0.0362,0.6245,3.50,
	Billing,3,1,0,0.0000,0.0000,0.5615,1,0.3333,0.0615,0.7923,,
	EOF
	test_cmp expect actual
'

test_expect_success 'the intervals are Wilson score intervals at 95% (checked with awk)' '
	for o in "" --any-group "--by tag" "--by requester" "--window 2w"; do
		tix-recur --db "$W/r.db" $o | wilson_ok || return 1
	done &&
	tix-recur --db "$W/k.db" | wilson_ok &&
	tix-recur --db "$W/hc.db" | wilson_ok
'

# 1 of 4 by hand: p = 0.25, z^2 = 3.841459, 1 + z^2/n = 1.960365;
# centre (0.25 + 0.480182) / 1.960365 = 0.372469; half
# 1.959964 * sqrt(0.046875 + 0.060023) / 1.960365 = 0.326886:
# 0.0456 to 0.6994.  0 of 3: 0 to 0.5615; 1 of 1: 0.2065 to 1.
test_expect_success 'Wilson by hand: 1 of 4 is 0.0456 to 0.6994' '
	tix-recur --db "$W/r.db" --by tag --top 1 | cut -d, -f8-11 >actual &&
	printf "%s\n" reopened,reopen_rate,reopen_rate_low,reopen_rate_high 1,0.2500,0.0456,0.6994 >expect &&
	test_cmp expect actual
'

# --any-group: 4 (Billing) comes 86399 s after a's 3 (Login): a repeat of
# 0.99999 days.  Login's Kaplan-Meier: 3 -> 4 is now an event at 1d; still
# censored at 13.04d last: empty.
test_expect_success '--any-group counts an earlier ticket of another group' '
	tix-recur --db "$W/r.db" --any-group >actual &&
	rows >expect <<-\EOF &&
	Login,5,2,2,0.4000,0.1176,0.7693,1,0.2000,0.0362,0.6245,3.50,
	Billing,3,1,1,0.3333,0.0615,0.7923,1,0.3333,0.0615,0.7923,1.00,
	EOF
	test_cmp expect actual
'

# 48h: only 6 (gap 0).  2w: 2, 3 and 6; median of 0, 7, 7.00001 = 7.00.
test_expect_success '--window 48h and 2w' '
	tix-recur --db "$W/r.db" --window 48h >actual &&
	rows >expect <<-\EOF &&
	Login,5,2,1,0.2000,0.0362,0.6245,1,0.2000,0.0362,0.6245,0.00,
	Billing,3,1,0,0.0000,0.0000,0.5615,1,0.3333,0.0615,0.7923,,
	EOF
	test_cmp expect actual &&
	tix-recur --db "$W/r.db" --window 2w >actual &&
	rows >expect <<-\EOF &&
	Login,5,2,3,0.6000,0.2307,0.8824,1,0.2000,0.0362,0.6245,7.00,
	Billing,3,1,0,0.0000,0.0000,0.5615,1,0.3333,0.0615,0.7923,,
	EOF
	test_cmp expect actual &&
	tix-recur --db "$W/r.db" --window 7 >actual2 &&
	tix-recur --db "$W/r.db" --window 168h >actual3 &&
	tix-recur --db "$W/r.db" --window 1w >actual4 &&
	tix-recur --db "$W/r.db" >expect &&
	test_cmp expect actual2 && test_cmp expect actual3 && test_cmp expect actual4
'

# By requester: a has 1, 2, 3, 4 in one group: repeats 2 (7d) and 4
# (86399 s): median (7 + 0.99999) / 2 = 4.00; reopened 2 and 4.  KM: 1->2
# 7d, 2->3 7d+1s, 3->4 0.99999d events, 4 censored at 1 h: at risk 4 ->
# 3, then S = 2/3, 1/3, 0: 1.0000.  b: 5, 6: one repeat of 0 s.  The
# tickets without requester are (none), with 0 requesters.
test_expect_success '--by requester, and --by field:NAME of a column kept in extra' '
	tix-recur --db "$W/r.db" --by requester >actual &&
	rows >expect <<-\EOF &&
	a@x.com,4,1,2,0.5000,0.1500,0.8500,2,0.5000,0.1500,0.8500,4.00,1.0000
	b@x.com,2,1,1,0.5000,0.0945,0.9055,0,0.0000,0.0000,0.6576,0.00,
	(none),2,0,0,0.0000,0.0000,0.6576,0,0.0000,0.0000,0.6576,,
	EOF
	test_cmp expect actual &&
	tix-recur --db "$W/r.db" --by field:Plan >actual &&
	sed "s/^a@x.com,/Pro,/; s/^b@x.com,/Free,/" expect >expect2 &&
	test_cmp expect2 actual
'

# Tags: vpn = 1, 2, 5, 6; mobile = 2, 3; (none) = 4, 7, 8.
# Same group: vpn repeats 2 (after 1, 7d) and 6; reopened 2: 1 of 4.  KM
# vpn: 1->2 7d, 2 censored (no later vpn ticket of a) 8.04d, 5->6 0, 6
# censored 13.04d: empty.  mobile: 3 is 7d+1s after 2: no repeat; KM 2->3
# event 7d+1s, 3 censored 1.04d: S = 0, 1.0000.  (none) and mobile both
# have 0 repeats: more tickets first.
# --any-group: ticket 2 is one ticket in two groups; a's tickets in order
# 1, 2, 3, 4: mobile's 2 is a repeat (7d after 1), (none)'s 4 (after 3).
test_expect_success '--by tag: a ticket with two tags is in two groups, and one ticket with --any-group' '
	tix-recur --db "$W/r.db" --by tag >actual &&
	rows >expect <<-\EOF &&
	vpn,4,2,2,0.5000,0.1500,0.8500,1,0.2500,0.0456,0.6994,3.50,
	(none),3,1,0,0.0000,0.0000,0.5615,1,0.3333,0.0615,0.7923,,
	mobile,2,1,0,0.0000,0.0000,0.6576,1,0.5000,0.0945,0.9055,,1.0000
	EOF
	test_cmp expect actual &&
	tix-recur --db "$W/r.db" --by tag --any-group >actual &&
	rows >expect <<-\EOF &&
	vpn,4,2,2,0.5000,0.1500,0.8500,1,0.2500,0.0456,0.6994,3.50,
	(none),3,1,1,0.3333,0.0615,0.7923,1,0.3333,0.0615,0.7923,1.00,
	mobile,2,1,1,0.5000,0.0945,0.9055,1,0.5000,0.0945,0.9055,7.00,1.0000
	EOF
	test_cmp expect actual
'

# --since 2024-01-08: ticket 1 (01-01, exactly 7d before) is looked back
# at: 2 is a repeat of it, but 1 (and b's 5, 6) are not counted.  Login:
# 2, 3; KM 2->3 event, 3 censored earlier: 1.0000.
test_expect_success '--since looks back one window: an earlier ticket makes a repeat but is not counted' '
	tix-recur --db "$W/r.db" --since 2024-01-08 >actual &&
	rows >expect <<-\EOF &&
	Login,2,1,1,0.5000,0.0945,0.9055,1,0.5000,0.0945,0.9055,7.00,1.0000
	Billing,3,1,0,0.0000,0.0000,0.5615,1,0.3333,0.0615,0.7923,,
	EOF
	test_cmp expect actual &&
	tix-recur --db "$W/r.db" --since 2024-01-08T00:00:01 >actual &&
	rows >expect <<-\EOF &&
	Billing,3,1,0,0.0000,0.0000,0.5615,1,0.3333,0.0615,0.7923,,
	Login,1,1,0,0.0000,0.0000,0.7935,0,0.0000,0.0000,0.7935,,
	EOF
	test_cmp expect actual
'

# --top 1, and --by source (one group for all): repeats 2, 4 and 6;
# median of 7, 0.99999, 0 = 1.00.
test_expect_success '--top, --by source, the default database, TIX_DB' '
	tix-recur --db "$W/r.db" --top 1 >actual &&
	rows >expect <<-\EOF &&
	Login,5,2,2,0.4000,0.1176,0.7693,1,0.2000,0.0362,0.6245,3.50,
	EOF
	test_cmp expect actual &&
	TIX_DB="$W/r.db" tix-recur --top 1 >actual && test_cmp expect actual &&
	cp "$W/r.db" tix.db && tix-recur --top 1 >actual && test_cmp expect actual &&
	tix-recur --db "$W/r.db" --by source >actual &&
	rows >expect <<-\EOF &&
	zendesk,8,2,3,0.3750,0.1368,0.6943,2,0.2500,0.0715,0.5907,1.00,
	EOF
	test_cmp expect actual
'

# Kaplan-Meier by hand (days):
# Alpha: r1 events 2, 10, censored 48; r2 event 34.96, censored 25; r3
#   censored 55; r4 censored 0.  At risk 7; C0 -> 6; E2: S = 5/6; E10:
#   S = 5/6 * 4/5 = 2/3; C25; next event 34.96 > 30: p = 1/3.  Repeats: r1's
#   d2 only (1 of 7), median 2.00.
# Beta: r5 event 5, censored 60 - 55 = 5 (the end of the database, not of
#   the group).  Events first at a tie: S = 1/2, then no one at risk: the
#   curve stops before 30 days: empty (censorings first would give 1).
# Gamma: r6 event at exactly 30 (counts), censored 30; r7, r8 censored 60:
#   S = 3/4 at 30: 0.2500.
test_expect_success 'p_repeat_30d: Kaplan-Meier with censoring, an event at exactly 30 days, a tie' '
	tix-recur --db "$W/k.db" >actual &&
	rows >expect <<-\EOF &&
	Alpha,7,4,1,0.1429,0.0257,0.5131,0,0.0000,0.0000,0.3543,2.00,0.3333
	Beta,2,1,1,0.5000,0.0945,0.9055,0,0.0000,0.0000,0.6576,5.00,
	Gamma,4,3,0,0.0000,0.0000,0.4899,0,0.0000,0.0000,0.4899,,0.2500
	EOF
	test_cmp expect actual
'

# --until 2024-03-21 (d20): the data end there.  Alpha: r1 2, 10 events,
# censored 8 (d12 -> d20); r2 censored 19.96; r3 censored 15: the last is
# censored before 30: empty (were the end still d60, r1 censored 48, r2
# 59.96, r3 55: p = 1 - 4/5 * 3/4 = 0.4).  Gamma: r6's d30 is past
# --until: all three censored at 20: empty.
# --until after the data: the end is the last ticket, as without it.
test_expect_success '--until: a requester is censored at --until when it comes before the last ticket' '
	tix-recur --db "$W/k.db" --until 2024-03-21 >actual &&
	rows >expect <<-\EOF &&
	Alpha,5,3,1,0.2000,0.0362,0.6245,0,0.0000,0.0000,0.4345,2.00,
	Gamma,3,3,0,0.0000,0.0000,0.5615,0,0.0000,0.0000,0.5615,,
	EOF
	test_cmp expect actual &&
	tix-recur --db "$W/k.db" --until 2025-01-01 >actual &&
	tix-recur --db "$W/k.db" >expect &&
	test_cmp expect actual
'

# --since 2024-03-02: r1's d0 is looked back at (d2 a repeat of it);
# Alpha counts r1 d2, d12, r2 d35, r3 d5, r4 d60.  KM: C0, E10, C25, C48,
# C55: S = 3/4: 0.2500.  Gamma: only r6's d30, censored at exactly 30:
# followed 30 days without a next contact: 0.0000.
# --since 2024-04-26: Beta's tickets are only looked back at: no row.
test_expect_success '--since: the look-back tickets are not followed; a group only looked back at has no row' '
	tix-recur --db "$W/k.db" --since 2024-03-02 >actual &&
	rows >expect <<-\EOF &&
	Alpha,5,4,1,0.2000,0.0362,0.6245,0,0.0000,0.0000,0.4345,2.00,0.2500
	Beta,2,1,1,0.5000,0.0945,0.9055,0,0.0000,0.0000,0.6576,5.00,
	Gamma,1,1,0,0.0000,0.0000,0.7935,0,0.0000,0.0000,0.7935,,0.0000
	EOF
	test_cmp expect actual &&
	tix-recur --db "$W/k.db" --since 2024-04-26 >actual &&
	rows >expect <<-\EOF &&
	Alpha,1,1,0,0.0000,0.0000,0.7935,0,0.0000,0.0000,0.7935,,
	EOF
	test_cmp expect actual
'

test_expect_success 'JSON: every column name once, empty values are null' '
	tix-recur --db "$W/k.db" --format json --top 2 >actual &&
	cat >expect <<-\EOF &&
	[
	{"group":"Alpha","tickets":7,"requesters":4,"repeat_contacts":1,"repeat_rate":0.1429,"repeat_rate_low":0.0257,"repeat_rate_high":0.5131,"reopened":0,"reopen_rate":0.0000,"reopen_rate_low":0.0000,"reopen_rate_high":0.3543,"median_days_to_repeat":2.00,"p_repeat_30d":0.3333},
	{"group":"Beta","tickets":2,"requesters":1,"repeat_contacts":1,"repeat_rate":0.5000,"repeat_rate_low":0.0945,"repeat_rate_high":0.9055,"reopened":0,"reopen_rate":0.0000,"reopen_rate_low":0.0000,"reopen_rate_high":0.6576,"median_days_to_repeat":5.00,"p_repeat_30d":null}
	]
	EOF
	test_cmp expect actual
'

# (nc.csv has no reopens counter and is loaded once: the reopen rate and
# its interval are empty, the data cannot say)
test_expect_success 'tickets without a created time are left out of the summary' '
	printf "%s\n" "Id,Subject,Requester,Category,Status,Created at" \
		"1,undated,a@x.com,Login,open," \
		"2,dated,a@x.com,Login,open,2024-01-02T00:00:00Z" \
		"3,dated again,a@x.com,Login,open,2024-01-03T00:00:00Z" >nc.csv &&
	tix-ingest -q --db nc.db nc.csv &&
	tix-recur --db nc.db >actual &&
	rows >expect <<-\EOF &&
	Login,2,1,1,0.5000,0.0945,0.9055,0,,,,1.00,1.0000
	EOF
	test_cmp expect actual &&
	tix-recur --db nc.db --requester a@x.com >actual &&
	cat >expect <<-\EOF &&
	ticket,source,created,gap_days,category,status,reopens,subject
	1,zendesk,,,Login,open,0,undated
	2,zendesk,2024-01-02T00:00:00Z,,Login,open,0,dated
	3,zendesk,2024-01-03T00:00:00Z,1.00,Login,open,0,dated again
	EOF
	test_cmp expect actual
'

test_expect_success 'a database without tickets: the header alone' '
	echo "Id,Subject,Requester,Category,Status,Created at" >empty.csv &&
	tix-ingest -q --db e.db empty.csv &&
	tix-recur --db e.db >actual && echo "$HEAD" >expect && test_cmp expect actual &&
	tix-recur --db e.db --returning >actual &&
	echo group,last_before,quiet_from,back_on,quiet_bins,tickets_before,tickets_back >expect &&
	test_cmp expect actual
'

# ---------------------------------------------------------------- reopens

# Hardware (no counter): 1 and 4 went from solved to open / hold in
# ticket_history; 2 went pending -> solved, 3 stayed closed.  Repeats: p's
# 2 and q's 4, 1 day after.  KM: events 1, 1, censored later: S = 1/2 at
# the last censoring: empty.
# Network (reopen_count): INC002 has 1; INC001 went Resolved -> Active in
# the history, but its counter says 0.  INC001 -> INC002 event 5d, INC002
# censored at 0: S = 0: 1.0000.
test_expect_success 'reopened: the export counter where there is one, else ticket_history' '
	sqlite3 "$W/hc.db" "SELECT t.ext_id, h.old_value, h.new_value FROM ticket_history h
		JOIN ticket t ON t.id = h.ticket_id WHERE h.field = ${Q}status${Q} ORDER BY t.id" >actual &&
	cat >expect <<-\EOF &&
	1|solved|open
	2|pending|solved
	4|solved|hold
	INC001|solved|open
	EOF
	test_cmp expect actual &&
	tix-recur --db "$W/hc.db" >actual &&
	rows >expect <<-\EOF &&
	Hardware,4,2,2,0.5000,0.1500,0.8500,2,0.5000,0.1500,0.8500,1.00,
	Network,2,1,1,0.5000,0.0945,0.9055,1,0.5000,0.0945,0.9055,5.00,1.0000
	EOF
	test_cmp expect actual
'

test_expect_success 'reopened: --requester shows the counter, else the reopens in the history' '
	tix-recur --db "$W/hc.db" --requester p@x.com >actual &&
	cat >expect <<-\EOF &&
	ticket,source,created,gap_days,category,status,reopens,subject
	1,zendesk,2024-02-01T09:00:00Z,,Hardware,open,1,Printer jam
	2,zendesk,2024-02-02T09:00:00Z,1.00,Hardware,solved,0,Printer toner
	EOF
	test_cmp expect actual &&
	tix-recur --db "$W/hc.db" --requester c1 >actual &&
	cat >expect <<-\EOF &&
	ticket,source,created,gap_days,category,status,reopens,subject
	INC001,servicenow,2024-02-05T09:00:00Z,,Network,open,0,Wifi down
	INC002,servicenow,2024-02-10T09:00:00Z,5.00,Network,solved,1,Wifi down again
	EOF
	test_cmp expect actual
'

# ---------------------------------------------------------------- --requester

test_expect_success '--requester: time order, gaps, ties in one second by storage order' '
	tix-recur --db "$W/r.db" --requester a@x.com >actual &&
	cat >expect <<-\EOF &&
	ticket,source,created,gap_days,category,status,reopens,subject
	1,zendesk,2024-01-01T00:00:00Z,,Login,solved,0,Cannot log in
	2,zendesk,2024-01-08T00:00:00Z,7.00,Login,solved,2,Cannot log in again
	3,zendesk,2024-01-15T00:00:01Z,7.00,Login,open,0,Login page blank
	4,zendesk,2024-01-16T00:00:00Z,1.00,Billing,solved,1,Charged twice
	EOF
	test_cmp expect actual &&
	tix-recur --db "$W/r.db" --requester b@x.com >actual &&
	cat >expect <<-\EOF &&
	ticket,source,created,gap_days,category,status,reopens,subject
	5,zendesk,2024-01-03T00:00:00Z,,Login,solved,0,Locked out
	6,zendesk,2024-01-03T00:00:00Z,0.00,Login,solved,0,Locked out
	EOF
	test_cmp expect actual
'

test_expect_success '--requester: the case of the letters only when nothing matches as typed' '
	tix-recur --db "$W/r.db" --requester A@X.COM >actual &&
	tix-recur --db "$W/r.db" --requester a@x.com >expect &&
	test_cmp expect actual &&
	tix-recur --db "$W/t.db" --requester mixed@x.com >actual &&
	cat >expect <<-\EOF &&
	ticket,source,created,gap_days,category,status,reopens,subject
	114,zendesk,2024-05-26T08:00:00Z,,Hardware,open,0,Keyboard broken
	EOF
	test_cmp expect actual &&
	tix-recur --db "$W/t.db" --requester MIXED@X.COM >actual &&
	cat >expect <<-\EOF &&
	ticket,source,created,gap_days,category,status,reopens,subject
	113,zendesk,2024-05-25T08:00:00Z,,Hardware,open,0,Mouse broken
	114,zendesk,2024-05-26T08:00:00Z,1.00,Hardware,open,0,Keyboard broken
	EOF
	test_cmp expect actual
'

test_expect_success '--requester: an unknown requester is exit 1, a message and nothing on stdout' '
	cd "$W" &&
	test_must_fail --status 1 tix-recur --db r.db --requester x >out 2>err &&
	test_cmp /dev/null out &&
	echo "tix-recur: r.db: no tickets from requester ${Q}x${Q}" >expect &&
	test_cmp expect err
'

test_expect_success '--requester on a pseudonymised database: the clear id and the key' '
	cd "$W" &&
	sqlite3 p.db "SELECT count(*) FROM ticket WHERE requester LIKE ${Q}%@%${Q}" >actual &&
	echo 0 >expect && test_cmp expect actual &&
	tix-recur --db r.db --requester a@x.com >expect &&
	tix-recur --db p.db --requester a@x.com --key-file key >actual &&
	test_cmp expect actual &&
	TIX_KEY=a-key-for-the-recur-tests-0123 tix-recur --db p.db --requester " A@X.com" >actual &&
	test_cmp expect actual &&
	pseudonym=$(sqlite3 p.db "SELECT requester FROM ticket WHERE ext_id = ${Q}1${Q}") &&
	tix-recur --db p.db --requester "$pseudonym" --key-file key >actual &&
	test_cmp expect actual
'

test_expect_success '--requester on a pseudonymised database without the key: exit 2; another key: exit 1' '
	cd "$W" &&
	test_must_fail --status 2 env -u TIX_KEY tix-recur --db p.db --requester a@x.com >out 2>err &&
	test_cmp /dev/null out &&
	echo "tix-recur: p.db: the database is pseudonymised; --requester needs its key (--key-file or TIX_KEY): no pseudonymisation key: give --key-file or set TIX_KEY" >expect &&
	test_cmp expect err &&
	test_must_fail --status 2 tix-recur --db p.db --requester a@x.com --key-file no-such-key \
		>out 2>err &&
	test_cmp /dev/null out && grep -q "^tix-recur: p.db: the database is pseudonymised; --requester needs its key" err &&
	test_must_fail --status 1 tix-recur --db p.db --requester a@x.com --key-file key2 >out 2>err &&
	test_cmp /dev/null out &&
	grep -q "^tix-recur: p.db: the database was pseudonymised with another key (key id [0-9a-f]*, this one is [0-9a-f]*)$" err &&
	test_must_fail --status 1 tix-recur --db p.db --requester nobody@x.com --key-file key >out 2>err &&
	test_cmp /dev/null out &&
	echo "tix-recur: p.db: no tickets from requester ${Q}nobody@x.com${Q}" >expect &&
	test_cmp expect err
'

# ---------------------------------------------------------------- --ticket

# 103 (u, 05-10): u's earlier 102 and 101 first, latest first (102 shares
# "my" and "the" of 18 body words: 0.11; 101: subject 4/5, body 9/12);
# then the others by similarity: 109 (no requester, same subject) and 108
# (same body: "May 2" and "May 3" are the same words), both 1.00, latest
# first; then 104 (subject 4/5).  Not: 106 and 107 (later), 105, 110.
test_expect_success '--ticket: the requester'"'"'s earlier tickets, then the alike ones of others' '
	tix-recur --db "$W/t.db" --ticket 103 --source zendesk >actual &&
	cat >expect <<-\EOF &&
	ticket,source,created,requester,category,status,why,similarity,subject
	102,zendesk,2024-05-03T08:00:00Z,u@x.com,Billing,solved,same requester,0.11,Invoice missing
	101,zendesk,2024-05-01T08:00:00Z,u@x.com,Network,solved,same requester; subject 80% alike; body 75% alike,0.80,VPN drops every hour
	109,zendesk,2024-05-08T08:00:00Z,,Network,new,subject 100% alike,1.00,VPN drops every hour again
	108,zendesk,2024-05-07T08:00:00Z,w@x.com,Network,solved,body 100% alike,1.00,Connection problem
	104,zendesk,2024-05-05T08:00:00Z,v@x.com,Network,solved,subject 80% alike,0.80,VPN drops every hour
	EOF
	test_cmp expect actual
'

test_expect_success '--ticket --top: the first rows, and a notice of how many matched' '
	tix-recur --db "$W/t.db" --ticket 103 --source zendesk --top 2 >actual 2>err &&
	cat >expect <<-\EOF &&
	ticket,source,created,requester,category,status,why,similarity,subject
	102,zendesk,2024-05-03T08:00:00Z,u@x.com,Billing,solved,same requester,0.11,Invoice missing
	101,zendesk,2024-05-01T08:00:00Z,u@x.com,Network,solved,same requester; subject 80% alike; body 75% alike,0.80,VPN drops every hour
	EOF
	test_cmp expect actual &&
	echo "tix-recur: 5 earlier tickets match; the first 2 are shown (--top for more)" >expect &&
	test_cmp expect err &&
	tix-recur --db "$W/t.db" --ticket 103 --source zendesk --top 5 >actual 2>err &&
	test_cmp /dev/null err
'

test_expect_success '--ticket: a ticket without requester; ties in one second; nothing earlier' '
	tix-recur --db "$W/t.db" --ticket 109 >actual &&
	cat >expect <<-\EOF &&
	ticket,source,created,requester,category,status,why,similarity,subject
	104,zendesk,2024-05-05T08:00:00Z,v@x.com,Network,solved,subject 80% alike,0.80,VPN drops every hour
	101,zendesk,2024-05-01T08:00:00Z,u@x.com,Network,solved,subject 80% alike,0.80,VPN drops every hour
	EOF
	test_cmp expect actual &&
	tix-recur --db "$W/t.db" --ticket 112 >actual &&
	cat >expect <<-\EOF &&
	ticket,source,created,requester,category,status,why,similarity,subject
	111,zendesk,2024-05-11T08:00:00Z,s@x.com,Login,solved,same requester; subject 100% alike,1.00,Locked out
	EOF
	test_cmp expect actual &&
	tix-recur --db "$W/t.db" --ticket 111 >actual &&
	echo ticket,source,created,requester,category,status,why,similarity,subject >expect &&
	test_cmp expect actual
'

test_expect_success '--ticket: an id in two sources needs --source (exit 2); --source picks one' '
	cd "$W" &&
	test_must_fail --status 2 tix-recur --db t.db --ticket 103 >out 2>err &&
	test_cmp /dev/null out &&
	grep -q "^tix-recur: t.db: ticket ${Q}103${Q} is in 2 sources (.*): say which with --source$" err &&
	grep -q zendesk err && grep -q freshdesk err &&
	tix-recur --db t.db --ticket 103 --source freshdesk >actual &&
	cat >expect <<-\EOF &&
	ticket,source,created,requester,category,status,why,similarity,subject
	112,zendesk,2024-05-11T08:00:00Z,s@x.com,Login,solved,subject 100% alike,1.00,Locked out
	111,zendesk,2024-05-11T08:00:00Z,s@x.com,Login,solved,subject 100% alike,1.00,Locked out
	EOF
	test_cmp expect actual
'

test_expect_success '--ticket: an unknown ticket is exit 1 and nothing on stdout' '
	cd "$W" &&
	test_must_fail --status 1 tix-recur --db t.db --ticket 999 >out 2>err &&
	test_cmp /dev/null out &&
	echo "tix-recur: t.db: no ticket ${Q}999${Q}" >expect && test_cmp expect err &&
	test_must_fail --status 1 tix-recur --db t.db --ticket 103 --source jsm >out 2>err &&
	test_cmp /dev/null out &&
	echo "tix-recur: t.db: no ticket ${Q}103${Q} from source ${Q}jsm${Q}" >expect &&
	test_cmp expect err
'

# Real subjects hold typographic apostrophes and no-break spaces inside
# words, and emoji; the full-text search must neither fail on them nor
# miss an alike ticket because of them.  (The words compared are the
# index's own unicode61 tokens: "Can't" with U+2019 is two words, "can"
# and "t", as the index has them - searched for as one quoted string it
# would be a phrase, which an index with detail=none refuses - and an
# emoji is no word at all, so it is never searched for.)
test_expect_success '--ticket: words with a typographic apostrophe or a no-break space' '
	tix-recur --db "$W/typo.db" --ticket 2 >actual &&
	{
		echo ticket,source,created,requester,category,status,why,similarity,subject &&
		printf "1,zendesk,2024-01-01T00:00:00Z,a@x.com,Login,open,subject 100%% alike,1.00,Can\342\200\231t log in\n"
	} >expect &&
	test_cmp expect actual &&
	tix-recur --db "$W/typo.db" --ticket 4 >actual &&
	{
		echo ticket,source,created,requester,category,status,why,similarity,subject &&
		printf "3,zendesk,2024-01-03T00:00:00Z,c@x.com,Login,open,subject 100%% alike,1.00,VPN\302\240down again\n"
	} >expect &&
	test_cmp expect actual
'

# 6 has 5 words (the emoji is none), 4 of them in 5 (80%); of any 2 of its
# words, an alike ticket has one.  Had the emoji counted as a word with no
# documents, the 2 rarest would be it and "today" (only in 6), and the
# search would find nothing.
test_expect_success '--ticket: an alike subject that shares an emoji is still found' '
	tix-recur --db "$W/typo.db" --ticket 6 >actual &&
	{
		echo ticket,source,created,requester,category,status,why,similarity,subject &&
		echo "5,zendesk,2024-01-05T00:00:00Z,e@x.com,App,open,subject 80% alike,0.80,$F app crashes on start"
	} >expect &&
	test_cmp expect actual
'

# ---------------------------------------------------------------- --returning

# Weeks 0-9 from 2024-01-01.  Spiky: weeks 0, 1, then 2-6 empty (5), back
# in 7 with 3.  Twice: 0, then 1-4 empty (4), 5, then 6-8 empty (3), 9.
# Short: 0, 1-2 empty, 3.  Latest comeback first.
test_expect_success '--returning: weeks, --quiet, --top' '
	tix-recur --db "$W/ret.db" --returning >actual &&
	cat >expect <<-\EOF &&
	group,last_before,quiet_from,back_on,quiet_bins,tickets_before,tickets_back
	Spiky,2024-01-08,2024-01-15,2024-02-19,5,3,3
	Twice,2024-01-01,2024-01-08,2024-02-05,4,1,1
	EOF
	test_cmp expect actual &&
	tix-recur --db "$W/ret.db" --returning --bin week --quiet 2 >actual &&
	cat >expect <<-\EOF &&
	group,last_before,quiet_from,back_on,quiet_bins,tickets_before,tickets_back
	Twice,2024-02-05,2024-02-12,2024-03-04,3,2,1
	Spiky,2024-01-08,2024-01-15,2024-02-19,5,3,3
	Twice,2024-01-01,2024-01-08,2024-02-05,4,1,1
	Short,2024-01-01,2024-01-08,2024-01-22,2,1,1
	EOF
	test_cmp expect actual &&
	tix-recur --db "$W/ret.db" --returning --quiet 2 --top 2 >actual &&
	head -3 expect >expect2 && test_cmp expect2 actual
'

# Days: Spiky 01-09 .. 02-18 empty (41 days); Twice 01-02 .. 02-04 (34)
# and 02-06 .. 03-03 (27); Short 01-02 .. 01-21 (20); Steady 6 at most.
test_expect_success '--returning --bin day' '
	tix-recur --db "$W/ret.db" --returning --bin day --quiet 20 >actual &&
	cat >expect <<-\EOF &&
	group,last_before,quiet_from,back_on,quiet_bins,tickets_before,tickets_back
	Twice,2024-02-05,2024-02-06,2024-03-04,27,2,1
	Spiky,2024-01-08,2024-01-09,2024-02-19,41,3,3
	Twice,2024-01-01,2024-01-02,2024-02-05,34,1,1
	Short,2024-01-01,2024-01-02,2024-01-22,20,1,1
	EOF
	test_cmp expect actual &&
	tix-recur --db "$W/ret.db" --returning --bin day --quiet 21 >actual &&
	grep -v ^Short expect >expect2 && test_cmp expect2 actual &&
	tix-recur --db "$W/ret.db" --returning --bin day --quiet 7 >actual &&
	test_cmp expect actual
'

# From 2024-01-08 on: Spiky had 1 ticket before its quiet weeks; Twice's
# first ticket is before the period and its later gap is 3 weeks.
test_expect_success '--returning --since: only the period counts' '
	tix-recur --db "$W/ret.db" --returning --since 2024-01-08 >actual &&
	cat >expect <<-\EOF &&
	group,last_before,quiet_from,back_on,quiet_bins,tickets_before,tickets_back
	Spiky,2024-01-08,2024-01-15,2024-02-19,5,1,3
	EOF
	test_cmp expect actual
'

# ---------------------------------------------------------------- errors

test_expect_success 'a bad --window is a usage error, never an SQL error' '
	usage_error "--window takes a span such as 7d, 48h or 2w, not ${Q}7x${Q}" --window 7x &&
	usage_error "--window takes a span such as 7d, 48h or 2w, not ${Q}-1d${Q}" --window -1d &&
	usage_error "--window takes a span such as 7d, 48h or 2w, not ${Q} 7d${Q}" --window " 7d" &&
	usage_error "--window takes a span such as 7d, 48h or 2w, not ${Q}+7d${Q}" --window +7d &&
	usage_error "--window takes a span such as 7d, 48h or 2w, not ${Q}abc${Q}" --window abc &&
	usage_error "--window takes a span such as 7d, 48h or 2w, not ${Q}${Q}" --window "" &&
	usage_error "--window takes a span such as 7d, 48h or 2w, not ${Q}7dd${Q}" --window 7dd &&
	usage_error "--window takes a span such as 7d, 48h or 2w, not ${Q}1.5d${Q}" --window 1.5d &&
	usage_error "option ${Q}--window${Q} needs a value" --window
'

test_expect_success 'a bad --by, --since or --until is a usage error' '
	usage_error "--by: unknown field ${Q}product${Q}" --by product &&
	usage_error "--by: unknown field ${Q}x; DROP TABLE ticket${Q}" --by "x; DROP TABLE ticket" &&
	usage_error "--by: unknown field ${Q}product${Q}" --returning --by product &&
	usage_error "--since: cannot read ${Q}yesterday${Q} as a time" --since yesterday &&
	usage_error "--until: cannot read ${Q}2024-13-01${Q} as a time" --until 2024-13-01 &&
	usage_error "--since must come before --until" --since 2024-02-01 --until 2024-01-01 &&
	usage_error "--since must come before --until" --since 2024-01-01 --until 2024-01-01 &&
	usage_error "--since must come before --until" --returning --since 2024-02-01 --until 2024-01-01
'

test_expect_success 'options that do not go together are usage errors' '
	usage_error "--requester, --ticket and --returning go one at a time" --requester a --ticket 1 &&
	usage_error "--requester, --ticket and --returning go one at a time" --ticket 1 --returning &&
	usage_error "--key-file goes with --requester" --key-file key &&
	usage_error "--key-file goes with --requester" --ticket 1 --key-file key &&
	usage_error "--source goes with --ticket" --source zendesk &&
	usage_error "--source goes with --ticket" --requester a --source zendesk &&
	usage_error "--bin and --quiet go with --returning" --bin week &&
	usage_error "--bin and --quiet go with --returning" --quiet 3 &&
	usage_error "--window and --any-group do not apply to --returning" --returning --window 7d &&
	usage_error "--window and --any-group do not apply to --returning" --returning --any-group &&
	usage_error "--top does not apply to --requester" --requester a --top 3 &&
	usage_error "--requester looks up one requester: --by, --window, --any-group, --since, --until, --bin and --quiet do not apply" --requester a --by tag &&
	usage_error "--ticket looks up one ticket: --by, --window, --any-group, --since, --until, --bin and --quiet do not apply" --ticket 1 --since 2024-01-01 &&
	usage_error "--requester needs an id" --requester "" &&
	usage_error "--ticket needs an id" --ticket ""
'

test_expect_success 'bad numbers, --bin, --format and arguments are usage errors' '
	usage_error "--quiet takes a positive number, not ${Q}0${Q}" --returning --quiet 0 &&
	usage_error "--top takes a positive number, not ${Q}0${Q}" --top 0 &&
	usage_error "--top takes a positive number, not ${Q}-3${Q}" --ticket 1 --top -3 &&
	usage_error "--bin is day or week, not ${Q}month${Q}" --returning --bin month &&
	usage_error "unknown output format \"xml\" (choose table, csv, tsv, json or ndjson)" --format xml &&
	usage_error "unexpected argument ${Q}a@x.com${Q}" --requester a a@x.com
'

test_expect_success 'usage errors come before the database is opened: none is created' '
	test_must_fail --status 2 tix-recur --db new.db --window 7x 2>err &&
	test_must_fail --status 2 tix-recur --db new.db --requester a --top 1 2>err &&
	test ! -e new.db
'

test_expect_success 'a missing database is exit 3, and none is created' '
	for mode in "" "--requester a" "--ticket 1" --returning; do
		test_must_fail --status 3 tix-recur --db missing.db $mode >out 2>err || return 1
		test_cmp /dev/null out || return 1
		echo "tix-recur: missing.db: No such file or directory" >expect &&
		test_cmp expect err || return 1
	done &&
	test ! -e missing.db &&
	test_must_fail --status 3 tix-recur 2>err && test ! -e tix.db &&
	sqlite3 other.db "CREATE TABLE x(a)" &&
	test_must_fail --status 3 tix-recur --db other.db 2>err &&
	echo "tix-recur: other.db: not a tix database of schema version 4 (found 0)" >expect &&
	test_cmp expect err
'

test_done
