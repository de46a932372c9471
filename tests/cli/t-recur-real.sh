#!/bin/sh
# tix-recur on the real exports in ../shared/data (see its README.md): the
# ServiceNow incident event log's tickets, reopens and repeat contacts per
# category and per caller, one caller's history and one incident's earlier
# tickets; and the repeat authors of the TWCS Spotify tweets.
#
# Every expected value is computed here from the raw CSV file, loaded as it
# is with `sqlite3 .import --csv`, by SQL written for this test; never from
# tix's database or output.  The rules replicated, and why:
#
# - The last state of an incident (tix-ingest(1): the rows of an event log
#   "are merged into one ticket that keeps the latest state"): the row with
#   the latest sys_updated_at (the log has no sys_updated_on; minute
#   precision, day first: 29/2/2016 01:16), a tie going to the row later in
#   the file.  That is libanalyze/ingest.c, upsert(): within one load a row
#   replaces the stored one when its updated time is >= the stored one's.
#   The ticket takes that row's category, caller_id (the requester of the
#   servicenow layout, libanalyze/sources.c), opened_at (its created time)
#   and reopen_count.  1,216 incidents change category and 3 change caller
#   between their rows.  In the file as it is, each incident's last row is
#   at its latest sys_updated_at, so it cannot tell "latest wins" from "last
#   row wins"; a copy with the rows in reverse order (in the scratch
#   directory) can, and must give the same tickets.  68 incidents have more
#   than one row at their latest time, none of them with other values in
#   the fields compared, so the tie rule changes nothing here.  `?` is
#   null: a null category is the group "(none)"; a null caller is no
#   requester, never a repeat.
# - Times: the log's times carry no zone; tix-ingest reads them as UTC
#   (--tz, default UTC, whatever TZ says: the tools run here with TZ set to
#   US Eastern to make sure), and strftime('%s', ...) in SQL is UTC too.
# - The order of one caller's incidents: by created time, then by tix's
#   ticket id (libanalyze/recur.h), which tix-ingest gives in the order of
#   the first row of each incident in the file; the SQL uses that first
#   row's line (the rowid that .import gives).  A case checks that the
#   database's ids do follow it.  151 pairs of incidents of one caller were
#   opened in the same minute.  Per caller, and per category within the
#   group, the counts cannot depend on how such ties are broken (of k tied
#   incidents, k - 1 are repeats whichever goes first); with --any-group by
#   category they do (which of a tied pair in two categories is the repeat
#   decides which category counts it: the reverse rule gives other counts
#   in 8 categories), so that case checks the rule itself.
# - A repeat contact: an incident with an earlier one (in that order) of
#   the same caller, and of the same category unless --any-group, created
#   at most 7 days (604,800 s, inclusive: 41 pairs are exactly 7 days apart)
#   before it.  Reopened: reopen_count > 0 in the last state.
#
# The figures on this data: 24,918 incidents in 52 categories and (none)
# (7 incidents); 275 reopened; 4,861 repeat contacts within their category,
# 12,199 across categories (and so per caller); 5,244 callers and (none)
# (3 incidents), 3,792 callers with more than one incident (README.md says
# 3,793: it counts `?` as a caller), 2,861 with a repeat within 7 days.
# TWCS: 15,096 tweets, all inbound (no replies of the brand itself to leave
# out), by 8,723 authors (author_id, the requester of the twcs layout);
# 3,362 of them wrote more than once, as README.md says.  The tweets span
# 1,537 days; --window takes at most 100000 days (parse_span() in
# cmd/tix-recur.c), which covers them: every tweet of an author but the
# first is then a repeat.  sqlite3 .import, like tix-ingest, keeps the
# file's bare CRs inside their fields, and reads the leading unnamed
# index column as one more column.
#
# The cases share the databases in $W: the first case of each export makes
# them, and the later ones fail when it did.
. "$(dirname "$0")/../lib.sh"

have_shared || skip_all "../shared/data not present"
command -v sqlite3 >/dev/null || skip_all "sqlite3 (the shell) not installed"

