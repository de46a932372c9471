# triage-score.awk - score tix-triage's TSV output against a labelled set.
#   awk -f triage-score.awk LABELS.tsv TRIAGE.tsv
# LABELS: Id Subject Description Status Created Requester Label Expected
# TRIAGE: id subject severity risks team due reasons facts
# Prints per category: tickets, found (the label among risks), recall; then
# S0 recall, S0+S1 false alarms on the label-none tickets, and the share of
# tickets whose severity is exactly the expected one.  With -v misses=1 it
# also lists every miss and false alarm.
BEGIN { FS = "\t" }
FNR == 1 { next }
NR == FNR { label[$1] = $7; want[$1] = $8; text[$1] = $2 " | " $3; next }
{
	id = $1; got = $3; risks = "," $4 ","
	if (!(id in label)) { printf "unknown id %s\n", id; bad = 1; next }
	seen[id] = 1
	l = label[id]
	if (l != "none") {
		n[l]++
		if (index(risks, "," l ",")) hit[l]++
		else if (misses) printf "MISS %s %s got=%s [%s] %s\n", id, l, got, $4, text[id]
	} else {
		neg++
		if (got == "S0" || got == "S1") {
			fa++
			if (misses) printf "FALSE %s got=%s [%s] %s\n", id, got, $4, text[id]
		}
	}
	if (want[id] == "S0") { s0++; if (got == "S0") s0hit++
		else if (misses) printf "S0MISS %s %s got=%s [%s] %s\n", id, l, got, $4, text[id] }
	total++; if (got == want[id]) exact++
}
END {
	for (id in label) if (!(id in seen)) { printf "no output row for %s\n", id; bad = 1 }
	for (l in n) printf "recall\t%s\t%d\t%d\t%.3f\n", l, n[l], hit[l], hit[l] / n[l] | "sort"
	close("sort")
	printf "s0_recall\t%d\t%d\t%.3f\n", s0, s0hit, s0 ? s0hit / s0 : 0
	printf "false_alarms\t%d\t%d\t%.3f\n", neg, fa, neg ? fa / neg : 0
	printf "severity_exact\t%d\t%d\t%.3f\n", total, exact, total ? exact / total : 0
	exit bad
}
