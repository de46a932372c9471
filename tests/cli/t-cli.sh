#!/bin/sh
# Every tool: --help matches its manual's SYNOPSIS, --version, usage errors,
# the tix dispatcher, clean manual pages, and every manual example runs.
. "$(dirname "$0")/../lib.sh"

TOOLS="tix tix-ingest tix-clean tix-trend tix-recur tix-patterns tix-triage tix-suggest tix-stats tix-report"

# render PAGE: the manual page as plain text
render() {
	mandoc -T ascii -O width=400 "$1" | sed 's/.\x08//g'
}

synopsis() {
	render "$TOP/man/$1.1" | sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | sed '1d;$d' |
		tr -s ' \n' '  ' | sed 's/^ *//; s/ *$//'
}

usage_of() {
	"$1" --help | sed -n '1,/^$/p' | sed 's/^usage: //' | tr -s ' \n' '  ' |
		sed 's/^ *//; s/ *$//'
}

for t in $TOOLS; do
	test_expect_success "$t --help matches the SYNOPSIS of man/$t.1" "
		synopsis $t >expect && usage_of $t >actual &&
		test -s expect && test_cmp expect actual
	"
	test_expect_success "$t --version" "
		$t --version >actual && echo '$t 0.1.0' >expect && test_cmp expect actual
	"
	test_expect_success "$t: an unknown option is a usage error (exit 2)" "
		test_must_fail --status 2 $t --no-such-option 2>err &&
		grep -q '^$t: ' err
	"
done

test_expect_success 'tix ingest runs tix-ingest' '
	tix ingest --db t.db "$TOP/samples/oracle.csv" >actual &&
	grep -q "^.*oracle.csv,oracle,1,280,280,0,0,0,0$" actual
'

test_expect_success 'tix help TOOL shows the tool help' '
	tix help ingest >actual && tix-ingest --help >expect && test_cmp expect actual
'

test_expect_success 'tix help lists the tools' '
	tix help >out && grep -q "^  ingest " out && grep -q "^  clean " out
'

test_expect_success 'tix with an unknown tool: message and exit 2' '
	test_must_fail --status 2 tix frobnicate 2>err &&
	echo "tix: '"'"'frobnicate'"'"' is not a tix tool; see '"'"'tix help'"'"'" >expect &&
	test_cmp expect err
'

test_expect_success 'tix with no arguments: usage on stderr, exit 2' '
	test_must_fail --status 2 tix 2>err && grep -q "^usage: tix" err
'

test_expect_success 'tix rejects a tool name that is a path' '
	test_must_fail --status 2 tix ../bin/sh 2>err && grep -q "not a tix tool" err
'

test_expect_success 'tix-ingest shows a progress line on a terminal (a pseudo-terminal)' '
	script -qefc "tix-ingest --db t.db \"$TOP/samples/zendesk.csv\" >out.csv" typescript \
		</dev/null &&
	grep -q "^file,source,batch" out.csv &&
	tr "\r" "\n" <typescript >lines &&
	grep -E "tix-ingest: .*zendesk.csv: 340 rows +[0-9.]+ MB +[0-9]+ rows/s +100%  ETA 0:00" lines
'

test_expect_success 'and none when stderr is not a terminal' '
	tix-ingest --db t.db "$TOP/samples/zendesk.csv" >out.csv 2>err &&
	test_cmp /dev/null err
'

test_expect_success 'manual pages are mandoc -T lint clean' '
	for p in "$TOP"/man/*.[1-8]; do
		mandoc -T lint -W warning "$p" || return 1
	done
'

test_expect_success 'every tool has a manual page, every page a NAME' '
	for t in $TOOLS; do test -f "$TOP/man/$t.1" || return 1; done &&
	for p in tix-map.5 tix-schema.5 tix.7; do test -f "$TOP/man/$p" || return 1; done
'

for page in "$TOP"/man/*.[1-8]; do
	name=$(basename "$page")
	test_expect_success "the EXAMPLES of $name run" "
		cp -R '$TOP/samples' samples &&
		mkdir tests && ln -s '$TOP/tests/data' tests/data &&
		render '$page' | sed -n '/^EXAMPLES/,/^[A-Z]/p' | sed -n 's/^ *\\\$ //p' >cmds &&
		n=0 &&
		while IFS= read -r cmd; do
			n=\$((n + 1))
			sh -c \"\$cmd\" >/dev/null 2>err || { echo \"failed: \$cmd\"; cat err; exit 1; }
		done <cmds &&
		echo \"\$n examples\"
	"
done

test_done
