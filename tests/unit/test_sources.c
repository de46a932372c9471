/*
 * test_sources.c - CRM layouts: recognising a header, the column each
 * field is taken from, mapping files, and the normalisers for statuses,
 * priorities, channels, booleans, numbers and durations.
 */
#include "sources.h"
#include "tix.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* The first column feeding field f. */
#define COL(m, f)	((m).col[(f)][0])

static char err[TIX_ERRSZ];

static int load(const char *text, const char *const *hdr, size_t n,
    struct tix_mapping *m, char *path, size_t pathsz);

/* Map hdr[0..n) with source (NULL: recognise); 0 or -1. */
static int map(const char *const *hdr, size_t n, const char *source,
    struct tix_mapping *m)
{
	int rc;

	err[0] = '\0';
	rc = tix_source_map(hdr, n, source, m, err);
	if (rc < 0 && !source)
		fprintf(stderr, "tix_source_map: %s\n", err);
	return rc;
}

/*
 * The mapping holds together: every column marked used feeds some field
 * (else its values would be neither stored nor kept in extra), and the
 * first column of every field is marked used.
 */
static void check_consistent(const struct tix_mapping *m)
{
	long orphans = 0, unmarked = 0;
	size_t i;
	int f, k;

	CHECK(m->used != NULL);
	if (!m->used)
		return;
	for (i = 0; i < m->ncols; i++) {
		int found = 0;

		for (f = 0; f < TIX_NFIELDS && !found; f++)
			for (k = 0; k <= TIX_MAP_MAXCOLS && m->col[f][k] >= 0; k++)
				if ((size_t)m->col[f][k] == i)
					found = 1;
		if (m->used[i] && !found) {
			orphans++;
			fprintf(stderr, "  %s: column %zu is used but feeds no "
			    "field\n", m->preset, i);
		}
	}
	for (f = 0; f < TIX_NFIELDS; f++)
		if (m->col[f][0] >= 0 && (size_t)m->col[f][0] < m->ncols &&
		    !m->used[m->col[f][0]])
			unmarked++;
	CHECK_EQ_I64(orphans, 0);
	CHECK_EQ_I64(unmarked, 0);
}

/* ---------- presets ---------- */

static void test_zendesk(void)
{
	static const char *const hdr[] = {
		"Summation column", "Id", "Requester", "Requester id",
		"Requester email", "Assignee", "Group", "Subject",
		"Description", "Tags", "Status", "Priority", "Via",
		"Ticket type", "Category [list]", "Created at", "Updated at",
		"Solved at", "Reopens", "First reply time in minutes",
		"Group stations", "Satisfaction Score", "Organization",
	};
	struct tix_mapping m;

	CHECK_EQ_I64(map(hdr, NELEM(hdr), NULL, &m), 0);
	CHECK_EQ_STR(m.preset, "zendesk");
	CHECK_EQ_STR(m.source, "zendesk");
	CHECK_EQ_I64(m.ncols, NELEM(hdr));
	CHECK_EQ_I64(COL(m, TIX_F_EXT_ID), 1);
	CHECK_EQ_I64(COL(m, TIX_F_SUBJECT), 7);
	CHECK_EQ_I64(COL(m, TIX_F_BODY), 8);
	CHECK_EQ_I64(COL(m, TIX_F_STATUS), 10);
	CHECK_EQ_I64(COL(m, TIX_F_PRIORITY), 11);
	CHECK_EQ_I64(COL(m, TIX_F_CHANNEL), 12);
	/* the e-mail address first, then the id, then the name */
	CHECK_EQ_I64(m.col[TIX_F_REQUESTER][0], 4);
	CHECK_EQ_I64(m.col[TIX_F_REQUESTER][1], 3);
	CHECK_EQ_I64(m.col[TIX_F_REQUESTER][2], 2);
	CHECK_EQ_I64(m.col[TIX_F_REQUESTER][3], -1);
	CHECK_EQ_I64(COL(m, TIX_F_ASSIGNEE), 5);
	CHECK_EQ_I64(COL(m, TIX_F_TEAM), 6);
	CHECK_EQ_I64(COL(m, TIX_F_TAGS), 9);
	CHECK_EQ_I64(m.col[TIX_F_TAGS][1], -1);
	/* "Category [list]" before "Ticket type" */
	CHECK_EQ_I64(m.col[TIX_F_CATEGORY][0], 14);
	CHECK_EQ_I64(m.col[TIX_F_CATEGORY][1], 13);
	CHECK_EQ_I64(COL(m, TIX_F_CREATED), 15);
	CHECK_EQ_I64(COL(m, TIX_F_UPDATED), 16);
	CHECK_EQ_I64(COL(m, TIX_F_SOLVED), 17);
	CHECK_EQ_I64(COL(m, TIX_F_REOPENS), 18);
	CHECK_EQ_I64(COL(m, TIX_F_FIRST_REPLY_MIN), 19);
	CHECK_EQ_I64(COL(m, TIX_F_REASSIGNMENTS), 20);
	CHECK_EQ_I64(COL(m, TIX_F_CSAT), 21);
	CHECK_EQ_I64(COL(m, TIX_F_COUNTRY), -1);
	CHECK(m.constval[TIX_F_CHANNEL] == NULL);
	CHECK(m.minutes_per_unit == 1);
	CHECK(m.used != NULL);
	if (m.used) {
		CHECK_EQ_I64(m.used[0], 0);	/* Summation column */
		CHECK_EQ_I64(m.used[1], 1);
		CHECK_EQ_I64(m.used[4], 1);
		CHECK_EQ_I64(m.used[9], 1);
		CHECK_EQ_I64(m.used[14], 1);
		CHECK_EQ_I64(m.used[15], 1);
		CHECK_EQ_I64(m.used[22], 0);	/* Organization */
	}
	check_consistent(&m);
	tix_mapping_release(&m);
	CHECK(m.used == NULL);
}