E="$SHARED/exports"
SN="$E/servicenow_incident_log/incident_event_log.csv"
TW="$E/twcs/spotifycares_support_requests.csv"
W="$SCRATCH_ROOT/recur"		# shared by the cases: the databases
mkdir -p "$W"
# not UTC, with summer time: zone-less times must still be read as UTC
TZ="EST5EDT,M3.2.0,M11.1.0"
export TZ
SUMMARY_HEADER=group,tickets,requesters,repeat_contacts,repeat_rate,repeat_rate_low,repeat_rate_high,reopened,reopen_rate,reopen_rate_low,reopen_rate_high,median_days_to_repeat,p_repeat_30d

# sq DB: run the SQL on standard input; comma-separated output, no header
sq() {
	sqlite3 -batch -bail -list -separator , "$@"
}

# lit S: S as an SQL string literal
lit() {
	printf "'%s'" "$(printf %s "$1" | sed "s/'/''/g")"
}

# ingested DB FILE: ingest FILE; print source,rows,inserted,updated,merged,
# unchanged,rejected
ingested() {
	tix-ingest --db "$1" --format csv "$2" >ingest.out 2>ingest.err || {
		cat ingest.err
		return 1
	}
	sed 1d ingest.out | cut -d, -f2,4-
}

# rates: add the rates to lines of "group,tickets,requesters,repeats,
# reopened", as tix-recur prints them (4 decimals, C printf):
# group,tickets,requesters,repeats,repeat_rate,reopened,reopen_rate
rates() {
	awk -F, -v OFS=, '{ print $1, $2, $3, $4, sprintf("%.4f", $4 / $2), $5, sprintf("%.4f", $5 / $2) }'
}

# summary_cols FILE: those columns of a tix-recur CSV summary, sorted
summary_cols() {
	sed 1d "$1" | cut -d, -f1-5,8,9 | sort
}

# ------------------------------------------------------------ ServiceNow SQL

# sn_raw DB: the event log as it is (table raw); each event with its times
# in epoch seconds (ev); each incident's last state (inc), with ord, the
# line of its first row; and before: each pair of incidents of one caller,
# prev before number in tix's order.
sn_raw() {
	sqlite3 -batch -bail "$1" ".import --csv \"$SN\" raw" &&
	sq "$1" <<-'EOF'
	CREATE TABLE ev AS
	WITH a AS (SELECT rowid AS line, number, caller_id, category, reopen_count,
			  opened_at AS o, sys_updated_at AS u FROM raw),
	b AS (SELECT *, substr(o, 1, instr(o, '/') - 1) AS od, substr(o, instr(o, '/') + 1) AS o1,
			substr(u, 1, instr(u, '/') - 1) AS ud, substr(u, instr(u, '/') + 1) AS u1 FROM a),
	c AS (SELECT *, substr(o1, 1, instr(o1, '/') - 1) AS om, substr(o1, instr(o1, '/') + 1) AS o2,
			substr(u1, 1, instr(u1, '/') - 1) AS um, substr(u1, instr(u1, '/') + 1) AS u2 FROM b)
	SELECT line, number, nullif(caller_id, '?') AS caller, nullif(category, '?') AS category,
	       CAST(reopen_count AS INTEGER) AS reopens, o AS opened_raw, u AS updated_raw,
	       CAST(strftime('%s', printf('%s-%02d-%02d %s:00', substr(o2, 1, instr(o2, ' ') - 1),
					  om, od, substr(o2, instr(o2, ' ') + 1))) AS INTEGER) AS opened,
	       CAST(strftime('%s', printf('%s-%02d-%02d %s:00', substr(u2, 1, instr(u2, ' ') - 1),
					  um, ud, substr(u2, instr(u2, ' ') + 1))) AS INTEGER) AS updated
	FROM c;
	CREATE TABLE inc AS
	SELECT number, caller, category, coalesce(category, '(none)') AS grp, reopens, opened, ord
	FROM (SELECT *, row_number() OVER (PARTITION BY number ORDER BY updated DESC, line DESC) AS k,
		     min(line) OVER (PARTITION BY number) AS ord FROM ev)
	WHERE k = 1;
	CREATE INDEX inc_caller ON inc (caller, opened);
	CREATE UNIQUE INDEX inc_number ON inc (number);
	CREATE VIEW before AS
	SELECT i.number AS number, p.number AS prev, p.grp = i.grp AS same_grp,
	       i.opened - p.opened AS gap
	FROM inc i JOIN inc p ON p.caller = i.caller
	 AND (p.opened < i.opened OR (p.opened = i.opened AND p.ord < i.ord));
	EOF
}

