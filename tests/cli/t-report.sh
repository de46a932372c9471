#!/bin/sh
# tix-report end to end: the samples' report for 2024-W10 against golden
# files (Markdown and HTML, the same bytes every run), the report in a real
# browser (Chromium renders it: the charts are there, not blank, as many as
# the HTML has, at desktop and phone width; every SVG is XML), the periods
# with nothing in them (an empty database, a period before the data, after
# it, an empty week, no solved ticket: clear words, never NaN), privacy
# (no e-mail address or phone number without --show-pii, requesters never),
# usage and file errors, and the cron script samples/weekly-report.sh.
#
# To accept a deliberate change of the report: TIX_UPDATE_GOLDEN=1 sh
# tests/cli/t-report.sh, then read the diff of tests/data/report-2024-W10.*.
. "$(dirname "$0")/../lib.sh"

W="$SCRATCH_ROOT/report"
mkdir -p "$W"
Q="'"
GOLD="$TOP/tests/data/report-2024-W10"

# samples_db: the samples as make demo loads them, with their patterns
samples_db() {
	[ -f "$W/samples.db" ] && return 0
	tix-ingest -q --db "$W/samples.db" "$TOP/samples/zendesk.csv" "$TOP/samples/salesforce.csv" \
		"$TOP/samples/freshdesk.csv" "$TOP/samples/jsm.csv" "$TOP/samples/servicenow.csv" \
		"$TOP/samples/oracle.csv" >/dev/null &&
	tix-ingest -q --db "$W/samples.db" --map "$TOP/samples/avaya-calls.map" \
		"$TOP/samples/avaya-calls.csv" >/dev/null &&
	tix-patterns --db "$W/samples.db" --top 1 >/dev/null
}

# a Zendesk export of the rows given as arguments (each a whole CSV line)
ZHEAD="Id,Requester,Requester email,Group,Subject,Description,Tags,Status,Priority,Category [list],Created at,Updated at,Solved at,Reopens,First reply time in minutes,Satisfaction Score"
zendesk() {
	printf '%s\n' "$ZHEAD"
	for r in "$@"; do printf '%s\n' "$r"; done
}

# no_nan FILE: no NaN, inf or negative zero anywhere
no_nan() {
	if grep -Eiq '(^|[^a-z])(nan|-?inf)([^a-z]|$)|-0\.0( |%|$)' "$1"; then
		grep -Ein '(^|[^a-z])(nan|-?inf)([^a-z]|$)|-0\.0( |%|$)' "$1" | head -5
		return 1
	fi
}

usage_error() {
	msg=$1
	shift
	test_must_fail --status 2 tix-report --db "$W/samples.db" "$@" >out 2>err &&
	printf '%s\n' "tix-report: $msg" "Try 'tix-report --help' for more." >expect &&
	test_cmp expect err && test_cmp /dev/null out
}

golden() {
	if [ -n "${TIX_UPDATE_GOLDEN:-}" ]; then
		cp "$2" "$1" && echo "updated $1" >&2
	fi
	test_cmp "$1" "$2"
}

test_expect_success 'usage errors: exit 2, the message, nothing on stdout' '
	samples_db &&
	usage_error "--format is md or html, not ${Q}pdf${Q}" --format pdf &&
	usage_error "--week: ${Q}2024-W54${Q} is not an ISO week such as 2026-W47" --week 2024-W54 &&
	usage_error "--week and --since/--until go one at a time" --week 2024-W10 --since 2024-01-01 &&
	usage_error "--since and --until go together" --since 2024-01-01 &&
	usage_error "--since must come before --until" --since 2024-03-01 --until 2024-02-01 &&
	usage_error "--by: unknown field ${Q}colour${Q}" --by colour &&
	usage_error "--top takes a positive number, not ${Q}0${Q}" --top 0 &&
	usage_error "unexpected argument ${Q}extra${Q}" extra
'

test_expect_success 'the samples, 2024-W10, Markdown: the golden file, byte for byte, twice' '
	samples_db &&
	tix-report --db "$W/samples.db" --week 2024-W10 >actual 2>err &&
	test_cmp /dev/null err &&
	golden "$GOLD.md" actual &&
	tix-report --db "$W/samples.db" --week 2024-W10 >again &&
	test_cmp actual again
'

test_expect_success 'the samples, 2024-W10, HTML: the golden file, one self-contained page' '
	samples_db &&
	tix-report --db "$W/samples.db" --week 2024-W10 --format html >actual 2>err &&
	test_cmp /dev/null err &&
	golden "$GOLD.html" actual &&
	head -1 actual | grep -qx "<!DOCTYPE html>" && tail -1 actual | grep -qx "</html>" &&
	! grep -Eiq "<script|<link|src=|href=|@import|url\\(" actual &&
	no_nan actual
