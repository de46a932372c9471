#!/bin/sh
# tix-trend end to end: tests/data/gen-trend.awk writes a half-year Zendesk
# export (20 categories, about 57,000 tickets) with planted spikes, level
# shifts and a trend, and the truth about them; tix-ingest loads it; tix-trend
# must find every planted event and nothing in the 16 categories that are
# pure noise.  Then the options, the errors, and --series on small hand-made
# series.
#
# The generator and the data are checked first, with sqlite3 and awk only:
# those cases run even before tix-trend is built; the cases that run
# tix-trend are skipped, saying so, while build/bin/tix-trend is missing.
. "$(dirname "$0")/../lib.sh"

GEN="$TOP/tests/data/gen-trend.awk"
W="$SCRATCH_ROOT/trend"		# shared by the cases: export, truth, database
mkdir -p "$W"
HEADER=group,kind,index,start,end,baseline,observed,ratio,p_value,q_value,score
# day index of a ticket, day 0 = Monday 2026-01-05 (UTC)
DAY="(created - strftime('%s', '2026-01-05')) / 86400"

# trend_case DESC BODY: a test_expect_success that needs tix-trend
trend_case() {
	if [ -x "$BIN/tix-trend" ]; then
		test_expect_success "$1" "$2"
	else
		test_skipped=$((test_skipped + 1))
		echo "skip - $test_name: $1 ($TIX_BUILD/bin/tix-trend is not built yet)"
	fi
}

# day_dates START N: "index<TAB>date" for N days from START (YYYY-MM-DD)
day_dates() {
	sqlite3 -separator '	' :memory: "WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL
		SELECT n + 1 FROM i WHERE n < $2 - 1) SELECT n, date('$1', '+' || n || ' days') FROM i"
}

# weekday DATE: 0 (Sunday) to 6
weekday() {
	sqlite3 :memory: "SELECT strftime('%w', '$1')"
}

# daily CATEGORY: "day count" for each of the 182 days (0 where none)
daily() {
	sqlite3 -separator ' ' "$W/trend.db" \
		"SELECT $DAY AS d, count(*) FROM ticket WHERE category = '$1' GROUP BY d" |
		awk '{ n[$1] = $2 } END { for (d = 0; d < 182; d++) print d, n[d] + 0 }'
}

# spike_in_data CATEGORY DAY: the count of DAY is at least 3 times, and 20
# more than, the median of the same weekday in the 4 weeks before and after
spike_in_data() {
	daily "$1" | awk -v day="$2" -v cat="$1" '
		{ n[$1] = $2 }
		END {
			m = 0
			for (k = -4; k <= 4; k++)
				if (k && day + 7 * k >= 0 && day + 7 * k < 182)
					v[++m] = n[day + 7 * k]
			for (i = 2; i <= m; i++)
				for (j = i; j > 1 && v[j - 1] > v[j]; j--) {
					t = v[j]; v[j] = v[j - 1]; v[j - 1] = t
				}
			med = m % 2 ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
			printf "%s day %d: %d tickets, same weekday median %.1f\n", cat, day, n[day], med
			exit !(n[day] >= 3 * med && n[day] >= med + 20)
		}'
}

# level CATEGORY A B C D: mean daily count of days C..D over that of days A..B
level() {
	daily "$1" | awk -v a="$2" -v b="$3" -v c="$4" -v d="$5" '
		$1 >= a && $1 <= b { x += $2 }
		$1 >= c && $1 <= d { y += $2 }
		END { printf "%.3f\n", (y / (d - c + 1)) / (x / (b - a + 1)) }'
}

# within LO HI: the number on stdin is in [LO, HI]
within() {
	awk -v lo="$1" -v hi="$2" '{ print; exit !($1 >= lo && $1 <= hi) }'
}

