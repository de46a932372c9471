#!/bin/sh
# eval/loghub.sh BUILD_DIR - score tix-patterns' template mining on four
# loghub-2k sets (Apache, HDFS, HealthApp, OpenSSH: 2,000 log lines each with
# the true template of every line) and compare it with Drain's published
# grouping accuracy.  `make eval-loghub` runs it.
#
#   TIX_DATA=dir       directory holding loghub/ (default: ../shared/data from
#                      the repository root); when loghub/ is not there:
#                      skipped, exit 0
#   TIX_PATTERNS=prog  run prog in place of BUILD_DIR/bin/tix-patterns (a
#                      stand-in, given the same options)
#
# The Content column of each set, one text per line, goes to
# `tix-patterns --lines FILE --format csv` with default settings; its output
# (columns line,pattern,template, line 1-based, one row per input line, a
# header line allowed) puts every line in a pattern.  Grouping accuracy as in
# loghub: a line is right when its pattern holds exactly the lines of its true
# template (EventId); the score is the share of lines that are right.  Before
# the tool runs, the scorer must give the number of right lines worked out
# independently (in SQL) for a hand-made example and, on every set, for four
# known groupings: the true templates (all right), all lines in one group,
# each line in its own group, one group per distinct Content.  When the tool is
# not built yet the check still runs, then the evaluation says it is skipped.
# Scratch files go to a directory under ${TMPDIR:-/tmp}, removed at the end.
# Exit: 0 done (or skipped), 1 the scorer check or the tool failed, 3 something
# to run it with is missing.
set -u