static void test_salesforce(void)
{
	static const char *const labels[] = {
		"Case Number", "Subject", "Description", "Status", "Priority",
		"Case Origin", "Type", "Case Reason", "Contact Email",
		"Case Owner", "Date/Time Opened", "Date/Time Closed",
		"Last Modified Date",
	};
	static const char *const api[] = {
		"Id", "CaseNumber", "Subject", "Description", "Status",
		"Priority", "Origin", "Type", "Reason", "SuppliedEmail",
		"OwnerId", "CreatedDate", "ClosedDate", "LastModifiedDate",
		"IsEscalated", "ParentId",
	};
	struct tix_mapping m;

	CHECK_EQ_I64(map(labels, NELEM(labels), NULL, &m), 0);
	CHECK_EQ_STR(m.preset, "salesforce");
	CHECK_EQ_STR(m.source, "salesforce");
	CHECK_EQ_I64(COL(m, TIX_F_EXT_ID), 0);
	CHECK_EQ_I64(COL(m, TIX_F_SUBJECT), 1);
	CHECK_EQ_I64(COL(m, TIX_F_BODY), 2);
	CHECK_EQ_I64(COL(m, TIX_F_STATUS), 3);
	CHECK_EQ_I64(COL(m, TIX_F_PRIORITY), 4);
	CHECK_EQ_I64(COL(m, TIX_F_CHANNEL), 5);
	CHECK_EQ_I64(COL(m, TIX_F_CATEGORY), 6);
	CHECK_EQ_I64(COL(m, TIX_F_SUBCATEGORY), 7);
	CHECK_EQ_I64(COL(m, TIX_F_REQUESTER), 8);
	CHECK_EQ_I64(COL(m, TIX_F_ASSIGNEE), 9);
	CHECK_EQ_I64(COL(m, TIX_F_CREATED), 10);
	CHECK_EQ_I64(COL(m, TIX_F_SOLVED), 11);
	CHECK_EQ_I64(COL(m, TIX_F_UPDATED), 12);
	CHECK_EQ_I64(COL(m, TIX_F_TAGS), -1);
	CHECK(m.used && m.used[10] && m.used[12]);
	check_consistent(&m);
	tix_mapping_release(&m);

	CHECK_EQ_I64(map(api, NELEM(api), NULL, &m), 0);
	CHECK_EQ_STR(m.preset, "salesforce");
	CHECK_EQ_I64(COL(m, TIX_F_EXT_ID), 1);	/* CaseNumber, not Id */
	CHECK_EQ_I64(COL(m, TIX_F_CHANNEL), 6);
	CHECK_EQ_I64(COL(m, TIX_F_CATEGORY), 7);
	CHECK_EQ_I64(COL(m, TIX_F_SUBCATEGORY), 8);
	CHECK_EQ_I64(COL(m, TIX_F_REQUESTER), 9);
	CHECK_EQ_I64(COL(m, TIX_F_ASSIGNEE), 10);
	CHECK_EQ_I64(COL(m, TIX_F_CREATED), 11);
	CHECK_EQ_I64(COL(m, TIX_F_SOLVED), 12);
	CHECK_EQ_I64(COL(m, TIX_F_UPDATED), 13);
	CHECK_EQ_I64(COL(m, TIX_F_ESCALATED), 14);
	CHECK_EQ_I64(COL(m, TIX_F_PARENT_EXT_ID), 15);
	CHECK(m.used && !m.used[0]);
	check_consistent(&m);
	tix_mapping_release(&m);
}

static void test_freshdesk(void)
{
	static const char *const hdr[] = {
		"Ticket ID", "Subject", "Description", "Status", "Priority",
		"Source", "Type", "Agent", "Group", "Created time",
		"Resolved time", "Last update time",
		"First response time (in hrs)", "Tags", "Full name", "Email",
	};
	struct tix_mapping m;

	CHECK_EQ_I64(map(hdr, NELEM(hdr), NULL, &m), 0);
	CHECK_EQ_STR(m.preset, "freshdesk");
	CHECK_EQ_STR(m.source, "freshdesk");
	CHECK_EQ_I64(COL(m, TIX_F_EXT_ID), 0);
	CHECK_EQ_I64(COL(m, TIX_F_SUBJECT), 1);
	CHECK_EQ_I64(COL(m, TIX_F_BODY), 2);
	CHECK_EQ_I64(COL(m, TIX_F_STATUS), 3);
	CHECK_EQ_I64(COL(m, TIX_F_PRIORITY), 4);
	CHECK_EQ_I64(COL(m, TIX_F_CHANNEL), 5);
	CHECK_EQ_I64(COL(m, TIX_F_CATEGORY), 6);
	CHECK_EQ_I64(COL(m, TIX_F_ASSIGNEE), 7);
	CHECK_EQ_I64(COL(m, TIX_F_TEAM), 8);
	CHECK_EQ_I64(COL(m, TIX_F_CREATED), 9);
	CHECK_EQ_I64(COL(m, TIX_F_SOLVED), 10);
	CHECK_EQ_I64(COL(m, TIX_F_UPDATED), 11);
	CHECK_EQ_I64(COL(m, TIX_F_FIRST_REPLY_MIN), 12);
	CHECK_EQ_I64(COL(m, TIX_F_TAGS), 13);
	/* the e-mail address before the name */
	CHECK_EQ_I64(m.col[TIX_F_REQUESTER][0], 15);
	CHECK_EQ_I64(m.col[TIX_F_REQUESTER][1], 14);
	CHECK_EQ_I64(m.col[TIX_F_REQUESTER][2], -1);
	CHECK(m.minutes_per_unit == 60);
	check_consistent(&m);
	tix_mapping_release(&m);
}