# nb_tail CATEGORY DAY: P(X >= count of DAY) when X is negative binomial
# (shape 20, the generator's) with the planned mean of the same weekday a
# week before: how clear the planted spike of DAY is, by the model itself
nb_tail() {
	awk -F'\t' -v cat="$1" -v day="$2" -v k=20 '
		NR > 1 && $3 == cat && $1 == day - 7 { m = $4 }
		NR > 1 && $3 == cat && $1 == day { x = $5 }
		END {
			p = k / (k + m)
			pj = exp(k * log(p))
			for (j = 0; j < x + 5000; j++) {
				if (j >= x)
					tail += pj
				pj *= (j + k) / (j + 1) * (1 - p)
			}
			printf "%s day %d: %d tickets, planned baseline %.1f, P(X >= %d) = %.3g\n", cat, day, x, m, x, tail
			print tail
		}' "$W/counts.tsv" | tail -1
}

# cp_interval CATEGORY DAY FROM: where the data put the planted level
# shift of DAY, by the generator's own model (its planned means before and
# after, negative binomial shape 20) over days FROM..181: every change day
# whose log-likelihood is within 2 of the best one's, the best first.
# Noise can move a change point a few days; no detector should be asked to
# do better than this.
cp_interval() {
	awk -F'\t' -v cat="$1" -v t0="$2" -v lo="$3" -v k=20 '
		NR > 1 && $3 == cat { m[$1] = $4; x[$1] = $5 }
		END {
			f = m[t0] / m[t0 - 7]
			for (d = lo; d < 182; d++) {
				pre = d >= t0 ? m[d] / f : m[d]
				p = k / (k + pre)
				a[d] = x[d] * log(1 - p) + k * log(p)
				p = k / (k + pre * f)
				b[d] = x[d] * log(1 - p) + k * log(p)
			}
			best = ""
			for (t = lo + 1; t < 182; t++) {
				ll[t] = 0
				for (d = lo; d < 182; d++)
					ll[t] += d < t ? a[d] : b[d]
				if (best == "" || ll[t] > ll[best])
					best = t
			}
			s = best
			for (t = lo + 1; t < 182; t++)
				if (t != best && ll[t] >= ll[best] - 2)
					s = s " " t
			print s
		}' "$W/counts.tsv"
}

# rows FILE: tix-trend's CSV data rows as TSV (fields unquoted; the group
# names here hold no comma or quote)
rows() {
	awk -F, 'NR > 1 { for (i = 1; i <= NF; i++) gsub(/^"|"$/, "", $i)
		s = $1; for (i = 2; i <= NF; i++) s = s "\t" $i; print s }' "$1"
}

# found FILE GROUP KIND DAY [ALSO]: FILE has a KIND row for GROUP whose
# index is DAY, give or take one, or one of the days in the list ALSO
found() {
	rows "$1" | awk -F'\t' -v g="$2" -v k="$3" -v d="$4" -v also="${5:-}" '
		BEGIN { n = split(also, a, " "); for (i = 1; i <= n; i++) ok_at[a[i]] = 1 }
		$1 == g && $2 == k && ($3 - d <= 1 && d - $3 <= 1 || $3 in ok_at) { ok = 1; print }
		END {
			if (!ok)
				print "no " k " row for " g " at index " d " (+-1)" (n ? " or " also : "")
			exit !ok
		}'
}

# ---------------------------------------------------------------------------
# the generator and the data

test_expect_success 'gen-trend.awk writes the export and the truth' '
	awk -v truth="$W/truth.tsv" -v counts="$W/counts.tsv" -f "$GEN" >"$W/export.csv" &&
	head -1 "$W/export.csv" >actual &&
	echo "Id,Requester,Requester id,Requester email,Assignee,Group,Subject,Description,Tags,Status,Priority,Via,Ticket type,Category [list],Created at,Updated at,Solved at" >expect &&
	test_cmp expect actual &&
	n=$(($(wc -l <"$W/export.csv") - 1)) &&
	echo "$n rows" &&
	test $n -ge 40000 && test $n -le 150000 &&
	printf "category\tkind\tday_index\tdate\n" >expect &&
	printf "Upload failed\ttrend\t0\t2026-01-05\n" >>expect &&
	printf "LIVE streaming\tspike\t40\t2026-02-14\n" >>expect &&
	printf "Account hacked\tspike\t100\t2026-04-15\n" >>expect &&
	printf "Payments\tshift\t120\t2026-05-05\n" >>expect &&
	printf "LIVE streaming\tshift\t150\t2026-06-04\n" >>expect &&
	test_cmp expect "$W/truth.tsv"
