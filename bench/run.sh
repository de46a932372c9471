#!/bin/sh
# bench/run.sh BUILD_DIR - time tix-ingest against its peers on a generated
# Zendesk export, then tix-trend, tix-recur and tix-patterns against the
# plain SQL or shell that does the same, tix-triage and the weekly
# tix-report against their floors, and print the results as plain text.
# `make bench` runs it.
#
#   BENCH_ROWS=n   export size (default 1000000)
#
# Everything is written to a scratch directory under ${TMPDIR:-/tmp}, removed
# at the end.  Each tool reads the same file, which the generator has just
# written (so it is in the page cache for all of them).  Exit: 0 done, 1 a
# tool failed, 3 something to run it with is missing.
set -u

build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
case $build in
/*) ;;
*) build=$top/$build ;;
esac
tix=$build/bin/tix-ingest
gen=$build/samples/genexport
ru=$build/bench/rusage
rows=${BENCH_ROWS:-1000000}
case $rows in
'' | *[!0-9]*) echo "bench: BENCH_ROWS must be a number" >&2; exit 3 ;;
esac
small=$((rows / 10))
[ "$small" -ge 1 ] || small=1

for f in "$tix" "$gen" "$ru"; do
	[ -x "$f" ] || { echo "bench: $f is missing (make all)" >&2; exit 3; }
done
command -v sqlite3 >/dev/null 2>&1 || { echo "bench: sqlite3 is not installed" >&2; exit 3; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/tix-bench.XXXXXX") || exit 3
trap 'rm -rf "$dir"' EXIT
trap 'exit 130' HUP INT TERM
cd "$dir" || exit 3

# measure NAME CMD [ARG...]: run CMD under rusage, stdout to NAME.out and
# stderr to NAME.err; sets $wall (seconds, at least 0.001) and $rss_kb.
measure() {
	name=$1
	shift
	"$ru" "$@" >"$name.out" 2>"$name.err"
	rc=$?
	line=$(grep '^rusage: ' "$name.err" | tail -1)
	wall=$(echo "$line" | sed -n 's/.*wall=\([0-9.]*\).*/\1/p')
	rss_kb=$(echo "$line" | sed -n 's/.*maxrss_kb=\([0-9]*\).*/\1/p')
	wall=$(awk -v w="${wall:-0}" 'BEGIN { printf "%.3f", w < 0.001 ? 0.001 : w }')
	rss_kb=${rss_kb:-0}
	return $rc
}

# fail WHAT NAME: say that WHAT failed, show the end of its stderr, stop.
fail() {
	echo "bench: $1 failed:" >&2
	grep -v '^rusage: ' "$2.err" | tail -5 >&2
	grep '^rusage: ' "$2.err" >&2
	exit 1
}

# tix_ok NAME: tix-ingest exited 0, or 1 (rows rejected: said, not fatal)
tix_ok() {
	case $rc in
	0) ;;
	1) echo "  (tix-ingest rejected rows:" \
		"$(tail -1 "$1.out" | cut -d, -f9) - see its reject table)" ;;
	*) fail tix-ingest "$1" ;;
	esac
}

# field N of tix-ingest's last CSV line:
# file,source,batch,rows,inserted,updated,merged,unchanged,rejected
tixcol() {
	tail -1 "$1.out" | cut -d, -f"$2"
}

counts() {
	tail -1 "$1.out" | awk -F, '{ printf "rows %s, inserted %s, updated %s, merged %s, unchanged %s, rejected %s", $4, $5, $6, $7, $8, $9 }'
}

rate() {
	awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'
}

mb() {
	awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'
}

# best / median of three
best3() {
	printf '%s\n' "$@" | sort -n | head -1
}
median3() {
	printf '%s\n' "$@" | sort -n | sed -n 2p
}
max3() {
	printf '%s\n' "$@" | sort -n | tail -1
}

echo "tix bench: $rows rows, $(uname -m), $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') CPUs," \
	"sqlite3 $(sqlite3 --version | cut -d' ' -f1), scratch $dir"
echo

