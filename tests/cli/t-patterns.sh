#!/bin/sh
# tix-patterns --lines end to end: known answers for the masks (every
# example of the manual's MASKING) and for the grouping (the two passes,
# the three rules that make a place a variable, constants that split a
# family, token counts, the first two tokens, the 256-token and 255-byte
# limits, blank lines); every output format; a file, standard input and a
# pipe giving the same bytes (a regular file is read twice, a pipe is
# spooled to a temporary file in $TMPDIR); line ends; and bad input: binary data,
# invalid UTF-8, a 10 MB line, a line cut at 1 MiB, standard input at an
# offset, an empty file, a missing file, a directory,
# a full disk, and the usage errors.
#
# Every known answer below is worked out from the rules of tokens.h and
# patterns.h (and the manual), in the comments, not copied from a run.
. "$(dirname "$0")/../lib.sh"

W="$SCRATCH_ROOT/pat"		# the inputs, shared by the cases
mkdir -p "$W"
HEAD=line,pattern,template

# rows: the --lines header, then the rows on stdin
rows() {
	echo "$HEAD"
	cat
}

# ok OUT CMD...: CMD exits 0 with nothing on stderr; its output in OUT
ok() {
	o=$1
	shift
	"$@" >"$o" 2>err
	rc=$?
	if [ $rc -ne 0 ]; then
		echo "ok: '$*' exited $rc" >&2
		cat err >&2
		return 1
	fi
	test_cmp /dev/null err
}

# three_ways FILE ARG...: tix-patterns --lines ARG... reading FILE by its
# name, from standard input redirected from it (a regular file: read
# twice), and from a pipe with '-' (spooled): each exits 0 with nothing on
# stderr, and all three write the same bytes, left in ./actual
three_ways() {
	f=$1
	shift
	ok actual tix-patterns --lines "$f" "$@" &&
	ok actual.stdin tix-patterns --lines "$@" <"$f" &&
	cat "$f" | ok actual.pipe tix-patterns --lines - "$@" &&
	test_cmp actual actual.stdin && test_cmp actual actual.pipe
}

# usage_error MESSAGE ARG...: exit 2, nothing on stdout, exactly the
# message and the pointer to --help on stderr
usage_error() {
	msg=$1
	shift
	test_must_fail --status 2 tix-patterns "$@" >out 2>err &&
	printf '%s\n' "tix-patterns: $msg" "Try 'tix-patterns --help' for more." >expect &&
	test_cmp expect err && test_cmp /dev/null out
}

# could_not_run MESSAGE ARG...: exit 3, nothing on stdout, exactly MESSAGE
could_not_run() {
	msg=$1
	shift
	test_must_fail --status 3 tix-patterns "$@" >out 2>err &&
	printf '%s\n' "tix-patterns: $msg" >expect &&
	test_cmp expect err && test_cmp /dev/null out
}

# lines_of FILE: the number of lines in FILE, a last one without a line
# feed included
lines_of() {
	n=$(wc -l <"$1")
	if [ -s "$1" ] && [ "$(tail -c 1 "$1" | od -An -tx1 | tr -d ' ')" != 0a ]; then
		n=$((n + 1))
	fi
	echo $n
}

# ---------------------------------------------------------------- inputs

# masks.txt: one line per mask, with the manual's examples.  Each line
# starts with its own word, so no two lines share a family (the first two
# tokens differ).
cat >"$W/masks.txt" <<\EOF
url https://status.example.com/incidents/42?x=1 ftp://files.example.net/a.zip (http://x.io/a)
email lea.lefevre@example.com, Bob_Smith+tix@mail.example.co.uk
ip 192.168.0.12 and 10.0.0.1:8443 and /10.0.0.1
date 2024-03-05 and 2024-03-05T14:22 and 2024-03-05T14:22:10.250+08:00 and 2024-03-05T14:22:10-0500 and 2024-03-05T14:22:10Z
time 14:22 and 9:05 and 10:30:15.250 and 9:05 pm and 9:05PM and 9:05 a.m.
money $25.00 and € 12 and 45€ and 100 ¥ and ₹500 and £3
hex 0x1f and deadbeef01 and cafebabe
num 1,250 and 1.250.000 and 42 and 3.14 and #42 and -5
ver 1.2.3 and v2.6.32a and v2.1 and V10.4
pct 87% and -0.5% and 99 %
handle @indah.official and @_x
path /var/log/syslog and a/b/c and /dev1
id a1b2 and INC0012345 and AB-12345 and blk_-1608
word 2FA ssh2 test9 Don't e-mail cafebabe www.example.com
codes 30 EUR and USD 12.50 and Rp 150.000 and 5 jpy and paid 30 try
runs 1 2 3 and 10.0.0.1 10.0.0.2 and 2024-03-05 14:22
ends 2024-03-05T14:22:10x and 1.2.3.4.5 and 1.2.3.4x
punct (hello) [x] {y} "q" C:\temp !?
case ÉCHEC Échec CAFÉ Straße
EOF

