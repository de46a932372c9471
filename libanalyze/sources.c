/* sources.c - CRM header signatures, mapping presets, normalisers. */
#include "sources.h"
#include "tix.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const tix_field_name[TIX_NFIELDS] = {
	"ext_id", "subject", "body", "status", "priority", "category", "subcategory",
	"channel", "requester", "assignee", "team", "tags", "created", "updated",
	"solved", "first_reply_min", "reopens", "reassignments", "csat", "resolution",
	"country", "language", "escalated", "parent_ext_id",
};

const enum tix_kind tix_field_kind[TIX_NFIELDS] = {
	[TIX_F_EXT_ID] = TIX_K_ID, [TIX_F_STATUS] = TIX_K_STATUS,
	[TIX_F_PRIORITY] = TIX_K_PRIORITY, [TIX_F_CHANNEL] = TIX_K_CHANNEL,
	[TIX_F_TAGS] = TIX_K_TAGS, [TIX_F_CREATED] = TIX_K_TIME,
	[TIX_F_UPDATED] = TIX_K_TIME, [TIX_F_SOLVED] = TIX_K_TIME,
	[TIX_F_FIRST_REPLY_MIN] = TIX_K_MINUTES, [TIX_F_REOPENS] = TIX_K_INT,
	[TIX_F_REASSIGNMENTS] = TIX_K_INT, [TIX_F_CSAT] = TIX_K_CSAT,
	[TIX_F_ESCALATED] = TIX_K_BOOL, [TIX_F_PARENT_EXT_ID] = TIX_K_ID,
};

int tix_field_lookup(const char *name)
{
	int i;

	for (i = 0; i < TIX_NFIELDS; i++)
		if (!strcasecmp(name, tix_field_name[i]))
			return i;
	return -1;
}

/*
 * A preset: all of sig must be present (each entry lists alternatives with
 * '|'); alias[f] lists the normalised header names of field f, best first.
 */
struct preset {
	const char *name;
	const char *sig[5];
	const char *alias[TIX_NFIELDS];
	const char *constv[TIX_NFIELDS];
	double minutes_per_unit;
};

