#!/bin/sh
# tix-suggest end to end.  A generated Zendesk export
# (tests/data/gen-suggest.awk) whose every category's fixes have known
# failure counts: the known best fix must be chosen in every category with
# one, no fix may be called best where the rates are equal or two fixes are
# equally good, and the rates must be exactly the planned ones.  Then
# --ticket with the playbook, tix-triage rows piped in, --check-playbook,
# and the bad inputs: an empty database, a group of one ticket, an export
# without a resolution column, bad playbooks, usage errors.
. "$(dirname "$0")/../lib.sh"

W="$SCRATCH_ROOT/suggest"
mkdir -p "$W"
Q="'"
TAB=$(printf '\t')
HEAD="group${TAB}fix${TAB}tickets${TAB}reopen_rate${TAB}reopen_low${TAB}reopen_high${TAB}repeat_rate${TAB}repeat_low${TAB}repeat_high${TAB}median_hours_to_solve${TAB}csat_good_rate${TAB}verdict${TAB}failure_rate${TAB}failure_low${TAB}failure_high"

# gen_db: the generated export, ingested once
gen_db() {
	[ -f "$W/gen.db" ] && return 0
	awk -f "$TOP/tests/data/gen-suggest.awk" >"$W/gen.csv" &&
	tix-ingest --db "$W/gen.db" "$W/gen.csv" >ingest.out 2>ingest.err || {
		cat ingest.err
		return 1
	}
}

usage_error() {
	msg=$1
	shift
	test_must_fail --status 2 tix-suggest --db "$W/gen.db" "$@" >out 2>err &&
	printf '%s\n' "tix-suggest: $msg" "Try 'tix-suggest --help' for more." >expect &&
	test_cmp expect err && test_cmp /dev/null out
}

test_expect_success 'usage errors: exit 2, the message, nothing on stdout' '
	gen_db &&
	usage_error "--min-tickets takes a positive number, not ${Q}0${Q}" --min-tickets 0 &&
	usage_error "--by: unknown field ${Q}colour${Q}" --by colour &&
	usage_error "--ticket and --check-playbook go one at a time" --ticket 1 --check-playbook &&
	usage_error "--since and --until do not apply to --ticket" --ticket 1 --since 2026-01-01 &&
	usage_error "--source goes with --ticket ID" --source zendesk &&
	usage_error "--playbook goes with --ticket or --check-playbook" --playbook x.conf &&
	usage_error "--since must come before --until" --since 2026-02-01 --until 2026-01-01 &&
	usage_error "unexpected argument ${Q}extra${Q}" extra
'

# The plan of gen-suggest.awk, failures = reopened + repeats:
#   Hacked account: Secure and reset 15/300 = 5%, Password link only
#     90/300 = 30%, Ask for ID 45/150 = 30%: best, worse, worse
#   Login problem: Send steps 12/400 = 3%, Close, no reply 60/200: best, worse
#   Refund: 30/300 and 30/300: both unclear
#   Harassment: Ban account 10/250, Restrict comments 12/250, Warn only
#     80/250: the two good ones unclear (neither beats the other), Warn
#     only worse
#   Tiny: 6 tickets, under --min-tickets 10: not listed
test_expect_success 'generated export: the known best fix in every category with one, never a best by a tie' '
	gen_db &&
	tix-suggest --db "$W/gen.db" --format tsv >actual 2>err &&
	test_cmp /dev/null err &&
	head -1 actual >hdr && echo "$HEAD" >expect && test_cmp expect hdr &&
	sed 1d actual | cut -f1,2,3,12 >got &&
	cat >expect <<-EOF &&
	Hacked account${TAB}Secure and reset${TAB}300${TAB}best
	Hacked account${TAB}Password link only${TAB}300${TAB}worse
	Hacked account${TAB}Ask for ID${TAB}150${TAB}worse
	Harassment${TAB}Ban account${TAB}250${TAB}unclear
	Harassment${TAB}Restrict comments${TAB}250${TAB}unclear
	Harassment${TAB}Warn only${TAB}250${TAB}worse
	Login problem${TAB}Send steps${TAB}400${TAB}best
	Login problem${TAB}Close, no reply${TAB}200${TAB}worse
	Refund${TAB}Coins credited${TAB}300${TAB}unclear
	Refund${TAB}Refund issued${TAB}300${TAB}unclear
	EOF
	test_cmp expect got
'

