#!/bin/sh
# tix-stats end to end.  A generated Zendesk export (tests/data/gen-stats.awk)
# whose figures for 2026-W02 and 2026-W01 are known by construction: every
# column of the plain output, the long form of --compare previous with a
# planned big change (significant) and an unchanged group (not), p values
# against an independent computation in awk.  Then --week against
# --since/--until, a severity file of one's own and bad ones, usage errors,
# an empty database, periods before and after the data, a database with
# no solved ticket (no NaN anywhere), and the ServiceNow log of
# ../shared/data against the same counts in SQL (skipped when absent).
. "$(dirname "$0")/../lib.sh"

W="$SCRATCH_ROOT/stats"
mkdir -p "$W"
Q="'"
TAB=$(printf '\t')
HEAD="group${TAB}tickets${TAB}solved${TAB}backlog${TAB}first_reply_p50${TAB}first_reply_p90${TAB}resolution_p50${TAB}resolution_p90${TAB}sla_breach_rate${TAB}reopen_rate${TAB}repeat_rate${TAB}csat_good_rate"
LONG="group${TAB}figure${TAB}current${TAB}previous${TAB}change${TAB}p_value${TAB}significant"
NOTICKETS="tix-stats: no tickets created in the period"

# gen_db: the generated export, ingested once
gen_db() {
	[ -f "$W/gen.db" ] && return 0
	awk -f "$TOP/tests/data/gen-stats.awk" >"$W/gen.csv" &&
	tix-ingest --db "$W/gen.db" "$W/gen.csv" >ingest.out 2>ingest.err || {
		cat ingest.err
		return 1
	}
}

usage_error() {
	msg=$1
	shift
	test_must_fail --status 2 tix-stats --db "$W/gen.db" "$@" >out 2>err &&
	printf '%s\n' "tix-stats: $msg" "Try 'tix-stats --help' for more." >expect &&
	test_cmp expect err && test_cmp /dev/null out
}

test_expect_success 'usage errors: exit 2, the message, nothing on stdout' '
	gen_db &&
	usage_error "--by: unknown field ${Q}colour${Q}" --by colour &&
	usage_error "--compare takes ${Q}previous${Q}, not ${Q}next${Q}" --compare next --week 2026-W02 &&
	usage_error "--week does not go with --since or --until" --week 2026-W02 --since 2026-01-01 &&
	usage_error "--week does not go with --since or --until" --until 2026-01-01 --week 2026-W02 &&
	usage_error "--week: ${Q}2026-W54${Q} is not an ISO week like 2026-W47" --week 2026-W54 &&
	usage_error "--week: ${Q}2021-W53${Q} is not an ISO week like 2026-W47" --week 2021-W53 &&
	usage_error "--week: ${Q}2026-01-05${Q} is not an ISO week like 2026-W47" --week 2026-01-05 &&
	usage_error "--compare previous needs a period with both ends: --since and --until, or --week" \
		--compare previous &&
	usage_error "--compare previous needs a period with both ends: --since and --until, or --week" \
		--compare previous --since 2026-01-05 &&
	usage_error "--compare previous needs a period with both ends: --since and --until, or --week" \
		--compare previous --until 2026-01-05 &&
	usage_error "--since must come before --until" --since 2026-02-01 --until 2026-01-01 &&
	usage_error "--since must come before --until" --since 2026-01-01 --until 2026-01-01 &&
	usage_error "--since: cannot read ${Q}yesterday${Q} as a time" --since yesterday &&
	usage_error "--until: cannot read ${Q}2026-13-01${Q} as a time" --until 2026-13-01 &&
	usage_error "option ${Q}--week${Q} needs a value" --week &&
	usage_error "unknown option ${Q}--frobnicate${Q}" --frobnicate &&
	usage_error "unexpected argument ${Q}extra${Q}" extra &&
	test_must_fail --status 2 tix-stats --db "$W/gen.db" --format xml >out 2>err &&
	test_cmp /dev/null out && grep -q "^tix-stats: " err
'

