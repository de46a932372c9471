#!/bin/sh
# tix-patterns --lines on the subjects of the sample exports, with known
# answers: samples/mksamples.py writes every subject from a template of its
# TOPICS ("Upload stuck at {pct}%", "Appeal of ban on {handle}", ...), and
# `mksamples.py --subject-templates` prints them.  The true template of a
# subject is the one that matches it whole, each {placeholder} read as the
# regex .+?; a subject that matches none or several stops the test.  Then,
# over the subjects of all samples together and of each sample alone:
#   (1) all subjects of one template get one pattern id (nothing split), and
#   (2) no pattern id holds subjects of two templates (nothing merged).
#
# The subjects are read with Python's csv module, never by tix: one per
# ticket (ServiceNow's event log has a row per update: its first row per
# number), in file order, line breaks inside a subject made spaces.
. "$(dirname "$0")/../lib.sh"

command -v python3 >/dev/null 2>&1 || skip_all "python3 is not installed (make deps)"

W="$SCRATCH_ROOT/w"		# the subjects, shared by the cases
mkdir -p "$W"
REPORT="$SCRATCH_ROOT/report"	# the figures, printed after the cases
Q="'"
: >"$REPORT"

# The samples: file, field separator, lines before the header, ticket id
# column, subject column, tickets (as t-samples.sh counts them).
# Salesforce's report ends in a blank line and a one-field footer.
SAMPLES='zendesk.csv	,	0	Id	Subject	340
salesforce.csv	,	0	Case Number	Subject	290
freshdesk.csv	;	0	Ticket ID	Subject	310
jsm.csv	,	0	Issue key	Summary	260
servicenow.csv	,	0	number	short_description	80
oracle.csv	,	2	Reference #	Subject	280'

cat >"$W/subjects.py" <<\EOF
"""
subjects.py extract TEMPLATES SAMPLES_TSV SAMPLES_DIR OUT_DIR
    for each sample NAME.csv: OUT_DIR/NAME.subjects (one subject per line)
    and OUT_DIR/NAME.truth (the line number in TEMPLATES of its template).
    Exit 1, saying which, if a subject matches no template or several, or a
    sample has another number of tickets than SAMPLES_TSV says.
subjects.py check TEMPLATES TRUTH PATTERNS_CSV
    PATTERNS_CSV is tix-patterns --lines --format csv over NAME.subjects,
    TRUTH is NAME.truth.  Prints the numbers of subjects, templates and
    patterns; exit 1 if a template's subjects are in two patterns or a
    pattern holds two templates (each shown with a few of its subjects),
    2 if the output does not have one row per line, in order.
"""
import csv, re, string, sys


def regex(template):
    out = ""
    for lit, field, _, _ in string.Formatter().parse(template):
        out += re.escape(lit) + ("" if field is None else "(.+?)")
    return re.compile(out, re.S)


def templates(path):
    with open(path, encoding="utf-8") as f:
        ts = f.read().splitlines()
    if not ts or len(set(ts)) != len(ts):
        sys.exit("subjects.py: %s: empty, or a template twice" % path)
    return ts


def tickets(path, sep, skip, idcol, subjcol):
    with open(path, encoding="utf-8-sig", newline="") as f:
        for _ in range(skip):
            f.readline()
        recs = list(csv.reader(f, delimiter=sep))
    head, body = recs[0], recs[1:]
    if [] in body:                      # a footer after a blank line
        end = body.index([])
        if not all(len(r) == 1 for r in body[end + 1:]):
            sys.exit("subjects.py: %s: rows after the blank line" % path)
        body = body[:end]
    idi, si = head.index(idcol), head.index(subjcol)
    seen = {}
    for n, r in enumerate(body, 2 + skip):
        if len(r) != len(head):
            sys.exit("subjects.py: %s: record %d has %d fields, the header %d"
                     % (path, n, len(r), len(head)))
        seen.setdefault(r[idi], r[si])
    return list(seen.values())