test_expect_success 'generated export: reopen, repeat and failure rates are the planned counts, the intervals Wilson 95%' '
	gen_db &&
	tix-suggest --db "$W/gen.db" --format tsv >actual &&
	sed 1d actual | cut -f1,2,4,7,13 >got &&
	cat >expect <<-EOF &&
	Hacked account${TAB}Secure and reset${TAB}0.0200${TAB}0.0300${TAB}0.0500
	Hacked account${TAB}Password link only${TAB}0.1500${TAB}0.1500${TAB}0.3000
	Hacked account${TAB}Ask for ID${TAB}0.1333${TAB}0.1667${TAB}0.3000
	Harassment${TAB}Ban account${TAB}0.0200${TAB}0.0200${TAB}0.0400
	Harassment${TAB}Restrict comments${TAB}0.0240${TAB}0.0240${TAB}0.0480
	Harassment${TAB}Warn only${TAB}0.1600${TAB}0.1600${TAB}0.3200
	Login problem${TAB}Send steps${TAB}0.0100${TAB}0.0200${TAB}0.0300
	Login problem${TAB}Close, no reply${TAB}0.1500${TAB}0.1500${TAB}0.3000
	Refund${TAB}Coins credited${TAB}0.0500${TAB}0.0500${TAB}0.1000
	Refund${TAB}Refund issued${TAB}0.0500${TAB}0.0500${TAB}0.1000
	EOF
	test_cmp expect got &&
	sed 1d actual | awk -F "\t" '\''
	function bounds(k, n,   p, z2, d, c, h) {
		p = k / n; z2 = 1.959964 * 1.959964; d = 1 + z2 / n
		c = (p + z2 / (2 * n)) / d
		h = 1.959964 * sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / d
		lo = (k == 0 || c - h < 0) ? 0 : c - h
		hi = (k == n || c + h > 1) ? 1 : c + h
		return sprintf("%.4f\t%.4f", lo, hi)
	}
	{
		n = $3
		if ($5 "\t" $6 != bounds(int($4 * n + 0.5), n)) { print "reopen: " $0; bad = 1 }
		if ($8 "\t" $9 != bounds(int($7 * n + 0.5), n)) { print "repeat: " $0; bad = 1 }
		if ($14 "\t" $15 != bounds(int($13 * n + 0.5), n)) { print "failure: " $0; bad = 1 }
		if ($10 != "5.0") { print "hours: " $0; bad = 1 }
	}
	END { exit bad }'\''
'

# csat: Bad on every failed ticket, Good on the odd ones of the others:
# Secure and reset: 285 not failed, 142 of them odd (i = 15..299), so
# 142 / (142 + 15) = 0.9045; but i runs over 0..299 and i % 2 on the
# not-failed i >= 15: 143 odd (15, 17, ..., 299) -> 143 / 158 = 0.9051
test_expect_success 'generated export: csat_good_rate counts good among good and bad' '
	gen_db &&
	tix-suggest --db "$W/gen.db" --format tsv >actual &&
	grep "^Hacked account${TAB}Secure and reset${TAB}" actual | cut -f11 >got &&
	echo 0.9051 >expect &&
	test_cmp expect got
'

test_expect_success '--min-tickets 1: the tiny group is listed, 0/3 against 2/3 is no winner' '
	gen_db &&
	tix-suggest --db "$W/gen.db" --min-tickets 1 --format tsv >actual &&
	grep "^Tiny${TAB}" actual | cut -f2,3,12,13 >got &&
	printf "%s\n" "Fix A${TAB}3${TAB}unclear${TAB}0.0000" "Fix B${TAB}3${TAB}unclear${TAB}0.6667" >expect &&
	test_cmp expect got
'

test_expect_success '--since/--until: only the tickets of the period' '
	gen_db &&
	tix-suggest --db "$W/gen.db" --since 2026-01-01 --until 2026-01-02 --format tsv >actual 2>err &&
	echo "$HEAD" >expect && test_cmp expect actual &&
	echo "tix-suggest: $W/gen.db: no tickets in the period" >expect && test_cmp expect err
'

test_expect_success 'an empty database: the header, a message, exit 0' '
	tix-ingest --db empty.db /dev/null >/dev/null 2>&1
	tix-suggest --db empty.db --format tsv >actual 2>err &&
	echo "$HEAD" >expect && test_cmp expect actual &&
	echo "tix-suggest: empty.db: no tickets" >expect && test_cmp expect err
'

test_expect_success 'a group of one ticket (--min-tickets 1): its rates, no verdict, no division by zero' '
	printf "%s\n" "Id,Requester,Subject,Status,Category [list],Resolution [list],Created at,Solved at,Reopens" \
		"1,a@x,help,Solved,Lonely,Macro 1,2026-01-01 00:00:00 +0000,,0" >one.csv &&
	tix-ingest --db one.db one.csv >/dev/null &&
	tix-suggest --db one.db --min-tickets 1 --format tsv >actual 2>err &&
	test_cmp /dev/null err &&
	sed 1d actual >got &&
	printf "Lonely\tMacro 1\t1\t0.0000\t0.0000\t0.7935\t0.0000\t0.0000\t0.7935\t\t\tunclear\t0.0000\t0.0000\t0.7935\n" >expect &&
	test_cmp expect got &&
	! grep -qi "nan\|inf" actual