'

test_expect_success 'the truth dates are the day indexes counted from Monday 2026-01-05' '
	test "$(weekday 2026-01-05)" = 1 &&
	day_dates 2026-01-05 182 >dates &&
	sed 1d "$W/truth.tsv" | awk -F"\t" "NR == FNR { date[\$1] = \$2; next }
		{ print \$3, \$4, date[\$3]; if (date[\$3] != \$4) bad = 1 } END { exit bad }" dates -
'

test_expect_success 'the same seed gives the same bytes, another seed others' '
	awk -f "$GEN" >a.csv && cmp a.csv "$W/export.csv" &&
	awk -v seed=1 -f "$GEN" | cmp - a.csv &&
	awk -v seed=2 -f "$GEN" >b.csv &&
	if cmp -s a.csv b.csv; then echo "seeds 1 and 2 gave the same export"; false; fi
'

test_expect_success 'every awk at hand writes the same bytes (no rand(), no libm)' '
	seen= &&
	for a in mawk gawk original-awk nawk; do
		p=$(command -v $a) || continue
		p=$(readlink -f "$p")
		case " $seen " in *" $p "*) continue ;; esac
		seen="$seen $p"
		echo "$a ($p)"
		$a -v truth=t.tsv -v counts=c.tsv -f "$GEN" >x.csv &&
		cmp x.csv "$W/export.csv" && cmp t.tsv "$W/truth.tsv" &&
		cmp c.tsv "$W/counts.tsv" || exit 1
	done
'