# groups.txt: the grouping rules, the lines of each group interleaved so
# that the order of first meeting decides the ids.
#   login failed for user <*>   (1)  three names seen once each: rule c
#   sync job <NUM> failed       (2)  one family of 7; the place of
#   sync job <NUM> succeeded    (4)  failed/succeeded/stalled has 3 values,
#   sync job <NUM> stalled      (5)  two of them frequent (3 >= max(3, 5%
#                                    of 7)): a constant, three patterns
#   upload stuck at <PCT>       (3)  "87 %" is one <PCT> (post-rule 1)
#   retry count <*>             (6)  a number and a word: rule b
#   payment failed for alice    (7)  two names only: rule c needs three
#   payment failed for bob      (8)  values, so both stay constants
#   payment failed for mary ann (9)  one token more: never with the others
#   alice cannot log in        (10)  first two tokens differ: never
#   bob cannot log in          (11)  compared
#   error:<NUM>                (12)  the spacing of the family's first text
cat >"$W/groups.txt" <<\EOF
Login failed for user alice
sync job 1 failed
Upload stuck at 45%
sync job 2 failed
login failed for user bob
sync job 3 succeeded
upload stuck at 87 %
sync job 4 failed
Login failed for user carol
sync job 5 succeeded
sync job 6 succeeded
sync job 7 stalled
retry count 3
retry count none
payment failed for alice
payment failed for bob
payment failed for mary ann
alice cannot log in
bob cannot log in
Error:42
error: 43
EOF

# fmt.txt: a template with a comma and quotes, one with backslashes, one
# not ASCII
cat >"$W/fmt.txt" <<\EOF
He said "hi", 5 times
he said "hi", 6 times
path C:\dir\x 1
Ünïcode 7
EOF

# ---------------------------------------------------------------- known answers

test_expect_success 'masks: every example of the manual gets its mask' '
	three_ways "$W/masks.txt" &&
	rows >expect <<-\EOF &&
	1,1,url <URL> (<URL>)
	2,2,"email <EMAIL>, <EMAIL>"
	3,3,ip <IP> and <IP> and <IP>
	4,4,date <DATE> and <DATE> and <DATE> and <DATE> and <DATE>
	5,5,time <TIME> and <TIME> and <TIME> and <TIME> and <TIME> and <TIME>
	6,6,money <MONEY> and <MONEY> and <MONEY> and <MONEY> and <MONEY> and <MONEY>
	7,7,hex <HEX> and <HEX> and cafebabe
	8,8,num <NUM> and <NUM> and <NUM> and <NUM> and <NUM> and <NUM>
	9,9,ver <VER> and <VER> and <VER> and <VER>
	10,10,pct <PCT> and <PCT> and <PCT>
	11,11,handle <HANDLE> and <HANDLE>
	12,12,path <PATH> and <PATH> and <PATH>
	13,13,id <ID> and <ID> and <ID> and <ID>
	14,14,word 2fa ssh2 test9 don'"'"'t e-mail cafebabe www.example.com
	15,15,codes <MONEY> and <MONEY> and <MONEY> and <MONEY> and paid <NUM> try
	16,16,runs <NUM> and <IP> and <DATE> <TIME>
	17,17,ends <DATE>:<ID> and <VER> and <VER>
	18,18,"punct (hello) [x] {y} ""q"" c:\temp !?"
	19,19,case Échec Échec cafÉ straße
	EOF
	test_cmp expect actual