'

test_expect_success 'the golden report says what the samples hold' '
	samples_db &&
	tix-report --db "$W/samples.db" --week 2024-W10 >r.md &&
	grep -qx "| Tickets created | 198 | 201 | -3 (-1.5%) | no (p = 0.920) |" r.md &&
	grep -q "^| LIVE | 11 | 2 | +9 (+450.0%) | yes (p = 0.022) |$" r.md &&
	grep -q "^23 tickets of level S0 or S1 are open now and were past the due time at 2024-03-11 00:00 UTC" r.md &&
	grep -q "^| zendesk 49248 | S0 | threats | 2024-01-18 |" r.md &&
	grep -q "^| upload stuck at \\\\<PCT\\\\> again | 6 | 6 | Problem |$" r.md
'

test_expect_success 'the headline agrees with tix-stats --compare previous' '
	samples_db &&
	tix-stats --db "$W/samples.db" --week 2024-W10 --compare previous --format tsv >s.tsv &&
	grep -q "^all	tickets	198	201	-3	0.9203	no$" s.tsv &&
	grep -q "^all	solved	167	202	-35	" s.tsv
'

test_expect_success 'by team and --top 3: the groups are the teams, three rows a list' '
	samples_db &&
	tix-report --db "$W/samples.db" --week 2024-W10 --by team --top 3 >r.md &&
	grep -q "^### Tickets by team$" r.md &&
	grep -q "^The groups (by team) with the most repeat contacts" r.md &&
	test $(sed -n "/^## Recurring issues/,/^### New/p" r.md | grep -c "^| [^-P]") -eq 6
'

if ! command -v chromium >/dev/null 2>&1; then
	test_skipped=$((test_skipped + 1))
	echo "skip - $test_name: the report in Chromium (chromium is not installed: sh scripts/install-deps)"
else
test_expect_success 'the HTML renders in Chromium: every chart drawn, not blank, desktop and phone' '
	samples_db &&
	tix-report --db "$W/samples.db" --week 2024-W10 --format html >r.html &&
	n=$(grep -o "<svg class=\"tix-chart\"" r.html | wc -l) &&
	test "$n" -ge 2 &&
	python3 "$TOP/tests/browser/pngcheck.py" --svg-xml --expect "$n" r.html &&
	sh "$TOP/tests/browser/render.sh" r.html desk.png 1000 &&
	python3 "$TOP/tests/browser/pngcheck.py" --expect "$n" desk.png &&
	sh "$TOP/tests/browser/render.sh" r.html phone.png 390 &&
	python3 "$TOP/tests/browser/pngcheck.py" --expect "$n" phone.png
'
fi

