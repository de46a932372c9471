#!/bin/sh
# tix-suggest on real data (../shared/data, skipped when absent): the
# ServiceNow incident event log, fixes = closed_code per category, the last
# state of each incident (reopen_count, caller_id, opened_at, resolved_at).
# Every row's tickets, reopened and repeat counts must equal an independent
# computation in SQL over the same database: a ticket's fix is its trimmed
# resolution; reopened is its reopens counter above 0 (or a reopen in
# ticket_history when the counter is missing); a repeat is another ticket
# of the same caller created after this one's resolved time (its opened
# time when it has none, or when resolved is before opened) and at most
# 604800 s later.  The verdicts must follow the rule: a best fix only where
# every other fix of 10 or more tickets is worse.
. "$(dirname "$0")/../lib.sh"

have_shared || skip_all "../shared/data not present"
command -v sqlite3 >/dev/null || skip_all "sqlite3 (the shell) not installed"

SN="$SHARED/exports/servicenow_incident_log/incident_event_log.csv"
[ -f "$SN" ] || skip_all "$SN not present"
W="$SCRATCH_ROOT/suggest"
mkdir -p "$W"
TAB=$(printf '\t')

sn_db() {
	[ -f "$W/sn.db" ] && return 0
	tix-ingest --db "$W/sn.db" "$SN" >ingest.out 2>ingest.err || {
		cat ingest.err
		return 1
	}
}

test_expect_success 'ServiceNow: tix-suggest runs, exit 0, no message' '
	sn_db &&
	tix-suggest --db "$W/sn.db" --min-tickets 1 --format tsv >"$W/all.tsv" 2>err &&
	test_cmp /dev/null err &&
	test "$(sed 1d "$W/all.tsv" | wc -l)" -gt 10
'

test_expect_success 'ServiceNow: tickets, reopen and repeat rates per (category, closed_code) match SQL' '
	sn_db &&
	sqlite3 -batch -bail -separator "$TAB" "$W/sn.db" >sql.tsv <<-\EOF &&
	WITH t AS (
	  SELECT id, coalesce(nullif(category, '\'''\''), '\''(none)'\'') AS g, trim(resolution, '\'' '\'' || char(9)) AS f,
	         reopens, requester AS r, created AS c,
	         CASE WHEN solved IS NOT NULL AND solved >= created THEN solved ELSE created END AS base
	  FROM ticket
	  WHERE resolution IS NOT NULL AND trim(resolution, '\'' '\'' || char(9)) <> '\'''\''
	)
	SELECT g, f, count(*),
	  sum(CASE WHEN reopens IS NOT NULL THEN reopens > 0
	      ELSE EXISTS (SELECT 1 FROM ticket_history h WHERE h.ticket_id = t.id AND h.field = '\''status'\''
	                   AND h.old_value IN ('\''solved'\'', '\''closed'\'')
	                   AND h.new_value IN ('\''new'\'', '\''open'\'', '\''pending'\'', '\''hold'\'')) END),
	  sum(c IS NOT NULL AND r IS NOT NULL AND r <> '\'''\'' AND EXISTS (SELECT 1 FROM ticket u
	      WHERE u.requester = t.r AND u.created > t.base AND u.created <= t.base + 604800))
	FROM t GROUP BY g, f;
	EOF
	test "$(wc -l <sql.tsv)" -gt 10 &&
	awk -F "$TAB" -v OFS="$TAB" "{ print \$1, \$2, \$3, sprintf(\"%.4f\", \$4 / \$3), sprintf(\"%.4f\", \$5 / \$3) }" sql.tsv |
		sort >expect &&
	sed 1d "$W/all.tsv" | cut -f1,2,3,4,7 | sort >got &&
	test_cmp expect got
'

test_expect_success 'ServiceNow: some fixes were reopened and some callers came back (the test can tell)' '
	sn_db &&
	sed 1d "$W/all.tsv" | awk -F "$TAB" "\$4 > 0 { r++ } \$7 > 0 { p++ } END { exit !(r > 0 && p > 0) }"
'

test_expect_success 'ServiceNow: a best fix only where every other fix of 10+ tickets is worse' '
	sn_db &&
	tix-suggest --db "$W/sn.db" --format tsv >ten.tsv &&
	sed 1d ten.tsv | awk -F "$TAB" "
	{ n[\$1] += 0; if (\$3 >= 10) elig[\$1]++; if (\$12 == \"best\") best[\$1]++; if (\$12 == \"worse\") worse[\$1]++
	  if (\$3 < 10 && \$12 != \"unclear\") { print \"verdict on a small fix: \" \$0; bad = 1 } }
	END { for (g in n) {
		if (best[g] > 1) { print \"two best in \" g; bad = 1 }
		if (best[g] == 1 && worse[g] != elig[g] - 1) { print \"best without all worse in \" g; bad = 1 }
	  } exit bad }"
'

test_done