static const struct preset presets[] = {
	{ "zendesk", { "id", "createdat", "requester|requesteremail|requesterid", "status" }, {
		[TIX_F_EXT_ID] = "id", [TIX_F_SUBJECT] = "subject",
		[TIX_F_BODY] = "description", [TIX_F_STATUS] = "status",
		[TIX_F_PRIORITY] = "priority",
		[TIX_F_CATEGORY] = "categorylist|category|tickettype",
		[TIX_F_SUBCATEGORY] = "subcategorylist|subcategory",
		[TIX_F_CHANNEL] = "via", [TIX_F_REQUESTER] = "requesteremail|requesterid|requester",
		[TIX_F_ASSIGNEE] = "assignee", [TIX_F_TEAM] = "group", [TIX_F_TAGS] = "tags",
		[TIX_F_CREATED] = "createdat", [TIX_F_UPDATED] = "updatedat",
		[TIX_F_SOLVED] = "solvedat", [TIX_F_FIRST_REPLY_MIN] = "firstreplytimeinminutes",
		[TIX_F_REOPENS] = "reopens", [TIX_F_REASSIGNMENTS] = "groupstations",
		[TIX_F_CSAT] = "satisfactionscore", [TIX_F_RESOLUTION] = "resolutionlist|resolution",
		[TIX_F_COUNTRY] = "countrylist|country", [TIX_F_LANGUAGE] = "languagelist|language",
		[TIX_F_ESCALATED] = "escalatedlist|escalated",
		[TIX_F_PARENT_EXT_ID] = "problemid|parentid" }, { 0 }, 1 },
	{ "salesforce", { "casenumber", "createddate|datetimeopened|dateopened|opened", "status" }, {
		[TIX_F_EXT_ID] = "casenumber", [TIX_F_SUBJECT] = "subject",
		[TIX_F_BODY] = "description", [TIX_F_STATUS] = "status",
		[TIX_F_PRIORITY] = "priority", [TIX_F_CATEGORY] = "type",
		[TIX_F_SUBCATEGORY] = "reason|casereason", [TIX_F_CHANNEL] = "origin|caseorigin",
		[TIX_F_REQUESTER] = "contactemail|suppliedemail|webemail|contactname|contactid",
		[TIX_F_ASSIGNEE] = "caseowner|ownername|owner|ownerid",
		[TIX_F_TEAM] = "ownerqueue|queue", [TIX_F_CREATED] = "createddate|datetimeopened|dateopened|opened",
		[TIX_F_UPDATED] = "lastmodifieddate|lastmodified",
		[TIX_F_SOLVED] = "closeddate|datetimeclosed|dateclosed|closed",
		[TIX_F_RESOLUTION] = "resolution|resolutioncode|closecode",
		[TIX_F_ESCALATED] = "isescalated|escalated", [TIX_F_LANGUAGE] = "language",
		[TIX_F_COUNTRY] = "country", [TIX_F_PARENT_EXT_ID] = "parentcasenumber|parentid|parentcase" },
		{ 0 }, 1 },
	{ "freshdesk", { "ticketid", "createdtime", "subject" }, {
		[TIX_F_EXT_ID] = "ticketid", [TIX_F_SUBJECT] = "subject",
		[TIX_F_BODY] = "description", [TIX_F_STATUS] = "status",
		[TIX_F_PRIORITY] = "priority", [TIX_F_CATEGORY] = "type|category",
		[TIX_F_SUBCATEGORY] = "subcategory|product", [TIX_F_CHANNEL] = "source",
		[TIX_F_REQUESTER] = "email|contactid|fullname|requestername",
		[TIX_F_ASSIGNEE] = "agent", [TIX_F_TEAM] = "group", [TIX_F_TAGS] = "tags",
		[TIX_F_CREATED] = "createdtime", [TIX_F_UPDATED] = "lastupdatetime|lastupdatedtime",
		[TIX_F_SOLVED] = "resolvedtime|closedtime",
		[TIX_F_FIRST_REPLY_MIN] = "firstresponsetimeinhrs", [TIX_F_CSAT] = "surveyresults|satisfactionrating",
		[TIX_F_RESOLUTION] = "resolution", [TIX_F_COUNTRY] = "country",
		[TIX_F_LANGUAGE] = "language" }, { 0 }, 60 },
	{ "jsm", { "issuekey", "summary", "created" }, {
		[TIX_F_EXT_ID] = "issuekey", [TIX_F_SUBJECT] = "summary",
		[TIX_F_BODY] = "description", [TIX_F_STATUS] = "status",
		[TIX_F_PRIORITY] = "priority",
		[TIX_F_CATEGORY] = "customfieldrequesttype|requesttype|issuetype",
		[TIX_F_REQUESTER] = "reporter|creator", [TIX_F_ASSIGNEE] = "assignee",
		[TIX_F_TEAM] = "customfieldteam|team|components|component", [TIX_F_TAGS] = "labels",
		[TIX_F_CREATED] = "created", [TIX_F_UPDATED] = "updated", [TIX_F_SOLVED] = "resolved",
		[TIX_F_FIRST_REPLY_MIN] = "customfieldtimetofirstresponse",
		[TIX_F_CSAT] = "customfieldsatisfaction|satisfaction", [TIX_F_RESOLUTION] = "resolution",
		[TIX_F_LANGUAGE] = "customfieldlanguage|language",
		[TIX_F_PARENT_EXT_ID] = "parent|parentid" }, { 0 }, 1 },
	{ "servicenow", { "number", "openedat|syscreatedon|syscreatedat",
			  "incidentstate|state|shortdescription|callerid" }, {
		[TIX_F_EXT_ID] = "number", [TIX_F_SUBJECT] = "shortdescription",
		[TIX_F_BODY] = "description", [TIX_F_STATUS] = "incidentstate|state",
		[TIX_F_PRIORITY] = "priority", [TIX_F_CATEGORY] = "category",
		[TIX_F_SUBCATEGORY] = "subcategory", [TIX_F_CHANNEL] = "contacttype",
		[TIX_F_REQUESTER] = "callerid|caller", [TIX_F_ASSIGNEE] = "assignedto",
		[TIX_F_TEAM] = "assignmentgroup", [TIX_F_CREATED] = "openedat|syscreatedon|syscreatedat",
		[TIX_F_UPDATED] = "sysupdatedat|sysupdatedon", [TIX_F_SOLVED] = "resolvedat|closedat",
		[TIX_F_REOPENS] = "reopencount", [TIX_F_REASSIGNMENTS] = "reassignmentcount",
		[TIX_F_RESOLUTION] = "closedcode|closecode|resolutioncode",
		[TIX_F_PARENT_EXT_ID] = "parentincident|parent" }, { 0 }, 1 },
	{ "oracle", { "reference", "datecreated", "subject" }, {
		[TIX_F_EXT_ID] = "reference|referenceno|referencenumber", [TIX_F_SUBJECT] = "subject",
		[TIX_F_BODY] = "description|thread|question", [TIX_F_STATUS] = "status",
		[TIX_F_PRIORITY] = "priority|severity", [TIX_F_CATEGORY] = "category",
		[TIX_F_SUBCATEGORY] = "product", [TIX_F_CHANNEL] = "channel",
		[TIX_F_REQUESTER] = "contactemail|email|contact|contactname",
		[TIX_F_ASSIGNEE] = "assigned|assignedaccount", [TIX_F_TEAM] = "queue",
		[TIX_F_CREATED] = "datecreated", [TIX_F_UPDATED] = "datelastupdated|lastupdated",
		[TIX_F_SOLVED] = "dateclosed|dateresolved|closed", [TIX_F_RESOLUTION] = "disposition",
		[TIX_F_LANGUAGE] = "language", [TIX_F_COUNTRY] = "country" }, { 0 }, 1 },
	{ "cfpb", { "datereceived", "product", "issue" }, {
		[TIX_F_EXT_ID] = "complaintid|publicid", [TIX_F_SUBJECT] = "issue",
		[TIX_F_BODY] = "consumercomplaintnarrative|consumernarrative",
		[TIX_F_STATUS] = "companyresponsetoconsumer", [TIX_F_CATEGORY] = "product",
		[TIX_F_SUBCATEGORY] = "subproduct", [TIX_F_CHANNEL] = "submittedvia",
		[TIX_F_TAGS] = "tags|tag", [TIX_F_CREATED] = "datereceived" }, { 0 }, 1 },
	{ "twcs", { "tweetid", "authorid", "text", "createdat" }, {
		[TIX_F_EXT_ID] = "tweetid", [TIX_F_SUBJECT] = "text", [TIX_F_REQUESTER] = "authorid",
		[TIX_F_CREATED] = "createdat", [TIX_F_PARENT_EXT_ID] = "inresponsetotweetid" },
		{ [TIX_F_CHANNEL] = "social" }, 1 },
	{ "generic", { NULL }, {
		[TIX_F_EXT_ID] = "id|ticketid|ticketnumber|ticketno|casenumber|caseid|issuekey|"
			"issueid|incidentid|incidentnumber|number|key|reference|referencenumber|"
			"callid|requestid|conversationid|ticket|url",
		[TIX_F_SUBJECT] = "subject|title|summary|ticketsubject|issuetitle|shortdescription|topic",
		[TIX_F_BODY] = "description|body|message|text|ticketdescription|details|content",
		[TIX_F_STATUS] = "status|state|ticketstatus|issuestatus",
		[TIX_F_PRIORITY] = "priority|ticketpriority|severity|urgency",
		[TIX_F_CATEGORY] = "category|tickettype|issuetype|type|product",
		[TIX_F_SUBCATEGORY] = "subcategory|subtype|subproduct",
		[TIX_F_CHANNEL] = "channel|ticketchannel|source|via|origin|contacttype|medium",
		[TIX_F_REQUESTER] = "requesteremail|customeremail|email|requester|requesterid|"
			"customerid|customer|userid|user|reporter|callerid|caller|contactemail|"
			"contact|authorid|author|customername",
		[TIX_F_ASSIGNEE] = "assignee|agent|assignedto|owner",
		[TIX_F_TEAM] = "team|group|assignmentgroup|queue|department|skill",
		[TIX_F_TAGS] = "tags|labels|label|tag",
		[TIX_F_CREATED] = "created|createdat|createddate|createdtime|creationdate|opened|"
			"openedat|datecreated|datereceived|submittedat|reportedat|starttime|timestamp|date",
		[TIX_F_UPDATED] = "updated|updatedat|lastupdated|lastmodified|modified|modifiedat",
		[TIX_F_SOLVED] = "solved|solvedat|resolved|resolvedat|resolvedtime|closed|closedat|"
			"closeddate|resolutiondate",
		[TIX_F_FIRST_REPLY_MIN] = "firstreplytimeinminutes|firstresponseminutes|firstreplyminutes",
		[TIX_F_REOPENS] = "reopens|reopencount",
		[TIX_F_REASSIGNMENTS] = "reassignments|reassignmentcount",
		[TIX_F_CSAT] = "csat|satisfaction|satisfactionscore|customersatisfactionrating|csatscore|rating",
		[TIX_F_RESOLUTION] = "resolution|resolutioncode|closecode|disposition|macro",
		[TIX_F_COUNTRY] = "country|countrycode",
		[TIX_F_LANGUAGE] = "language|lang|locale",
		[TIX_F_ESCALATED] = "escalated|isescalated",
		[TIX_F_PARENT_EXT_ID] = "parentid|parent|parentticket" }, { 0 }, 1 },
};