# The plan of gen-stats.awk, this week (2026-W02):
#   Billing: 100 tickets, 80 solved, 20 open.  First replies 1..10 hours,
#     ten of each: p50 at h = 49.5 between 5 and 6, p90 at h = 89.1
#     between 9 and 10.  Resolution 4, 8, 12, 16, 20 hours, 16 of each:
#     p50 12, p90 20.  SLA (normal: 8h, 3d): first replies of 9 and 10
#     hours (20), open tickets whose 3 days passed before Monday
#     2026-01-12 (i = 80..95: 16), both (i = 88, 89: 2): 34 of 100.
#     Reopened 30; repeats 11 (the odd i below 20, and i = 0 after last
#     week's i = 39); csat 60 Good of 80 rated.
#   Login: 50 tickets, all solved, and the ticket on hold since November:
#     backlog 1; replies 0.5 h, resolutions 2 h, no breach (high: 4h,
#     1d), 5 reopened, no repeats, 40 Good of 50.
#   Refund: only last week: not listed.
test_expect_success 'generated export, --by category: every figure as planned' '
	gen_db &&
	tix-stats --db "$W/gen.db" --week 2026-W02 --by category --format tsv >actual 2>err &&
	test_cmp /dev/null err &&
	cat >expect <<-EOF &&
	$HEAD
	Billing${TAB}100${TAB}80${TAB}20${TAB}5.50${TAB}9.10${TAB}12.00${TAB}20.00${TAB}0.3400${TAB}0.3000${TAB}0.1100${TAB}0.7500
	Login${TAB}50${TAB}50${TAB}1${TAB}0.50${TAB}0.50${TAB}2.00${TAB}2.00${TAB}0.0000${TAB}0.1000${TAB}0.0000${TAB}0.8000
	EOF
	test_cmp expect actual
'

# all: first replies 0.5 (50), then 1..10 (10 each): p50 at h = 74.5 is 3,
# p90 at h = 134.1 is 9; resolutions 2 (50), then 4..20 (16 each): p50 at
# 64.5 is 4, p90 20; SLA 34/150, reopened 35/150, repeats 11/150, csat
# 100/130
test_expect_success 'generated export, one row (all)' '
	gen_db &&
	tix-stats --db "$W/gen.db" --week 2026-W02 --format tsv >actual 2>err &&
	test_cmp /dev/null err &&
	printf "%s\n" "$HEAD" \
		"all${TAB}150${TAB}130${TAB}21${TAB}3.00${TAB}9.00${TAB}4.00${TAB}20.00${TAB}0.2267${TAB}0.2333${TAB}0.0733${TAB}0.7692" >expect &&
	test_cmp expect actual
'

test_expect_success '--week is Monday 00:00 UTC to the next Monday: the same as --since/--until' '
	gen_db &&
	tix-stats --db "$W/gen.db" --week 2026-w02 --by category --format csv >week.csv &&
	tix-stats --db "$W/gen.db" --since 2026-01-05 --until 2026-01-12 --by category --format csv >range.csv &&
	test_cmp week.csv range.csv &&
	tix-stats --db "$W/gen.db" --since "2026-01-05 00:00:01" --until 2026-01-12 --by category \
		--format csv >later.csv &&
	! cmp -s week.csv later.csv
'

test_expect_success 'tix stats runs tix-stats' '
	gen_db &&
	tix stats --db "$W/gen.db" --week 2026-W02 --format csv >actual &&
	tix-stats --db "$W/gen.db" --week 2026-W02 --format csv >expect &&
	test_cmp expect actual &&
	tix help >out && grep -q "^  stats " out
'