# 1. the export
measure gen "$gen" -s 1 -n "$rows" || fail genexport gen
mv gen.out export.csv
bytes=$(wc -c <export.csv | tr -d ' ')
gen_rate=$(rate "$rows" "$wall")
printf '1. export: genexport -s 1 -n %s: %s MB = %s MiB (%s bytes/row),\n' "$rows" \
	"$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')" \
	"$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')" \
	"$(awk -v b="$bytes" -v n="$rows" 'BEGIN { printf "%.0f", b / n }')"
printf '   written in %s s (%s rows/s)\n' "$wall" "$gen_rate"
echo

# 2. tix-ingest and sqlite3 .import into new databases, three runs each, alternately
echo "2. into a new database, 3 runs each, alternately:"
tw='' tr='' iw='' ir='' fts_best='' tw_best=''
for i in 1 2 3; do
	rm -f fresh.db fresh.db-wal fresh.db-shm
	measure tix "$tix" -v --db fresh.db --format csv export.csv
	tix_ok tix
	tw="$tw $wall" tr="$tr $rss_kb"
	t1=$wall
	# where the time went (tix-ingest -v), kept for the best run
	phases=$(sed -n 's/.*read and stored in \([0-9.]*\) s, indexes \([0-9.]*\) s, full-text index \([0-9.]*\) s (\([a-z ]*\)), commit \([0-9.]*\) s.*/\1 \2 \3 \5 \4/p' tix.err | tail -1)
	if [ -z "$tw_best" ] || awk -v a="$wall" -v b="$tw_best" 'BEGIN { exit !(a < b) }'; then
		tw_best=$wall best_phases=$phases
	fi
	rm -f imp.db
	measure imp sqlite3 imp.db '.import --csv export.csv t' || fail 'sqlite3 .import' imp
	iw="$iw $wall" ir="$ir $rss_kb"
	echo "  run $i: tix-ingest $t1 s, sqlite3 .import $wall s"
done
tix_rows=$(tixcol tix 4)
imp_rows=$(sqlite3 imp.db 'SELECT count(*) FROM t')
# shellcheck disable=SC2086 # the lists are split on purpose
tix_best=$(best3 $tw) tix_med=$(median3 $tw) tix_rss=$(max3 $tr)
# shellcheck disable=SC2086
imp_best=$(best3 $iw) imp_med=$(median3 $iw) imp_rss=$(max3 $ir)
tix_rate=$(rate "$tix_rows" "$tix_best")
imp_rate=$(rate "$imp_rows" "$imp_best")
ratio=$(awk -v a="$tix_rate" -v b="$imp_rate" 'BEGIN { printf "%.2f", a / b }')
echo
printf '  %-18s %10s %9s %9s %11s %13s\n' tool rows 'best s' 'median s' rows/s 'peak RSS MiB'
printf '  %-18s %10s %9s %9s %11s %13s\n' tix-ingest "$tix_rows" "$tix_best" "$tix_med" \
	"$tix_rate" "$(mb "$tix_rss")"
printf '  %-18s %10s %9s %9s %11s %13s\n' 'sqlite3 .import' "$imp_rows" "$imp_best" "$imp_med" \
	"$imp_rate" "$(mb "$imp_rss")"