static void test_jsm(void)
{
	static const char *const hdr[] = {
		"Summary", "Issue key", "Issue id", "Issue Type", "Status",
		"Priority", "Resolution", "Assignee", "Reporter", "Created",
		"Updated", "Resolved", "Labels", "Labels", "Labels",
		"Description",
	};
	struct tix_mapping m;

	CHECK_EQ_I64(map(hdr, NELEM(hdr), NULL, &m), 0);
	CHECK_EQ_STR(m.preset, "jsm");
	CHECK_EQ_STR(m.source, "jsm");
	CHECK_EQ_I64(COL(m, TIX_F_SUBJECT), 0);
	CHECK_EQ_I64(COL(m, TIX_F_EXT_ID), 1);
	CHECK_EQ_I64(COL(m, TIX_F_CATEGORY), 3);
	CHECK_EQ_I64(COL(m, TIX_F_STATUS), 4);
	CHECK_EQ_I64(COL(m, TIX_F_PRIORITY), 5);
	CHECK_EQ_I64(COL(m, TIX_F_RESOLUTION), 6);
	CHECK_EQ_I64(COL(m, TIX_F_ASSIGNEE), 7);
	CHECK_EQ_I64(COL(m, TIX_F_REQUESTER), 8);
	CHECK_EQ_I64(COL(m, TIX_F_CREATED), 9);
	CHECK_EQ_I64(COL(m, TIX_F_UPDATED), 10);
	CHECK_EQ_I64(COL(m, TIX_F_SOLVED), 11);
	CHECK_EQ_I64(COL(m, TIX_F_BODY), 15);
	/* every Labels column feeds the tags */
	CHECK_EQ_I64(m.col[TIX_F_TAGS][0], 12);
	CHECK_EQ_I64(m.col[TIX_F_TAGS][1], 13);
	CHECK_EQ_I64(m.col[TIX_F_TAGS][2], 14);
	CHECK_EQ_I64(m.col[TIX_F_TAGS][3], -1);
	CHECK(m.used != NULL);
	if (m.used) {
		CHECK_EQ_I64(m.used[12], 1);
		CHECK_EQ_I64(m.used[13], 1);
		CHECK_EQ_I64(m.used[14], 1);
		CHECK_EQ_I64(m.used[2], 0);	/* Issue id */
	}
	check_consistent(&m);
	tix_mapping_release(&m);
}

static void test_servicenow(void)
{
	static const char *const hdr[] = {
		"number", "incident_state", "active", "reassignment_count",
		"reopen_count", "sys_mod_count", "made_sla", "caller_id",
		"opened_by", "opened_at", "sys_created_by", "sys_created_at",
		"sys_updated_by", "sys_updated_at", "contact_type", "location",
		"category", "subcategory", "u_symptom", "cmdb_ci", "impact",
		"urgency", "priority", "assignment_group", "assigned_to",
		"knowledge", "u_priority_confirmation", "notify", "problem_id",
		"rfc", "vendor", "caused_by", "closed_code", "resolved_by",
		"resolved_at", "closed_at",
	};
	struct tix_mapping m;

	CHECK_EQ_I64(NELEM(hdr), 36);
	CHECK_EQ_I64(map(hdr, NELEM(hdr), NULL, &m), 0);
	CHECK_EQ_STR(m.preset, "servicenow");
	CHECK_EQ_STR(m.source, "servicenow");
	CHECK_EQ_I64(COL(m, TIX_F_EXT_ID), 0);
	CHECK_EQ_I64(COL(m, TIX_F_STATUS), 1);
	CHECK_EQ_I64(COL(m, TIX_F_REASSIGNMENTS), 3);
	CHECK_EQ_I64(COL(m, TIX_F_REOPENS), 4);
	CHECK_EQ_I64(COL(m, TIX_F_REQUESTER), 7);
	CHECK_EQ_I64(m.col[TIX_F_CREATED][0], 9);	/* opened_at first */
	CHECK_EQ_I64(m.col[TIX_F_CREATED][1], 11);
	CHECK_EQ_I64(COL(m, TIX_F_UPDATED), 13);
	CHECK_EQ_I64(COL(m, TIX_F_CHANNEL), 14);
	CHECK_EQ_I64(COL(m, TIX_F_CATEGORY), 16);
	CHECK_EQ_I64(COL(m, TIX_F_SUBCATEGORY), 17);
	CHECK_EQ_I64(COL(m, TIX_F_PRIORITY), 22);
	CHECK_EQ_I64(COL(m, TIX_F_TEAM), 23);
	CHECK_EQ_I64(COL(m, TIX_F_ASSIGNEE), 24);
	CHECK_EQ_I64(COL(m, TIX_F_RESOLUTION), 32);
	CHECK_EQ_I64(m.col[TIX_F_SOLVED][0], 34);	/* resolved_at first */
	CHECK_EQ_I64(m.col[TIX_F_SOLVED][1], 35);
	CHECK_EQ_I64(COL(m, TIX_F_SUBJECT), -1);
	CHECK(m.used && m.used[0] && !m.used[2] && !m.used[5]);
	check_consistent(&m);
	tix_mapping_release(&m);
}

