#!/bin/sh
# The project's own sample exports: each ingests whole, chosen tickets come
# out field by field as tests/data/samples-truth.tsv says, and a second
# ingest changes nothing.
. "$(dirname "$0")/../lib.sh"

truth="$TOP/tests/data/samples-truth.tsv"

# check_sample FILE [ingest options]: ingest and compare the truth rows.
check_sample() {
	file=$1
	shift
	tix-ingest -q --db s.db "$@" "$TOP/$file" || return 1
	grep -v '^#' "$truth" | awk -F'\t' -v f="$file" 'NR > 1 && $1 == f' >rows
	[ -s rows ] || { echo "no truth rows for $file"; return 1; }
	cut -f2- rows | awk -F'\t' '{ print $1 "\t" $2 "\t" $3 }' >expect
	: >query.sql
	echo '.nullvalue NULL' >>query.sql
	echo '.separator "\t"' >>query.sql
	while IFS='	' read -r f id field val; do
		qid=$(printf '%s' "$id" | sed "s/'/''/g")
		printf "SELECT ext_id, '%s', CASE WHEN typeof(%s) = 'real' AND %s = CAST(%s AS INTEGER) THEN CAST(%s AS INTEGER) ELSE replace(%s, char(10), '\\\\n') END FROM ticket WHERE ext_id = '%s';\n" \
			"$field" "$field" "$field" "$field" "$field" "$field" "$qid" >>query.sql
	done <rows
	sqlite3 s.db <query.sql >actual || return 1
	test_cmp expect actual
}

for f in zendesk salesforce freshdesk jsm servicenow oracle; do
	test_expect_success "samples/$f.csv round-trips field by field" "
		check_sample samples/$f.csv
	"
done

test_expect_success 'samples/avaya-calls.csv with its mapping round-trips' '
	check_sample samples/avaya-calls.csv --map "$TOP/samples/avaya-calls.map"
'

test_expect_success 'every sample row is stored: counts per source' '
	for f in zendesk salesforce freshdesk jsm servicenow oracle; do
		tix-ingest -q --db s.db "$TOP/samples/$f.csv" || return 1
	done &&
	sqlite3 s.db "SELECT source, count(*) FROM ticket GROUP BY source ORDER BY source" >actual &&
	cat >expect <<-\EOT &&
	freshdesk|310
	jsm|260
	oracle|280
	salesforce|290
	servicenow|80
	zendesk|340
	EOT
	test_cmp expect actual &&
	sqlite3 s.db "SELECT count(*) FROM reject" >actual && echo 0 >expect && test_cmp expect actual
'

test_expect_success 're-ingesting every sample reports 0 inserted, 0 updated' '
	for f in zendesk salesforce freshdesk jsm servicenow oracle; do
		tix-ingest -q --db s.db "$TOP/samples/$f.csv" || return 1
	done &&
	tix-ingest --db s.db --format csv "$TOP"/samples/zendesk.csv "$TOP"/samples/salesforce.csv \
		"$TOP"/samples/freshdesk.csv "$TOP"/samples/jsm.csv "$TOP"/samples/servicenow.csv \
		"$TOP"/samples/oracle.csv >out &&
	cut -d, -f2,4- out >actual &&
	cat >expect <<-\EOT &&
	source,rows,inserted,updated,merged,unchanged,rejected
	zendesk,340,0,0,0,340,0
	salesforce,290,0,0,0,290,0
	freshdesk,310,0,0,0,310,0
	jsm,260,0,0,0,260,0
	servicenow,307,0,0,0,307,0
	oracle,280,0,0,0,280,0
	EOT
	test_cmp expect actual
'

test_done