# Billing: 100 tickets against 40, reopened 30/100 against 2/40, repeats
# 11/100 against 0/40: significant; the same first reply and resolution
# times: p = 1.  Login: the same figures in both weeks: p = 1, never
# significant.  Refund: only last week, zeros now, empty where nothing is
# tested.
test_expect_success '--compare previous: a planned big change is significant, an unchanged group is not' '
	gen_db &&
	tix-stats --db "$W/gen.db" --week 2026-W02 --by category --compare previous --format tsv >actual 2>err &&
	test_cmp /dev/null err &&
	cat >expect <<-EOF &&
	$LONG
	Billing${TAB}tickets${TAB}100${TAB}40${TAB}60${TAB}4.143e-07${TAB}yes
	Billing${TAB}solved${TAB}80${TAB}40${TAB}40${TAB}0.0003304${TAB}yes
	Billing${TAB}backlog${TAB}20${TAB}0${TAB}20${TAB}${TAB}
	Billing${TAB}first_reply_p50${TAB}5.50${TAB}5.50${TAB}0.00${TAB}1${TAB}no
	Billing${TAB}first_reply_p90${TAB}9.10${TAB}9.10${TAB}0.00${TAB}1${TAB}no
	Billing${TAB}resolution_p50${TAB}12.00${TAB}12.00${TAB}0.00${TAB}1${TAB}no
	Billing${TAB}resolution_p90${TAB}20.00${TAB}20.00${TAB}0.00${TAB}1${TAB}no
	Billing${TAB}sla_breach_rate${TAB}0.3400${TAB}0.2000${TAB}0.1400${TAB}0.1522${TAB}no
	Billing${TAB}reopen_rate${TAB}0.3000${TAB}0.0500${TAB}0.2500${TAB}0.001406${TAB}yes
	Billing${TAB}repeat_rate${TAB}0.1100${TAB}0.0000${TAB}0.1100${TAB}0.03372${TAB}yes
	Billing${TAB}csat_good_rate${TAB}0.7500${TAB}0.7500${TAB}0.0000${TAB}1${TAB}no
	Login${TAB}tickets${TAB}50${TAB}50${TAB}0${TAB}1${TAB}no
	Login${TAB}solved${TAB}50${TAB}50${TAB}0${TAB}1${TAB}no
	Login${TAB}backlog${TAB}1${TAB}1${TAB}0${TAB}${TAB}
	Login${TAB}first_reply_p50${TAB}0.50${TAB}0.50${TAB}0.00${TAB}1${TAB}no
	Login${TAB}first_reply_p90${TAB}0.50${TAB}0.50${TAB}0.00${TAB}1${TAB}no
	Login${TAB}resolution_p50${TAB}2.00${TAB}2.00${TAB}0.00${TAB}1${TAB}no
	Login${TAB}resolution_p90${TAB}2.00${TAB}2.00${TAB}0.00${TAB}1${TAB}no
	Login${TAB}sla_breach_rate${TAB}0.0000${TAB}0.0000${TAB}0.0000${TAB}1${TAB}no
	Login${TAB}reopen_rate${TAB}0.1000${TAB}0.1000${TAB}0.0000${TAB}1${TAB}no
	Login${TAB}repeat_rate${TAB}0.0000${TAB}0.0000${TAB}0.0000${TAB}1${TAB}no
	Login${TAB}csat_good_rate${TAB}0.8000${TAB}0.8000${TAB}0.0000${TAB}1${TAB}no
	Refund${TAB}tickets${TAB}0${TAB}3${TAB}-3${TAB}0.25${TAB}no
	Refund${TAB}solved${TAB}0${TAB}3${TAB}-3${TAB}0.25${TAB}no
	Refund${TAB}backlog${TAB}0${TAB}0${TAB}0${TAB}${TAB}
	Refund${TAB}first_reply_p50${TAB}${TAB}0.17${TAB}${TAB}${TAB}
	Refund${TAB}first_reply_p90${TAB}${TAB}0.17${TAB}${TAB}${TAB}
	Refund${TAB}resolution_p50${TAB}${TAB}1.00${TAB}${TAB}${TAB}
	Refund${TAB}resolution_p90${TAB}${TAB}1.00${TAB}${TAB}${TAB}
	Refund${TAB}sla_breach_rate${TAB}${TAB}0.0000${TAB}${TAB}${TAB}
	Refund${TAB}reopen_rate${TAB}${TAB}0.0000${TAB}${TAB}${TAB}
	Refund${TAB}repeat_rate${TAB}${TAB}0.0000${TAB}${TAB}${TAB}
	Refund${TAB}csat_good_rate${TAB}${TAB}${TAB}${TAB}${TAB}
	EOF
	test_cmp expect actual
'

