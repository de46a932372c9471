#!/bin/sh
# tix-triage --train --ordinary as a site would use it: a logistic model
# trained on the project's three development sets of labelled tickets and on
# real ordinary tickets from ../shared/data/exports, then measured on what
# it never saw.
#
#   trained on (ordinary): twcs/spotifycares_support_requests.csv,
#     twcs/sample.csv, cfpb/complaints_sample_bdm_iso_with_zip_preamble.csv,
#     cfpb/Consumer_Complaints_2013_snakecase_999rows.csv,
#     kaggle_support_tickets/customer_support_tickets.csv
#   held out (ordinary): cfpb/complaints_payday_2023_mmddyy.csv,
#     cfpb/Consumer_Complaints_2016-09_349rows.csv, github_issues/github_issues.csv
#   held out (labelled): tests/data/triage-heldout.tsv and triage-blind.tsv,
#     each by a writer of its own, never used to tune anything.
#
# Asserted:
#   - training reads every file without a message and writes a tix-model 2
#     whose cross-validation comment and --check line are there;
#   - on the held-out exports (7,006 tickets) the model raises at most 0.1%
#     to S0 beyond what the words found (the threshold's target, chosen
#     out of fold, is 0.05%; first measured: 4 tickets, 0.057%);
#   - on the 90 S0 tickets of the two unseen sets, words and model together
#     find at least 85% (first measured: 83 of 90; the words alone 50 of 90),
#     and the model adds no false alarm among their 'none' tickets beyond
#     one per set;
#   - on the two asserted development sets the issue's thresholds still hold.
# Every figure is printed to the test log.
. "$(dirname "$0")/../lib.sh"

have_shared || skip_all "../shared/data not present"

E="$SHARED/exports"
D="$TOP/tests/data"
SCORE="$D/triage-score.awk"
M="$SCRATCH_ROOT/site.model"
LOG="$SCRATCH_ROOT/figures"
: >"$LOG"

test_expect_success 'train on the development sets and five real exports: a logistic model, no message' '
	tix-triage --train \
		--ordinary "$E/twcs/spotifycares_support_requests.csv" \
		--ordinary "$E/twcs/sample.csv" \
		--ordinary "$E/cfpb/complaints_sample_bdm_iso_with_zip_preamble.csv" \
		--ordinary "$E/cfpb/Consumer_Complaints_2013_snakecase_999rows.csv" \
		--ordinary "$E/kaggle_support_tickets/customer_support_tickets.csv" \
		"$D/triage-labelled.tsv" "$D/triage-dev2.tsv" "$D/triage-dev3.tsv" >"$M" 2>err &&
	test_cmp /dev/null err &&
	test "$(head -1 "$M")" = "tix-model 2" &&
	grep "^# " "$M" >>"$LOG" &&
	grep -q "^# trained on 1275 labelled tickets (220 of an S0 risk) and [0-9]* ordinary ones" "$M" &&
	grep -q "^threshold -*[0-9.]*$" "$M" &&
	tix-triage --check --model "$M" >out &&
	tail -1 out >>"$LOG" &&
	tail -1 out | grep -q "^model: logistic, 4 classes, [0-9]* features, raises at p >= 0\.[0-9]*$"
'

# s0 FILE [ARGS]: how many tickets of FILE tix-triage makes S0
s0() {
	f=$1
	shift
	tix-triage "$@" --format tsv "$f" | awk -F '\t' 'NR > 1 && $3 == "S0"' | wc -l
}

test_expect_success 'held-out real exports: the model raises at most 0.1% of the tickets to S0' '
	n=0 && words=0 && both=0 &&
	for f in "$E/cfpb/complaints_payday_2023_mmddyy.csv" \
		"$E/cfpb/Consumer_Complaints_2016-09_349rows.csv" \
		"$E/github_issues/github_issues.csv"; do
		k=$(tix-triage --format tsv "$f" | sed 1d | wc -l) &&
		a=$(s0 "$f") && b=$(s0 "$f" --model "$M") &&
		echo "$(basename "$f"): $k tickets, S0 by the words $a, with the model $b" >>"$LOG" &&
		n=$((n + k)) && words=$((words + a)) && both=$((both + b)) || return 1
	done &&
	echo "held out: $n tickets, the model adds $((both - words)) S0" >>"$LOG" &&
	test "$n" -gt 7000 &&
	test $(((both - words) * 1000)) -le "$n"
'

# scores SET ARGS: the score table of SET run with ARGS, in ./SET.score
scores() {
	set_=$1
	shift
	tix-triage "$@" --format tsv "$D/triage-$set_.tsv" >"$set_.out" &&
	awk -f "$SCORE" "$D/triage-$set_.tsv" "$set_.out" >"$set_.score"
}

# field SCOREFILE NAME N
field() {
	awk -F '\t' -v k="$2" -v n="$3" '$1 == k { print $n }' "$1"
}

test_expect_success 'unseen sets: words and model find at least 85% of S0, no more false alarms' '
	found=0 && all=0 &&
	for set in heldout blind; do
		scores $set && mv $set.score $set.words &&
		scores $set --model "$M" &&
		echo "$set: S0 $(field $set.words s0_recall 3)/$(field $set.words s0_recall 2) by the words, $(field $set.score s0_recall 3) with the model; false alarms $(field $set.words false_alarms 3) -> $(field $set.score false_alarms 3) of $(field $set.words false_alarms 2)" >>"$LOG" &&
		grep "^recall" $set.score | sed "s/^/    /" >>"$LOG" &&
		test "$(field $set.score false_alarms 3)" -le $(($(field $set.words false_alarms 3) + 1)) &&
		found=$((found + $(field $set.score s0_recall 3))) &&
		all=$((all + $(field $set.score s0_recall 2))) || return 1
	done &&
	echo "unseen S0 found with the model: $found of $all" >>"$LOG" &&
	test "$all" -eq 90 &&
	test $((found * 100)) -ge $((all * 85))
'

test_expect_success 'development sets with the model: S0 recall >= 0.98, false alarms <= 2%' '
	for set in labelled dev2; do
		scores $set --model "$M" &&
		echo "$set: S0 $(field $set.score s0_recall 4), false alarms $(field $set.score false_alarms 4)" >>"$LOG" &&
		awk -v a="$(field $set.score s0_recall 4)" -v b="$(field $set.score false_alarms 4)" \
			"BEGIN { exit !(a >= 0.98 && b <= 0.02) }" || return 1
	done
'

sed "s/^/    /" "$LOG"
test_done