/*
 * Jira repeats "Labels" once per label of the issue with the most labels:
 * more columns than a field can list must not vanish.
 */
static void test_many_labels(void)
{
	const char *hdr[4 + TIX_MAP_MAXCOLS + 2] = { "Issue key", "Summary", "Created", "Status" };
	struct tix_mapping m;
	char path[128];
	size_t i;

	for (i = 4; i < NELEM(hdr); i++)
		hdr[i] = "Labels";
	CHECK_EQ_I64(map(hdr, NELEM(hdr), NULL, &m), 0);
	CHECK_EQ_STR(m.preset, "jsm");
	for (i = 0; i < TIX_MAP_MAXCOLS; i++)
		CHECK_EQ_I64(m.col[TIX_F_TAGS][i], 4 + i);
	check_consistent(&m);
	tix_mapping_release(&m);

	CHECK_EQ_I64(load("tags = labels\n", hdr, NELEM(hdr), &m, path,
	    sizeof(path)), 0);
	CHECK_EQ_I64(m.col[TIX_F_TAGS][0], 4);
	check_consistent(&m);
	tix_mapping_release(&m);
}

static void test_oracle(void)
{
	static const char *const hdr[] = {
		"Reference #", "Subject", "Status", "Channel", "Assigned",
		"Product", "Category", "Disposition", "Queue", "Date Created",
	};
	struct tix_mapping m;

	CHECK_EQ_I64(map(hdr, NELEM(hdr), NULL, &m), 0);
	CHECK_EQ_STR(m.preset, "oracle");
	CHECK_EQ_STR(m.source, "oracle");
	CHECK_EQ_I64(COL(m, TIX_F_EXT_ID), 0);
	CHECK_EQ_I64(COL(m, TIX_F_SUBJECT), 1);
	CHECK_EQ_I64(COL(m, TIX_F_STATUS), 2);
	CHECK_EQ_I64(COL(m, TIX_F_CHANNEL), 3);
	CHECK_EQ_I64(COL(m, TIX_F_ASSIGNEE), 4);
	CHECK_EQ_I64(COL(m, TIX_F_SUBCATEGORY), 5);
	CHECK_EQ_I64(COL(m, TIX_F_CATEGORY), 6);
	CHECK_EQ_I64(COL(m, TIX_F_RESOLUTION), 7);
	CHECK_EQ_I64(COL(m, TIX_F_TEAM), 8);
	CHECK_EQ_I64(COL(m, TIX_F_CREATED), 9);
	check_consistent(&m);
	tix_mapping_release(&m);
}

static void test_cfpb(void)
{
	static const char *const hdr[] = {
		"Date received", "Product", "Sub-product", "Issue",
		"Sub-issue", "Consumer complaint narrative",
		"Company public response", "Company", "State", "ZIP code",
		"Tags", "Consumer consent provided?", "Submitted via",
		"Date sent to company", "Company response to consumer",
		"Timely response?", "Consumer disputed?", "Complaint ID",
	};
	static const char *const snake[] = {
		"date_received", "product", "subproduct", "issue", "subissue",
		"consumer_complaint_narrative", "company_public_response",
		"company", "state", "zipcode", "tags",
		"consumer_consent_provided", "submitted_via",
		"date_sent_to_company", "company_response_to_consumer",
		"timely_response", "consumer_disputed", "complaint_id",
	};
	struct tix_mapping m;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		const char *const *h = pass ? snake : hdr;

		CHECK_EQ_I64(map(h, 18, NULL, &m), 0);
		CHECK_EQ_STR(m.preset, "cfpb");
		CHECK_EQ_STR(m.source, "cfpb");
		CHECK_EQ_I64(COL(m, TIX_F_CREATED), 0);
		CHECK_EQ_I64(COL(m, TIX_F_CATEGORY), 1);
		CHECK_EQ_I64(COL(m, TIX_F_SUBCATEGORY), 2);
		CHECK_EQ_I64(COL(m, TIX_F_SUBJECT), 3);
		CHECK_EQ_I64(COL(m, TIX_F_BODY), 5);
		CHECK_EQ_I64(COL(m, TIX_F_TAGS), 10);
		CHECK_EQ_I64(COL(m, TIX_F_CHANNEL), 12);
		CHECK_EQ_I64(COL(m, TIX_F_STATUS), 14);
		CHECK_EQ_I64(COL(m, TIX_F_EXT_ID), 17);
		CHECK(m.used && !m.used[7] && !m.used[13]);
		check_consistent(&m);
	tix_mapping_release(&m);
	}
}

static void test_twcs(void)
{
	static const char *const hdr[] = {
		"tweet_id", "author_id", "inbound", "created_at", "text",
		"response_tweet_id", "in_response_to_tweet_id",
	};
	struct tix_mapping m;

	CHECK_EQ_I64(map(hdr, NELEM(hdr), NULL, &m), 0);
	CHECK_EQ_STR(m.preset, "twcs");
	CHECK_EQ_STR(m.source, "twcs");
	CHECK_EQ_I64(COL(m, TIX_F_EXT_ID), 0);
	CHECK_EQ_I64(COL(m, TIX_F_REQUESTER), 1);
	CHECK_EQ_I64(COL(m, TIX_F_CREATED), 3);
	CHECK_EQ_I64(COL(m, TIX_F_SUBJECT), 4);
	CHECK_EQ_I64(COL(m, TIX_F_PARENT_EXT_ID), 6);
	CHECK_EQ_I64(COL(m, TIX_F_CHANNEL), -1);
	CHECK_EQ_STR(m.constval[TIX_F_CHANNEL], "social");
	CHECK(m.constval[TIX_F_STATUS] == NULL);
	CHECK(m.used && !m.used[2] && !m.used[5]);
	check_consistent(&m);
	tix_mapping_release(&m);
	CHECK(m.constval[TIX_F_CHANNEL] == NULL);
}