# The p values again, from their definitions, in awk with exact sums of
# binomial and hypergeometric terms: tickets 100 against 40 (two-sided
# binomial at 1/2), solved 80 against 40, reopened 30/100 against 2/40,
# repeats 11/100 against 0/40, SLA 34/100 against 8/40 (Fisher, the
# tables no more likely than the one seen), Refund 0 against 3
test_expect_success '--compare previous: the p values are the exact tests, computed independently' '
	gen_db &&
	tix-stats --db "$W/gen.db" --week 2026-W02 --by category --compare previous --format csv >actual &&
	awk -F, '\''
	function lc(n, k,   i, s) { s = 0; for (i = 1; i <= k; i++) s += log(n - k + i) - log(i); return s }
	function counts(a, b,   n, m, k, p) {
		n = a + b; m = a < b ? a : b; p = 0
		if (a == b) return 1
		for (k = 0; k <= m; k++) p += exp(lc(n, k) - n * log(2))
		return 2 * p > 1 ? 1 : 2 * p
	}
	function fisher(k1, n1, k2, n2,   t, x, lo, hi, l, lobs, p) {
		t = k1 + k2; lo = t > n2 ? t - n2 : 0; hi = t < n1 ? t : n1
		lobs = lc(n1, k1) + lc(n2, t - k1) - lc(n1 + n2, t); p = 0
		for (x = lo; x <= hi; x++) {
			l = lc(n1, x) + lc(n2, t - x) - lc(n1 + n2, t)
			if (l <= lobs + 1e-7 * (lobs < 0 ? -lobs : lobs)) p += exp(l)
		}
		return p > 1 ? 1 : p
	}
	function check(key, want) {
		if (!(key in got)) { print "missing " key; bad = 1; return }
		if (sprintf("%.4g", want) != got[key]) { print key ": " got[key] ", expected " sprintf("%.4g", want); bad = 1 }
	}
	NR > 1 { got[$1 "/" $2] = $6 }
	END {
		check("Billing/tickets", counts(100, 40))
		check("Billing/solved", counts(80, 40))
		check("Billing/reopen_rate", fisher(30, 100, 2, 40))
		check("Billing/repeat_rate", fisher(11, 100, 0, 40))
		check("Billing/sla_breach_rate", fisher(34, 100, 8, 40))
		check("Login/reopen_rate", fisher(5, 50, 5, 50))
		check("Refund/tickets", counts(0, 3))
		exit bad
	}'\'' actual
'

test_expect_success 'json: numbers as numbers, an empty cell as null, never NaN' '
	gen_db &&
	tix-stats --db "$W/gen.db" --week 2026-W02 --by category --compare previous --format json >actual &&
	grep -q "\"group\":\"Billing\",\"figure\":\"tickets\",\"current\":100,\"previous\":40,\"change\":60,\"p_value\":4.143e-07,\"significant\":\"yes\"" actual &&
	grep -q "\"group\":\"Refund\",\"figure\":\"csat_good_rate\",\"current\":null,\"previous\":null,\"change\":null,\"p_value\":null,\"significant\":null" actual &&
	! grep -qi "nan\|inf" actual
'

test_expect_success 'a period that has not ended: compared, with a message that says so' '
	gen_db &&
	tix-stats --db "$W/gen.db" --since 2026-01-05 --until 2099-01-05 --compare previous --format csv >actual 2>err &&
	echo "tix-stats: the period ends in the future: its counts so far are compared with a whole previous period" >expect &&
	test_cmp expect err &&
	grep -q "^all,tickets,150,94,56," actual
'

# a severity file of one's own: normal 12h 3d leaves only the 16 open
# Billing tickets past 3 days; without a normal line, normal is not
# checked and Billing has no rate at all
test_expect_success '--severity: the targets of the file' '
	gen_db &&
	sed "s/^sla normal .*/sla normal  12h 3d/" "$TOP/samples/tix-severity.conf" >sev.conf &&
	tix-stats --db "$W/gen.db" --week 2026-W02 --by category --severity sev.conf --format tsv >actual 2>err &&
	test_cmp /dev/null err &&
	cut -f1,9 actual >got &&
	printf "%s\n" "group${TAB}sla_breach_rate" "Billing${TAB}0.1600" "Login${TAB}0.0000" >expect &&
	test_cmp expect got &&
	grep -v "^sla normal" "$TOP/samples/tix-severity.conf" >sev2.conf &&
	tix-stats --db "$W/gen.db" --week 2026-W02 --by category --severity sev2.conf --format tsv >actual &&
	cut -f1,9 actual >got &&
	printf "%s\n" "group${TAB}sla_breach_rate" "Billing${TAB}" "Login${TAB}0.0000" >expect &&
	test_cmp expect got