echo "  rows = records (a multi-line quoted field is one record); rows/s from the best run;"
echo "  .import stores the text as it is, tix-ingest parses, normalises and indexes it"
echo "  ratio tix rows/s / .import rows/s = $ratio (>= 1.00: tix is faster)"
# shellcheck disable=SC2086
set -- $best_phases
if [ $# -ge 5 ]; then
	echo "  tix-ingest's best run (-v): rows read and stored $1 s, B-tree indexes $2 s,"
	shift 4
	echo "    then the full-text index $(echo "$best_phases" | cut -d' ' -f3) s ($*)," \
		"commit $(echo "$best_phases" | cut -d' ' -f4) s"
fi
echo

# 3. sqlite-utils
if command -v sqlite-utils >/dev/null 2>&1; then
	measure su sqlite-utils insert su.db t export.csv --csv || fail 'sqlite-utils insert' su
	su_rows=$(sqlite3 su.db 'SELECT count(*) FROM t')
	printf '3. sqlite-utils insert --csv (1 run): %s rows, %s s, %s rows/s, peak RSS %s MiB\n' \
		"$su_rows" "$wall" "$(rate "$su_rows" "$wall")" "$(mb "$rss_kb")"
	rm -f su.db
else
	echo "3. sqlite-utils: not installed, skipped"
fi
echo

# 4. tix-trend over the new database (a year of days) against the bare SQL
# GROUP BY that counts the same bins; best of three each
trend=$build/bin/tix-trend
if [ -x "$trend" ]; then
	trw='' sqw=''
	for i in 1 2 3; do
		measure trend "$trend" --db fresh.db --by category --bin day --format csv ||
			fail tix-trend trend
		trw="$trw $wall"
		measure sql sqlite3 fresh.db "SELECT category, created / 86400, count(*) FROM ticket
			WHERE created IS NOT NULL GROUP BY 1, 2" || fail 'sqlite3 GROUP BY' sql
		sqw="$sqw $wall"
	done
	# shellcheck disable=SC2086
	tr_best=$(best3 $trw) sq_best=$(best3 $sqw)
	printf '4. tix-trend --by category --bin day: %s s (%s findings, %s day bins of %s groups);
' \
		"$tr_best" "$(($(wc -l <trend.out) - 1))" "$(wc -l <sql.out | tr -d ' ')" \
		"$(sqlite3 fresh.db 'SELECT count(DISTINCT category) FROM ticket')"
	trend_ratio=$(awk -v a="$tr_best" -v b="$sq_best" 'BEGIN { printf "%.2f", a / b }')
	printf '   the bare SQL GROUP BY of the same bins: %s s; ratio %s (goal: <= 2.00)\n' \
		"$sq_best" "$trend_ratio"
else
	echo "4. tix-trend: not built, skipped"
fi
echo

# 4b. tix-recur over the same database against one self-join query that finds
# the same repeat contacts (same requester and category, at most 7 days
# before, ties in time ordered by id); best of three each; then --requester
# for the requester with the most tickets
recur=$build/bin/tix-recur
if [ -x "$recur" ]; then
	rcw='' sjw='' rqw=''
	for i in 1 2 3; do
		measure recur "$recur" --db fresh.db --by category --format csv || fail tix-recur recur
		rcw="$rcw $wall"
		measure selfjoin sqlite3 fresh.db "SELECT t.category, count(*) FROM ticket t
			WHERE t.requester != '' AND t.created IS NOT NULL AND EXISTS (SELECT 1 FROM ticket p
			WHERE p.requester = t.requester AND p.created BETWEEN t.created - 604800 AND t.created
			AND (p.created < t.created OR p.id < t.id) AND p.category IS t.category)
			GROUP BY 1" || fail 'sqlite3 self-join' selfjoin
		sjw="$sjw $wall"
	done
	who=$(sqlite3 fresh.db "SELECT requester FROM ticket WHERE requester != ''
		GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
	for i in 1 2 3; do
		measure req "$recur" --db fresh.db --requester "$who" --format csv ||
			fail 'tix-recur --requester' req
		rqw="$rqw $wall"
	done
	# shellcheck disable=SC2086
	rc_best=$(best3 $rcw) sj_best=$(best3 $sjw) rq_best=$(best3 $rqw)
	rc_sum=$(awk -F, 'NR > 1 { s += $4 } END { print s + 0 }' recur.out)
	sj_sum=$(awk -F'|' '{ s += $2 } END { print s + 0 }' selfjoin.out)
	printf '4b. tix-recur --by category: %s s (%s groups, %s repeat contacts);
' \
		"$rc_best" "$(($(wc -l <recur.out) - 1))" "$rc_sum"
	recur_ratio=$(awk -v a="$rc_best" -v b="$sj_best" 'BEGIN { printf "%.2f", a / b }')
	printf '    the self-join query: %s s (%s repeat contacts%s); ratio %s (goal: < 2.00)\n' \
		"$sj_best" "$sj_sum" "$([ "$rc_sum" = "$sj_sum" ] && echo ', the same' || echo ', DIFFERENT')" \
		"$recur_ratio"
	printf '    tix-recur --requester (%s tickets): %s ms\n' "$(($(wc -l <req.out) - 1))" \
		"$(awk -v a="$rq_best" 'BEGIN { printf "%.0f", a * 1000 }')"
else
	echo "4b. tix-recur: not built, skipped"
fi
echo

# 5. the same file again: nothing changes
measure again "$tix" --db fresh.db --format csv export.csv
tix_ok again
printf '5. re-ingest of the same file (no-change path): %s s, %s rows/s, peak RSS %s MiB\n' \
	"$wall" "$(rate "$(tixcol again 4)" "$wall")" "$(mb "$rss_kb")"
echo "   $(counts again)"
echo

# 6. a newer export that overlaps it: half old ids (about half of them changed), half new
measure newer "$gen" --overlap 0.5 --base-seed 1 -s 2 -n "$rows" || fail genexport newer
mv newer.out newer.csv
measure upd "$tix" --db fresh.db --format csv newer.csv
tix_ok upd
printf '6. overlapping newer export (genexport --overlap 0.5 --base-seed 1 -s 2 -n %s),\n' "$rows"
printf '   update path: %s s, %s rows/s, peak RSS %s MiB\n' \
	"$wall" "$(rate "$(tixcol upd 4)" "$wall")" "$(mb "$rss_kb")"
echo "   $(counts upd)"
rm -f newer.csv
echo

# 7. memory flatness: a 10x larger export should not need much more memory
measure gsmall "$gen" -s 1 -n "$small" || fail genexport gsmall
mv gsmall.out small.csv
measure small "$tix" --db small.db --format csv small.csv
tix_ok small
small_rss=$rss_kb
flat=$(awk -v a="$tix_rss" -v b="$small_rss" 'BEGIN { printf "%.2f", a / b }')
echo "7. memory flatness (peak RSS of an ingest into a new database):"
printf '   %10s rows: %8s MiB\n' "$small" "$(mb "$small_rss")"
printf '   %10s rows: %8s MiB (the largest of the runs in 2)\n' "$tix_rows" "$(mb "$tix_rss")"
echo "   ratio $flat (goal: <= 1.20 for 10x the rows)"
echo

# 8. tix-patterns --lines on the subject of every row of the export, one per
# line (line breaks inside a subject made spaces; read from the .import table
# of 2, so not by tix), against sort | uniq -c, which only counts lines that
# are exactly alike; best of three each, output to /dev/null.  Then its
# memory at a tenth of the lines.
pat=$build/bin/tix-patterns
if [ -x "$pat" ]; then
	sqlite3 imp.db "SELECT replace(replace(replace(Subject, char(13, 10), ' '),
		char(13), ' '), char(10), ' ') FROM t ORDER BY rowid" >subjects.txt ||
		{ echo "bench: the subjects could not be read from imp.db" >&2; exit 1; }
	lines=$(wc -l <subjects.txt | tr -d ' ')
	[ "$lines" = "$imp_rows" ] ||
		{ echo "bench: $lines subjects for $imp_rows rows" >&2; exit 1; }
	# once to a file, for the number of patterns (and to warm the cache)
	measure patf "$pat" --lines subjects.txt --format csv || fail tix-patterns patf
	npat=$(awk -F, 'NR > 1 && !seen[$2]++ { n++ } END { print n + 0 }' patf.out)
	rm -f patf.out
	ptw='' ptr='' scw='' sdw=''
	for i in 1 2 3; do
		# shellcheck disable=SC2016 # the inner sh expands them
		measure pat sh -c 'exec "$0" --lines "$1" --format csv >/dev/null' \
			"$pat" subjects.txt || fail tix-patterns pat
		ptw="$ptw $wall" ptr="$ptr $rss_kb"
		# shellcheck disable=SC2016 # the inner sh expands them
		measure sortc sh -c 'LC_ALL=C sort "$0" | uniq -c >/dev/null' subjects.txt ||
			fail 'LC_ALL=C sort | uniq -c' sortc
		scw="$scw $wall"
		# shellcheck disable=SC2016 # the inner sh expands them
		measure sortd sh -c 'sort "$0" | uniq -c >/dev/null' subjects.txt ||
			fail 'sort | uniq -c' sortd
		sdw="$sdw $wall"
	done
	ndistinct=$(LC_ALL=C sort -u subjects.txt | wc -l | tr -d ' ')
	# shellcheck disable=SC2086
	pt_best=$(best3 $ptw) pt_med=$(median3 $ptw) pt_rss=$(max3 $ptr)
	# shellcheck disable=SC2086
	sc_best=$(best3 $scw) sc_med=$(median3 $scw) sd_best=$(best3 $sdw) sd_med=$(median3 $sdw)
	pt_rate=$(rate "$lines" "$pt_best")
	sc_rate=$(rate "$lines" "$sc_best")
	sd_rate=$(rate "$lines" "$sd_best")
	pat_ratio=$(awk -v a="$pt_rate" -v b="$sc_rate" 'BEGIN { printf "%.2f", a / b }')
	if [ "$pt_rate" -ge 500000 ]; then floor=holds; else floor='DOES NOT hold'; fi
	echo "8. tix-patterns --lines on the $lines subjects (one per row; $ndistinct distinct"
	echo "   lines), 3 runs each, alternately, output to /dev/null:"
	printf '  %-26s %9s %9s %11s %13s\n' tool 'best s' 'median s' lines/s 'peak RSS MiB'
	printf '  %-26s %9s %9s %11s %13s\n' 'tix-patterns --format csv' "$pt_best" "$pt_med" \
		"$pt_rate" "$(mb "$pt_rss")"
	printf '  %-26s %9s %9s %11s %13s\n' 'LC_ALL=C sort | uniq -c' "$sc_best" "$sc_med" \
		"$sc_rate" -
	printf '  %-26s %9s %9s %11s %13s\n' "sort | uniq -c (${LC_ALL:-${LC_COLLATE:-${LANG:-C}}})" \
		"$sd_best" "$sd_med" "$sd_rate" -
	echo "  tix-patterns found $npat patterns; sort | uniq -c counts only exact duplicates"
	echo "  ($ndistinct groups); tix-patterns is one thread, GNU sort may use several"
	echo "  ratio lines/s tix-patterns / LC_ALL=C sort | uniq -c = $pat_ratio" \
		"(>= 1.00: tix-patterns is faster)"
	echo "  floor >= 500000 lines/s on one core: $floor ($pt_rate lines/s)"
	# memory flatness: the first tenth of the lines, then all of them
	head -n "$small" subjects.txt >subjects-small.txt
	measure pats "$pat" --lines subjects-small.txt --format csv || fail tix-patterns pats
	spat=$(awk -F, 'NR > 1 && !seen[$2]++ { n++ } END { print n + 0 }' pats.out)
	rm -f pats.out
	pt_small_rss=$rss_kb
	pat_flat=$(awk -v a="$pt_rss" -v b="$pt_small_rss" 'BEGIN { printf "%.2f", a / b }')
	echo "  memory flatness (peak RSS; patterns.h: it grows with the patterns, not the lines):"
	printf '   %10s lines: %8s MiB (%s patterns; the first %s lines)\n' "$small" \
		"$(mb "$pt_small_rss")" "$spat" "$small"
	printf '   %10s lines: %8s MiB (%s patterns; the largest of the runs above)\n' "$lines" \
		"$(mb "$pt_rss")" "$npat"
	echo "   ratio $pat_flat for 10x the lines"
	rm -f subjects.txt subjects-small.txt