static int is_generic_name(const char *s)
{
	size_t i;

	if (strncmp(s, "generic-", 8) || strlen(s) != 16)
		return 0;
	for (i = 8; i < 16; i++)
		if (!strchr("0123456789abcdef", s[i]))
			return 0;
	return 1;
}

static void test_generic(void)
{
	static const char *const hdr[] = {
		"ticket_no", "title", "opened", "state", "customer", "notes",
	};
	static const char *const other[] = {
		"ticket_no", "title", "opened", "state", "customer", "comments",
	};
	static const char *const zd[] = {
		"Id", "Requester", "Status", "Created at", "Subject",
	};
	static const char *const sn[] = {
		"number", "short_description", "sys_created_on", "state",
	};
	static const char *const fd_bad[] = { "Ticket ID", "Subject" };
	struct tix_mapping m, m2;

	CHECK_EQ_I64(map(hdr, NELEM(hdr), NULL, &m), 0);
	CHECK_EQ_STR(m.preset, "generic");
	CHECK(is_generic_name(m.source));
	CHECK_EQ_I64(COL(m, TIX_F_EXT_ID), 0);
	CHECK_EQ_I64(COL(m, TIX_F_SUBJECT), 1);
	CHECK_EQ_I64(COL(m, TIX_F_CREATED), 2);
	CHECK_EQ_I64(COL(m, TIX_F_STATUS), 3);
	CHECK_EQ_I64(COL(m, TIX_F_REQUESTER), 4);
	CHECK(m.used && !m.used[5]);

	/* the same header gives the same name, another one another name */
	CHECK_EQ_I64(map(hdr, NELEM(hdr), NULL, &m2), 0);
	CHECK_EQ_STR(m2.source, m.source);
	tix_mapping_release(&m2);
	CHECK_EQ_I64(map(other, NELEM(other), NULL, &m2), 0);
	CHECK_EQ_STR(m2.preset, "generic");
	CHECK(is_generic_name(m2.source));
	CHECK(strcmp(m2.source, m.source) != 0);
	tix_mapping_release(&m2);
	tix_mapping_release(&m);

	/* forced: the named preset */
	CHECK_EQ_I64(map(sn, NELEM(sn), "servicenow", &m), 0);
	CHECK_EQ_STR(m.preset, "servicenow");
	CHECK_EQ_I64(COL(m, TIX_F_SUBJECT), 1);
	CHECK_EQ_I64(COL(m, TIX_F_CREATED), 2);
	tix_mapping_release(&m);
	CHECK_EQ_I64(map(zd, NELEM(zd), "generic", &m), 0);
	CHECK_EQ_STR(m.preset, "generic");
	CHECK(is_generic_name(m.source));
	CHECK_EQ_I64(COL(m, TIX_F_EXT_ID), 0);
	tix_mapping_release(&m);

	/* forced onto a header that is not that source */
	CHECK_EQ_I64(map(hdr, NELEM(hdr), "zendesk", &m), -1);
	CHECK(strstr(err, "zendesk") != NULL);
	tix_mapping_release(&m);
	CHECK_EQ_I64(map(fd_bad, NELEM(fd_bad), "freshdesk", &m), -1);
	CHECK(strstr(err, "freshdesk") != NULL);
	tix_mapping_release(&m);
	/* an unknown source */
	CHECK_EQ_I64(map(zd, NELEM(zd), "hubspot", &m), -1);
	CHECK(strstr(err, "unknown source 'hubspot'") != NULL);
	tix_mapping_release(&m);
	/* the names of the presets */
	CHECK_EQ_STR(tix_source_names[0], "zendesk");
	CHECK_EQ_STR(tix_source_names[8], "generic");
	CHECK(tix_source_names[9] == NULL);
}

/* ---------- mapping files ---------- */

static char *mapfile(const char *text)
{
	char tmpl[] = "/tmp/tix-test-sources-XXXXXX";
	size_t n = strlen(text);
	int fd = mkstemp(tmpl);

	if (fd < 0)
		return NULL;
	if (write(fd, text, n) != (ssize_t)n) {
		close(fd);
		unlink(tmpl);
		return NULL;
	}
	close(fd);
	return strdup(tmpl);
}

/* Load text as a mapping file for hdr; its result.  err is filled. */
static int load(const char *text, const char *const *hdr, size_t n,
    struct tix_mapping *m, char *path, size_t pathsz)
{
	char *p = mapfile(text);
	int rc;

	err[0] = '\0';
	if (!p) {
		snprintf(path, pathsz, "(none)");
		memset(m, 0, sizeof(*m));
		return -2;
	}
	snprintf(path, pathsz, "%s", p);
	rc = tix_mapfile_load(p, hdr, n, m, err);
	unlink(p);
	free(p);
	return rc;
}

/* err names the file and line */
static int err_at(const char *path, int line)
{
	char want[128];

	snprintf(want, sizeof(want), "%s:%d: ", path, line);
	return strstr(err, want) != NULL;
}