# sn_sane DB: events, unread times, odd times; incidents
sn_sane() {
	sq "$1" <<-'EOF'
	SELECT count(*), sum(opened IS NULL), sum(updated IS NULL),
	       sum(opened_raw NOT GLOB '[1-9]*/[1-9]*/20[0-9][0-9] [0-2][0-9]:[0-5][0-9]'
		   OR updated_raw NOT GLOB '[1-9]*/[1-9]*/20[0-9][0-9] [0-2][0-9]:[0-5][0-9]')
	FROM ev;
	SELECT count(*), count(DISTINCT number) FROM inc;
	EOF
}

# sn_db_differs DB TIXDB: incidents, and how many tickets of TIXDB differ
# from the last state in category, requester, reopens, created; then the
# tickets whose id is lower than that of an incident that came first
sn_db_differs() {
	sq "$1" <<-EOF
	ATTACH $(lit "$2") AS t;
	SELECT count(*),
	       sum(k.category IS NOT i.category), sum(k.requester IS NOT i.caller),
	       sum(k.reopens IS NOT i.reopens), sum(k.created IS NOT i.opened)
	FROM inc i JOIN t.ticket k ON k.source = 'servicenow' AND k.ext_id = i.number;
	SELECT count(*) FROM (SELECT k.id, lag(k.id) OVER (ORDER BY i.ord) AS pk
			      FROM inc i JOIN t.ticket k ON k.ext_id = i.number)
	WHERE pk > id;
	EOF
}

# sn_ties DB: the incidents with several rows at their latest updated
# time, and how many of those rows differ in the fields compared
sn_ties() {
	sq "$1" <<-'EOF'
	SELECT count(*), sum(d > 1) FROM
	(SELECT number, updated, count(*) AS c,
		count(DISTINCT coalesce(category, '') || '|' || coalesce(caller, '') || '|' ||
			       reopens || '|' || opened) AS d,
		max(updated) OVER (PARTITION BY number) AS latest
	 FROM ev GROUP BY number, updated)
	WHERE updated = latest AND c > 1;
	EOF
}

# sn_repeats DB ANY: "group,tickets,requesters,repeat_contacts,reopened" per
# category, sorted; ANY 1: an earlier incident in any category counts
sn_repeats() {
	sq "$1" <<-EOF | sort
	SELECT grp, count(*), count(DISTINCT caller),
	       sum(EXISTS (SELECT 1 FROM before b WHERE b.number = i.number
			   AND ($2 OR b.same_grp) AND b.gap <= 604800)),
	       sum(reopens > 0)
	FROM inc i GROUP BY grp;
	EOF
}

# sn_callers DB: "caller,tickets,requesters,repeat_contacts,reopened" per
# caller, sorted; (none) for the incidents without one
sn_callers() {
	sq "$1" <<-'EOF' | sort
	SELECT coalesce(caller, '(none)'), count(*), count(DISTINCT caller),
	       sum(EXISTS (SELECT 1 FROM before b WHERE b.number = i.number AND b.gap <= 604800)),
	       sum(reopens > 0)
	FROM inc i GROUP BY caller;
	EOF
}

# sn_pick_caller DB: the caller of 5 to 40 incidents with the most pairs
# opened in the same minute
sn_pick_caller() {
	sq "$1" <<-'EOF'
	SELECT i.caller FROM inc i WHERE i.caller IS NOT NULL GROUP BY i.caller
	HAVING count(*) BETWEEN 5 AND 40
	ORDER BY (SELECT count(*) FROM inc x JOIN before b ON b.number = x.number
		  WHERE x.caller = i.caller AND b.gap = 0) DESC, count(*) DESC, i.caller
	LIMIT 1;
	EOF
}