'

test_expect_success 'grouping: two passes, rules b and c, constants, token counts, the first two tokens' '
	three_ways "$W/groups.txt" &&
	rows >expect <<-\EOF &&
	1,1,login failed for user <*>
	2,2,sync job <NUM> failed
	3,3,upload stuck at <PCT>
	4,2,sync job <NUM> failed
	5,1,login failed for user <*>
	6,4,sync job <NUM> succeeded
	7,3,upload stuck at <PCT>
	8,2,sync job <NUM> failed
	9,1,login failed for user <*>
	10,4,sync job <NUM> succeeded
	11,4,sync job <NUM> succeeded
	12,5,sync job <NUM> stalled
	13,6,retry count <*>
	14,6,retry count <*>
	15,7,payment failed for alice
	16,8,payment failed for bob
	17,9,payment failed for mary ann
	18,10,alice cannot log in
	19,11,bob cannot log in
	20,12,error:<NUM>
	21,12,error:<NUM>
	EOF
	test_cmp expect actual
'

# Three names make rule c apply; a fourth text of 5 tokens stays apart.
test_expect_success 'a third name makes the place a variable (rule c)' '
	printf "%s\n" "payment failed for alice" "payment failed for bob" \
		"payment failed for carol" "payment failed for mary ann" >in &&
	three_ways in &&
	rows >expect <<-\EOF &&
	1,1,payment failed for <*>
	2,1,payment failed for <*>
	3,1,payment failed for <*>
	4,2,payment failed for mary ann
	EOF
	test_cmp expect actual
'

# Rule c with the 5% share: 200 texts, so frequent is >= max(3, 10).
# open 9, closed 9, other 182: only "other" is frequent: a variable.
# open 10, closed 10, other 180: three frequent: a constant, 3 patterns.
test_expect_success 'rule c: frequent is at least 3 texts and 5% of the family' '
	gen() {
		awk -v a=$1 -v b=$2 -v c=$3 "BEGIN {
			for (i = 0; i < a; i++) print \"the status is open\"
			for (i = 0; i < b; i++) print \"the status is closed\"
			for (i = 0; i < c; i++) print \"the status is other\" }"
	} &&
	gen 9 9 182 >in && three_ways in &&
	cut -d, -f2,3 actual | sort | uniq -c | sed "s/^ *//" >counts &&
	printf "%s\n" "200 1,the status is <*>" "1 pattern,template" >expect &&
	test_cmp expect counts &&
	gen 10 10 180 >in && three_ways in &&
	cut -d, -f2,3 actual | sort | uniq -c | sed "s/^ *//" >counts &&
	printf "%s\n" "10 1,the status is open" "10 2,the status is closed" \
		"180 3,the status is other" "1 pattern,template" >expect &&
	test_cmp expect counts
'

# Rule a: 16 values kept, two of them frequent: constants, 16 patterns;
# a 17th value makes the place a variable for good.
test_expect_success 'rule a: a 17th value makes a variable, 16 do not' '
	{
		for i in 1 2 3; do echo "the state is open"; echo "the state is closed"; done
		for w in a b c d e f g h i j k l m n; do echo "the state is $w"; done
	} >in16 &&
	three_ways in16 &&
	tail -n +2 actual | cut -d, -f2 | sort -u | wc -l >n && echo 16 >expect &&
	test_cmp expect n &&
	{ cat in16; echo "the state is o"; } >in17 &&
	three_ways in17 &&
	tail -n +2 actual | cut -d, -f2,3 | sort | uniq -c | sed "s/^ *//" >counts &&
	echo "21 1,the state is <*>" >expect && test_cmp expect counts
'