build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
case $build in
/*) ;;
*) build=$top/$build ;;
esac
data=${TIX_DATA:-$top/../shared/data}/loghub
tix=${TIX_PATTERNS:-$build/bin/tix-patterns}
# the sets, each with Drain's published grouping accuracy (tuned per set)
sets="Apache:1.000 HDFS:0.998 HealthApp:0.780 OpenSSH:0.788"
drain_avg=0.891

[ -d "$data" ] || { echo "eval-loghub: skipped: $data not found"; exit 0; }
command -v sqlite3 >/dev/null 2>&1 ||
	{ echo "eval-loghub: sqlite3 is not installed (make deps)" >&2; exit 3; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/tix-eval.XXXXXX") || exit 3
trap 'rm -rf "$dir"' EXIT
trap 'exit 130' HUP INT TERM
trap 'exit 141' PIPE

# sqlite3 is the CSV reader (RFC 4180: quoted fields, commas, quotes, CRLF);
# it runs in $dir, where every file it reads has a plain name
sql() {
	(cd "$dir" && sqlite3 -batch -bail -init /dev/null db "$@")
}

# truth: every line of every set, in file order (line is 1-based)
sql "CREATE TABLE truth(set_ TEXT, line INTEGER, content TEXT, event TEXT,
	PRIMARY KEY(set_, line))" || exit 3
for se in $sets; do
	s=${se%%:*}
	f=$data/$s/structured.csv
	[ -f "$f" ] || { echo "eval-loghub: $f not found" >&2; exit 3; }
	cp "$f" "$dir/in.csv" || exit 3
	sql ".import --csv in.csv raw" \
		"INSERT INTO truth SELECT '$s', rowid, Content, EventId FROM raw ORDER BY rowid" \
		"DROP TABLE raw" || {
		echo "eval-loghub: $f: cannot read its Content and EventId columns" >&2
		exit 3
	}
	n=$(sql "SELECT count(*) FROM truth WHERE set_ = '$s'") || exit 3
	[ "$n" -gt 0 ] || { echo "eval-loghub: $f: no rows" >&2; exit 3; }
	sql "SELECT content FROM truth WHERE set_ = '$s' ORDER BY line" >"$dir/$s.txt" || exit 3
	[ "$(wc -l <"$dir/$s.txt")" -eq "$n" ] ||
		{ echo "eval-loghub: $f: Content with line breaks" >&2; exit 3; }
done

# The scorer's input, one record per line, tab-separated:
#   key line group event   one line of one grouping ("set grouping"), with
#                          its group and its true template as numbers
# Its output, one line per key: key lines right groups templates
# shellcheck disable=SC2016
score='
BEGIN { FS = "\t" }
{
	if (!($1 in nl)) order[++nk] = $1
	nl[$1]++
	g[$1, $2] = $3; e[$1, $2] = $4
	if (!(($1, $3) in ng)) ngr[$1]++
	if (!(($1, $4) in ne)) nev[$1]++
	ng[$1, $3]++; ne[$1, $4]++; nge[$1, $3, $4]++
}
END {
	# a line is right when the lines of its group and the lines of its
	# template are the same set: two finite sets are equal when their
	# intersection is as large as each of them
	for (x in g) {
		split(x, a, SUBSEP)
		k = a[1]; gr = g[x]; ev = e[x]
		if (nge[k, gr, ev] == ng[k, gr] && ng[k, gr] == ne[k, ev]) right[k]++
	}
	for (i = 1; i <= nk; i++) {
		k = order[i]
		printf "%s\t%d\t%d\t%d\t%d\n", k, nl[k], right[k] + 0, ngr[k], nev[k]
	}
}'

# the known groupings, group and template numbered densely per set
sql ".mode tabs" "WITH t AS (SELECT set_, line, content,
		dense_rank() OVER (PARTITION BY set_ ORDER BY event) AS ev FROM truth)
	SELECT set_ || ' true', line, ev, ev FROM t
	UNION ALL SELECT set_ || ' one', line, 1, ev FROM t
	UNION ALL SELECT set_ || ' single', line, line, ev FROM t
	UNION ALL SELECT set_ || ' content', line,
		dense_rank() OVER (PARTITION BY set_ ORDER BY content), ev FROM t" \
	>"$dir/known" || exit 3
# worked by hand: templates A A B B C, groups 1 1 2 3 3: lines 1 and 2 right
printf 'toy worked\t%s\t%s\t%s\n' 1 1 1 2 1 1 3 2 2 4 3 2 5 3 3 >>"$dir/known"
# the number of right lines of each, worked out without the scorer:
#   true     every line
#   one      every line if the set has one template, else none
#   single   the lines whose template has no other line
#   content  the lines whose template's lines all have its Content, and
#            whose Content no line of another template has
sql ".mode tabs" "WITH s AS (SELECT DISTINCT set_ FROM truth)
	SELECT set_ || ' true', count(*) FROM truth GROUP BY set_
	UNION ALL SELECT set_ || ' one',
		CASE WHEN count(DISTINCT event) = 1 THEN count(*) ELSE 0 END
		FROM truth GROUP BY set_
	UNION ALL SELECT s.set_ || ' single', (SELECT count(*) FROM
		(SELECT 1 FROM truth t WHERE t.set_ = s.set_ GROUP BY event
			HAVING count(*) = 1)) FROM s
	UNION ALL SELECT s.set_ || ' content', (SELECT count(*) FROM truth t
		WHERE t.set_ = s.set_
		AND NOT EXISTS (SELECT 1 FROM truth u WHERE u.set_ = t.set_
			AND u.event = t.event AND u.content <> t.content)
		AND NOT EXISTS (SELECT 1 FROM truth u WHERE u.set_ = t.set_
			AND u.content = t.content AND u.event <> t.event)) FROM s" \
	>"$dir/expect" || exit 3
printf 'toy worked\t2\n' >>"$dir/expect"

awk "$score" "$dir/known" >"$dir/known.score" || exit 1
awk -F'\t' -v sets="$sets" '
FNR == NR { want[$1] = $2; next }
{
	split($1, a, " ")
	got[a[1], a[2]] = sprintf("%.3f", $3 / $2)
	if (!($1 in want) || $3 != want[$1]) {
		printf "eval-loghub: scorer check: %s: %d of %d lines right, worked out %s\n", \
			$1, $3, $2, ($1 in want) ? want[$1] : "nothing"
		bad = 1
	}
	seen[$1] = 1
}
END {
	for (k in want) if (!(k in seen)) {
		printf "eval-loghub: scorer check: %s: not scored\n", k
		bad = 1
	}
	print "scorer check: grouping accuracy of known groupings"
	printf "%-12s %9s %9s %9s %11s\n", "set", "true", "one group", "per line", "per Content"
	n = split(sets, s, " ")
	for (i = 1; i <= n; i++) {
		sub(/:.*/, "", s[i])
		printf "%-12s %9s %9s %9s %11s\n", s[i], got[s[i], "true"], got[s[i], "one"], \
			got[s[i], "single"], got[s[i], "content"]
	}
	nw = 0
	for (k in want) nw++
	printf "eval-loghub: scorer check: %d groupings agree with the values worked out independently: %s\n\n", \
		nw, bad ? "FAILED" : "ok"
	exit bad
}' "$dir/expect" "$dir/known.score" || exit 1

