/*
 * sources.h - CRM layouts: the canonical ticket fields, header signatures
 * and column-mapping presets, user mapping files, and the normalisers that
 * turn a source's words (statuses, priorities, channels) into canonical ones.
 *
 * Ownership: a struct tix_mapping is filled by the caller's storage and
 * released with tix_mapping_release().  Preset tables are static.
 */
#ifndef TIX_SOURCES_H
#define TIX_SOURCES_H

#include <stddef.h>
#include <stdint.h>

enum tix_field {
	TIX_F_EXT_ID, TIX_F_SUBJECT, TIX_F_BODY, TIX_F_STATUS, TIX_F_PRIORITY,
	TIX_F_CATEGORY, TIX_F_SUBCATEGORY, TIX_F_CHANNEL, TIX_F_REQUESTER,
	TIX_F_ASSIGNEE, TIX_F_TEAM, TIX_F_TAGS, TIX_F_CREATED, TIX_F_UPDATED,
	TIX_F_SOLVED, TIX_F_FIRST_REPLY_MIN, TIX_F_REOPENS, TIX_F_REASSIGNMENTS,
	TIX_F_CSAT, TIX_F_RESOLUTION, TIX_F_COUNTRY, TIX_F_LANGUAGE,
	TIX_F_ESCALATED, TIX_F_PARENT_EXT_ID,
	TIX_NFIELDS
};

/* How a field's text is turned into its stored value. */
enum tix_kind {
	TIX_K_TEXT, TIX_K_ID, TIX_K_STATUS, TIX_K_PRIORITY, TIX_K_CHANNEL,
	TIX_K_TIME, TIX_K_MINUTES, TIX_K_INT, TIX_K_BOOL, TIX_K_TAGS, TIX_K_CSAT
};

extern const char *const tix_field_name[TIX_NFIELDS];
extern const enum tix_kind tix_field_kind[TIX_NFIELDS];
/* The field named name, or -1. */
int tix_field_lookup(const char *name);

#define TIX_MAP_MAXCOLS 32

/* Where each canonical field comes from in one file's header. */
struct tix_mapping {
	char source[64];		/* stored in ticket.source */
	char preset[32];		/* the preset or "map" / "generic" */
	/* columns feeding the field: the first non-null one wins, except for
	   tags, which joins them all; -1 terminated */
	int col[TIX_NFIELDS][TIX_MAP_MAXCOLS + 1];
	char *constval[TIX_NFIELDS];	/* a literal value, or NULL */
	double minutes_per_unit;	/* for first_reply_min: 60 when the source says hours */
	int date_order;			/* from a mapping file: 0, 1 dmy, 2 mdy */
	char tz[64];			/* from a mapping file, "" when not given */
	unsigned char *used;		/* per header column: mapped onto a field */
	size_t ncols;
};

void tix_mapping_release(struct tix_mapping *m);

/* Names of the known presets, NULL-terminated. */
extern const char *const tix_source_names[];

/*
 * Recognise the layout from the header and fill m.  source: NULL to detect,
 * else a preset name (or "generic").  Returns 0, or -1 with err filled (an
 * unknown preset name, a header that is not the named source).
 */
int tix_source_map(const char *const *hdr, size_t n, const char *source,
		   struct tix_mapping *m, char *err);

/*
 * Read a mapping file ("canonical_field = Header Name" lines, see tix-map(5))
 * and apply it to the header.  Returns 0 or -1 with err naming FILE:LINE.
 */
int tix_mapfile_load(const char *path, const char *const *hdr, size_t n,
		     struct tix_mapping *m, char *err);

/* Lower-case a header name and keep letters and digits only ("Created at"
 * and "created_at" both give "createdat").  Writes at most outsz bytes. */
void tix_header_norm(const char *s, char *out, size_t outsz);

/* Is name a preset (or "generic")? */
int tix_source_known(const char *name);

/* Blanks (space, tab, CR, LF) off both ends of s[0..*n). */
void tix_trim(const char **s, size_t *n);
/* The length of an id as stored: "848.0" -> "848" (what a spreadsheet
   made of a number), anything else as it is. */
size_t tix_id_len(const char *s, size_t n);

/* Null markers: "", "-", "?", "N/A", "None", "null", "#N/A", "(none)". */
int tix_is_null(const char *s, size_t n);

/* Canonical words, or NULL when the text says nothing we know. */
const char *tix_norm_status(const char *s, size_t n);
const char *tix_norm_priority(const char *s, size_t n);
const char *tix_norm_channel(const char *s, size_t n);
/* 1, 0, or -1 when not a boolean. */
int tix_norm_bool(const char *s, size_t n);
/* A number with a decimal point or comma ("1,5"), or a duration such as
 * "2h 30m" or "01:30:00" (in hours when unit_minutes is 60...).  0 or -1. */
int tix_norm_number(const char *s, size_t n, double *out);
/* A duration or number in minutes; mult converts a bare number. */
int tix_norm_minutes(const char *s, size_t n, double mult, double *out);

#endif