# sn_history DB CALLER: "number,servicenow,created,gap_days,category,reopens"
# of CALLER's incidents in tix's order; gap_days with C printf, by awk
sn_history() {
	sq "$1" <<-EOF |
	SELECT number, opened, strftime('%Y-%m-%dT%H:%M:%SZ', opened, 'unixepoch'),
	       coalesce(category, ''), reopens
	FROM inc WHERE caller = $(lit "$2") ORDER BY opened, ord;
	EOF
	awk -F, -v OFS=, '{
		gap = NR > 1 ? sprintf("%.2f", ($2 - prev) / 86400) : ""
		prev = $2
		print $1, "servicenow", $3, gap, $4, $5
	}'
}

# sn_pick_ticket DB CALLER: the last incident of CALLER with another one
# opened in the same minute both before and after it
sn_pick_ticket() {
	sq "$1" <<-EOF
	SELECT i.number FROM inc i
	WHERE i.caller = $(lit "$2")
	  AND EXISTS (SELECT 1 FROM before b WHERE b.number = i.number AND b.gap = 0)
	  AND EXISTS (SELECT 1 FROM before b WHERE b.prev = i.number AND b.gap = 0)
	ORDER BY i.opened DESC, i.ord DESC LIMIT 1;
	EOF
}

# sn_ticket_check DB CSV TICKET CALLER: CSV, tix-recur --ticket TICKET's
# output, against the raw data: its rows, then a line for each row that is
# not earlier than TICKET, has a wrong created time, or says "same
# requester" for another caller's incident, and for each earlier incident
# of CALLER missing from them; then the same-requester rows
sn_ticket_check() {
	sq "$1" <<-EOF
	.import --csv $2 tk
	SELECT count(*) FROM tk;
	SELECT 'not earlier', tk.ticket FROM tk JOIN inc p ON p.number = tk.ticket
	JOIN inc i ON i.number = $(lit "$3")
	WHERE NOT (p.opened < i.opened OR (p.opened = i.opened AND p.ord < i.ord));
	SELECT 'not a ServiceNow incident', tk.ticket FROM tk
	WHERE tk.ticket NOT IN (SELECT number FROM inc) OR tk.source IS NOT 'servicenow';
	SELECT 'wrong time', tk.ticket FROM tk JOIN inc p ON p.number = tk.ticket
	WHERE tk.created IS NOT strftime('%Y-%m-%dT%H:%M:%SZ', p.opened, 'unixepoch');
	SELECT 'not the caller', tk.ticket FROM tk JOIN inc p ON p.number = tk.ticket
	WHERE tk.why LIKE 'same requester%'
	  AND (tk.requester IS NOT $(lit "$4") OR p.caller IS NOT $(lit "$4"));
	SELECT 'missing', b.prev FROM before b WHERE b.number = $(lit "$3")
	 AND b.prev NOT IN (SELECT ticket FROM tk WHERE why LIKE 'same requester%');
	SELECT group_concat(ticket, ' ') FROM
	(SELECT ticket FROM tk WHERE why LIKE 'same requester%' ORDER BY ticket);
	EOF
}

# ------------------------------------------------------------ TWCS SQL

# tw_raw DB: the tweets as they are (raw), and with created in epoch
# seconds and ord, the line (tw).  sqlite3 .import keeps a bare CR inside an
# unquoted field, as tix-ingest does, so both see 15,096 records.
tw_raw() {
	sqlite3 -batch -bail "$1" ".import --csv \"$TW\" raw" &&
	sq "$1" <<-'EOF'
	CREATE TABLE tw AS
	SELECT rowid AS ord, tweet_id, author_id, inbound, created_at,
	       CAST(strftime('%s', printf('%s-%02d-%s %s', substr(created_at, 27, 4),
		    (instr('JanFebMarAprMayJunJulAugSepOctNovDec', substr(created_at, 5, 3)) + 2) / 3,
		    substr(created_at, 9, 2), substr(created_at, 12, 8))) AS INTEGER) AS created
	FROM raw;
	CREATE INDEX tw_author ON tw (author_id, created);
	EOF
}