if [ -z "${TIX_PATTERNS:-}" ] && [ ! -e "$tix" ]; then
	echo "eval-loghub: skipped: $tix is not built yet"
	exit 0
fi
[ -x "$tix" ] || { echo "eval-loghub: $tix is missing (make all)" >&2; exit 3; }

: >"$dir/tix"
for se in $sets; do
	s=${se%%:*}
	"$tix" --lines "$dir/$s.txt" --format csv >"$dir/out" 2>"$dir/err"
	rc=$?
	case $rc in
	0 | 1) ;;
	*)
		echo "eval-loghub: tix-patterns failed on $s (exit $rc):" >&2
		tail -5 "$dir/err" >&2
		exit 1
		;;
	esac
	# pred: line,pattern from the output; a header, if there is one, names
	# the columns; without it they are line,pattern,template in that order
	sql "DROP TABLE IF EXISTS out" "DROP TABLE IF EXISTS pred" || exit 3
	first=$(head -n 1 "$dir/out" | sed 's/^"//; s/[",].*//')
	case $first in
	'' | *[!0-9]*) ;;
	*) sql "CREATE TABLE out(line TEXT, pattern TEXT, template TEXT)" || exit 3 ;;
	esac
	bad=$(sql ".import --csv out out" \
		"CREATE TABLE pred AS SELECT line, pattern FROM out" \
		"SELECT CASE
			WHEN (SELECT count(*) FROM pred) <> (SELECT count(*) FROM truth WHERE set_ = '$s')
			THEN 'it has ' || (SELECT count(*) FROM pred) || ' row(s) for '
				|| (SELECT count(*) FROM truth WHERE set_ = '$s') || ' lines'
			WHEN EXISTS (SELECT 1 FROM pred WHERE line IS NULL OR line = ''
				OR line GLOB '*[^0-9]*' OR NOT EXISTS (SELECT 1 FROM truth
					WHERE set_ = '$s' AND truth.line = CAST(pred.line AS INTEGER)))
			THEN 'a line number is not one of the input lines'
			WHEN (SELECT count(DISTINCT CAST(line AS INTEGER)) FROM pred) <> (SELECT count(*) FROM pred)
			THEN 'a line has more than one row'
			WHEN EXISTS (SELECT 1 FROM pred WHERE pattern IS NULL OR pattern = '')
			THEN 'a line has no pattern'
			ELSE 'ok' END" 2>"$dir/imp.err") || bad="it cannot be read: $(head -3 "$dir/imp.err")"
	[ "$bad" = ok ] || {
		echo "eval-loghub: tix-patterns on $s: output is not the expected CSV: $bad" >&2
		head -5 "$dir/out" >&2
		exit 1
	}
	sql ".mode tabs" "SELECT '$s tix', t.line,
			dense_rank() OVER (ORDER BY p.pattern),
			dense_rank() OVER (ORDER BY t.event)
		FROM truth t JOIN pred p ON t.line = CAST(p.line AS INTEGER)
		WHERE t.set_ = '$s'" >>"$dir/tix" || exit 3
done
awk "$score" "$dir/tix" >"$dir/tix.score" || exit 1

awk -F'\t' -v sets="$sets" -v davg="$drain_avg" '
{ split($1, a, " "); n[a[1]] = $2; right[a[1]] = $3; ng[a[1]] = $4; ne[a[1]] = $5 }
END {
	printf "%-12s %6s %10s %7s %9s %6s\n", "set", "lines", "templates", "groups", "accuracy", "Drain"
	ns = split(sets, s, " ")
	for (i = 1; i <= ns; i++) {
		split(s[i], x, ":")
		k = x[1]
		f = right[k] / n[k]
		t += f; tn += n[k]
		printf "%-12s %6d %10d %7d %9.3f %6s\n", k, n[k], ne[k], ng[k], f, x[2]
	}
	printf "%-12s %6d %10s %7s %9.3f %6s\n", "average", tn, "", "", t / ns, davg
	printf "eval-loghub: tix average grouping accuracy %.3f (Drain, tuned per set, %s)\n", t / ns, davg
}' "$dir/tix.score"