#define NPRESETS (sizeof(presets) / sizeof(presets[0]))

const char *const tix_source_names[] = {
	"zendesk", "salesforce", "freshdesk", "jsm", "servicenow", "oracle", "cfpb",
	"twcs", "generic", NULL
};

void tix_header_norm(const char *s, char *out, size_t outsz)
{
	size_t k = 0;

	for (; *s && k + 1 < outsz; s++) {
		unsigned char c = (unsigned char)*s;

		if (isalnum(c) && c < 0x80)
			out[k++] = (char)tolower(c);
	}
	out[k] = '\0';
}

/* Does normalised header name h appear in the '|' list? */
static int in_list(const char *list, const char *h)
{
	size_t hl = strlen(h);

	if (!hl)
		return 0;
	while (list && *list) {
		const char *bar = strchr(list, '|');
		size_t n = bar ? (size_t)(bar - list) : strlen(list);

		if (n == hl && !memcmp(list, h, n))
			return 1;
		list = bar ? bar + 1 : NULL;
	}
	return 0;
}

void tix_mapping_release(struct tix_mapping *m)
{
	int f;

	for (f = 0; f < TIX_NFIELDS; f++) {
		free(m->constval[f]);
		m->constval[f] = NULL;
	}
	free(m->used);
	m->used = NULL;
}