'

# bad_severity LINE MESSAGE: exit 3, "tix-stats: bad.conf:LINE: MESSAGE"
bad_severity() {
	test_must_fail --status 3 tix-stats --db "$W/gen.db" --week 2026-W02 --severity bad.conf >out 2>err &&
	echo "tix-stats: bad.conf:$1: $2" >expect && test_cmp expect err && test_cmp /dev/null out
}

test_expect_success 'bad severity files: FILE:LINE, exit 3, nothing on stdout' '
	gen_db &&
	n=$(($(wc -l <"$TOP/samples/tix-severity.conf") + 1)) &&
	{ cat "$TOP/samples/tix-severity.conf"; echo "sla critical 1h 4h"; } >bad.conf &&
	bad_severity $n "${Q}critical${Q} is not a priority (low, normal, high, urgent)" &&
	{ cat "$TOP/samples/tix-severity.conf"; echo "sla normal 8h"; } >bad.conf &&
	bad_severity $n "expected ${Q}sla PRIORITY FIRST_REPLY RESOLUTION${Q}" &&
	{ cat "$TOP/samples/tix-severity.conf"; echo "sla normal 8h soon"; } >bad.conf &&
	bad_severity $n "expected two spans (like 4h 3d)" &&
	test_must_fail --status 3 tix-stats --db "$W/gen.db" --severity nosuch.conf >out 2>err &&
	grep -q "^tix-stats: .*nosuch.conf" err && test_cmp /dev/null out
'

test_expect_success 'a database that is not there: exit 3, named' '
	test_must_fail --status 3 tix-stats --db nosuch.db >out 2>err &&
	grep -q "nosuch.db" err && test_cmp /dev/null out
'

test_expect_success '--by pattern before tix-patterns: exit 3, says so' '
	gen_db &&
	test_must_fail --status 3 tix-stats --db "$W/gen.db" --by pattern >out 2>err &&
	grep -q "^tix-stats: .*tix-patterns" err
'

test_expect_success 'an empty database: the header, the message, exit 0' '
	tix-ingest --db empty.db /dev/null >/dev/null 2>&1
	tix-stats --db empty.db --format tsv >actual 2>err &&
	echo "$HEAD" >expect && test_cmp expect actual &&
	echo "$NOTICKETS" >expect && test_cmp expect err &&
	tix-stats --db empty.db --week 2026-W02 --compare previous --format tsv >actual 2>err &&
	echo "$LONG" >expect && test_cmp expect actual &&
	echo "$NOTICKETS" >expect && test_cmp expect err
'

test_expect_success 'a period before the data begins: the header, the message, exit 0' '
	gen_db &&
	tix-stats --db "$W/gen.db" --week 2025-W30 --by category --format tsv >actual 2>err &&
	echo "$HEAD" >expect && test_cmp expect actual &&
	echo "$NOTICKETS" >expect && test_cmp expect err &&
	tix-stats --db "$W/gen.db" --until 2025-01-01 --format tsv >actual 2>err &&
	echo "$HEAD" >expect && test_cmp expect actual &&
	echo "$NOTICKETS" >expect && test_cmp expect err
'

# after the data there is still a backlog (20 open Billing tickets, the one
# on hold), but no ticket was created: the header and the message
test_expect_success 'a period after the data ends: the header, the message, exit 0' '
	gen_db &&
	tix-stats --db "$W/gen.db" --week 2026-W20 --compare previous --format tsv >actual 2>err &&
	echo "$LONG" >expect && test_cmp expect actual &&
	echo "$NOTICKETS" >expect && test_cmp expect err
'

