#!/bin/sh
# Privacy: the database is created mode 0600; --pseudonymize hashes requester
# identities with a key, the same way every time, and never mixes keys.
. "$(dirname "$0")/../lib.sh"

test_expect_success 'a new database file (and its journal files) is mode 0600' '
	umask 022 &&
	tix-ingest -q --db t.db "$TOP/samples/zendesk.csv" &&
	test "$(stat -c %a t.db)" = 600 &&
	for f in t.db-wal t.db-shm; do
		if test -e "$f"; then test "$(stat -c %a "$f")" = 600 || return 1; fi
	done
'

test_expect_success '--pseudonymize: no e-mail address of a requester is left in the database' '
	printf "%s\n" "a-secret-key-of-32-bytes-or-so!!" >key &&
	tix-ingest -q --db p.db --pseudonymize --key-file key "$TOP/samples/zendesk.csv" &&
	sqlite3 p.db "SELECT count(*) FROM ticket WHERE requester NOT LIKE '\''p:%'\''" >actual &&
	echo 0 >expect && test_cmp expect actual &&
	sqlite3 p.db "SELECT count(*) FROM ticket WHERE extra LIKE '\''%@%'\'' OR requester LIKE '\''%@%'\''" >actual &&
	test_cmp expect actual &&
	sqlite3 p.db "SELECT count(DISTINCT requester) FROM ticket" >n.pseudo &&
	tix-ingest -q --db c.db "$TOP/samples/zendesk.csv" &&
	sqlite3 c.db "SELECT count(DISTINCT requester) FROM ticket" >n.clear &&
	test_cmp n.clear n.pseudo
'

test_expect_success 'the same key gives the same pseudonyms: a re-ingest changes nothing' '
	printf "%s" "another-secret-key-0123456789" >key &&
	tix-ingest -q --db p.db --pseudonymize --key-file key "$TOP/samples/zendesk.csv" &&
	TIX_KEY=another-secret-key-0123456789 tix-ingest --db p.db --pseudonymize \
		"$TOP/samples/zendesk.csv" >out &&
	cut -d, -f4- out >actual &&
	printf "%s\n" "rows,inserted,updated,merged,unchanged,rejected" "340,0,0,0,340,0" >expect &&
	test_cmp expect actual
'

test_expect_success 'a database is pseudonymised with one key or not at all (exit 3, nothing written)' '
	printf "%s" "first-key-0123456789abcdef" >k1 &&
	printf "%s" "second-key-0123456789abcdef" >k2 &&
	tix-ingest -q --db p.db --pseudonymize --key-file k1 "$TOP/samples/zendesk.csv" &&
	test_must_fail --status 3 tix-ingest -q --db p.db --pseudonymize --key-file k2 \
		"$TOP/samples/oracle.csv" 2>err &&
	grep -q "pseudonymised with another key" err &&
	test_must_fail --status 3 tix-ingest -q --db p.db "$TOP/samples/oracle.csv" 2>err &&
	grep -q "ingest with --pseudonymize and the same key" err &&
	sqlite3 p.db "SELECT count(*) FROM ingest_batch" >actual && echo 1 >expect &&
	test_cmp expect actual
'

test_expect_success 'bad keys are usage errors (exit 2)' '
	printf "short" >k &&
	test_must_fail --status 2 tix-ingest -q --db p.db --pseudonymize --key-file k \
		"$TOP/samples/zendesk.csv" 2>err &&
	grep -q "at least 16" err &&
	test_must_fail --status 2 env -u TIX_KEY tix-ingest -q --db p.db --pseudonymize \
		"$TOP/samples/zendesk.csv" 2>err &&
	grep -q "TIX_KEY" err &&
	test_must_fail --status 2 tix-ingest -q --db p.db --key-file k "$TOP/samples/zendesk.csv" &&
	test ! -e p.db
'

test_done