test_expect_success 'a week with spikes: one chart per finding, marked, and in the browser too' '
	{ printf "%s\n" "$ZHEAD" && awk "BEGIN {
		id = 1
		for (d = 1; d <= 56; d++) {
			n = d == 52 ? 40 : 3 + (d * 7) % 4
			for (k = 0; k < n; k++) {
				day = sprintf(\"2024-%s\", d <= 31 ? sprintf(\"01-%02d\", d) : sprintf(\"02-%02d\", d - 31))
				printf \"%d,r%d,,Support,Cannot upload video %d,text,,solved,normal,Upload,%sT10:00:00Z,%sT12:00:00Z,%sT12:00:00Z,0,30,good\\n\", id, id, id, day, day, day
				id++
			}
		}
	}"; } >spike.csv &&
	tix-ingest -q --db s.db spike.csv >/dev/null &&
	tix-report --db s.db --since 2024-02-19 --until 2024-02-26 --format html >r.html &&
	grep -q "<strong>Spike in Upload</strong> on 2024-02-21: 40 tickets against 5.0 expected" r.html &&
	tix-trend --db s.db --since 2024-01-01 --format tsv | grep -q "^Upload	spike	51	2024-02-21	2024-02-21	" &&
	test $(grep -o "<svg class=\"tix-chart\"" r.html | wc -l) -eq 3 &&
	grep -q "r=\"3.5\"" r.html &&
	tix-report --db s.db --since 2024-02-19 --until 2024-02-26 >r.md &&
	grep -q "^\\*\\*Spike in Upload\\*\\* on 2024-02-21" r.md &&
	if command -v chromium >/dev/null 2>&1; then
		sh "$TOP/tests/browser/render.sh" r.html p.png 1000 &&
		python3 "$TOP/tests/browser/pngcheck.py" --expect 3 p.png
	fi
'

test_expect_success 'an empty database: a report that says so, exit 0, no NaN' '
	printf "%s\n" "$ZHEAD" >empty.csv &&
	tix-ingest -q --db e.db empty.csv >/dev/null &&
	tix-report --db e.db --week 2024-W10 >r.md 2>err &&
	echo "tix-report: the database has no tickets with a creation date" >expect &&
	test_cmp expect err &&
	grep -q "^\\*\\*The database holds no tickets with a creation date\\*\\*" r.md &&
	grep -q "^No ticket was created in this period.$" r.md &&
	grep -qx "| Resolution, median | n/a | n/a | n/a | n/a |" r.md &&
	no_nan r.md &&
	tix-report --db e.db --week 2024-W10 --format html >r.html && no_nan r.html
'

test_expect_success 'a period before the data begins, and one after it ends (stale with --max-age)' '
	samples_db &&
	tix-report --db "$W/samples.db" --week 2023-W50 >r.md 2>err &&
	echo "tix-report: the period ends before the first ticket (2024-01-01)" >expect &&
	test_cmp expect err &&
	grep -q "^\\*\\*This period ends before the data begins\\*\\* (the first ticket was created on 2024-01-01)" r.md &&
	no_nan r.md &&
	test_status 1 tix-report --db "$W/samples.db" --week 2024-W12 --max-age 2 >r.md 2>err &&
	grep -q "^\\*\\*This period begins after the last ticket in the database\\*\\* (created on 2024-03-10)" r.md &&
	printf "%s\n" "tix-report: no tickets created in the period" \
		"tix-report: stale data: the newest ticket was created 2024-03-10, 14.2 days before the end of the period (--max-age 2)" >expect &&
	test_cmp expect err && no_nan r.md &&
	tix-report --db "$W/samples.db" --week 2024-W10 --max-age 2 >/dev/null
'

test_expect_success 'an empty week inside the data, and a database with no solved ticket' '
	zendesk "1,a,,S,Help,x,,open,high,Billing,2024-03-04T10:00:00Z,2024-03-04T10:00:00Z,,0,," \
		"2,b,,S,Help,x,,open,low,Billing,2024-03-20T10:00:00Z,2024-03-20T10:00:00Z,,0,," >open.csv &&
	tix-ingest -q --db o.db open.csv >/dev/null &&
	tix-report --db o.db --week 2024-W11 >r.md 2>err &&
	echo "tix-report: no tickets created in the period" >expect && test_cmp expect err &&
	grep -q "^No ticket was created in this period.$" r.md && no_nan r.md &&
	grep -q "^No patterns yet: run \`tix-patterns\` on this database once" r.md &&
	zendesk "3,c,,S,,,,open,low,Billing,2024-03-05T10:00:00Z,2024-03-05T10:00:00Z,,0,," >nosubj.csv &&
	tix-ingest -q --db n.db nosubj.csv >/dev/null && tix-patterns --db n.db --top 1 >/dev/null &&
	tix-report --db n.db --week 2024-W10 >n.md &&
	grep -q "^tix-patterns found no text to read in these tickets (no subjects;" n.md &&
	tix-report --db o.db --week 2024-W10 >r.md 2>err &&
	test_cmp /dev/null err &&
	grep -qx "| Tickets solved | 0 | 0 | +0 | n/a |" r.md &&
	grep -qx "| Resolution, median | n/a | n/a | n/a | n/a |" r.md &&
	grep -q "no ticket was solved in this period" r.md &&
	grep -qx "| SLA breached | 100.0% | n/a | n/a | n/a |" r.md &&
	grep -q "^No ticket of the 90 days to the end of the period (1 ticket) has a resolution" r.md &&
	no_nan r.md &&
	grep -qx "| Reopened | 0.0% | n/a | n/a | n/a |" r.md &&
	! grep -q "cannot show reopens" r.md &&
	tix-report --db o.db --week 2024-W10 --format html >r.html && no_nan r.html &&
	printf "%s\n" "Id,Requester,Subject,Status,Priority,Category [list],Created at" \
		"1,a@x,help,Open,Low,Billing,2024-03-05 10:00:00 +0000" >nore.csv &&
	tix-ingest -q --db nore.db nore.csv >/dev/null &&
	tix-report --db nore.db --week 2024-W10 >r.md &&
	grep -qx "| Reopened | n/a | n/a | n/a | n/a |" r.md &&
	grep -q "the data cannot show reopens (no reopen counter, no status history)" r.md && no_nan r.md
'

test_expect_success 'privacy: no e-mail address or phone number unless --show-pii; requesters never' '
	zendesk "1,Jane Roe,jane.roe@example.com,S,Someone posted my address and phone +60 12-345 6789 call me at jane.roe@example.com,my home address was posted,,open,high,Safety,2024-03-04T10:00:00Z,2024-03-04T10:00:00Z,,0,," \
		"2,Jane Roe,jane.roe@example.com,S,He leaked my home address and number 012-3456789,doxxing,,open,high,Safety,2024-03-05T10:00:00Z,2024-03-05T10:00:00Z,,0,," \
		"3,Jane Roe,jane.roe@example.com,S,Help,help,,open,low,Call jane.roe@example.com,2024-03-05T10:00:00Z,2024-03-05T10:00:00Z,,0,," >pii.csv &&
	tix-ingest -q --db p.db pii.csv >/dev/null &&
	tix-patterns --db p.db --top 1 >/dev/null &&
	for f in md html; do
		tix-report --db p.db --week 2024-W10 --format $f >r.$f &&
		! grep -Eq "jane|Jane|Roe|example\\.com|345 6789|3456789" r.$f &&
		sed "s/\\\\//g" r.$f >plain.$f &&
		grep -qF "[phone]" plain.$f && grep -qF "[e-mail]" plain.$f &&
		grep -qF "Call [e-mail]" plain.$f || exit 1
	done &&
	test_must_fail --status 2 tix-report --db p.db --week 2024-W10 --by requester >out 2>err &&
	grep -q "^tix-report: --by requester names requesters: only with --show-pii$" err &&
	test_cmp /dev/null out &&
	tix-report --db p.db --week 2024-W10 --by requester --show-pii >s.md &&
	grep -q "^| jane.roe@example.com | 3 | 0 |" s.md &&
	tix-report --db p.db --week 2024-W10 --show-pii >s.md &&
	grep -q "jane.roe@example.com" s.md && grep -q "+60 12-345 6789" s.md &&
	! grep -q "Jane Roe" s.md
'

test_expect_success 'a bad severity file: exit 3, FILE:LINE, no report' '
	samples_db &&
	printf "level S0 fast\n" >bad.conf &&
	test_must_fail --status 3 tix-report --db "$W/samples.db" --week 2024-W10 --severity bad.conf >out 2>err &&
	grep -q "^tix-report: bad.conf:1: " err && test_cmp /dev/null out
'

test_expect_success 'no database: exit 3 with the reason' '
	test_must_fail --status 3 tix-report --db nothere.db --week 2024-W10 >out 2>err &&
	grep -q "^tix-report: .*nothere.db" err && test_cmp /dev/null out
'

test_expect_success 'weekly-report.sh: ingests new exports, writes both reports, says why it fails' '
	mkdir inbox reports &&
	cp "$TOP/samples/zendesk.csv" "$TOP/samples/jsm.csv" inbox/ &&
	printf "Ticket ID,Subject,Created at\n1,\"broken,2024-03-04\n" >inbox/zz-bad.csv &&
	touch -d "2024-03-11 00:00:00" inbox/zz-bad.csv &&
	TIX_BIN="$BIN" test_status 1 sh "$TOP/samples/weekly-report.sh" -d w.db -o reports -w 2024-W10 inbox \
		>out 2>err &&
	grep -q "^weekly-report.sh: ingest rejected rows of the 3 new export(s)" err &&
	grep -q "zz-bad.csv:2: unterminated quoted field" err &&
	grep -q "^weekly-report.sh: wrote reports/report-2024-W10.html and reports/report-2024-W10.md$" err &&
	test -s reports/report-2024-W10.html && test -s reports/report-2024-W10.md &&
	grep -q "zz-bad.csv: 1 rejected, most often: unterminated quoted field" reports/report-2024-W10.md &&
	test -f w.db.last-ingest &&
	TIX_BIN="$BIN" sh "$TOP/samples/weekly-report.sh" -d w.db -o reports -w 2024-W10 inbox \
		>out 2>err &&
	grep -q "^weekly-report.sh: no new export in inbox since the last run$" err &&
	TIX_BIN="$BIN" test_status 1 sh "$TOP/samples/weekly-report.sh" -d w.db -o reports -w 2024-W12 inbox \
		>out 2>err &&
	grep -q "^tix-report: stale data: the newest ticket was created 2024-03-09" err &&
	test -s reports/report-2024-W12.md &&
	test_status 2 sh "$TOP/samples/weekly-report.sh" 2>err &&
	TIX_BIN="$BIN" test_status 3 sh "$TOP/samples/weekly-report.sh" -d w.db nothere 2>err &&
	grep -q "nothere: no such folder" err
'

test_done