'

test_expect_success 'no resolution column: the header, a message that says so, exit 1' '
	printf "%s\n" "Id,Requester,Subject,Status,Created at" "1,a@x,help,Solved,2026-01-01 00:00:00 +0000" \
		"2,b@x,help,Open,2026-01-02 00:00:00 +0000" >nores.csv &&
	tix-ingest --db nores.db nores.csv >/dev/null &&
	test_must_fail --status 1 tix-suggest --db nores.db --format tsv >actual 2>err &&
	echo "$HEAD" >expect && test_cmp expect actual &&
	grep -q "^tix-suggest: nores.db: none of the 2 tickets has a resolution" err
'

test_expect_success 'a database that is not there: exit 3, named' '
	test_must_fail --status 3 tix-suggest --db nosuch.db >out 2>err &&
	grep -q "nosuch.db" err
'

# the test playbook: hacked accounts with the worse fix, logins with the best
cat >"$W/pb.conf" <<\EOF
# a test playbook
[hacked]
when category Hacked account
fix      Password link only
article  https://help.example/secure
feature  two-step verification
team     security
say      Reset your password.

[logins]
when category Login problem
when words cannot log
fix      Send steps
team     support

[ghost]
when risk self_harm
fix      No such macro
EOF

ADV="ticket${TAB}group${TAB}risks${TAB}rule${TAB}fix${TAB}article${TAB}feature${TAB}team${TAB}say${TAB}fix_tickets${TAB}fix_failure_rate${TAB}fix_verdict${TAB}best_fix${TAB}best_failure_rate${TAB}data_says"

test_expect_success '--ticket: the playbook advice with the evidence; the data disagrees with the rule' '
	gen_db &&
	tix-suggest --db "$W/gen.db" --playbook "$W/pb.conf" --ticket 1001 --format tsv >actual 2>err &&
	test_cmp /dev/null err &&
	printf "%s\n" "$ADV" "1001${TAB}Hacked account${TAB}account_takeover${TAB}hacked${TAB}Password link only${TAB}https://help.example/secure${TAB}two-step verification${TAB}security${TAB}Reset your password.${TAB}300${TAB}0.3000${TAB}worse${TAB}Secure and reset${TAB}0.0500${TAB}disagrees" >expect &&
	test_cmp expect actual
'

test_expect_success '--ticket: a rule the data agrees with; a group with no rule and no best' '
	gen_db &&
	tix-suggest --db "$W/gen.db" --playbook "$W/pb.conf" --ticket 2101 --format tsv >actual &&
	sed 1d actual | cut -f2,4,5,12,13,15 >got &&
	echo "Login problem${TAB}logins${TAB}Send steps${TAB}best${TAB}Send steps${TAB}agrees" >expect &&
	test_cmp expect got &&
	tix-suggest --db "$W/gen.db" --playbook "$W/pb.conf" --ticket 2901 --format tsv >actual &&
	sed 1d actual | cut -f2,4,13,15 >got &&
	echo "Refund${TAB}${TAB}${TAB}no rule" >expect &&
	test_cmp expect got
'

test_expect_success '--ticket: no such ticket: exit 1, named' '
	gen_db &&
	test_must_fail --status 1 tix-suggest --db "$W/gen.db" --ticket 77 --format tsv >actual 2>err &&
	echo "tix-suggest: $W/gen.db: no ticket ${Q}77${Q}" >expect && test_cmp expect err
'

test_expect_success '--ticket -: tix-triage rows on stdin, its risks, a words rule' '
	gen_db &&
	printf "%s\n" "Id,Subject,Description,Status,Created at,Requester" \
		"1001,I cannot log in,someone hacked my account,new,2026-03-01 10:00,zed" \
		"5555,help,i want to kill myself,new,2026-03-01 10:00,amy" >new.csv &&
	tix-triage --format tsv new.csv | tix-suggest --db "$W/gen.db" --playbook "$W/pb.conf" --ticket - --format tsv >actual 2>err &&
	test_cmp /dev/null err &&
	sed 1d actual | cut -f1,2,3,4,15 >got &&
	cat >expect <<-EOF &&
	1001${TAB}Hacked account${TAB}account_takeover${TAB}hacked${TAB}disagrees
	1001${TAB}Hacked account${TAB}account_takeover${TAB}logins${TAB}no data
	5555${TAB}${TAB}self_harm${TAB}ghost${TAB}no group
	EOF
	test_cmp expect got
'

test_expect_success '--ticket -: not tix-triage output: exit 1, says so' '
	gen_db &&
	printf "a,b\n1,2\n" | test_must_fail --status 1 tix-suggest --db "$W/gen.db" --ticket - >out 2>err &&
	grep -q "^tix-suggest: stdin:1: not the output of tix-triage" err
