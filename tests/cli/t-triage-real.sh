#!/bin/sh
# tix-triage as a filter in a pipe (cat FILE | tix-triage --format tsv) on
# every samples/*.csv and every CSV under ../shared/data/exports: it never
# dies of a signal, exits 0 (or 1 for rows it could not read), and writes
# one row per distinct ticket, with the ids tix-ingest gives them.
#
# The expected tickets come from tix-ingest, loading the same file into a
# fresh database (`sqlite3 db 'select ext_id from ticket'`): tix-ingest is
# the reference tix-triage's reader promises to follow (reader.h: "the same
# reader, layout detection ... as tix-ingest"; a ticket with many rows
# "comes out once, at its last row, as tix-ingest keeps it").  For the
# ServiceNow event logs the count is also worked out from the raw file with
# sqlite3 .import, and each incident's row is checked against its last row
# (in the file as it is, each incident's last row is also its latest
# sys_updated_at, so "last row" and "latest state" agree; a `?` is null,
# char(63) in the SQL).
#
# Some of the files have no subject or text column at all: the ServiceNow
# event logs (an incident's events: state, caller, category, times; no
# short_description), the call records samples/avaya-calls.csv, the weekly
# series samples/series-step.csv and github_issues/projects.csv (a list of
# repositories).  tix-triage refuses a layout with no text (exit 3, the
# input named); the case checks that, then reads the file again with a
# mapping file that names a text column (for the event logs, u_symptom and
# category), and then the row count must hold as for every other file.
. "$(dirname "$0")/../lib.sh"

have_shared || skip_all "../shared/data not present"
command -v sqlite3 >/dev/null || skip_all "sqlite3 (the shell) not installed"

E="$SHARED/exports"
TAB=$(printf '\t')

# the files with no subject or text column, by name
no_text() {
	case $(basename "$1") in
	avaya-calls.csv | series-step.csv | projects.csv | incident_event_log.csv | \
	incident_event_log_partial.csv) return 0 ;;
	esac
	return 1
}

# a mapping file with a text column, for those of them that are tickets
map_for() {
	case $(basename "$1") in
	incident_event_log.csv | incident_event_log_partial.csv)
		cat <<-\EOF
		ext_id = number
		subject = u_symptom
		body = category
		status = incident_state
		requester = caller_id
		created = opened_at
		updated = sys_updated_at
		EOF
		;;
	avaya-calls.csv)
		cat "$TOP/samples/avaya-calls.map"
		echo "subject = Disposition"
		;;
	*) return 1 ;;
	esac
}

# piped OUT MAPARG...: cat $F | tix-triage [MAPARG] --format tsv, output in
# OUT, messages in err; exit status 0 or 1, never a signal
piped() {
	o=$1
	shift
	cat "$F" | tix-triage "$@" --format tsv >"$o" 2>err
	rc=$?
	if [ $rc -gt 128 ]; then
		echo "tix-triage died of signal $((rc - 128)) on $F" >&2
		return 1
	fi
	if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then
		echo "tix-triage exited $rc on $F" >&2
		head -5 err >&2
		return 1
	fi
	if [ $rc -eq 1 ] && ! grep -q "^tix-triage: stdin:[0-9]*: " err; then
		echo "exit 1 without a stdin:LINE: message" >&2
		head -5 err >&2
		return 1
	fi
}

# ingested_ids MAPARG...: tix-ingest $F into a fresh database; its ticket
# ids, sorted, in ids.ingest
ingested_ids() {
	rm -f ref.db
	tix-ingest --db ref.db "$@" --format csv "$F" >ingest.out 2>ingest.err || {
		echo "tix-ingest failed on $F" >&2
		cat ingest.err >&2
		return 1
	}
	sqlite3 -batch ref.db "select count(*) from ticket" >count.ingest &&
	sqlite3 -batch ref.db "select ext_id from ticket" | LC_ALL=C sort >ids.ingest
}

# same_tickets OUT: OUT has one row per ticket of ids.ingest, no more, no less
same_tickets() {
	head -1 "$1" >hdr &&
	echo "id${TAB}subject${TAB}severity${TAB}risks${TAB}team${TAB}due${TAB}reasons${TAB}facts" >expect &&
	test_cmp expect hdr &&
	sed 1d "$1" | wc -l | tr -d " " >count.triage &&
	test_cmp count.ingest count.triage &&
	sed 1d "$1" | cut -f1 | LC_ALL=C sort >ids.triage &&
	test_cmp ids.ingest ids.triage &&
	awk -F "$TAB" "NR > 1 && \$3 !~ /^S[0-3]\$/ { bad++ } END { exit bad > 0 }" "$1"
}

for F in "$TOP"/samples/*.csv $(find "$E" -name "*.csv" | LC_ALL=C sort); do
	name=${F#"$SHARED"/}
	name=${name#"$TOP"/}
	if no_text "$F"; then
		test_expect_success "$name: no text column: exit 3, stdin named, no rows" '
			cat "$F" | tix-triage --format tsv >out 2>err
			rc=$?
			test $rc -eq 3 &&
			test "$(wc -l <err)" -eq 1 &&
			grep -q "^tix-triage: stdin:1: .*subject or text" err &&
			test "$(sed 1d out | wc -l)" -eq 0
		'
		map_for "$F" >/dev/null || continue
		test_expect_success "$name: with a text column mapped: one row per ticket" '
			map_for "$F" >m.map &&
			piped out --map m.map &&
			ingested_ids &&
			same_tickets out
		'
		continue
	fi
	test_expect_success "$name: cat | tix-triage --format tsv: one row per ticket" '
		piped out &&
		ingested_ids &&
		same_tickets out
	'
done

# The event logs from the raw file, with sqlite3 .import: the incidents,
# and each one's last row (its u_symptom is the subject tix-triage prints).
for F in "$E/servicenow_incident_log/incident_event_log.csv" \
	 "$E/servicenow_incident_log/incident_event_log_partial.csv"; do
	test_expect_success "${F#"$SHARED"/}: one row per incident, each from its last row (sqlite3 .import)" '
		map_for "$F" >m.map &&
		piped out --map m.map &&
		sqlite3 -batch raw.db ".import --csv \"$F\" raw" &&
		sqlite3 -batch -separator "$TAB" raw.db "SELECT number, coalesce(nullif(u_symptom, char(63)), char()) FROM raw
			WHERE rowid IN (SELECT max(rowid) FROM raw GROUP BY number)" |
			tr -d "\r" | LC_ALL=C sort >expect &&
		sed 1d out | cut -f1,2 | LC_ALL=C sort >actual &&
		test_cmp expect actual &&
		sqlite3 -batch raw.db "SELECT count(DISTINCT number) FROM raw" >n &&
		test "$(cat n)" -eq "$(sed 1d out | wc -l)" &&
		test "$(cat n)" -gt 800
	'
done

test_done