# 300 tokens and 256 tokens and a different tail: one pattern, the first
# 256 tokens; 255 tokens: another token count.
test_expect_success 'tokens past the 256th are not read' '
	x() { awk -v n=$1 "BEGIN { for (i = 1; i <= n; i++) printf \"x%s\", i < n ? \" \" : \"\" }"; } &&
	{ x 300; echo; x 256; echo " tail words here"; x 255; echo; } >in &&
	three_ways in &&
	t256=$(x 256) && t255=$(x 255) &&
	printf "%s\n" "$HEAD" "1,1,$t256" "2,1,$t256" "3,2,$t255" >expect &&
	test_cmp expect actual
'

# A word is compared on its first 255 bytes, cut before a partial UTF-8
# character: 200 x U+00E9 (400 bytes) keeps 127 of them, 254 bytes.
test_expect_success 'words are compared and shown on their first 255 bytes' '
	a=$(awk "BEGIN { for (i = 0; i < 255; i++) printf \"a\" }") &&
	printf "%s\n" "${a}x 1" "${a}y 2" "${a}${a} 3" >in &&
	three_ways in &&
	printf "%s\n" "$HEAD" "1,1,$a <NUM>" "2,1,$a <NUM>" "3,1,$a <NUM>" >expect &&
	test_cmp expect actual &&
	e=$(awk "BEGIN { for (i = 0; i < 200; i++) printf \"\\303\\251\" }") &&
	e127=$(awk "BEGIN { for (i = 0; i < 127; i++) printf \"\\303\\251\" }") &&
	printf "%s 1\n" "$e" >in &&
	three_ways in &&
	printf "%s\n" "$HEAD" "1,1,$e127 <NUM>" >expect &&
	test_cmp expect actual
'

# Blank lines have no tokens: one pattern, an empty template.  A NUL, a
# tab or other control bytes separate tokens as a space does.
test_expect_success 'blank lines share one pattern with an empty template; NUL separates' '
	printf "a 1\n\n   \n\t\001\na\0002\na\t3\n" >in &&
	three_ways in &&
	rows >expect <<-\EOF &&
	1,1,a <NUM>
	2,2,
	3,2,
	4,2,
	5,1,a <NUM>
	6,1,a <NUM>
	EOF
	test_cmp expect actual
'

test_expect_success 'the same input gives the same ids and templates every time' '
	tix-patterns --lines "$W/groups.txt" >one &&
	tix-patterns --lines "$W/groups.txt" >two &&
	test_cmp one two
'

# ---------------------------------------------------------------- formats

test_expect_success '--format csv (and csv is the default when stdout is a file)' '
	three_ways "$W/fmt.txt" --format csv &&
	cat >expect <<-\EOF &&
	line,pattern,template
	1,1,"he said ""hi"", <NUM> times"
	2,1,"he said ""hi"", <NUM> times"
	3,2,path c:\dir\x <NUM>
	4,3,Ünïcode <NUM>
	EOF
	test_cmp expect actual &&
	tix-patterns --lines "$W/fmt.txt" >default &&
	test_cmp expect default
'

test_expect_success '--format tsv: backslashes escaped' '
	three_ways "$W/fmt.txt" --format tsv &&
	printf "%s\t%s\t%s\n" line pattern template \
		1 1 "he said \"hi\", <NUM> times" 2 1 "he said \"hi\", <NUM> times" \
		3 2 "path c:\\\\dir\\\\x <NUM>" 4 3 "Ünïcode <NUM>" >expect &&
	test_cmp expect actual
'

test_expect_success '--format json: numbers as numbers, quotes and backslashes escaped' '
	three_ways "$W/fmt.txt" --format json &&
	cat >expect <<-\EOF &&
	[
	{"line":1,"pattern":1,"template":"he said \"hi\", <NUM> times"},
	{"line":2,"pattern":1,"template":"he said \"hi\", <NUM> times"},
	{"line":3,"pattern":2,"template":"path c:\\dir\\x <NUM>"},
	{"line":4,"pattern":3,"template":"Ünïcode <NUM>"}
	]
	EOF
	test_cmp expect actual
'

test_expect_success '--format ndjson: one object a line' '
	three_ways "$W/fmt.txt" --format ndjson &&
	cat >expect <<-\EOF &&
	{"line":1,"pattern":1,"template":"he said \"hi\", <NUM> times"}
	{"line":2,"pattern":1,"template":"he said \"hi\", <NUM> times"}
	{"line":3,"pattern":2,"template":"path c:\\dir\\x <NUM>"}
	{"line":4,"pattern":3,"template":"Ünïcode <NUM>"}
	EOF
	test_cmp expect actual
