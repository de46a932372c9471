#!/bin/sh
# eval/tcpd.sh BUILD_DIR - score tix-trend's change-point detector on the
# Turing Change Point Dataset (16 series with five human annotations each) and
# compare it with the published F1 of 14 methods.  `make eval-tcpd` runs it.
#
#   TIX_DATA=dir     directory holding tcpd/ (default: ../shared/data from the
#                    repository root); when tcpd/ is not there: skipped, exit 0
#   TIX_TREND=prog   run prog in place of BUILD_DIR/bin/tix-trend (a stand-in
#                    detector, given the same options)
#
# F1 as in the TCPD benchmark: margin 5 points, index 0 counted as a change
# point by every annotator and by the detector, precision against the union
# of the annotators, recall averaged over annotators.  Before the tool runs,
# the scorer must give the published F1 of `zero` (no change point) on every
# series.  Scratch files go to a directory under ${TMPDIR:-/tmp}, removed at
# the end.  Exit: 0 done (or skipped), 1 the scorer check or the tool failed,
# 3 something to run it with is missing.
set -u

build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
case $build in
/*) ;;
*) build=$top/$build ;;
esac
data=${TIX_DATA:-$top/../shared/data}/tcpd
tix=${TIX_TREND:-$build/bin/tix-trend}

[ -d "$data" ] || { echo "eval-tcpd: skipped: $data not found"; exit 0; }
command -v jq >/dev/null 2>&1 || { echo "eval-tcpd: jq is not installed (make deps)" >&2; exit 3; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/tix-eval.XXXXXX") || exit 3
trap 'rm -rf "$dir"' EXIT
trap 'exit 130' HUP INT TERM

# The scorer's input, one record per line:
#   A series annotator index...   one annotator's change points
#   P series zero best_method best_f1 oracle_f1   published, per series
#   M method average              published default F1, best first
#   N series n                    number of points
#   X series index...             tix-trend's change points
jq -r 'to_entries[] | .key as $s | .value | to_entries[]
	| "A \($s) \(.key) \(.value | map(tostring) | join(" "))"' \
	"$data/annotations.json" >"$dir/in" &&
jq -r --slurpfile o "$data/published_oracle_f1.json" 'to_entries[] | .key as $s
	| (.value | del(.zero) | to_entries | map(select(.value != null))
		| sort_by(-.value) | .[0]) as $b
	| ($o[0][$s] | del(.zero) | map(select(. != null)) | max) as $ob
	| "P \($s) \(.value.zero) \($b.key) \($b.value) \($ob)"' \
	"$data/published_default_f1.json" >>"$dir/in" &&
jq -r '[.[]] as $a | [$a[0] | keys[] as $m | {$m, f: ([$a[] | .[$m] // 0] | add / length)}]
	| sort_by(-.f)[] | "M \(.m) \(.f)"' \
	"$data/published_default_f1.json" >>"$dir/in" || exit 3
series=$(jq -r 'keys[]' "$data/annotations.json") || exit 3

# shellcheck disable=SC2016
score='
# setof(s, z): the numbers of s, each once, ascending, with 0 added if z
function setof(s, z,   a, b, seen, n, k, i, j, v, out) {
	n = split(s (z ? " 0" : ""), a, " ")
	k = 0
	for (i = 1; i <= n; i++) {
		v = a[i] + 0
		if (v in seen) continue
		seen[v] = 1
		for (j = ++k; j > 1 && b[j - 1] > v; j--) b[j] = b[j - 1]
		b[j] = v
	}
	out = ""
	for (i = 1; i <= k; i++) out = out (i > 1 ? " " : "") b[i]
	return out
}
# tp(T, X): true positives of the sorted sets T in X: each tau of T in turn
# takes the closest unused x within 5 points (the smaller x on a tie)
function tp(T, X,   t, x, nt, nx, i, j, best, d, bd, c) {
	nt = split(T, t, " ")
	nx = split(X, x, " ")
	c = 0
	for (i = 1; i <= nt; i++) {
		best = 0
		for (j = 1; j <= nx; j++) {
			if (!(j in x)) continue
			d = t[i] - x[j]
			if (d < 0) d = -d
			if (d <= 5 && (!best || d < bd)) { best = j; bd = d }
		}
		if (best) { c++; delete x[best] }
	}
	return c
}
function f1(s, X,   k, P, R, nx, tmp) {
	X = setof(X, 1)
	nx = split(X, tmp, " ")
	P = tp(uni[s], X) / nx
	R = 0
	for (k = 1; k <= nann[s]; k++)
		R += tp(ann[s, k], X) / split(ann[s, k], tmp, " ")
	R /= nann[s]
	return P + R > 0 ? 2 * P * R / (P + R) : 0
}
# rest(k): fields k to NF
function rest(k,   i, r) {
	r = ""
	for (i = k; i <= NF; i++) r = r " " $i
	return r
}
function shortlist(s,   a, n, i, out) {
	n = split(s, a, " ")
	if (n == 0) return "-"
	out = ""
	for (i = 1; i <= n && i <= 20; i++) out = out (i > 1 ? " " : "") a[i]
	return n > 20 ? out " ... (" n " in all)" : out
}
$1 == "A" {
	if (!($2 in nann)) order[++ns] = $2
	ann[$2, ++nann[$2]] = setof(rest(4), 1)
	all[$2] = all[$2] rest(4)
}
$1 == "P" { zero[$2] = $3; bestm[$2] = $4; bestf[$2] = $5; oracle[$2] = $6 }
$1 == "M" { meth[++nm] = $2; mavg[nm] = $3 }
$1 == "N" { n[$2] = $3 }
$1 == "X" { pred[$2] = rest(3) }
END {
	for (i = 1; i <= ns; i++) { s = order[i]; uni[s] = setof(all[s], 1) }
	if (mode == "check") {
		bad = 0; zs = 0; ps = 0
		for (i = 1; i <= ns; i++) {
			s = order[i]
			z = f1(s, "")
			zs += z; ps += zero[s]
			d = z - zero[s]
			if (d > 1e-9 || d < -1e-9) {
				printf "eval-tcpd: scorer check: %s: F1 of no change %.6f, published %.6f\n", \
					s, z, zero[s]
				bad = 1
			}
		}
		if (ns != 16 || sprintf("%.3f", zs / ns) != sprintf("%.3f", ps / ns)) bad = 1
		printf "eval-tcpd: scorer check: F1 of no change averages %.3f over %d series, published zero %.3f: %s\n", \
			zs / ns, ns, ps / ns, bad ? "FAILED" : "ok"
		exit bad
	}
	print "change points: tix-trend | annotators (union)"
	for (i = 1; i <= ns; i++) {
		s = order[i]
		printf "  %-20s %s | %s\n", s, shortlist(setof(pred[s], 0)), shortlist(setof(all[s], 0))
	}
	print ""
	printf "%-20s %4s %6s %6s  %-22s %6s\n", "series", "n", "tix", "zero", "best published default", "oracle"
	for (i = 1; i <= ns; i++) {
		s = order[i]
		f = f1(s, pred[s])
		t += f; tz += zero[s]; tb += bestf[s]; to += oracle[s]
		printf "%-20s %4d %6.3f %6.3f  %5.3f %-16s %6.3f\n", s, n[s], f, zero[s], bestf[s], bestm[s], oracle[s]
	}
	printf "%-20s %4s %6.3f %6.3f  %5.3f %-16s %6.3f\n", "average", "", t / ns, tz / ns, tb / ns, "(per series)", to / ns
	line = ""
	for (i = 1; i <= nm && i <= 6; i++) line = line sprintf("%s %s %.3f", i > 1 ? "," : "", meth[i], mavg[i])
	print "published default averages:" line ", ..."
	for (i = 1; i <= nm && meth[i] == "zero"; i++) ;
	printf "eval-tcpd: tix average F1 %.3f (zero %.3f, best published default %.3f)\n", t / ns, tz / ns, mavg[i]
}'

awk -v mode=check "$score" "$dir/in" || exit 1

[ -x "$tix" ] || { echo "eval-tcpd: $tix is missing (make all)" >&2; exit 3; }
for s in $series; do
	f=$data/$s.json
	[ -f "$f" ] || { echo "eval-tcpd: $f not found" >&2; exit 3; }
	# time,value: the series' own time labels (else the index); null -> empty
	jq -r '.series[0].raw as $v | (.time.raw // [range($v | length)]) as $t
		| "time,value", (range($v | length)
			| "\($t[.] | tostring | if test("[,\"]") then "\"" + gsub("\""; "\"\"") + "\"" else . end),\($v[.] // "")")' \
		"$f" >"$dir/$s.csv" || exit 3
	echo "N $s $(($(wc -l <"$dir/$s.csv") - 1))" >>"$dir/in"
	"$tix" --series "$dir/$s.csv" --detect shift --format csv >"$dir/out" 2>"$dir/err"
	rc=$?
	case $rc in
	0 | 1) ;;
	*)
		echo "eval-tcpd: tix-trend failed on $s (exit $rc):" >&2
		tail -5 "$dir/err" >&2
		exit 1
		;;
	esac
	# the index of each shift row, columns found by name in the header
	x=$(awk -F, '{ sub(/\r$/, "") }
		NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; if (!col["kind"] || !col["index"]) exit 1; next }
		$col["kind"] == "shift" { if ($col["index"] !~ /^[0-9]+$/) exit 1; printf " %s", $col["index"] }' \
		"$dir/out") || {
		echo "eval-tcpd: tix-trend on $s: output is not the expected CSV:" >&2
		head -5 "$dir/out" >&2
		exit 1
	}
	echo "X $s$x" >>"$dir/in"
done
awk -v mode=report "$score" "$dir/in"