# tw_sane DB: tweets, distinct ids, authors, inbound ones, unread or
# non-UTC times, whether the data span less than 100000 days (the longest
# --window); then the authors with more than one tweet
tw_sane() {
	sq "$1" <<-'EOF'
	SELECT count(*), count(DISTINCT tweet_id), count(DISTINCT author_id),
	       sum(inbound = 'True'),
	       sum(created IS NULL OR length(created_at) != 30
		   OR substr(created_at, 20, 7) != ' +0000 '),
	       (max(created) - min(created)) / 86400 < 100000
	FROM tw;
	SELECT count(*) FROM (SELECT author_id FROM tw GROUP BY author_id HAVING count(*) > 1);
	EOF
}

# tw_authors DB WINDOW: "author,tweets,repeat_contacts" within WINDOW
# seconds, sorted; ties in time go to the tweet earlier in the file
tw_authors() {
	sq "$1" <<-EOF | sort
	SELECT author_id, count(*),
	       sum(EXISTS (SELECT 1 FROM tw p WHERE p.author_id = i.author_id
			   AND (p.created < i.created OR (p.created = i.created AND p.ord < i.ord))
			   AND i.created - p.created <= $2))
	FROM tw i GROUP BY author_id;
	EOF
}

# ------------------------------------------------------------ ServiceNow

test_expect_success 'ServiceNow log: tix-ingest, and sqlite3 .import of the raw file with each incident last state' '
	ingested "$W/sn.db" "$SN" >actual &&
	echo "servicenow,141712,24918,0,116794,0,0" >expect &&
	test_cmp expect actual &&
	sn_raw "$W/raw.db" &&
	sn_sane "$W/raw.db" >actual &&
	printf "%s\n" 141712,0,0,0 24918,24918 >expect &&
	test_cmp expect actual
'

test_expect_success 'ServiceNow: the database holds that last state; ids follow the first appearance' '
	sn_db_differs "$W/raw.db" "$W/sn.db" >actual &&
	printf "%s\n" 24918,0,0,0,0 0 >expect &&
	test_cmp expect actual
'

test_expect_success 'ServiceNow with the rows in reverse order: the same last states, the same figures' '
	sn_ties "$W/raw.db" >actual &&
	echo 68,0 >expect &&
	test_cmp expect actual &&
	{
		head -1 "$SN" &&
		sed 1d "$SN" | awk "{ l[NR] = \$0 } END { for (i = NR; i > 0; i--) print l[i] }"
	} >rev.csv &&
	ingested rev.db rev.csv >actual &&
	echo "servicenow,141712,24918,0,116794,0,0" >expect &&
	test_cmp expect actual &&
	sn_db_differs "$W/raw.db" rev.db | head -1 >actual &&
	echo 24918,0,0,0,0 >expect &&
	test_cmp expect actual &&
	tix-recur --db rev.db --by category --format csv >out &&
	sn_repeats "$W/raw.db" 0 | rates >expect &&
	summary_cols out >actual &&
	test_cmp expect actual
'

test_expect_success 'ServiceNow --by category: tickets, requesters, repeat contacts, reopened, rates agree with SQL' '
	tix-recur --db "$W/sn.db" --by category --format csv >out &&
	echo "$SUMMARY_HEADER" >expect &&
	head -1 out >actual &&
	test_cmp expect actual &&
	sn_repeats "$W/raw.db" 0 | rates >expect &&
	summary_cols out >actual &&
	test_cmp expect actual &&
	awk -F, "{ g++; t += \$2; r += \$4; o += \$6 } END { print g, t, r, o }" actual >sums &&
	echo "53 24918 4861 275" >expect &&
	test_cmp expect sums &&
	grep -q "^(none),7," actual
'