static void test_mapfile(void)
{
	static const char *const hdr[] = {
		"Call ID", "Caller Number", "Start Time", "End Time", "Skill",
		"Queue", "Disposition", "Ref #", "Label", "Label", "Notes",
	};
	struct tix_mapping m;
	char path[128];

	CHECK_EQ_I64(load(
	    "# calls.map: the call records\n"
	    "\n"
	    "   \n"
	    "  # an indented comment\n"
	    "source = avaya\n"
	    "ext_id = Call ID\n"
	    "requester=caller number\n"
	    "  created   =   Start Time  \n"
	    "team = Skill\n"
	    "team = Queue\n"
	    "resolution = Disposition\r\n"
	    "parent_ext_id = Ref #\n"
	    "tags = Label\n"
	    "channel = \"phone\"\n"
	    "date_order = dmy\n"
	    "timezone = Europe/London\n"
	    "minutes_per_unit = 60\n",
	    hdr, NELEM(hdr), &m, path, sizeof(path)), 0);
	if (err[0])
		fprintf(stderr, "mapfile: %s\n", err);
	CHECK_EQ_STR(m.preset, "map");
	CHECK_EQ_STR(m.source, "avaya");
	CHECK_EQ_I64(COL(m, TIX_F_EXT_ID), 0);
	CHECK_EQ_I64(COL(m, TIX_F_REQUESTER), 1);
	CHECK_EQ_I64(COL(m, TIX_F_CREATED), 2);
	CHECK_EQ_I64(m.col[TIX_F_TEAM][0], 4);
	CHECK_EQ_I64(m.col[TIX_F_TEAM][1], 5);
	CHECK_EQ_I64(m.col[TIX_F_TEAM][2], -1);
	CHECK_EQ_I64(COL(m, TIX_F_RESOLUTION), 6);
	CHECK_EQ_I64(COL(m, TIX_F_PARENT_EXT_ID), 7);
	CHECK_EQ_I64(m.col[TIX_F_TAGS][0], 8);
	CHECK_EQ_I64(m.col[TIX_F_TAGS][1], 9);
	CHECK_EQ_I64(m.col[TIX_F_TAGS][2], -1);
	CHECK_EQ_I64(COL(m, TIX_F_CHANNEL), -1);
	CHECK_EQ_STR(m.constval[TIX_F_CHANNEL], "phone");
	CHECK_EQ_I64(COL(m, TIX_F_SOLVED), -1);
	CHECK_EQ_I64(m.date_order, 1);
	CHECK_EQ_STR(m.tz, "Europe/London");
	CHECK(m.minutes_per_unit == 60);
	check_consistent(&m);
	CHECK(m.used != NULL);
	if (m.used) {
		CHECK_EQ_I64(m.used[0], 1);
		CHECK_EQ_I64(m.used[5], 1);
		CHECK_EQ_I64(m.used[9], 1);
		CHECK_EQ_I64(m.used[3], 0);	/* End Time */
		CHECK_EQ_I64(m.used[10], 0);	/* Notes */
	}
	tix_mapping_release(&m);

	/* defaults */
	CHECK_EQ_I64(load("date_order = mdy\nsubject = notes\n", hdr,
	    NELEM(hdr), &m, path, sizeof(path)), 0);
	CHECK_EQ_STR(m.source, "generic");
	CHECK_EQ_I64(m.date_order, 2);
	CHECK_EQ_I64(COL(m, TIX_F_SUBJECT), 10);
	check_consistent(&m);
	CHECK_EQ_STR(m.tz, "");
	CHECK(m.minutes_per_unit == 1);
	tix_mapping_release(&m);

	/* errors, each naming FILE:LINE */
	CHECK_EQ_I64(load("ext_id = Call ID\ncaller = Caller Number\n", hdr,
	    NELEM(hdr), &m, path, sizeof(path)), -1);
	CHECK(err_at(path, 2));
	CHECK(strstr(err, "unknown field 'caller'") != NULL);
	tix_mapping_release(&m);

	CHECK_EQ_I64(load("# no equals sign below\n\next_id Call ID\n", hdr,
	    NELEM(hdr), &m, path, sizeof(path)), -1);
	CHECK(err_at(path, 3));
	CHECK(strstr(err, "expected 'field = Header Name'") != NULL);
	tix_mapping_release(&m);

	CHECK_EQ_I64(load("ext_id = Ticket No\n", hdr, NELEM(hdr), &m, path,
	    sizeof(path)), -1);
	CHECK(err_at(path, 1));
	CHECK(strstr(err, "no column \"Ticket No\" in the header") != NULL);
	tix_mapping_release(&m);

	CHECK_EQ_I64(load("ext_id = Call ID\nchannel = \"phone\n", hdr,
	    NELEM(hdr), &m, path, sizeof(path)), -1);
	CHECK(err_at(path, 2));
	CHECK(strstr(err, "unterminated") != NULL);
	tix_mapping_release(&m);

	CHECK_EQ_I64(load("channel = \"\n", hdr, NELEM(hdr), &m, path,
	    sizeof(path)), -1);
	CHECK(err_at(path, 1));
	CHECK(strstr(err, "unterminated") != NULL);
	tix_mapping_release(&m);

	CHECK_EQ_I64(load("date_order = ymd\n", hdr, NELEM(hdr), &m, path,
	    sizeof(path)), -1);
	CHECK(err_at(path, 1));
	CHECK(strstr(err, "date_order is dmy or mdy") != NULL);
	tix_mapping_release(&m);

	CHECK_EQ_I64(load("team =\n", hdr, NELEM(hdr), &m, path,
	    sizeof(path)), -1);
	CHECK(err_at(path, 1));
	tix_mapping_release(&m);

	CHECK_EQ_I64(load("minutes_per_unit = 0\n", hdr, NELEM(hdr), &m, path,
	    sizeof(path)), -1);
	CHECK(err_at(path, 1));
	tix_mapping_release(&m);

	/* a file that is not there */
	err[0] = '\0';
	CHECK_EQ_I64(tix_mapfile_load("/tmp/tix-test-sources-no-such.map",
	    hdr, NELEM(hdr), &m, err), -1);
	CHECK(strstr(err, "/tmp/tix-test-sources-no-such.map") != NULL);
	tix_mapping_release(&m);
}