'

test_expect_success '--format table: numbers right, text left, widths in characters' '
	three_ways "$W/fmt.txt" --format table &&
	cat >expect <<-\EOF &&
	line  pattern  template
	----  -------  -------------------------
	   1        1  he said "hi", <NUM> times
	   2        1  he said "hi", <NUM> times
	   3        2  path c:\dir\x <NUM>
	   4        3  Ünïcode <NUM>
	EOF
	test_cmp expect actual
'

test_expect_success 'an unknown format is a usage error' '
	usage_error "unknown output format \"xml\" (choose table, csv, tsv, json or ndjson)" \
		--lines "$W/fmt.txt" --format xml &&
	usage_error "option '"'"'--format'"'"' needs a value" --lines "$W/fmt.txt" --format
'

# ---------------------------------------------------------------- line ends

test_expect_success 'CRLF line ends give the same rows as LF; a lone CR does not end a line' '
	printf "a 1\r\nretry count 2\r\na 3\r\r\nretry count none\r\n" >crlf &&
	printf "a 1\nretry count 2\na 3\nretry count none\n" >lf &&
	three_ways crlf && mv actual crlf.out &&
	three_ways lf && test_cmp actual crlf.out &&
	rows >expect <<-\EOF &&
	1,1,a <NUM>
	2,2,retry count <*>
	3,1,a <NUM>
	4,2,retry count <*>
	EOF
	test_cmp expect actual &&
	printf "a 1\rb 2\n" >cr &&
	three_ways cr &&
	printf "%s\n" "$HEAD" "1,1,a <NUM> b <NUM>" >expect &&
	test_cmp expect actual
'

test_expect_success 'a last line without a line feed is a line' '
	printf "x 1\nx 2" >nonl &&
	printf "x 1\nx 2\n" >nl &&
	three_ways nonl && mv actual nonl.out &&
	three_ways nl && test_cmp actual nonl.out &&
	printf "%s\n" "$HEAD" "1,1,x <NUM>" "2,1,x <NUM>" >expect &&
	test_cmp expect actual
'

test_expect_success 'an empty input: the header alone, an empty array, nothing' '
	: >empty &&
	three_ways empty && echo "$HEAD" >expect && test_cmp expect actual &&
	three_ways empty --format tsv && printf "line\tpattern\ttemplate\n" >expect &&
	test_cmp expect actual &&
	three_ways empty --format json && echo "[]" >expect && test_cmp expect actual &&
	three_ways empty --format ndjson && test_cmp /dev/null actual &&
	three_ways empty --format table &&
	printf "%s\n" "line  pattern  template" "----  -------  --------" >expect &&
	test_cmp expect actual &&
	tix-patterns --lines </dev/null >actual 2>err &&
	echo "$HEAD" >expect && test_cmp expect actual && test_cmp /dev/null err
'

# ---------------------------------------------------------------- bad input

# Random bytes: lines of anything.  No known answer, but: exit 0, nothing
# on stderr, one row per line in order, pattern ids first met in order
# 1, 2, 3 ..., the same bytes whichever way the input comes, and the JSON
# forms parse.
test_expect_success 'binary data: a row per line, the same from a file, stdin and a pipe' '
	head -c 200000 /dev/urandom >bin &&
	n=$(lines_of bin) &&
	three_ways bin --format tsv &&
	tail -n +2 actual | cut -f 1 >got && seq 1 $n >expect && test_cmp expect got &&
	tail -n +2 actual | cut -f 2 | awk "\$1 > max + 1 { exit 1 } \$1 > max { max = \$1 }" &&
	three_ways bin --format csv &&
	three_ways bin --format table &&
	three_ways bin --format json &&
	if command -v jq >/dev/null 2>&1; then
		jq length actual >got && echo $n >expect && test_cmp expect got &&
		three_ways bin --format ndjson &&
		jq -s length actual >got && test_cmp expect got
	fi
'