test_expect_success 'ServiceNow --by category --any-group: repeats across categories, ties by first appearance' '
	tix-recur --db "$W/sn.db" --by category --any-group --format csv >out &&
	sn_repeats "$W/raw.db" 1 | rates >expect &&
	summary_cols out >actual &&
	test_cmp expect actual &&
	awk -F, "{ r += \$4 } END { print r }" actual >sums &&
	echo 12199 >expect &&
	test_cmp expect sums
'

test_expect_success 'ServiceNow --by requester: every caller, its tickets and repeat contacts agree with SQL' '
	tix-recur --db "$W/sn.db" --by requester --format csv >out &&
	sn_callers "$W/raw.db" | rates >expect &&
	summary_cols out >actual &&
	test_cmp expect actual &&
	awk -F, "{ n++; m += \$2 > 1 && \$1 != \"(none)\"; r += \$4 > 0; s += \$4 } END { print n, m, r, s }" actual >sums &&
	echo "5245 3792 2861 12199" >expect &&
	test_cmp expect sums &&
	grep -q "^(none),3,0,0," actual
'

test_expect_success 'ServiceNow --requester: a caller with incidents opened in the same minute, in time order' '
	sn_pick_caller "$W/raw.db" >who &&
	echo "Caller 2193" >expect &&
	test_cmp expect who &&
	sn_history "$W/raw.db" "Caller 2193" >expect &&
	test "$(wc -l <expect)" = 18 &&
	tix-recur --db "$W/sn.db" --requester "Caller 2193" --format csv >out &&
	echo "ticket,source,created,gap_days,category,status,reopens,subject" >hdr &&
	head -1 out >actual &&
	test_cmp hdr actual &&
	sed 1d out | cut -d, -f1-5,7 >actual &&
	test_cmp expect actual &&
	sed 1d out | cut -d, -f6 | grep -c "^[a-z]" >n &&
	echo 18 >expect &&
	test_cmp expect n
'

test_expect_success 'ServiceNow --ticket: an incident tied in time with others of its caller; its earlier tickets' '
	sn_pick_ticket "$W/raw.db" "Caller 2193" >pick &&
	echo INC0002938 >expect &&
	test_cmp expect pick &&
	tix-recur --db "$W/sn.db" --ticket INC0002938 --top 100000 --format csv >out 2>err &&
	test_cmp /dev/null err &&
	echo "ticket,source,created,requester,category,status,why,similarity,subject" >expect &&
	head -1 out >actual &&
	test_cmp expect actual &&
	sn_ticket_check "$W/raw.db" out INC0002938 "Caller 2193" >actual &&
	printf "%s\n" 4 "INC0002933 INC0002934 INC0002935 INC0002936" >expect &&
	test_cmp expect actual
'

# ------------------------------------------------------------ TWCS

test_expect_success 'TWCS: tix-recur --window 100000d finds the 3,362 authors who wrote more than once' '
	ingested "$W/tw.db" "$TW" >actual &&
	echo "twcs,15096,15096,0,0,0,0" >expect &&
	test_cmp expect actual &&
	tw_raw "$W/twraw.db" &&
	tw_sane "$W/twraw.db" >actual &&
	printf "%s\n" 15096,15096,8723,15096,0,1 3362 >expect &&
	test_cmp expect actual &&
	tix-recur --db "$W/tw.db" --by requester --window 100000d --format csv >out &&
	sed 1d out | awk -F, "\$4 > 0" | wc -l >n &&
	echo 3362 >expect &&
	test_cmp expect n &&
	sq "$W/twraw.db" "SELECT author_id, count(*), count(*) - 1 FROM tw GROUP BY author_id" |
		sort >expect &&
	sed 1d out | cut -d, -f1,2,4 | sort >actual &&
	test_cmp expect actual &&
	tw_authors "$W/twraw.db" 8640000000 >expect &&
	test_cmp expect actual
'

test_expect_success 'TWCS: repeat contacts within 7 days, per author, agree with SQL' '
	tix-recur --db "$W/tw.db" --by requester --format csv >out &&
	tw_authors "$W/twraw.db" 604800 >expect &&
	sed 1d out | cut -d, -f1,2,4 | sort >actual &&
	test_cmp expect actual
'

test_done