/* ---------- normalisers ---------- */

static void test_is_null(void)
{
	static const char *const yes[] = {
		"-", "?", "N/A", "n/a", "None", "NONE", "null", "NULL", "#N/A",
		"", "   ", " \t ", " - ", "(none)", "nil", "--",
	};
	static const char *const no[] = {
		"NA", "0", "Nonempty", "none yet", "x", "-1", "??", "nulls",
	};
	size_t i;

	for (i = 0; i < NELEM(yes); i++) {
		CHECK_EQ_I64(tix_is_null(yes[i], strlen(yes[i])), 1);
		if (!tix_is_null(yes[i], strlen(yes[i])))
			fprintf(stderr, "  not null: \"%s\"\n", yes[i]);
	}
	for (i = 0; i < NELEM(no); i++) {
		CHECK_EQ_I64(tix_is_null(no[i], strlen(no[i])), 0);
		if (tix_is_null(no[i], strlen(no[i])))
			fprintf(stderr, "  null: \"%s\"\n", no[i]);
	}
	/* only n bytes count */
	CHECK_EQ_I64(tix_is_null("-abc", 1), 1);
	CHECK_EQ_I64(tix_is_null("nullx", 4), 1);
}

struct word_case {
	const char *in, *want;	/* want NULL: not known */
};

static void check_words(const char *(*fn)(const char *, size_t),
    const struct word_case *c, size_t n, const char *what)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *got = fn(c[i].in, strlen(c[i].in));

		CHECK_EQ_STR(got, c[i].want);
		if ((got == NULL) != (c[i].want == NULL) ||
		    (got && strcmp(got, c[i].want)))
			fprintf(stderr, "  %s(\"%s\")\n", what, c[i].in);
	}
}

static void test_norm_status(void)
{
	static const struct word_case c[] = {
		/* ServiceNow */
		{ "New", "new" }, { "Active", "open" },
		{ "Awaiting User Info", "pending" },
		{ "Awaiting Vendor", "pending" }, { "Resolved", "solved" },
		{ "Closed", "closed" },
		/* Jira Service Management */
		{ "Waiting for support", "open" },
		{ "Waiting for customer", "pending" },
		{ "In Progress", "open" }, { "Done", "solved" },
		{ "Canceled", "closed" },
		/* Zendesk */
		{ "new", "new" }, { "Open", "open" }, { "Pending", "pending" },
		{ "Hold", "hold" }, { "On-hold", "hold" },
		{ "Solved", "solved" }, { "closed", "closed" },
		/* Salesforce */
		{ "Working", "open" }, { "Escalated", "open" },
		{ "On Hold", "hold" },
		/* Freshdesk */
		{ "Waiting on Customer", "pending" },
		/* Oracle Service Cloud */
		{ "Unresolved", "open" }, { "Updated", "open" },
		{ "Waiting", "pending" },
		/* CFPB */
		{ "Closed with explanation", "closed" },
		{ "In progress", "open" },
		/* unknown */
		{ "Frobnicating", NULL }, { "", NULL }, { "---", NULL },
	};

	check_words(tix_norm_status, c, NELEM(c), "tix_norm_status");
}

static void test_norm_priority(void)
{
	static const struct word_case c[] = {
		{ "1 - Critical", "urgent" }, { "2 - High", "high" },
		{ "3 - Moderate", "normal" }, { "4 - Low", "low" },
		{ "Highest", "urgent" }, { "High", "high" },
		{ "Lowest", "low" }, { "Low", "low" },
		{ "Medium", "normal" }, { "Normal", "normal" },
		{ "Urgent", "urgent" }, { "P1", "urgent" }, { "p3", "normal" },
		{ "Blocker", "urgent" }, { "Minor", "low" },
		{ "Whenever", NULL }, { "", NULL },
	};

	check_words(tix_norm_priority, c, NELEM(c), "tix_norm_priority");
}

static void test_norm_channel(void)
{
	static const struct word_case c[] = {
		{ "Web form", "web" }, { "Email", "email" },
		{ "E-mail", "email" }, { "Mobile SDK", "in_app" },
		{ "Phone call (inbound)", "phone" }, { "Chat", "chat" },
		{ "Twitter", "social" }, { "Postal mail", "other" },
		{ "Fax", "other" }, { "Portal", "web" },
		{ "Feedback Widget", "web" }, { "Referral", "other" },
		{ "API", "api" }, { "", "other" },
		/* Zendesk's Via: a voicemail is a phone call, not e-mail */
		{ "Voicemail", "phone" },
	};

	check_words(tix_norm_channel, c, NELEM(c), "tix_norm_channel");
}

static void test_norm_bool(void)
{
	static const struct {
		const char *in;
		int want;
	} c[] = {
		{ "true", 1 }, { "TRUE", 1 }, { "Yes", 1 }, { "y", 1 },
		{ "1", 1 }, { "false", 0 }, { "No", 0 }, { "0", 0 },
		{ "N", 0 }, { "maybe", -1 }, { "", -1 }, { "2", -1 },
		{ "yess", -1 },
	};
	size_t i;

	for (i = 0; i < NELEM(c); i++) {
		int got = tix_norm_bool(c[i].in, strlen(c[i].in));

		CHECK_EQ_I64(got, c[i].want);
		if (got != c[i].want)
			fprintf(stderr, "  tix_norm_bool(\"%s\")\n", c[i].in);
	}
}

