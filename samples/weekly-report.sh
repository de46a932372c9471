#!/bin/sh
# weekly-report.sh - the cron job: ingest the exports that arrived in a
# folder since the last run, give their tickets patterns, and write last
# week's report as report-YYYY-Www.html and report-YYYY-Www.md.
#
#   weekly-report.sh [-d DB] [-o OUTDIR] [-w YYYY-Www] [-a DAYS] INBOX
#
#   -d DB      the database (default $TIX_DB, else ./tix.db)
#   -o OUTDIR  where the reports go (default .)
#   -w WEEK    the ISO week (default: the last whole week, in UTC)
#   -a DAYS    stale when the newest ticket is older than DAYS at the end
#              of the week (default 2)
#   INBOX      the folder the CRM exports land in (*.csv, *.tsv, *.txt);
#              those newer than the last run's stamp (DB.last-ingest) are
#              ingested, oldest first
#
# The reports are written even when something is wrong; then the script
# says why on standard error and exits 1 (rows rejected at ingest, stale
# data) so cron mails it.  Exit 2: usage; 3: could not run (no reports,
# or not both).  The tools are found on PATH, or in $TIX_BIN.
#
# crontab, every Monday at 06:00 UTC:
#   0 6 * * 1  /usr/local/share/tix/weekly-report.sh -d /srv/tix/tix.db -o /srv/tix/reports /srv/exports
me=weekly-report.sh
db=${TIX_DB:-tix.db}
out=.
week=
age=2
usage() {
	echo "usage: $me [-d DB] [-o OUTDIR] [-w YYYY-Www] [-a DAYS] INBOX" >&2
	exit 2
}
while getopts d:o:w:a:h opt; do
	case $opt in
	d) db=$OPTARG ;;
	o) out=$OPTARG ;;
	w) week=$OPTARG ;;
	a) age=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || usage
inbox=$1
case $age in '' | 0 | *[!0-9]*) echo "$me: -a takes a number of days, not '$age'" >&2; exit 2 ;; esac
case $week in
'' | [0-9][0-9][0-9][0-9]-W[0-5][0-9]) ;;
*) echo "$me: -w takes an ISO week such as 2026-W47, not '$week'" >&2; exit 2 ;;
esac
[ -n "$TIX_BIN" ] && PATH=$TIX_BIN:$PATH
for t in tix-ingest tix-patterns tix-report; do
	command -v $t >/dev/null 2>&1 || { echo "$me: $t is not on PATH (or \$TIX_BIN)" >&2; exit 3; }
done
[ -d "$inbox" ] || { echo "$me: $inbox: no such folder" >&2; exit 3; }
[ -d "$out" ] || { echo "$me: $out: no such folder" >&2; exit 3; }
if [ -z "$week" ]; then
	# the ISO week of the day a week ago: the last whole week
	week=$(date -u -d '7 days ago' +%G-W%V) || exit 3
fi
status=0

# 1. the exports that arrived since the last run, oldest first
stamp=$db.last-ingest
list=$(mktemp) || exit 3
# the new stamp is made before the folder is read: an export that lands
# while this runs is taken next time
newstamp=$(mktemp "$db.stamp.XXXXXX") || exit 3
trap 'rm -f "$list" "$newstamp" "$out/.report-$week.html.tmp" "$out/.report-$week.md.tmp"' EXIT
if [ -f "$stamp" ]; then
	find "$inbox" -maxdepth 1 -type f \( -name '*.csv' -o -name '*.tsv' -o -name '*.txt' \) \
		-newer "$stamp" ! -newer "$newstamp" -printf '%T@ %p\n'
else
	find "$inbox" -maxdepth 1 -type f \( -name '*.csv' -o -name '*.tsv' -o -name '*.txt' \) \
		! -newer "$newstamp" -printf '%T@ %p\n'
fi | sort -n | cut -d' ' -f2- >"$list"
if [ -s "$list" ]; then
	n=$(wc -l <"$list")
	# one name per line: split at new lines only, no globbing
	# shellcheck disable=SC2046
	(set -f; IFS='
'; exec tix-ingest -q --db "$db" $(cat "$list")) >/dev/null
	rc=$?
	case $rc in
	0) ;;
	1) echo "$me: ingest rejected rows of the $n new export(s) (above, and in the report's" \
		"data quality section)" >&2
	   status=1 ;;
	*) echo "$me: tix-ingest could not run (exit $rc); no report" >&2
	   exit 3 ;;
	esac
	mv -f "$newstamp" "$stamp" || exit 3
else
	echo "$me: no new export in $inbox since the last run" >&2
fi

# 2. patterns for the new tickets (the report lists them)
if ! tix-patterns --db "$db" --top 1 >/dev/null; then
	echo "$me: tix-patterns failed; no report" >&2
	exit 3
fi

# 3. the reports, written whole or not at all
for f in html md; do
	tix-report --db "$db" --week "$week" --format $f --max-age "$age" \
		>"$out/.report-$week.$f.tmp" 2>"$list"
	rc=$?
	if [ $rc -gt 1 ]; then
		cat "$list" >&2
		echo "$me: tix-report could not write the $f report (exit $rc)" >&2
		exit 3
	fi
	mv -f "$out/.report-$week.$f.tmp" "$out/report-$week.$f" || exit 3
	if [ $f = html ]; then
		cat "$list" >&2	# said once, not for each format
		[ $rc -eq 1 ] && status=1
	fi
done
echo "$me: wrote $out/report-$week.html and $out/report-$week.md" >&2
exit $status