# (the export has no reopen counter and was loaded once: no status history
# could show a reopen, so the reopen rate is empty too)
test_expect_success 'no ticket solved: the rates and percentiles that have nothing under them are empty, no NaN anywhere' '
	printf "%s\n" "Id,Requester,Subject,Status,Priority,Category [list],Created at,First reply time in minutes" \
		"1,a@x,help,Open,Urgent,Lonely,2026-01-05 10:00:00 +0000," \
		"2,b@x,help,New,Low,Lonely,2026-01-06 10:00:00 +0000," >open.csv &&
	tix-ingest --db open.db open.csv >/dev/null &&
	tix-stats --db open.db --week 2026-W02 --by category --format tsv >actual 2>err &&
	test_cmp /dev/null err &&
	printf "%s\n" "$HEAD" "Lonely${TAB}2${TAB}0${TAB}2${TAB}${TAB}${TAB}${TAB}${TAB}0.5000${TAB}${TAB}0.0000${TAB}" >expect &&
	test_cmp expect actual &&
	for f in table csv tsv json ndjson; do
		tix-stats --db open.db --week 2026-W02 --format $f >out.$f 2>>err &&
		tix-stats --db open.db --week 2026-W02 --compare previous --format $f >cmp.$f 2>>err || return 1
	done &&
	test_cmp /dev/null err &&
	! grep -qi "nan\|inf" out.* cmp.*
'

# no reopen counter: once the same export is loaded again with a status
# that went from solved back to open, the history shows the reopen and
# every ticket of the database counts (1 of 2)
test_expect_success 'no reopen counter: unknown after one load, seen in the status history of a second' '
	printf "%s\n" "Id,Requester,Subject,Status,Priority,Category [list],Created at,Updated at" \
		"1,a@x,help,Solved,Low,Lonely,2026-01-05 10:00:00 +0000,2026-01-05 12:00:00 +0000" \
		"2,b@x,help,Solved,Low,Lonely,2026-01-06 10:00:00 +0000,2026-01-06 12:00:00 +0000" >one.csv &&
	tix-ingest --db r.db one.csv >/dev/null &&
	tix-stats --db r.db --week 2026-W02 --format tsv >actual 2>err &&
	test_cmp /dev/null err &&
	test "$(sed 1d actual | cut -f10)" = "" &&
	sed "2s/Solved/Open/; 2s/2026-01-05 12:00/2026-01-07 12:00/" one.csv >two.csv &&
	tix-ingest --db r.db two.csv >/dev/null &&
	tix-stats --db r.db --week 2026-W02 --format tsv >actual 2>err &&
	test_cmp /dev/null err &&
	test "$(sed 1d actual | cut -f10)" = "0.5000"
'

# shown CMD: the lines the manual shows after "$ CMD", up to the next blank
# line, "..." line or command
shown() {
	mandoc -T ascii -O width=400 "$TOP/man/tix-stats.1" | sed 's/.\x08//g' |
		awk -v cmd="$1" '
		{ sub(/^ +/, "") }
		on && ($0 == "" || $0 == "..." || /^\$ /) { exit }
		on { print }
		$0 == "$ " cmd { on = 1 }'
}

test_expect_success 'the outputs the manual shows are what tix-stats writes' '
	tix-ingest --db tix.db "$TOP/samples/zendesk.csv" "$TOP/samples/freshdesk.csv" >/dev/null &&
	c1="tix-stats --by source --until 2024-03-11 --format csv | cut -d , -f 1-4,7,9" &&
	shown "$c1" >expect && test "$(wc -l <expect)" -eq 3 &&
	sh -c "$c1" >actual && test_cmp expect actual &&
	c2="tix-stats --week 2024-W09 --compare previous --format csv" &&
	shown "$c2" >expect && test "$(wc -l <expect)" -eq 5 &&
	sh -c "$c2" | head -5 >actual && test_cmp expect actual
'

# ---------------------------------------------------------------- real data

SN="$SHARED/exports/servicenow_incident_log/incident_event_log.csv"

# real_case DESC BODY: a case that needs the ServiceNow log
real_case() {
	if ! have_shared || [ ! -f "$SN" ]; then
		test_skipped=$((test_skipped + 1))
		echo "skip - $test_name: $1 (../shared/data not present)"
	elif ! command -v sqlite3 >/dev/null; then
		test_skipped=$((test_skipped + 1))
		echo "skip - $test_name: $1 (sqlite3, the shell, not installed)"
	else
		test_expect_success "$1" "$2"
	fi
}