# CSV and TSV keep the bytes; JSON, NDJSON and the table write U+FFFD for
# each byte that is not UTF-8 (a cut sequence at the end too).
test_expect_success 'invalid UTF-8: kept in csv and tsv, U+FFFD in json, ndjson and table' '
	printf "caf\351 1\ncaf\351 2\nend \303\n" >bad &&
	three_ways bad &&
	printf "%s\n1,1,caf\351 <NUM>\n2,1,caf\351 <NUM>\n3,2,end \303\n" "$HEAD" >expect &&
	test_cmp expect actual &&
	three_ways bad --format tsv &&
	printf "line\tpattern\ttemplate\n1\t1\tcaf\351 <NUM>\n2\t1\tcaf\351 <NUM>\n3\t2\tend \303\n" >expect &&
	test_cmp expect actual &&
	three_ways bad --format ndjson &&
	printf "{\"line\":1,\"pattern\":1,\"template\":\"caf\357\277\275 <NUM>\"}\n" >expect &&
	printf "{\"line\":2,\"pattern\":1,\"template\":\"caf\357\277\275 <NUM>\"}\n" >>expect &&
	printf "{\"line\":3,\"pattern\":2,\"template\":\"end \357\277\275\"}\n" >>expect &&
	test_cmp expect actual &&
	three_ways bad --format json &&
	{ echo "["; sed "1,2s/\$/,/" expect; echo "]"; } >expect.json &&
	test_cmp expect.json actual &&
	three_ways bad --format table &&
	printf "caf\357\277\275 <NUM>\n" >want && grep -c -F -f want actual >n &&
	echo 2 >expect && test_cmp expect n &&
	printf "end \357\277\275\n" >want && grep -c -F -f want actual >n &&
	echo 1 >expect && test_cmp expect n
'

# 10 MB of one word: the template is its first 255 bytes.  10 MB of
# "ab ": 256 tokens read, the rest not.  Then a short line, and a last
# huge line without a line feed.
test_expect_success 'a 10 MB line' '
	{
		head -c 10485760 /dev/zero | tr "\000" a && echo &&
		echo "after 1" &&
		head -c 10485760 /dev/zero | tr "\000" " " | sed "s/   /ab /g"
	} >big &&
	three_ways big &&
	a=$(head -c 255 /dev/zero | tr "\000" a) &&
	ab=$(awk "BEGIN { for (i = 1; i <= 256; i++) printf \"ab%s\", i < 256 ? \" \" : \"\" }") &&
	printf "%s\n" "$HEAD" "1,1,$a" "2,2,after <NUM>" "3,3,$ab" >expect &&
	test_cmp expect actual
'

# Only the first LINE_MAX_READ bytes (1 MiB, 1048576) of a line are read;
# the rest of it is skipped, up to its line feed.  Spaces make the cut
# visible (the 256-token limit never comes into it):
#   1: 1048575 spaces, "ab cd": the first 1 MiB ends after the "a"
#   2: "after 1", read whole: the next line starts where it should
#   3: 1048576 spaces, "zz": the first 1 MiB is blank: the empty template
#   4: 1048574 spaces, "ab", CR LF: 1 MiB exactly, read whole
test_expect_success 'a line over 1 MiB is read as its first 1 MiB' '
	sp() { head -c $1 /dev/zero | tr "\000" " "; } &&
	{
		sp 1048575 && echo "ab cd" &&
		echo "after 1" &&
		sp 1048576 && echo zz &&
		sp 1048574 && printf "ab\r\n"
	} >long &&
	three_ways long &&
	rows >expect <<-\EOF &&
	1,1,a
	2,2,after <NUM>
	3,3,
	4,4,ab
	EOF
	test_cmp expect actual
'