static int mapping_init(struct tix_mapping *m, size_t n, char *err)
{
	int f;

	memset(m, 0, sizeof(*m));
	for (f = 0; f < TIX_NFIELDS; f++)
		m->col[f][0] = -1;
	m->used = calloc(n ? n : 1, 1);
	m->ncols = n;
	m->minutes_per_unit = 1;
	if (!m->used)
		return tix_errf(err, "out of memory");
	return 0;
}

/* Add column c to field f; 0 when it is there, -1 when the list is full. */
static int add_col(struct tix_mapping *m, int f, int c)
{
	int k;

	for (k = 0; k < TIX_MAP_MAXCOLS && m->col[f][k] >= 0; k++)
		if (m->col[f][k] == c)
			return 0;
	if (k == TIX_MAP_MAXCOLS)
		return -1;
	m->col[f][k] = c;
	m->col[f][k + 1] = -1;
	return 0;
}

static char **norm_header(const char *const *hdr, size_t n)
{
	char **h = calloc(n ? n : 1, sizeof(char *));
	size_t i;

	if (!h)
		return NULL;
	for (i = 0; i < n; i++) {
		size_t sz = strlen(hdr[i]) + 1;

		h[i] = malloc(sz);
		if (!h[i]) {
			while (i--)
				free(h[i]);
			free(h);
			return NULL;
		}
		tix_header_norm(hdr[i], h[i], sz);
	}
	return h;
}

static void free_norm(char **h, size_t n)
{
	size_t i;

	for (i = 0; h && i < n; i++)
		free(h[i]);
	free(h);
}

static int sig_matches(const struct preset *p, char **h, size_t n)
{
	size_t s, i;

	if (!p->sig[0])
		return 0;
	for (s = 0; s < sizeof(p->sig) / sizeof(p->sig[0]) && p->sig[s]; s++) {
		for (i = 0; i < n; i++)
			if (in_list(p->sig[s], h[i]))
				break;
		if (i == n)
			return 0;
	}
	return 1;
}