sn_db() {
	[ -f "$W/sn.db" ] && return 0
	tix-ingest --db "$W/sn.db" "$SN" >ingest.out 2>ingest.err || {
		cat ingest.err
		return 1
	}
}

# tickets, solved, backlog, reopened and repeat contacts per category of
# March 2016, in SQL from the definitions of tix-stats(1)
real_case 'ServiceNow: counts, reopen and repeat rates per category match SQL' '
	sn_db &&
	tix-stats --db "$W/sn.db" --since 2016-03-01 --until 2016-04-01 --by category --format tsv >all.tsv 2>err &&
	test_cmp /dev/null err &&
	test "$(sed 1d all.tsv | wc -l)" -gt 10 &&
	sed 1d all.tsv | cut -f1-4,10,11 | sort >got &&
	lo=$(date -u -d 2016-03-01 +%s) && hi=$(date -u -d 2016-04-01 +%s) &&
	sqlite3 -batch -bail -separator "$TAB" "$W/sn.db" >sql.tsv <<-EOF &&
	WITH t AS (SELECT id, coalesce(nullif(category, '\'''\''), '\''(none)'\'') AS g, created, solved,
	                  status, reopens, requester FROM ticket),
	n AS (SELECT g, count(*) AS tickets,
	        sum(CASE WHEN reopens IS NOT NULL THEN reopens > 0 ELSE EXISTS (SELECT 1 FROM ticket_history h
	            WHERE h.ticket_id = t.id AND h.field = '\''status'\'' AND h.old_value IN ('\''solved'\'', '\''closed'\'')
	            AND h.new_value IN ('\''new'\'', '\''open'\'', '\''pending'\'', '\''hold'\'')) END) AS reopened,
	        sum(requester IS NOT NULL AND requester <> '\'''\'' AND EXISTS (SELECT 1 FROM ticket u
	            WHERE u.requester = t.requester AND u.id <> t.id
	            AND coalesce(nullif(u.category, '\'''\''), '\''(none)'\'') = t.g
	            AND (u.created < t.created OR (u.created = t.created AND u.id < t.id))
	            AND u.created >= t.created - 604800)) AS repeats
	      FROM t WHERE created >= $lo AND created < $hi GROUP BY g),
	s AS (SELECT g, count(*) AS solved FROM t WHERE solved >= $lo AND solved < $hi GROUP BY g),
	b AS (SELECT g, count(*) AS backlog FROM t WHERE created < $hi AND (solved >= $hi
	        OR (solved IS NULL AND status NOT IN ('\''solved'\'', '\''closed'\''))) GROUP BY g)
	SELECT n.g, n.tickets, coalesce(s.solved, 0), coalesce(b.backlog, 0), n.reopened, n.repeats
	FROM n LEFT JOIN s USING (g) LEFT JOIN b USING (g);
	EOF
	test "$(wc -l <sql.tsv)" -gt 10 &&
	awk -F "$TAB" -v OFS="$TAB" "{ print \$1, \$2, \$3, \$4, sprintf(\"%.4f\", \$5 / \$2), sprintf(\"%.4f\", \$6 / \$2) }" sql.tsv |
		sort >expect &&
	test_cmp expect got
'

real_case 'ServiceNow: a month against the one before, every p value in [0, 1], significant as p < 0.05' '
	sn_db &&
	tix-stats --db "$W/sn.db" --since 2016-04-01 --until 2016-05-01 --by category --compare previous \
		--format tsv >cmp.tsv 2>err &&
	test_cmp /dev/null err &&
	test "$(sed 1d cmp.tsv | wc -l)" -gt 100 &&
	! grep -qi "nan\|inf" cmp.tsv &&
	sed 1d cmp.tsv | awk -F "$TAB" '\''
	$6 == "" { if ($7 != "") { print "no p, but significant: " $0; bad = 1 } next }
	$6 < 0 || $6 > 1 { print "p out of range: " $0; bad = 1 }
	($6 < 0.05) != ($7 == "yes") { print "significant does not follow p: " $0; bad = 1 }
	$2 == "backlog" { print "a test of backlog: " $0; bad = 1 }
	END { exit bad }'\''
'

test_done