# Standard input that a shell has read a line of already: a regular file
# is read twice from where it stood, not from its start (the skipped line
# would be a pattern of its own), and a pipe gives the same.
test_expect_success 'standard input at an offset: only the lines after it' '
	printf "%s\n" "a header to skip" "x 1" "retry count 3" "x 2" "retry count none" >in &&
	{ read -r skip; tix-patterns --lines; } <in >actual 2>err &&
	test_cmp /dev/null err &&
	rows >expect <<-\EOF &&
	1,1,x <NUM>
	2,2,retry count <*>
	3,1,x <NUM>
	4,2,retry count <*>
	EOF
	test_cmp expect actual &&
	{ read -r skip; tix-patterns --lines -; } <in >actual 2>err &&
	test_cmp /dev/null err && test_cmp expect actual &&
	{ read -r skip; cat | tix-patterns --lines; } <in >actual 2>err &&
	test_cmp /dev/null err && test_cmp expect actual &&
	{ read -r skip; read -r skip; read -r skip; read -r skip; read -r skip;
		tix-patterns --lines; } <in >actual 2>err &&
	test_cmp /dev/null err && echo "$HEAD" >expect && test_cmp expect actual
'

# A pipe is copied to a temporary file in $TMPDIR (else /tmp); a regular
# file is read twice and needs none.
test_expect_success 'a pipe is spooled in $TMPDIR; a regular file needs no temporary file' '
	printf "%s\n" "x 1" "x 2" >in &&
	rows >expect <<-\EOF &&
	1,1,x <NUM>
	2,1,x <NUM>
	EOF
	mkdir tmp &&
	cat in | TMPDIR="$PWD/tmp" tix-patterns --lines >actual 2>err &&
	test_cmp /dev/null err && test_cmp expect actual &&
	ls -A tmp >left && test_cmp /dev/null left &&
	TMPDIR="$PWD/none" tix-patterns --lines <in >actual 2>err &&
	test_cmp /dev/null err && test_cmp expect actual &&
	TMPDIR="$PWD/none" tix-patterns --lines in >actual 2>err &&
	test_cmp /dev/null err && test_cmp expect actual &&
	cat in | TMPDIR="$PWD/none" test_must_fail --status 3 tix-patterns --lines >out 2>err &&
	echo "tix-patterns: cannot make a temporary file in $PWD/none: No such file or directory" >expect &&
	test_cmp expect err && test_cmp /dev/null out
'

test_expect_success 'a file that does not exist: exit 3, nothing written' '
	could_not_run "nope.txt: No such file or directory" --lines nope.txt
'

test_expect_success 'a directory: exit 3, as a file and as standard input' '
	mkdir dir &&
	could_not_run "dir: Is a directory" --lines dir &&
	test_must_fail --status 3 tix-patterns --lines <dir >out 2>err &&
	echo "tix-patterns: (standard input): Is a directory" >expect &&
	test_cmp expect err && test_cmp /dev/null out
'

test_expect_success 'output that cannot be written: exit 3' '
	if test -w /dev/full; then
		test_must_fail --status 3 tix-patterns --lines "$W/groups.txt" >/dev/full 2>err &&
		echo "tix-patterns: cannot write output: No space left on device" >expect &&
		test_cmp expect err
	fi
'

# ---------------------------------------------------------------- usage

test_expect_success 'usage errors: exit 2, the message and a pointer to --help' '
	usage_error "unknown option '"'"'--foo'"'"'" --lines --foo &&
	usage_error "unknown option '"'"'--foo'"'"'" --foo &&
	usage_error "unexpected argument '"'"'b.txt'"'"'" --lines a.txt b.txt &&
	usage_error "unexpected argument '"'"'a.txt'"'"' (a file of lines needs --lines)" a.txt &&
	usage_error "--lines and --campaigns are two different jobs: say one" --lines --campaigns &&
	usage_error "--lines reads a file: --db, --field, --since, --until, --top, --rebuild, --window and --min-requesters are for the database" \
		--lines --top 3 "$W/groups.txt"
'

test_expect_success '--help: the usage lines first, exit 0; --version' '
	tix-patterns --help >out 2>err && test_cmp /dev/null err &&
	head -n 1 out >first &&
	echo "usage: tix-patterns --lines [file] [--format fmt]" >expect &&
	test_cmp expect first &&
	tix-patterns --lines --help >out2 && test_cmp out out2 &&
	tix-patterns --version >out 2>err && test_cmp /dev/null err &&
	echo "tix-patterns 0.1.0" >expect && test_cmp expect out
'

test_done