static void test_norm_number(void)
{
	static const struct {
		const char *in;
		int rc;
		double want;
	} c[] = {
		{ "1,5", 0, 1.5 }, { "1.234,5", 0, 1234.5 },
		{ "1,234.5", 0, 1234.5 }, { "-3", 0, -3 }, { "42", 0, 42 },
		{ " 2.5 ", 0, 2.5 }, { "0,25", 0, 0.25 },
		{ "abc", -1, 0 }, { "", -1, 0 }, { "  ", -1, 0 },
		{ "1.2.x", -1, 0 }, { "3-4", -1, 0 },
	};
	size_t i;

	for (i = 0; i < NELEM(c); i++) {
		double v = -999;
		int rc = tix_norm_number(c[i].in, strlen(c[i].in), &v);

		CHECK_EQ_I64(rc, c[i].rc);
		if (c[i].rc == 0)
			CHECK(v == c[i].want);
		if (rc != c[i].rc || (rc == 0 && v != c[i].want))
			fprintf(stderr, "  tix_norm_number(\"%s\"): %d, %g\n",
			    c[i].in, rc, v);
	}
}

static void test_norm_minutes(void)
{
	static const struct {
		const char *in;
		double mult;
		int rc;
		double want;
	} c[] = {
		{ "1,5", 60, 0, 90 }, { "2", 60, 0, 120 }, { "2", 1, 0, 2 },
		{ "2h 30m", 1, 0, 150 }, { "2h 30m", 60, 0, 150 },
		{ "01:30:00", 1, 0, 90 }, { "1:30", 1, 0, 90 },
		{ "45m", 1, 0, 45 }, { "1d", 1, 0, 1440 },
		{ "1d 2h", 1, 0, 1560 }, { "1w", 1, 0, 10080 },
		{ "2hrs 15mins", 1, 0, 135 },
		{ "garbage", 1, -1, 0 }, { "", 1, -1, 0 }, { "5x", 1, -1, 0 },
		{ "h", 1, -1, 0 },
	};
	size_t i;

	for (i = 0; i < NELEM(c); i++) {
		double v = -999;
		int rc = tix_norm_minutes(c[i].in, strlen(c[i].in), c[i].mult,
		    &v);

		CHECK_EQ_I64(rc, c[i].rc);
		if (c[i].rc == 0)
			CHECK(v == c[i].want);
		if (rc != c[i].rc || (rc == 0 && v != c[i].want))
			fprintf(stderr, "  tix_norm_minutes(\"%s\", %g): %d, %g\n",
			    c[i].in, c[i].mult, rc, v);
	}
}

static void test_header_norm(void)
{
	char out[64];

	tix_header_norm("Created at", out, sizeof(out));
	CHECK_EQ_STR(out, "createdat");
	tix_header_norm("created_at", out, sizeof(out));
	CHECK_EQ_STR(out, "createdat");
	tix_header_norm("CREATED-AT", out, sizeof(out));
	CHECK_EQ_STR(out, "createdat");
	tix_header_norm("Reference #", out, sizeof(out));
	CHECK_EQ_STR(out, "reference");
	tix_header_norm("First response time (in hrs)", out, sizeof(out));
	CHECK_EQ_STR(out, "firstresponsetimeinhrs");
	tix_header_norm("Date/Time Opened", out, sizeof(out));
	CHECK_EQ_STR(out, "datetimeopened");
	tix_header_norm("Caf\xc3\xa9 2", out, sizeof(out));
	CHECK_EQ_STR(out, "caf2");
	tix_header_norm("", out, sizeof(out));
	CHECK_EQ_STR(out, "");
	/* cut to fit */
	tix_header_norm("Created at", out, 5);
	CHECK_EQ_STR(out, "crea");
}

static void test_field_lookup(void)
{
	CHECK_EQ_I64(tix_field_lookup("ext_id"), TIX_F_EXT_ID);
	CHECK_EQ_I64(tix_field_lookup("created"), TIX_F_CREATED);
	CHECK_EQ_I64(tix_field_lookup("first_reply_min"),
	    TIX_F_FIRST_REPLY_MIN);
	CHECK_EQ_I64(tix_field_lookup("parent_ext_id"), TIX_F_PARENT_EXT_ID);
	CHECK_EQ_I64(tix_field_lookup("TAGS"), TIX_F_TAGS);
	CHECK_EQ_I64(tix_field_lookup("caller"), -1);
	CHECK_EQ_I64(tix_field_lookup(""), -1);
	CHECK_EQ_I64(tix_field_lookup("created "), -1);
	CHECK_EQ_STR(tix_field_name[TIX_F_SOLVED], "solved");
	CHECK_EQ_I64(tix_field_kind[TIX_F_CREATED], TIX_K_TIME);
	CHECK_EQ_I64(tix_field_kind[TIX_F_FIRST_REPLY_MIN], TIX_K_MINUTES);
	CHECK_EQ_I64(tix_field_kind[TIX_F_SUBJECT], TIX_K_TEXT);
}

int main(void)
{
	test_zendesk();
	test_salesforce();
	test_freshdesk();
	test_jsm();
	test_servicenow();
	test_many_labels();
	test_oracle();
	test_cfpb();
	test_twcs();
	test_generic();
	test_mapfile();
	test_is_null();
	test_norm_status();
	test_norm_priority();
	test_norm_channel();
	test_norm_bool();
	test_norm_number();
	test_norm_minutes();
	test_header_norm();
	test_field_lookup();
	TEST_DONE();
}