/* Fill m from preset p: for each field, the matching columns in alias order. */
static int apply_preset(const struct preset *p, char **h, size_t n, struct tix_mapping *m,
			char *err)
{
	unsigned char *taken = calloc(n ? n : 1, 1);
	int f;

	if (!taken)
		return tix_errf(err, "out of memory");
	snprintf(m->preset, sizeof(m->preset), "%s", p->name);
	snprintf(m->source, sizeof(m->source), "%s", p->name);
	m->minutes_per_unit = p->minutes_per_unit;
	for (f = 0; f < TIX_NFIELDS; f++) {
		const char *list = p->alias[f];

		if (p->constv[f]) {
			m->constval[f] = strdup(p->constv[f]);
			if (!m->constval[f]) {
				free(taken);
				return tix_errf(err, "out of memory");
			}
			continue;
		}
		/* walk the aliases in order so the best one comes first */
		while (list && *list) {
			const char *bar = strchr(list, '|');
			size_t an = bar ? (size_t)(bar - list) : strlen(list);
			size_t i;

			for (i = 0; i < n; i++) {
				if (taken[i] || strlen(h[i]) != an || memcmp(h[i], list, an))
					continue;
				if (add_col(m, f, (int)i) < 0)
					continue;	/* no room: it stays in extra */
				if (f == TIX_F_TAGS || m->col[f][1] < 0) {
					m->used[i] = 1;	/* the columns actually stored */
					taken[i] = 1;
				}
			}
			list = bar ? bar + 1 : NULL;
		}
	}
	free(taken);
	return 0;
}

int tix_source_map(const char *const *hdr, size_t n, const char *source,
		   struct tix_mapping *m, char *err)
{
	char **h;
	size_t p;
	int ret = -1;

	if (mapping_init(m, n, err) < 0)
		return -1;
	h = norm_header(hdr, n);
	if (!h)
		return tix_errf(err, "out of memory");
	for (p = 0; p < NPRESETS; p++) {
		if (source && strcmp(source, presets[p].name))
			continue;
		if (!source && !sig_matches(&presets[p], h, n))
			continue;
		break;
	}
	if (p == NPRESETS) {
		if (source) {
			tix_errf(err, "unknown source '%s' (known: zendesk, salesforce, freshdesk, "
				 "jsm, servicenow, oracle, cfpb, twcs, generic)", source);
			goto out;
		}
		p = NPRESETS - 1;	/* generic */
	} else if (source && presets[p].sig[0] && !sig_matches(&presets[p], h, n)) {
		tix_errf(err, "the header does not look like a %s export (it needs columns like: %s)",
			 source, presets[p].sig[0]);
		goto out;
	}
	ret = apply_preset(&presets[p], h, n, m, err);
	if (ret == 0 && !presets[p].sig[0]) {
		/* Unrelated generic layouts must not share one id space: name the
		   source after the header, so the same layout keeps its name. */
		uint64_t hh = 0;
		size_t i;

		for (i = 0; i < n; i++)
			hh = tix_hash64(hh, h[i], strlen(h[i]) + 1);
		snprintf(m->source, sizeof(m->source), "generic-%08llx",
			 (unsigned long long)(hh & 0xffffffffULL));
	}
out:
	free_norm(h, n);
	return ret;
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

int tix_mapfile_load(const char *path, const char *const *hdr, size_t n,
		     struct tix_mapping *m, char *err)
{
	FILE *fp;
	char line[1024];
	long lineno = 0;
	int ret = -1;