test_expect_success 'the plan: events only where the truth says, weekly pattern elsewhere' '
	awk -F"\t" "NR > 1 { print \$3 }" "$W/counts.tsv" | sort -u >cats &&
	test $(wc -l <cats) -eq 20 &&
	awk -F"\t" "NR > 1 { print \$1 }" "$W/truth.tsv" | sort -u >planted &&
	test $(wc -l <planted) -eq 4 &&
	# the planted mean of each day over that of the same weekday of week 0
	awk -F"\t" "NR > 1 {
		if (\$1 < 7) m0[\$3, \$1] = \$4
		r = \$4 / m0[\$3, \$1 % 7]
		if (\$3 == \"Upload failed\")
			e = (1 + 1.5 * \$1 / 181) / (1 + 1.5 * (\$1 % 7) / 181)
		else if (\$3 == \"Account hacked\")
			e = \$1 == 100 ? 6 : 1
		else if (\$3 == \"Payments\")
			e = \$1 >= 120 ? 2 : 1
		else if (\$3 == \"LIVE streaming\")
			e = \$1 == 40 ? 5 : \$1 >= 150 ? 0.5 : 1
		else
			e = 1
		if (r < e * 0.999 || r > e * 1.001) {
			print \"day \" \$1 \" \" \$3 \": mean ratio \" r \", planned \" e; bad = 1
		}
	}
	END { exit bad }" "$W/counts.tsv"
'

test_expect_success 'tix-ingest takes every row' '
	n=$(($(wc -l <"$W/export.csv") - 1)) &&
	tix-ingest --db "$W/trend.db" --format csv "$W/export.csv" >out &&
	tail -1 out | cut -d, -f2- >actual &&
	echo "zendesk,1,$n,$n,0,0,0,0" >expect && test_cmp expect actual &&
	sqlite3 "$W/trend.db" "SELECT count(*), count(DISTINCT ext_id), count(DISTINCT category) FROM ticket" >actual &&
	echo "$n|$n|20" >expect && test_cmp expect actual &&
	sqlite3 "$W/trend.db" "SELECT count(*) FROM reject" >actual && echo 0 >expect &&
	test_cmp expect actual
'

test_expect_success 'the tickets per category and day in the database are those generated' '
	awk -F"\t" "NR > 1 && \$5 > 0 { print \$1 \"|\" \$3 \"|\" \$5 }" "$W/counts.tsv" |
		sort >expect &&
	sqlite3 "$W/trend.db" "SELECT $DAY AS d, category, count(*) FROM ticket GROUP BY d, category" |
		sort >actual &&
	test_cmp expect actual &&
	# every series starts on day 0 and covers the 182 days
	sqlite3 "$W/trend.db" "SELECT count(DISTINCT category), min($DAY), max($DAY) FROM ticket WHERE $DAY = 0 OR $DAY = 181" >actual &&
	sqlite3 "$W/trend.db" "SELECT count(DISTINCT category) FROM ticket WHERE $DAY = 0" >>actual &&
	printf "20|0|181\n20\n" >expect && test_cmp expect actual
'

test_expect_success 'the planted spikes stand out in the data' '
	spike_in_data "Account hacked" 100 &&
	spike_in_data "LIVE streaming" 40
'

test_expect_success 'the planted shifts and the trend are in the data' '
	level Payments 0 119 120 181 | within 1.7 2.4 &&
	level "LIVE streaming" 41 149 150 181 | within 0.4 0.65 &&
	level "Upload failed" 0 55 126 181 | within 1.4 3
'

test_expect_success 'the planted events are clear by the generator'"'"'s own model' '
	for s in "Account hacked 100" "LIVE streaming 40"; do
		p=$(nb_tail "${s% *}" "${s##* }") && echo "${s% *} day ${s##* }: P = $p" &&
		# below 1e-6: clear even after a correction for all 20 x 182 days
		awk -v p="$p" "BEGIN { exit !(p < 1e-6) }" || exit 1
	done &&
	for s in "Payments 120 0" "LIVE streaming 150 41"; do
		set -- $s && c="$1" && [ $# -eq 4 ] && c="$1 $2" && shift
		i=$(cp_interval "$c" "$2" "$3") && echo "$c: change at $2, the data say $i" &&
		for t in $i; do
			test $t -ge $(($2 - 3)) && test $t -le $(($2 + 3)) || exit 1
		done
	done
'

test_expect_success 'the pure-noise categories stay level' '
	awk -F"\t" "NR > 1 { print \$1 }" "$W/truth.tsv" | sort -u >planted &&
	sqlite3 "$W/trend.db" "SELECT DISTINCT category FROM ticket" | grep -vxF -f planted >noise &&
	test $(wc -l <noise) -eq 16 &&
	while IFS= read -r c; do
		printf "%s: " "$c" && level "$c" 0 90 91 181 | within 0.85 1.2 || exit 1
	done <noise
'

# ---------------------------------------------------------------------------
# tix-trend on the export

trend_case 'tix-trend --by category --bin day: CSV with the stable columns' '
	tix-trend --db "$W/trend.db" --by category --bin day --format csv >"$W/found.csv" &&
	cat "$W/found.csv" &&
	head -1 "$W/found.csv" >actual && echo "$HEADER" >expect && test_cmp expect actual &&
	test $(wc -l <"$W/found.csv") -ge 6 &&
	rows "$W/found.csv" | awk -F"\t" "NF != 11 { print \"not 11 fields: \" \$0; bad = 1 }
		\$2 != \"spike\" && \$2 != \"shift\" && \$2 != \"trend\" { print \"kind: \" \$0; bad = 1 }
		\$4 !~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]\$/ || \$5 !~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]\$/ { print \"dates: \" \$0; bad = 1 }
		\$5 < \$4 { print \"end before start: \" \$0; bad = 1 }
		!(\$10 + 0 <= 0.05) { print \"q over alpha 0.05: \" \$0; bad = 1 }
		END { exit bad }"
'

trend_case 'start is the date of index, counted from the first day' '
	day_dates 2026-01-05 182 >dates &&
	rows "$W/found.csv" | awk -F"\t" "NR == FNR { date[\$1] = \$2; next }
		date[\$3] != \$4 { print \"index \" \$3 \" is \" date[\$3] \", start says \" \$4; bad = 1 }
		END { exit bad }" dates -
'

trend_case 'every planted spike is found, at its day +-1' '
	found "$W/found.csv" "Account hacked" spike 100 &&
	found "$W/found.csv" "LIVE streaming" spike 40
'

trend_case 'every planted shift is found, at its day +-1 or where the data put it' '
	found "$W/found.csv" Payments shift 120 "$(cp_interval Payments 120 0)" &&
	found "$W/found.csv" "LIVE streaming" shift 150 "$(cp_interval "LIVE streaming" 150 41)"
'

trend_case 'the planted trend is found, rising' '
	rows "$W/found.csv" | awk -F"\t" "\$1 == \"Upload failed\" && \$2 == \"trend\" && \$8 > 1 { ok = 1; print }
		END { exit !ok }"
'

trend_case 'nothing is found in the 16 pure-noise categories' '
	awk -F"\t" "NR > 1 { print \$1 }" "$W/truth.tsv" | sort -u >planted &&
	sqlite3 "$W/trend.db" "SELECT DISTINCT category FROM ticket" | grep -vxF -f planted >noise &&
	test $(wc -l <noise) -eq 16 &&
	rows "$W/found.csv" | awk -F"\t" "NR == FNR { noise[\$0] = 1; next }
		\$1 in noise { print \"false alarm: \" \$0; bad = 1 } END { exit bad }" noise -
'

trend_case '--detect spike gives spike rows only, still both spikes' '
	tix-trend --db "$W/trend.db" --by category --bin day --detect spike --format csv >out &&
	head -1 out >actual && echo "$HEADER" >expect && test_cmp expect actual &&
	rows out | awk -F"\t" "\$2 != \"spike\" { print; bad = 1 } END { exit bad }" &&
	found out "Account hacked" spike 100 && found out "LIVE streaming" spike 40
'

trend_case '--top 3 gives at most 3 rows' '
	tix-trend --db "$W/trend.db" --by category --bin day --top 3 --format csv >out &&
	head -1 out >actual && echo "$HEADER" >expect && test_cmp expect actual &&
	n=$(($(wc -l <out) - 1)) && echo "$n rows" && test $n -ge 1 && test $n -le 3
'

trend_case '--bin hour is a usage error (exit 2) that names --bin' '
	test_must_fail --status 2 tix-trend --db "$W/trend.db" --by category --bin hour >out 2>err &&
	cat err && grep -q "^tix-trend: " err && grep -q -e "--bin" err
'

trend_case '--alpha 2 is a usage error (exit 2)' '
	test_must_fail --status 2 tix-trend --db "$W/trend.db" --by category --alpha 2 >out 2>err &&
	cat err && grep -q "^tix-trend: " err
'

trend_case 'a missing database: exit 3, and no file is made' '
	test_must_fail --status 3 tix-trend --db nosuch.db --by category --bin day >out 2>err &&
	cat err && grep -q "^tix-trend: " err && test ! -e nosuch.db
'

trend_case 'a bad --by, --since or range is a usage error (exit 2) before any database is opened' '
	test_must_fail --status 2 tix-trend --db nosuch.db --by nosuch >out 2>err &&
	cat err && grep -q "^tix-trend: .*--by" err &&
	test_must_fail --status 2 tix-trend --db nosuch.db --since "next blue moon" >out 2>err &&
	cat err && grep -q "^tix-trend: .*--since" err &&
	test_must_fail --status 2 tix-trend --db nosuch.db --since 2026-03-01 --until 2026-02-01 >out 2>err &&
	cat err && grep -q "^tix-trend: .*--since must come before --until" err &&
	test ! -e nosuch.db
'

trend_case '--series with --by is a usage error (exit 2)' '
	test_must_fail --status 2 tix-trend --series --by category v.csv >out 2>err &&
	cat err && grep -q "^tix-trend: --series reads a file" err
'

trend_case '--detect with an empty name is a usage error that says so' '
	test_must_fail --status 2 tix-trend --db "$W/trend.db" --detect ,spike >out 2>err &&
	cat err && grep -q "^tix-trend: --detect: an empty name in" err
'

trend_case '--until past the last ticket adds no days of zeros (no shift to zero)' '
	tix-trend --db "$W/trend.db" --by category --detect shift --format csv >base.csv &&
	tix-trend --db "$W/trend.db" --by category --detect shift --until 2026-12-31 --format csv >out &&
	test_cmp base.csv out
'

# tags.awk: 70 days from Monday 2026-03-02, 6 tickets a day tagged
# "needs review,billing" and 3 tagged "vip"; on day 50 (2026-04-21), 40
# more tagged "needs review,billing"
cat >"$W/tags.awk" <<'EOF'
BEGIN {
	print "Id,Subject,Tags,Created at"
	id = 1
	for (d = 0; d < 70; d++) {
		if (d < 30)
			day = sprintf("2026-03-%02d", d + 2)
		else if (d < 60)
			day = sprintf("2026-04-%02d", d - 29)
		else
			day = sprintf("2026-05-%02d", d - 59)
		n = d == 50 ? 46 : 6
		for (k = 0; k < n; k++)
			printf "%d,s,\"needs review,billing\",%s 10:%02d:00\n", id++, day, k
		for (k = 0; k < 3; k++)
			printf "%d,s,vip,%s 11:%02d:00\n", id++, day, k
	}
}
EOF

trend_case '--by tag: tags are split at commas only, a tag may hold a space' '
	awk -f "$W/tags.awk" >tags.csv && sed -n "2p;3p" tags.csv &&
	tix-ingest --db tags.db tags.csv >/dev/null &&
	sqlite3 tags.db "SELECT tags, count(*) FROM ticket GROUP BY 1" &&
	tix-trend --db tags.db --by tag --detect spike --format csv >out &&
	cat out &&
	rows out | awk -F"\t" "\$1 == \"needs review\" && \$3 == 50 && \$4 == \"2026-04-21\" { a = 1 }
		\$1 == \"billing\" && \$3 == 50 { b = 1 }
		\$1 != \"needs review\" && \$1 != \"billing\" { print \"unexpected: \" \$0; bad = 1 }
		END { exit bad || !a || !b }"
'

# ---------------------------------------------------------------------------
# tix-trend --series: any numeric series

# step_values: 60 values, about 10 for the first 30, about 20 after
step_values() {
	awk "BEGIN { split(\"0 1 0 -1 0 1 -1 0 0 1 -1 0 1 0\", j, \" \")
		for (i = 0; i < 60; i++) print (i < 30 ? 10 : 20) + j[1 + (i * 5) % 14] }"
}

# step_series [awk program]: time,value CSV of step_values, one day apart
# from 2026-03-01; the program may change $2 (the value) of record i
step_series() {
	day_dates 2026-03-01 60 | cut -f2 >times &&
	step_values >values &&
	echo time,value &&
	paste -d, times values | awk -F, -v OFS=, "{ i = NR - 1 } ${1:-1}"
}

# shift_at FILE INDEX: FILE has a shift row at exactly INDEX
shift_at() {
	rows "$1" | awk -F"\t" -v d="$2" "\$2 == \"shift\" && \$3 == d { ok = 1; print }
		END { if (!ok) print \"no shift row at index \" d; exit !ok }"
}

trend_case '--series time,value: a level step at index 30 is a shift at 30' '
	step_series >s.csv && sed -n "30,33p" s.csv &&
	tix-trend --series s.csv --format csv >out 2>err &&
	cat out && head -1 out >actual && echo "$HEADER" >expect && test_cmp expect actual &&
	shift_at out 30
'

trend_case '--series with a single column of values works the same' '
	{ echo value && step_values; } >v.csv &&
	tix-trend --series v.csv --format csv >out 2>err &&
	cat out && shift_at out 30
'

trend_case '--series: a value that is not a number is reported by line, exit 1, findings still printed' '
	step_series "i == 3 { \$2 = \"abc\" } 1" >bad.csv &&
	sed -n 5p bad.csv | grep -q ",abc\$" &&
	test_must_fail --status 1 tix-trend --series bad.csv --format csv >out 2>err &&
	cat err && grep -q "^tix-trend: bad.csv:5: " err &&
	cat out && shift_at out 30
'

trend_case '--series: empty cells and NaN are missing values, not errors' '
	step_series "i == 5 || i == 31 { \$2 = \"\" } i == 17 { \$2 = \"NaN\" } i == 44 { \$2 = \"nan\" } 1" >gaps.csv &&
	grep -c ",\$" gaps.csv | grep -qx 2 && grep -ci ",nan\$" gaps.csv | grep -qx 2 &&
	tix-trend --series gaps.csv --format csv >out 2>err &&
	cat err && if grep -q "gaps.csv:[0-9]" err; then false; fi &&
	cat out && shift_at out 30
'

test_done