else
	echo "8. tix-patterns: not built, skipped"
fi
echo

# 9. tix-triage as a filter over the whole export (the issue's floor is
# 100,000 tickets/s), best of three, output to /dev/null; tickets counted
# from a run to a file.
tri=$build/bin/tix-triage
if [ -x "$tri" ]; then
	measure trif "$tri" --format tsv export.csv || fail tix-triage trif
	tri_rows=$(($(wc -l <trif.out) - 1))
	tri_s0=$(awk -F'\t' '$3 == "S0"' trif.out | wc -l | tr -d ' ')
	tri_s1=$(awk -F'\t' '$3 == "S1"' trif.out | wc -l | tr -d ' ')
	rm -f trif.out
	trw='' trr=''
	for i in 1 2 3; do
		# shellcheck disable=SC2016 # the inner sh expands them
		measure tri sh -c 'exec "$0" --format tsv "$1" >/dev/null' "$tri" export.csv ||
			fail tix-triage tri
		trw="$trw $wall" trr="$trr $rss_kb"
	done
	# shellcheck disable=SC2086
	tri_best=$(best3 $trw) tri_med=$(median3 $trw) tri_rss=$(max3 $trr)
	tri_rate=$(rate "$tri_rows" "$tri_best")
	if [ "$tri_rate" -ge 100000 ]; then tri_floor=holds; else tri_floor='DOES NOT hold'; fi
	echo "9. tix-triage --format tsv on the export ($tri_rows tickets; $tri_s0 S0, $tri_s1 S1),"
	echo "   3 runs, output to /dev/null:"
	printf '  %-26s %9s %9s %11s %13s\n' tool 'best s' 'median s' tickets/s 'peak RSS MiB'
	printf '  %-26s %9s %9s %11s %13s\n' 'tix-triage --format tsv' "$tri_best" "$tri_med" \
		"$tri_rate" "$(mb "$tri_rss")"
	echo "  floor >= 100000 tickets/s: $tri_floor ($tri_rate tickets/s)"