'

test_expect_success '--check-playbook: the rule the data contradicts, the fix never seen, the best fix no rule names' '
	gen_db &&
	tix-suggest --db "$W/gen.db" --playbook "$W/pb.conf" --check-playbook --format tsv >actual 2>err &&
	test_cmp /dev/null err &&
	cat >expect <<-EOF &&
	finding${TAB}rule${TAB}line${TAB}group${TAB}fix${TAB}fix_tickets${TAB}fix_failure_rate${TAB}better_fix${TAB}better_failure_rate
	worse${TAB}hacked${TAB}2${TAB}Hacked account${TAB}Password link only${TAB}300${TAB}0.3000${TAB}Secure and reset${TAB}0.0500
	unseen${TAB}ghost${TAB}16${TAB}${TAB}No such macro${TAB}${TAB}${TAB}${TAB}
	EOF
	test_cmp expect actual
'

# the built-in playbook names Hacked account (with a fix the generated data
# never uses), not Login problem
test_expect_success '--check-playbook with the built-in playbook: a best fix no rule names, fixes never seen' '
	gen_db &&
	tix-suggest --db "$W/gen.db" --check-playbook --format tsv >actual &&
	grep "^uncovered${TAB}" actual | cut -f4,5 >got &&
	echo "Login problem${TAB}Send steps" >expect &&
	test_cmp expect got &&
	grep "^unseen${TAB}hacked account${TAB}" actual | cut -f5 >got &&
	echo "Account Recovered" >expect &&
	test_cmp expect got
'

# the samples with close codes and the built-in playbook: oracle's ticket
# 240101-000029 is a Hacked account; the rule "hacked account" names its
# fix, Account Recovered, used on 22 of the category's tickets
test_expect_success 'samples: --ticket prints the built-in playbook advice with the evidence' '
	tix-ingest --db s.db "$TOP/samples/oracle.csv" "$TOP/samples/jsm.csv" "$TOP/samples/servicenow.csv" >/dev/null 2>&1 &&
	tix-suggest --db s.db --ticket 240101-000029 --min-tickets 5 --format tsv >actual 2>err &&
	test_cmp /dev/null err &&
	sed 1d actual | cut -f1,2,3,4,5,7,8,10,12,15 >got &&
	echo "240101-000029${TAB}Hacked account${TAB}account_takeover${TAB}hacked account${TAB}Account Recovered${TAB}two-step verification${TAB}account-security${TAB}22${TAB}unclear${TAB}unclear" >expect &&
	test_cmp expect got &&
	sed 1d actual | cut -f6 | grep -q "^https://" &&
	sed 1d actual | cut -f9 | grep -q "two-step verification"
'

# bad_playbook LINE MESSAGE: exit 3, "tix-suggest: bad.conf:LINE: MESSAGE"
bad_playbook() {
	test_must_fail --status 3 tix-suggest --db "$W/gen.db" --playbook bad.conf --ticket 1001 >out 2>err &&
	echo "tix-suggest: bad.conf:$1: $2" >expect && test_cmp expect err && test_cmp /dev/null out
}

test_expect_success 'bad playbooks: FILE:LINE, exit 3, nothing on stdout' '
	gen_db &&
	printf "fix x\n" >bad.conf && bad_playbook 1 "a line before the first [rule]" &&
	printf "[r]\nwhen colour red\n" >bad.conf &&
	bad_playbook 2 "${Q}when colour${Q}: not a field, risk or words" &&
	printf "[r]\nwhen category\n" >bad.conf && bad_playbook 2 "${Q}when category${Q} needs a value" &&
	printf "[r]\nwhen\n" >bad.conf && bad_playbook 2 "${Q}when${Q} needs a value" &&
	printf "[r]\nwhen category A\nfix a\nfix b\n" >bad.conf && bad_playbook 4 "${Q}fix${Q} twice in rule ${Q}r${Q}" &&
	printf "[r]\nwhen category A\ncolour red\n" >bad.conf &&
	bad_playbook 3 "unknown key ${Q}colour${Q} (when, fix, article, feature, team or say)" &&
	printf "[r]\nfix a\n[s]\nwhen risk x\n" >bad.conf && bad_playbook 1 "rule ${Q}r${Q} has no ${Q}when${Q} line" &&
	printf "[r]\nwhen words ,,,\n" >bad.conf && bad_playbook 2 "${Q}when words${Q} holds no word" &&
	printf "[r\n" >bad.conf && bad_playbook 1 "a rule${Q}s name is written [name]" &&
	printf "[r]\nwhen category \377\n" >bad.conf && bad_playbook 2 "not UTF-8 text" &&
	test_must_fail --status 3 tix-suggest --db "$W/gen.db" --playbook nosuch.conf --check-playbook >out 2>err &&
	grep -q "nosuch.conf" err
'

test_done