def extract(tpath, spath, sdir, odir):
    ts = templates(tpath)
    rx = [regex(t) for t in ts]
    bad = 0
    with open(spath, encoding="utf-8") as f:
        specs = [l.rstrip("\n").split("\t") for l in f if l.strip()]
    for name, sep, skip, idcol, subjcol, want in specs:
        subs = tickets("%s/%s" % (sdir, name), sep, int(skip), idcol, subjcol)
        if len(subs) != int(want):
            print("%s: %d tickets, expected %s" % (name, len(subs), want))
            bad = 1
        base = "%s/%s" % (odir, name.rsplit(".", 1)[0])
        with open(base + ".subjects", "w", encoding="utf-8") as so, \
             open(base + ".truth", "w") as to:
            for s in subs:
                s = re.sub(r"\r\n|\r|\n", " ", s)
                hit = [i for i, r in enumerate(rx) if r.fullmatch(s)]
                if len(hit) != 1:
                    print("%s: subject %r matches %s" % (name, s, " and ".join(
                        repr(ts[i]) for i in hit) if hit else "no template"))
                    bad = 1
                    continue
                so.write(s + "\n")
                to.write("%d\n" % (hit[0] + 1))
    return bad


def check(tpath, truthpath, outpath):
    ts = templates(tpath)
    with open(truthpath) as f:
        truth = [int(l) for l in f]
    with open(outpath, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    if not rows or rows[0] != ["line", "pattern", "template"]:
        print("no line,pattern,template header")
        return 2
    rows = rows[1:]
    if [r[0] for r in rows] != [str(i) for i in range(1, len(truth) + 1)]:
        print("%d lines in, %d rows out, or not one row per line in order"
              % (len(truth), len(rows)))
        return 2
    subs = open(truthpath.rsplit(".", 1)[0] + ".subjects", encoding="utf-8").read().splitlines()
    pats, tmpl = {}, {}              # template -> pattern ids; pattern -> templates
    for t, s, r in zip(truth, subs, rows):
        pats.setdefault(t, {}).setdefault(r[1], []).append(s)
        tmpl.setdefault(r[1], {}).setdefault(t, []).append(s)
    bad = 0
    for t, ps in sorted(pats.items()):
        if len(ps) > 1:
            bad += 1
            print("split: %r is in %d patterns:" % (ts[t - 1], len(ps)))
            for p, ss in list(ps.items())[:4]:
                print("    pattern %s: %s" % (p, " | ".join(list(dict.fromkeys(ss))[:3])))
    for p, tt in sorted(tmpl.items(), key=lambda x: int(x[0])):
        if len(tt) > 1:
            bad += 1
            print("merged: pattern %s holds %d templates:" % (p, len(tt)))
            for t, ss in list(tt.items())[:4]:
                print("    %r: %s" % (ts[t - 1], " | ".join(list(dict.fromkeys(ss))[:3])))
    filled = sum(1 for t in pats if "{" in ts[t - 1])
    print("%d subjects (%d distinct), %d templates (%d with placeholders), %d patterns"
          % (len(truth), len(set(subs)), len(pats), filled, len(tmpl)))
    return 1 if bad else 0


if __name__ == "__main__":
    a = sys.argv[1:]
    if a[:1] == ["extract"] and len(a) == 5:
        sys.exit(extract(*a[1:]))
    if a[:1] == ["check"] and len(a) == 4:
        sys.exit(check(*a[1:]))
    sys.exit(__doc__)
EOF

# patterns NAME: group $W/NAME.subjects, check against $W/NAME.truth, and
# keep the figures for the report
patterns() {
	tix-patterns --lines "$W/$1.subjects" --format csv >"$1.csv" || return 1
	python3 "$W/subjects.py" check "$W/templates" "$W/$1.truth" "$1.csv" >figures
	rc=$?
	cat figures
	echo "$test_name: $1: $(tail -1 figures)" >>"$REPORT"
	return $rc
}

# ---------------------------------------------------------------- truth

test_expect_success 'every subject of every sample is one subject template, filled in' '
	python3 "$TOP/samples/mksamples.py" --subject-templates >"$W/templates" &&
	test -s "$W/templates" &&
	printf "%s\n" "$SAMPLES" >"$W/samples.tsv" &&
	python3 "$W/subjects.py" extract "$W/templates" "$W/samples.tsv" "$TOP/samples" "$W" &&
	for f in zendesk salesforce freshdesk jsm servicenow oracle; do
		cat "$W/$f.subjects" >>"$W/all.subjects" &&
		cat "$W/$f.truth" >>"$W/all.truth" || return 1
	done &&
	echo "$test_name: $(wc -l <"$W/templates") subject templates in samples/mksamples.py" >>"$REPORT"
'

# The test's own reader: a subject of no template, or of two, is an error
# (never left out), and so is a sample with tickets missing.
test_expect_success 'a subject of no template or of two stops the extraction' '
	printf "%s\n" "Upload stuck at {pct}%" "Hacked again" >t1 &&
	printf "%s\n" Id,Subject "1,Upload stuck at 12%" "2,Hacked again" >s.csv &&
	printf "s.csv\t,\t0\tId\tSubject\t2\n" >s.tsv &&
	python3 "$W/subjects.py" extract t1 s.tsv . . >out &&
	test_cmp /dev/null out &&
	printf "%s\n" 1 2 >expect && test_cmp expect s.truth &&
	echo "3,Hacked again and again" >>s.csv &&
	printf "s.csv\t,\t0\tId\tSubject\t3\n" >s.tsv &&
	test_must_fail --status 1 python3 "$W/subjects.py" extract t1 s.tsv . . >out &&
	echo "s.csv: subject ${Q}Hacked again and again${Q} matches no template" >expect &&
	test_cmp expect out &&
	echo "Upload stuck at {n}" >>t1 &&
	test_must_fail --status 1 python3 "$W/subjects.py" extract t1 s.tsv . . >out &&
	grep -q "^s.csv: subject ${Q}Upload stuck at 12%${Q} matches ${Q}Upload stuck at {pct}%${Q} and ${Q}Upload stuck at {n}${Q}$" out &&
	printf "s.csv\t,\t0\tId\tSubject\t4\n" >s.tsv &&
	test_must_fail --status 1 python3 "$W/subjects.py" extract t1 s.tsv . . >out &&
	grep -q "^s.csv: 3 tickets, expected 4$" out
'

# The check itself: a grouping that splits or merges must fail it.
test_expect_success 'the check fails a split and a merge (every line alone; all in one)' '
	awk "BEGIN { print \"line,pattern,template\" } { print NR \",\" NR \",x\" }" \
		"$W/all.truth" >alone.csv &&
	test_must_fail --status 1 python3 "$W/subjects.py" check "$W/templates" "$W/all.truth" alone.csv >out &&
	grep -q "^split: " out && ! grep -q "^merged: " out &&
	awk "BEGIN { print \"line,pattern,template\" } { print NR \",1,x\" }" \
		"$W/all.truth" >one.csv &&
	test_must_fail --status 1 python3 "$W/subjects.py" check "$W/templates" "$W/all.truth" one.csv >out &&
	grep -q "^merged: " out && ! grep -q "^split: " out &&
	sed "\$d" one.csv >short.csv &&
	test_must_fail --status 2 python3 "$W/subjects.py" check "$W/templates" "$W/all.truth" short.csv
'

# ---------------------------------------------------------------- grouping

test_expect_success 'all samples together: one pattern per template, none across two' '
	patterns all
'

for f in zendesk salesforce freshdesk jsm servicenow oracle; do
	test_expect_success "samples/$f.csv alone: one pattern per template, none across two" "
		patterns $f
	"
done

test_expect_success 'the same patterns in a UTF-8 locale' '
	tix-patterns --lines "$W/all.subjects" --format csv >c.csv &&
	LC_ALL=C.UTF-8 tix-patterns --lines "$W/all.subjects" --format csv >utf8.csv &&
	test_cmp c.csv utf8.csv
'

cat "$REPORT"
test_done