else
	echo "9. tix-triage: not built, skipped"
fi
echo

# 10. tix-report: the weekly report (HTML, every section, charts) of the
# week of the newest ticket, after tix-patterns has given every ticket its
# pattern; best of three (the issue's ceiling: 5 s on ~1M tickets)
rep=$build/bin/tix-report
if [ -x "$rep" ] && [ -x "$pat" ]; then
	measure mine "$pat" --db fresh.db --top 1 || fail 'tix-patterns --db' mine
	mine_wall=$wall
	newest=$(sqlite3 fresh.db 'SELECT max(created) FROM ticket')
	week=$(date -u -d "@$newest" +%G-W%V)
	rpw='' rpr=''
	for i in 1 2 3; do
		measure rep "$rep" --db fresh.db --week "$week" --format html || fail tix-report rep
		rpw="$rpw $wall" rpr="$rpr $rss_kb"
	done
	# shellcheck disable=SC2086
	rp_best=$(best3 $rpw) rp_med=$(median3 $rpw) rp_rss=$(max3 $rpr)
	if awk -v a="$rp_best" 'BEGIN { exit !(a < 5) }'; then rp_ceil=holds; else rp_ceil='DOES NOT hold'; fi
	echo "10. tix-report --week $week --format html on the $(sqlite3 fresh.db 'SELECT count(*) FROM ticket')" \
		"tickets ($(grep -c '<svg class="tix-chart"' rep.out) charts, $(wc -c <rep.out | tr -d ' ') bytes),"
	echo "    after tix-patterns --db gave them patterns ($mine_wall s), 3 runs:"
	printf '  %-26s %9s %9s %13s\n' tool 'best s' 'median s' 'peak RSS MiB'
	printf '  %-26s %9s %9s %13s\n' 'tix-report --format html' "$rp_best" "$rp_med" "$(mb "$rp_rss")"
	echo "  ceiling < 5 s: $rp_ceil"
else
	echo "10. tix-report: not built, skipped"
fi
echo

[ -z "${recur_ratio:-}" ] ||
	echo "bench: ratio tix-recur/self-join = $recur_ratio (tix-recur $rc_best s, SQL $sj_best s)"
[ -z "${trend_ratio:-}" ] ||
	echo "bench: ratio tix-trend/GROUP BY = $trend_ratio (tix-trend $tr_best s, SQL $sq_best s)"
[ -z "${pat_ratio:-}" ] ||
	echo "bench: ratio tix-patterns/sort | uniq -c = $pat_ratio (tix-patterns $pt_rate lines/s," \
		"LC_ALL=C sort | uniq -c $sc_rate lines/s; floor 500000 lines/s $floor)"
[ -z "${tri_rate:-}" ] ||
	echo "bench: tix-triage $tri_rate tickets/s (floor 100000 tickets/s $tri_floor)"
[ -z "${rp_best:-}" ] ||
	echo "bench: tix-report weekly report $rp_best s (ceiling 5 s $rp_ceil)"
echo "bench: ratio tix/.import = $ratio (tix $tix_rate rows/s, .import $imp_rate rows/s)"