	if (mapping_init(m, n, err) < 0)
		return -1;
	snprintf(m->preset, sizeof(m->preset), "map");
	snprintf(m->source, sizeof(m->source), "generic");
	fp = fopen(path, "r");
	if (!fp)
		return tix_errf(err, "%s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), fp)) {
		char *key, *val, *eq;
		int f;
		size_t i, found = 0;

		lineno++;
		if (!strchr(line, '\n') && !feof(fp)) {
			tix_errf(err, "%s:%ld: line too long", path, lineno);
			goto out;
		}
		key = trim(line);
		if (!*key || *key == '#')
			continue;
		eq = strchr(key, '=');
		if (!eq) {
			tix_errf(err, "%s:%ld: expected 'field = Header Name'", path, lineno);
			goto out;
		}
		*eq = '\0';
		key = trim(key);
		val = trim(eq + 1);
		if (!strcmp(key, "source")) {
			if (!*val || strlen(val) >= sizeof(m->source)) {
				tix_errf(err, "%s:%ld: source needs a short name", path, lineno);
				goto out;
			}
			snprintf(m->source, sizeof(m->source), "%s", val);
			continue;
		}
		if (!strcmp(key, "date_order")) {
			if (!strcmp(val, "dmy"))
				m->date_order = 1;
			else if (!strcmp(val, "mdy"))
				m->date_order = 2;
			else {
				tix_errf(err, "%s:%ld: date_order is dmy or mdy", path, lineno);
				goto out;
			}
			continue;
		}
		if (!strcmp(key, "timezone") || !strcmp(key, "tz")) {
			snprintf(m->tz, sizeof(m->tz), "%s", val);
			continue;
		}
		if (!strcmp(key, "minutes_per_unit")) {
			char *end;

			m->minutes_per_unit = strtod(val, &end);
			if (*end || m->minutes_per_unit <= 0) {
				tix_errf(err, "%s:%ld: minutes_per_unit needs a positive number", path,
					 lineno);
				goto out;
			}
			continue;
		}
		f = tix_field_lookup(key);
		if (f < 0) {
			tix_errf(err, "%s:%ld: unknown field '%s' (see tix-map(5))", path, lineno, key);
			goto out;
		}
		if (!*val) {
			tix_errf(err, "%s:%ld: no header name after '%s ='", path, lineno, key);
			goto out;
		}
		if (val[0] == '"') {
			size_t vl = strlen(val);

			if (vl < 2 || val[vl - 1] != '"') {
				tix_errf(err, "%s:%ld: unterminated \"literal\"", path, lineno);
				goto out;
			}
			val[vl - 1] = '\0';
			free(m->constval[f]);
			m->constval[f] = strdup(val + 1);
			if (!m->constval[f]) {
				tix_errf(err, "out of memory");
				goto out;
			}
			continue;
		}
		for (i = 0; i < n; i++) {
			if (strcasecmp(hdr[i], val))
				continue;
			found++;
			if (add_col(m, f, (int)i) < 0)
				continue;	/* no room: it stays in extra */
			m->used[i] = 1;
		}
		if (!found) {
			tix_errf(err, "%s:%ld: no column \"%s\" in the header", path, lineno, val);
			goto out;
		}
	}
	if (ferror(fp)) {
		tix_errf(err, "%s: read error", path);
		goto out;
	}
	ret = 0;
out:
	fclose(fp);
	return ret;
}

/* ---------- normalisers ---------- */

int tix_is_null(const char *s, size_t n)
{
	static const char *const marks[] = {
		"-", "?", "n/a", "none", "null", "#n/a", "(none)", "(null)", "nil", "--", NULL
	};
	size_t i;

	if (n > 16 && s[0] != ' ' && s[0] != '\t')
		return 0;	/* the common case: plain text */
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (!n)
		return 1;
	if (n > 6 || !strchr("-?nN#(", *s))
		return 0;
	for (i = 0; marks[i]; i++)
		if (strlen(marks[i]) == n && !strncasecmp(s, marks[i], n))
			return 1;
	return 0;
}

/* Lower-case copy of s (letters, digits, single spaces) for word matching. */
static void lower_words(const char *s, size_t n, char *out, size_t outsz)
{
	size_t i, k = 0;
	int space = 1;

	for (i = 0; i < n && k + 2 < outsz; i++) {
		unsigned char c = (unsigned char)s[i];

		if (isalnum(c) && c < 0x80) {
			out[k++] = (char)tolower(c);
			space = 0;
		} else if (!space) {
			out[k++] = ' ';
			space = 1;
		}
	}
	while (k && out[k - 1] == ' ')
		k--;
	out[k] = '\0';
}

static int has_word(const char *w, const char *word)
{
	size_t n = strlen(word);
	const char *p = w;

	while ((p = strstr(p, word))) {
		if ((p == w || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return 1;
		p++;
	}
	return 0;
}

struct wordmap {
	const char *pat;	/* '^' prefix: word starts with; else substring */
	const char *to;
};

static const char *map_words(const char *s, size_t n, const struct wordmap *t)
{
	char w[128];

	lower_words(s, n, w, sizeof(w));
	if (!*w)
		return NULL;
	for (; t->pat; t++) {
		if (t->pat[0] == '=') {
			if (!strcmp(w, t->pat + 1))
				return t->to;
		} else if (t->pat[0] == ' ') {
			if (has_word(w, t->pat + 1))
				return t->to;
		} else if (strstr(w, t->pat)) {
			return t->to;
		}
	}
	return NULL;
}

const char *tix_norm_status(const char *s, size_t n)
{
	static const struct wordmap t[] = {
		{ "waiting for support", "open" }, { "waiting on support", "open" },
		{ "=new", "new" }, { "=open", "open" }, { "reopen", "open" },
		{ "unresolved", "open" }, { "unsolved", "open" }, { "not resolved", "open" },
		{ "resolv", "solved" }, { "solved", "solved" }, { "=done", "solved" },
		{ "fixed", "solved" }, { "complete", "solved" },
		{ "close", "closed" }, { "cancel", "closed" }, { "rejected", "closed" },
		{ " hold", "hold" }, { "onhold", "hold" },
		{ "pend", "pending" }, { "await", "pending" }, { "wait", "pending" },
		{ " new", "new" }, { "open", "open" }, { "active", "open" }, { "work", "open" },
		{ "progress", "open" }, { "escalat", "open" }, { "assign", "open" },
		{ "updated", "open" }, { "triage", "open" }, { "todo", "open" },
		{ "to do", "open" }, { "investigat", "open" },
		{ NULL, NULL }
	};

	return map_words(s, n, t);
}

const char *tix_norm_priority(const char *s, size_t n)
{
	static const struct wordmap t[] = {
		{ " urgent", "urgent" }, { " critical", "urgent" }, { " highest", "urgent" },
		{ " blocker", "urgent" }, { " emergency", "urgent" }, { "=p1", "urgent" },
		{ "=1", "urgent" }, { "=p0", "urgent" }, { "=0", "urgent" },
		{ " high", "high" }, { " major", "high" }, { "=p2", "high" }, { "=2", "high" },
		{ " normal", "normal" }, { " medium", "normal" }, { " moderate", "normal" },
		{ "=p3", "normal" }, { "=3", "normal" },
		{ " low", "low" }, { " lowest", "low" }, { " minor", "low" }, { " trivial", "low" },
		{ " planning", "low" }, { "=p4", "low" }, { "=4", "low" }, { "=p5", "low" },
		{ "=5", "low" },
		{ NULL, NULL }
	};
	char w[128];
	const char *r;

	/* "1 - Critical": the number alone says it */
	lower_words(s, n, w, sizeof(w));
	r = map_words(s, n, t);
	if (!r && w[0] >= '0' && w[0] <= '5' && w[1] == ' ') {
		char d[2] = { w[0], 0 };

		r = map_words(d, 1, t);
	}
	return r;
}

const char *tix_norm_channel(const char *s, size_t n)
{
	static const struct wordmap t[] = {
		{ "postal", "other" }, { " fax", "other" }, { " letter", "other" },
		{ "voicemail", "phone" }, { "voice mail", "phone" },
		{ "e mail", "email" }, { "email", "email" }, { " mail", "email" },
		{ " phone", "phone" }, { " call", "phone" }, { " voice", "phone" },
		{ " ivr", "phone" }, { " telephone", "phone" }, { " inbound", "phone" },
		{ " chat", "chat" }, { "messag", "chat" }, { "whatsapp", "chat" },
		{ " sms", "chat" }, { " livechat", "chat" },
		{ " sdk", "in_app" }, { " mobile", "in_app" }, { " app", "in_app" },
		{ "in app", "in_app" }, { " ios", "in_app" }, { " android", "in_app" },
		{ " web", "web" }, { " portal", "web" }, { " form", "web" }, { "widget", "web" },
		{ " website", "web" }, { "help center", "web" }, { "self service", "web" },
		{ "feedback", "web" },
		{ "twitter", "social" }, { "facebook", "social" }, { "instagram", "social" },
		{ " social", "social" }, { "tweet", "social" }, { "=x", "social" },
		{ "tiktok", "social" }, { " api", "api" }, { " integration", "api" },
		{ NULL, NULL }
	};
	const char *r = map_words(s, n, t);

	return r ? r : "other";
}

int tix_norm_bool(const char *s, size_t n)
{
	static const char *const yes[] = { "true", "yes", "y", "1", "t", "on", NULL };
	static const char *const no[] = { "false", "no", "n", "0", "f", "off", NULL };
	size_t i;

	for (i = 0; yes[i]; i++)
		if (strlen(yes[i]) == n && !strncasecmp(s, yes[i], n))
			return 1;
	for (i = 0; no[i]; i++)
		if (strlen(no[i]) == n && !strncasecmp(s, no[i], n))
			return 0;
	return -1;
}

int tix_norm_number(const char *s, size_t n, double *out)
{
	char buf[64];
	size_t i, k = 0, dots = 0, commas = 0;
	char *end;

	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (!n || n >= sizeof(buf))
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] == '.')
			dots++;
		else if (s[i] == ',')
			commas++;
		else if (!(isdigit((unsigned char)s[i]) || ((s[i] == '-' || s[i] == '+') && i == 0)))
			return -1;
	}
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == ',') {
			/* "1,5" or "1.234,5": a decimal comma; "1,234" or "1,234.5": thousands */
			const char *rest = s + i + 1;
			size_t left = n - i - 1;

			if (dots == 0 && commas == 1 && left != 3)
				c = '.';
			else if (dots == 0 && commas == 1 && left == 3)
				continue;	/* ambiguous: read as thousands */
			else if (dots && memchr(rest, '.', left))
				continue;	/* thousands before a decimal point */
			else if (dots)
				c = '.';	/* "1.234,5" */
			else
				continue;
		} else if (c == '.' && commas && memchr(s + i + 1, ',', n - i - 1)) {
			continue;	/* "1.234,5": the dot groups thousands */
		}
		buf[k++] = c;
	}
	buf[k] = '\0';
	errno = 0;
	*out = strtod(buf, &end);
	if (end == buf || *end || errno)
		return -1;
	return 0;
}

