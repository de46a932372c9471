#!/bin/sh
# tix-triage against hand-labelled tickets, scored by
# tests/data/triage-score.awk (recall per category, S0 recall, false alarms
# among the tickets labelled none, exact severity).  The scores are printed
# to the test log.
#
# The project's labelled sets, which the lexicon was developed against:
# tests/data/triage-labelled.tsv (395 tickets) and triage-dev2.tsv (440, by
# another writer).  On each the thresholds of the issue must hold: S0
# recall >= 0.98 and a false-alarm rate (S0 or S1 on a ticket labelled
# none) <= 0.02.
#
# triage-dev3.tsv (440, by a third writer) was scored unseen first (S0
# recall 0.400, false alarms 9.1%) and then developed against for one
# round; it does not meet the thresholds yet, so it is reported, not
# asserted.
#
# The unseen sets, triage-heldout.tsv (201) and triage-blind.tsv (330),
# each by a writer of its own: their figures are only reported, never
# asserted.  The lexicon is not tuned against them, and this test does not
# look at their contents beyond running them; they measure what a new
# ticket can expect.
#
# All run with the built-in severity file and lexicon: those are what is
# being measured.  The built-in model (--model builtin), trained on the
# three development sets, must be exactly what tix-triage --train makes of
# them; with it, every set's figures are reported too (its threshold was
# chosen by leave-one-writer-out cross-validation on the development sets).
. "$(dirname "$0")/../lib.sh"

D="$TOP/tests/data"
SCORE="$D/triage-score.awk"

# score LABELS OUT: the score table of OUT against LABELS, in ./score,
# printed with a prefix; fails when the script says an id is unknown or
# has no row (it exits 1)
score() {
	awk -f "$SCORE" "$1" "$2" >score
	rc=$?
	sed "s/^/    $(basename "$1" .tsv): /" score
	return $rc
}

# field NAME N: field N of the line of ./score that starts with NAME
field() {
	awk -F '\t' -v k="$1" -v n="$2" '$1 == k { print $n }' score
}

# at_least A B: A >= B, as decimals
at_least() {
	awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 >= b + 0) }'
}

# reads SET: tix-triage reads every ticket of SET with no message, exit 0
reads() {
	tix-triage --format tsv "$D/triage-$1.tsv" >"$SCRATCH_ROOT/$1.out" 2>err &&
	test_cmp /dev/null err &&
	test "$(sed 1d "$SCRATCH_ROOT/$1.out" | wc -l)" -eq "$(sed 1d "$D/triage-$1.tsv" | wc -l)"
}

# report SET: its scores to the test log, whether or not anything holds
report() {
	(cd "$SCRATCH_ROOT" && [ -f "$1.out" ] &&
		awk -f "$SCORE" "$D/triage-$1.tsv" "$1.out" | sed "s/^/    /")
}

for set in labelled dev2; do
	test_expect_success "$set set: tix-triage reads every ticket, exit 0" "reads $set"
	echo "$set set (tests/data/triage-$set.tsv):"
	report $set

	test_expect_success "$set set: every ticket scored, S0 recall >= 0.98" '
		score "$D/triage-'$set'.tsv" "$SCRATCH_ROOT/'$set'.out" &&
		s0=$(field s0_recall 4) &&
		n=$(field s0_recall 2) &&
		test "$n" -gt 0 &&
		{ at_least "$s0" 0.98 || { echo "S0 recall $s0 < 0.98" >&2; false; }; }
	'

	test_expect_success "$set set: false-alarm rate (S0/S1 on tickets labelled none) <= 0.02" '
		score "$D/triage-'$set'.tsv" "$SCRATCH_ROOT/'$set'.out" &&
		fa=$(field false_alarms 4) &&
		n=$(field false_alarms 2) &&
		test "$n" -gt 0 &&
		{ at_least 0.02 "$fa" || { echo "false-alarm rate $fa > 0.02" >&2; false; }; }
	'
done

test_expect_success "dev3 set: tix-triage reads every ticket, exit 0 (figures reported only)" "reads dev3"
echo "dev3 set (tests/data/triage-dev3.tsv), one round of development, reported, not asserted:"
report dev3

for set in heldout blind; do
	test_expect_success "$set set: tix-triage reads every ticket, exit 0 (figures reported only)" \
		"reads $set"
	echo "$set set (tests/data/triage-$set.tsv), unseen, reported, not asserted:"
	report $set
done

test_expect_success 'the built-in model is what --train makes of the three development sets' '
	tix-triage --train "$D/triage-labelled.tsv" "$D/triage-dev2.tsv" "$D/triage-dev3.tsv" >model 2>err &&
	test_cmp /dev/null err &&
	test_cmp "$TOP/samples/tix-model.conf" model
'

for set in labelled dev2 dev3 heldout blind; do
	test_expect_success "$set set with --model builtin: every ticket read, exit 0 (figures reported only)" "
		tix-triage --model builtin --format tsv \"\$D/triage-$set.tsv\" >\"\$SCRATCH_ROOT/$set.m.out\" 2>err &&
		test_cmp /dev/null err &&
		test \"\$(sed 1d \"\$SCRATCH_ROOT/$set.m.out\" | wc -l)\" -eq \"\$(sed 1d \"\$D/triage-$set.tsv\" | wc -l)\"
	"
	echo "$set set with --model builtin, reported, not asserted:"
	(cd "$SCRATCH_ROOT" && [ -f "$set.m.out" ] &&
		awk -f "$SCORE" "$D/triage-$set.tsv" "$set.m.out" | grep -v "^recall" | sed "s/^/    /")
done

test_done