int tix_norm_minutes(const char *s, size_t n, double mult, double *out)
{
	double v, total = 0;
	size_t i = 0;
	int parts = 0;

	if (tix_norm_number(s, n, &v) == 0) {
		*out = v * mult;
		return 0;
	}
	/* "01:30:00" or "1:30" (hours:minutes[:seconds]) */
	{
		unsigned long a[3];
		int k = 0;
		const char *p = s, *e = s + n;

		while (p < e && k < 3) {
			char *end;

			if (!isdigit((unsigned char)*p))
				break;
			a[k++] = strtoul(p, &end, 10);
			p = end;
			if (p < e && *p == ':')
				p++;
			else
				break;
		}
		if (p == e && k >= 2) {
			*out = (double)a[0] * 60 + (double)a[1] + (k == 3 ? (double)a[2] / 60 : 0);
			return 0;
		}
	}
	/* "2d 3h 30m", "2h 30m", "45m", "1w" (Jira) */
	while (i < n) {
		double num = 0;
		int digits = 0;

		while (i < n && s[i] == ' ')
			i++;
		if (i == n)
			break;
		while (i < n && isdigit((unsigned char)s[i])) {
			num = num * 10 + (s[i] - '0');
			i++;
			digits++;
		}
		if (!digits || i == n)
			return -1;
		switch (tolower((unsigned char)s[i])) {
		case 'w': total += num * 7 * 24 * 60; break;
		case 'd': total += num * 24 * 60; break;
		case 'h': total += num * 60; break;
		case 'm': total += num; break;
		case 's': total += num / 60; break;
		default: return -1;
		}
		i++;
		while (i < n && isalpha((unsigned char)s[i]))
			i++;	/* "hours", "mins" */
		parts++;
	}
	if (!parts)
		return -1;
	*out = total;
	return 0;
}

int tix_source_known(const char *name)
{
	size_t k;

	for (k = 0; tix_source_names[k]; k++)
		if (!strcmp(tix_source_names[k], name))
			return 1;
	return 0;
}

void tix_trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t' || **s == '\n' || **s == '\r')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\n' ||
		      (*s)[*n - 1] == '\r'))
		(*n)--;
}

size_t tix_id_len(const char *s, size_t n)
{
	size_t i, dot = n;

	for (i = 0; i < n; i++) {
		if (s[i] == '.' && dot == n)
			dot = i;
		else if (s[i] < '0' || s[i] > '9')
			return n;
	}
	if (dot == n || dot == 0)
		return n;
	for (i = dot + 1; i < n; i++)
		if (s[i] != '0')
			return n;
	return dot;
}
