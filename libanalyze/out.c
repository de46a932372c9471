/* out.c - the output writer: aligned table, CSV, TSV, JSON, NDJSON. */
#include "out.h"
#include "tix.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CELL_MAXW 48	/* a table cell wider than this is cut, ending in … */
#define CELL_MAXB 256	/* ... and so is one longer than this in bytes */
#define ELLIPSIS "\xe2\x80\xa6"		/* U+2026, one column */
#define REPLACEMENT "\xef\xbf\xbd"	/* U+FFFD, for bytes not UTF-8 */
#define NOT_UTF8 UINT32_MAX
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

struct tix_out {
	FILE *fp;
	enum tix_fmt fmt;	/* resolved: never AUTO */
	unsigned flags;
	size_t ncols;		/* 0 until tix_out_columns */
	char **names;
	enum tix_coltype *types;
	size_t nrows;
	int finished;
	struct tix_buf rec;	/* the record or line being built */
	struct tix_buf tmp;	/* scratch: a value made valid UTF-8 */
	struct tix_buf cells;	/* TABLE: cells in display form, each
				   followed by a NUL, row after row */
	size_t *width;		/* TABLE: display width of each column */
};

static const struct {
	const char *name;
	enum tix_fmt fmt;
} fmt_names[] = {
	{ "table", TIX_FMT_TABLE },
	{ "csv", TIX_FMT_CSV },
	{ "tsv", TIX_FMT_TSV },
	{ "json", TIX_FMT_JSON },
	{ "ndjson", TIX_FMT_NDJSON },
};

/*
 * Display widths, a simple approximation of what terminals do (no locale,
 * no wcwidth): code points in zero_width take no column, those in
 * double_width (East Asian wide and fullwidth, the common emoji blocks)
 * take two, everything else one.  Both tables are sorted, non-overlapping.
 */
struct range {
	uint32_t lo, hi;
};

static const struct range zero_width[] = {
	{ 0x0300, 0x036f }, { 0x0483, 0x0489 }, { 0x0591, 0x05bd },
	{ 0x05bf, 0x05bf }, { 0x05c1, 0x05c2 }, { 0x05c4, 0x05c5 },
	{ 0x05c7, 0x05c7 }, { 0x0610, 0x061a }, { 0x064b, 0x065f },
	{ 0x0670, 0x0670 }, { 0x06d6, 0x06dc }, { 0x06df, 0x06e4 },
	{ 0x06e7, 0x06e8 }, { 0x06ea, 0x06ed }, { 0x0e31, 0x0e31 },
	{ 0x0e34, 0x0e3a }, { 0x0e47, 0x0e4e }, { 0x1160, 0x11ff },
	{ 0x1ab0, 0x1aff }, { 0x1dc0, 0x1dff }, { 0x200b, 0x200f },
	{ 0x202a, 0x202e }, { 0x2060, 0x2064 }, { 0x20d0, 0x20ff },
	{ 0xfe00, 0xfe0f }, { 0xfe20, 0xfe2f }, { 0xfeff, 0xfeff },
	{ 0xe0001, 0xe0001 }, { 0xe0020, 0xe007f }, { 0xe0100, 0xe01ef },
};

static const struct range double_width[] = {
	{ 0x1100, 0x115f }, { 0x231a, 0x231b }, { 0x2329, 0x232a },
	{ 0x23e9, 0x23ec }, { 0x23f0, 0x23f0 }, { 0x23f3, 0x23f3 },
	{ 0x25fd, 0x25fe }, { 0x2614, 0x2615 }, { 0x2648, 0x2653 },
	{ 0x267f, 0x267f }, { 0x2693, 0x2693 }, { 0x26a1, 0x26a1 },
	{ 0x26aa, 0x26ab }, { 0x26bd, 0x26be }, { 0x26c4, 0x26c5 },
	{ 0x26ce, 0x26ce }, { 0x26d4, 0x26d4 }, { 0x26ea, 0x26ea },
	{ 0x26f2, 0x26f3 }, { 0x26f5, 0x26f5 }, { 0x26fa, 0x26fa },
	{ 0x26fd, 0x26fd }, { 0x2705, 0x2705 }, { 0x270a, 0x270b },
	{ 0x2728, 0x2728 }, { 0x274c, 0x274c }, { 0x274e, 0x274e },
	{ 0x2753, 0x2755 }, { 0x2757, 0x2757 }, { 0x2795, 0x2797 },
	{ 0x27b0, 0x27b0 }, { 0x27bf, 0x27bf }, { 0x2b1b, 0x2b1c },
	{ 0x2b50, 0x2b50 }, { 0x2b55, 0x2b55 }, { 0x2e80, 0x303e },
	{ 0x3041, 0x33ff }, { 0x3400, 0x4dbf }, { 0x4e00, 0x9fff },
	{ 0xa000, 0xa4cf }, { 0xa960, 0xa97f }, { 0xac00, 0xd7a3 },
	{ 0xf900, 0xfaff }, { 0xfe10, 0xfe19 }, { 0xfe30, 0xfe6f },
	{ 0xff00, 0xff60 }, { 0xffe0, 0xffe6 }, { 0x16fe0, 0x16fe4 },
	{ 0x16ff0, 0x16ff1 }, { 0x17000, 0x18d08 }, { 0x1aff0, 0x1b2ff },
	{ 0x1f004, 0x1f004 }, { 0x1f0cf, 0x1f0cf }, { 0x1f18e, 0x1f18e },
	{ 0x1f191, 0x1f19a }, { 0x1f200, 0x1f202 }, { 0x1f210, 0x1f23b },
	{ 0x1f240, 0x1f248 }, { 0x1f250, 0x1f251 }, { 0x1f260, 0x1f265 },
	{ 0x1f300, 0x1f64f }, { 0x1f680, 0x1f6ff }, { 0x1f7e0, 0x1f7eb },
	{ 0x1f7f0, 0x1f7f0 }, { 0x1f900, 0x1f9ff }, { 0x1fa70, 0x1faff },
	{ 0x20000, 0x2fffd }, { 0x30000, 0x3fffd },
};

static int in_ranges(uint32_t c, const struct range *r, size_t n)
{
	size_t lo = 0, hi = n;

	if (c < r[0].lo || c > r[n - 1].hi)
		return 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c > r[mid].hi)
			lo = mid + 1;
		else if (c < r[mid].lo)
			hi = mid;
		else
			return 1;
	}
	return 0;
}

static size_t cp_width(uint32_t c)
{
	if (c < 0x300)
		return 1;
	if (in_ranges(c, zero_width, NELEM(zero_width)))
		return 0;
	if (in_ranges(c, double_width, NELEM(double_width)))
		return 2;
	return 1;
}

/*
 * The character at s[0..n), n > 0: returns its length in bytes and puts
 * its code point in *cp, or returns 1 with *cp = NOT_UTF8 when s[0] does
 * not start a valid UTF-8 sequence.
 */
static size_t utf8_next(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len, k;
	uint32_t c;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	len = u[0] >= 0xf0 ? 4 : u[0] >= 0xe0 ? 3 : 2;
	if (tix_utf8_valid(s, n < len ? n : len) < len) {
		*cp = NOT_UTF8;
		return 1;
	}
	c = u[0] & (0x7fu >> len);
	for (k = 1; k < len; k++)
		c = c << 6 | (u[k] & 0x3fu);
	*cp = c;
	return len;
}

/* Display width of s[0..n), which cell_add made: valid, no controls. */
static size_t disp_width(const char *s, size_t n)
{
	size_t i = 0, w = 0;
	uint32_t c;

	while (i < n) {
		i += utf8_next(s + i, n - i, &c);
		w += c == NOT_UTF8 ? 1 : cp_width(c);
	}
	return w;
}

/*
 * Append the table form of s[0..n) to b: line breaks and tabs become a
 * space (CRLF one space), other control characters '?', bytes that are not
 * UTF-8 U+FFFD.  With cut set, a cell wider than CELL_MAXW columns or
 * longer than CELL_MAXB bytes is cut short and ends in "…".
 */
static int cell_add(struct tix_buf *b, const char *s, size_t n, int cut)
{
	size_t start = b->len, keep = b->len, i = 0, w = 0;

	while (i < n) {
		const char *rep = s + i;
		size_t len, replen, cw;
		uint32_t c;

		len = replen = utf8_next(s + i, n - i, &c);
		if (c == '\r' && i + 1 < n && s[i + 1] == '\n') {
			len = 2;
			rep = " ";
			replen = cw = 1;
		} else if (c == '\n' || c == '\r' || c == '\t' ||
		    c == 0x85 || c == 0x2028 || c == 0x2029) {
			rep = " ";
			replen = cw = 1;
		} else if (c == NOT_UTF8) {
			rep = REPLACEMENT;
			replen = 3;
			cw = 1;
		} else if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
			rep = "?";
			replen = cw = 1;
		} else
			cw = cp_width(c);
		if (cut && (w + cw > CELL_MAXW ||
		    b->len - start + replen > CELL_MAXB)) {
			b->len = keep;
			return tix_buf_adds(b, ELLIPSIS);
		}
		if (tix_buf_add(b, rep, replen) < 0)
			return -1;
		w += cw;
		/* Where to cut, leaving room for the ellipsis. */
		if (w < CELL_MAXW && b->len - start <= CELL_MAXB - 3)
			keep = b->len;
		i += len;
	}
	return 0;
}

static int add_repeat(struct tix_buf *b, int c, size_t n)
{
	for (; n > 0; n--)
		if (tix_buf_addc(b, c) < 0)
			return -1;
	return 0;
}

/* RFC 4180 field.  alone: the only field of its record, never left blank. */
static int csv_field(struct tix_buf *b, const char *s, size_t n, int alone)
{
	size_t i, run;
	int quote = 0;

	if (n == 0)
		return alone ? tix_buf_adds(b, "\"\"") : 0;
	if (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t')
		quote = 1;
	for (i = 0; i < n && !quote; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			quote = 1;
	if (!quote)
		return tix_buf_add(b, s, n);
	if (tix_buf_addc(b, '"') < 0)
		return -1;
	for (i = run = 0; i < n; i++) {
		if (s[i] != '"')
			continue;
		/* The quote goes out with the run, and once more after it. */
		if (tix_buf_add(b, s + run, i + 1 - run) < 0)
			return -1;
		run = i;
	}
	if (tix_buf_add(b, s + run, n - run) < 0)
		return -1;
	return tix_buf_addc(b, '"');
}

/* Tab-separated text field: tab, CR, LF and backslash escaped. */
static int tsv_field(struct tix_buf *b, const char *s, size_t n)
{
	size_t i, run;
	const char *esc;

	for (i = run = 0; i < n; i++) {
		switch (s[i]) {
		case '\t': esc = "\\t"; break;
		case '\r': esc = "\\r"; break;
		case '\n': esc = "\\n"; break;
		case '\\': esc = "\\\\"; break;
		default: continue;
		}
		if (tix_buf_add(b, s + run, i - run) < 0 ||
		    tix_buf_add(b, esc, 2) < 0)
			return -1;
		run = i + 1;
	}
	return tix_buf_add(b, s + run, n - run);
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Is s[0..n) a number by the JSON grammar (RFC 8259, section 6)? */
static int is_json_number(const char *s, size_t n)
{
	size_t i = 0, d;

	if (i < n && s[i] == '-')
		i++;
	if (i < n && s[i] == '0')
		i++;
	else {
		for (d = i; i < n && is_digit(s[i]); i++)
			;
		if (i == d)
			return 0;
	}
	if (i < n && s[i] == '.') {
		for (d = ++i; i < n && is_digit(s[i]); i++)
			;
		if (i == d)
			return 0;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		if (++i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		for (d = i; i < n && is_digit(s[i]); i++)
			;
		if (i == d)
			return 0;
	}
	return i == n;
}

static int text_is(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && memcmp(s, word, n) == 0;
}

/* A JSON string; bytes that are not UTF-8 become U+FFFD. */
static int json_str(struct tix_out *o, struct tix_buf *b, const char *s,
    size_t n)
{
	size_t i, v;

	v = tix_utf8_valid(s, n);
	if (v == n)
		return tix_buf_add_json_str(b, s, n);
	tix_buf_reset(&o->tmp);
	for (i = 0; i < n; i += v + 1) {
		v = tix_utf8_valid(s + i, n - i);
		if (tix_buf_add(&o->tmp, s + i, v) < 0)
			return -1;
		if (i + v < n && tix_buf_adds(&o->tmp, REPLACEMENT) < 0)
			return -1;
	}
	return tix_buf_add_json_str(b, o->tmp.s, o->tmp.len);
}

static int json_value(struct tix_out *o, struct tix_buf *b,
    enum tix_coltype type, const char *s, size_t n)
{
	if (s == NULL)
		return tix_buf_adds(b, "null");
	switch (type) {
	case TIX_COL_INT:
	case TIX_COL_REAL:
		if (is_json_number(s, n))
			return tix_buf_add(b, s, n);
		break;
	case TIX_COL_BOOL:
		if (text_is(s, n, "1") || text_is(s, n, "true"))
			return tix_buf_adds(b, "true");
		if (text_is(s, n, "0") || text_is(s, n, "false"))
			return tix_buf_adds(b, "false");
		break;
	case TIX_COL_TEXT:
		break;
	}
	return json_str(o, b, s, n);
}

static int json_object(struct tix_out *o, const char *const *vals,
    const size_t *lens)
{
	struct tix_buf *b = &o->rec;
	size_t j;

	if (tix_buf_addc(b, '{') < 0)
		return -1;
	for (j = 0; j < o->ncols; j++) {
		const char *v = vals[j];

		if ((j > 0 && tix_buf_addc(b, ',') < 0) ||
		    json_str(o, b, o->names[j], strlen(o->names[j])) < 0 ||
		    tix_buf_addc(b, ':') < 0 ||
		    json_value(o, b, o->types[j], v,
		    v ? (lens ? lens[j] : strlen(v)) : 0) < 0)
			return -1;
	}
	return tix_buf_addc(b, '}');
}

static int eol(const struct tix_out *o, struct tix_buf *b)
{
	return tix_buf_adds(b, o->flags & TIX_OUT_CRLF ? "\r\n" : "\n");
}

/* One CSV or TSV record of n fields; vals[j] NULL is an empty field. */
static int sv_record(struct tix_out *o, size_t n, const char *const *vals,
    const size_t *lens)
{
	struct tix_buf *b = &o->rec;
	size_t j, len;

	for (j = 0; j < n; j++) {
		const char *v = vals[j] ? vals[j] : "";

		len = vals[j] && lens ? lens[j] : strlen(v);
		if (j > 0 && tix_buf_addc(b,
		    o->fmt == TIX_FMT_CSV ? ',' : '\t') < 0)
			return -1;
		if (o->fmt == TIX_FMT_CSV) {
			if (csv_field(b, v, len, n == 1) < 0)
				return -1;
		} else if (tsv_field(b, v, len) < 0)
			return -1;
	}
	return eol(o, b);
}

static int put(struct tix_out *o, const struct tix_buf *b, char *err)
{
	if (b->len > 0 && fwrite(b->s, 1, b->len, o->fp) != b->len)
		return tix_errf(err, "cannot write output: %s",
		    strerror(errno));
	return 0;
}

static int right_aligned(enum tix_coltype type)
{
	return type == TIX_COL_INT || type == TIX_COL_REAL;
}

/* Append cell s[0..n) of column j, padded to the column's width. */
static int table_cell(struct tix_out *o, size_t j, const char *s, size_t n)
{
	struct tix_buf *b = &o->rec;
	size_t w = disp_width(s, n);
	size_t pad = o->width[j] > w ? o->width[j] - w : 0;

	if (j > 0 && tix_buf_adds(b, "  ") < 0)
		return -1;
	if (right_aligned(o->types[j]))
		return add_repeat(b, ' ', pad) < 0 ? -1 : tix_buf_add(b, s, n);
	return tix_buf_add(b, s, n) < 0 ? -1 : add_repeat(b, ' ', pad);
}

/* End the table line in rec, trailing spaces dropped, and write it. */
static int table_line(struct tix_out *o, char *err)
{
	struct tix_buf *b = &o->rec;

	while (b->len > 0 && b->s[b->len - 1] == ' ')
		b->len--;
	if (tix_buf_addc(b, '\n') < 0)
		return tix_errf(err, "out of memory writing the table");
	return put(o, b, err);
}

static int table_write(struct tix_out *o, char *err)
{
	size_t r, j, len, off = 0;
	const char *s;

	if (!(o->flags & TIX_OUT_NOHEADER)) {
		tix_buf_reset(&o->rec);
		for (j = 0; j < o->ncols; j++) {
			tix_buf_reset(&o->tmp);
			if (cell_add(&o->tmp, o->names[j],
			    strlen(o->names[j]), 0) < 0 ||
			    table_cell(o, j, o->tmp.s ? o->tmp.s : "",
			    o->tmp.len) < 0)
				return tix_errf(err,
				    "out of memory writing the table");
		}
		if (table_line(o, err) < 0)
			return -1;
		tix_buf_reset(&o->rec);
		for (j = 0; j < o->ncols; j++)
			if ((j > 0 && tix_buf_adds(&o->rec, "  ") < 0) ||
			    add_repeat(&o->rec, '-', o->width[j]) < 0)
				return tix_errf(err,
				    "out of memory writing the table");
		if (table_line(o, err) < 0)
			return -1;
	}
	for (r = 0; r < o->nrows; r++) {
		tix_buf_reset(&o->rec);
		for (j = 0; j < o->ncols; j++) {
			s = o->cells.s + off;
			len = strlen(s);
			off += len + 1;
			if (table_cell(o, j, s, len) < 0)
				return tix_errf(err,
				    "out of memory writing the table");
		}
		if (table_line(o, err) < 0)
			return -1;
	}
	return 0;
}

/* Keep a row for the table, each cell in its display form. */
static int table_keep(struct tix_out *o, const char *const *vals,
    const size_t *lens, char *err)
{
	size_t j, start, w, row = o->cells.len;

	for (j = 0; j < o->ncols; j++) {
		const char *v = vals[j];

		start = o->cells.len;
		if ((v && cell_add(&o->cells, v, lens ? lens[j] : strlen(v),
		    1) < 0) || tix_buf_addc(&o->cells, '\0') < 0) {
			o->cells.len = row;
			return tix_errf(err, "out of memory keeping table rows "
			    "(row %zu); try --format csv", o->nrows + 1);
		}
		w = disp_width(o->cells.s + start, o->cells.len - start - 1);
		if (w > o->width[j])
			o->width[j] = w;
	}
	return 0;
}

int tix_fmt_parse(const char *name, enum tix_fmt *fmt, char *err)
{
	size_t i;

	for (i = 0; name && i < NELEM(fmt_names); i++)
		if (strcmp(name, fmt_names[i].name) == 0) {
			*fmt = fmt_names[i].fmt;
			return 0;
		}
	return tix_errf(err, "unknown output format \"%s\" (choose table, "
	    "csv, tsv, json or ndjson)", name ? name : "");
}

struct tix_out *tix_out_new(FILE *fp, enum tix_fmt fmt, unsigned flags,
    char *err)
{
	struct tix_out *o;

	if (fp == NULL) {
		tix_errf(err, "no output stream");
		return NULL;
	}
	if (fmt < TIX_FMT_AUTO || fmt > TIX_FMT_NDJSON) {
		tix_errf(err, "unknown output format %d", (int)fmt);
		return NULL;
	}
	if (flags & ~(TIX_OUT_CRLF | TIX_OUT_NOHEADER)) {
		tix_errf(err, "unknown output flags %#x", flags);
		return NULL;
	}
	if ((o = calloc(1, sizeof(*o))) == NULL) {
		tix_errf(err, "out of memory");
		return NULL;
	}
	if (fmt == TIX_FMT_AUTO) {
		int fd = fileno(fp);

		fmt = fd >= 0 && isatty(fd) ? TIX_FMT_TABLE : TIX_FMT_CSV;
	}
	o->fp = fp;
	o->fmt = fmt;
	o->flags = flags;
	tix_buf_init(&o->rec, 0);
	tix_buf_init(&o->tmp, 0);
	tix_buf_init(&o->cells, 0);
	return o;
}

enum tix_fmt tix_out_format(const struct tix_out *o)
{
	return o->fmt;
}

static void free_columns(struct tix_out *o, size_t n)
{
	size_t j;

	if (o->names)
		for (j = 0; j < n; j++)
			free(o->names[j]);
	free(o->names);
	free(o->types);
	free(o->width);
	o->names = NULL;
	o->types = NULL;
	o->width = NULL;
	o->ncols = 0;
}

int tix_out_columns(struct tix_out *o, size_t ncols,
    const char *const *names, const enum tix_coltype *types, char *err)
{
	size_t j;

	if (o->ncols > 0)
		return tix_errf(err, "output columns already declared");
	if (o->finished)
		return tix_errf(err, "output already finished");
	if (ncols == 0 || names == NULL)
		return tix_errf(err, "no output columns");
	for (j = 0; j < ncols; j++) {
		if (names[j] == NULL)
			return tix_errf(err, "output column %zu has no name",
			    j + 1);
		if (types && (types[j] < TIX_COL_TEXT ||
		    types[j] > TIX_COL_BOOL))
			return tix_errf(err, "output column \"%s\": unknown "
			    "type %d", names[j], (int)types[j]);
	}
	o->names = calloc(ncols, sizeof(*o->names));
	o->types = calloc(ncols, sizeof(*o->types));
	o->width = calloc(ncols, sizeof(*o->width));
	if (!o->names || !o->types || !o->width)
		goto nomem;
	for (j = 0; j < ncols; j++) {
		if ((o->names[j] = strdup(names[j])) == NULL)
			goto nomem;
		o->types[j] = types ? types[j] : TIX_COL_TEXT;
	}
	o->ncols = ncols;

	if (o->flags & TIX_OUT_NOHEADER)
		return 0;
	switch (o->fmt) {
	case TIX_FMT_CSV:
	case TIX_FMT_TSV:
		tix_buf_reset(&o->rec);
		if (sv_record(o, ncols, (const char *const *)o->names,
		    NULL) < 0)
			return tix_errf(err, "out of memory");
		return put(o, &o->rec, err);
	case TIX_FMT_TABLE:
		for (j = 0; j < ncols; j++) {
			tix_buf_reset(&o->tmp);
			if (cell_add(&o->tmp, names[j], strlen(names[j]),
			    0) < 0)
				return tix_errf(err, "out of memory");
			o->width[j] = disp_width(o->tmp.s ? o->tmp.s : "",
			    o->tmp.len);
		}
		return 0;
	default:
		return 0;
	}

nomem:
	free_columns(o, ncols);
	return tix_errf(err, "out of memory");
}

int tix_out_rown(struct tix_out *o, const char *const *vals,
    const size_t *lens, char *err)
{
	if (o->finished)
		return tix_errf(err, "output already finished");
	if (o->ncols == 0)
		return tix_errf(err, "output row before the columns");
	if (vals == NULL)
		return tix_errf(err, "output row without values");

	tix_buf_reset(&o->rec);
	switch (o->fmt) {
	case TIX_FMT_TABLE:
		if (table_keep(o, vals, lens, err) < 0)
			return -1;
		o->nrows++;
		return 0;
	case TIX_FMT_CSV:
	case TIX_FMT_TSV:
		if (sv_record(o, o->ncols, vals, lens) < 0)
			goto nomem;
		break;
	case TIX_FMT_JSON:
		if (tix_buf_adds(&o->rec, o->nrows ? ",\n" : "[\n") < 0 ||
		    json_object(o, vals, lens) < 0)
			goto nomem;
		break;
	case TIX_FMT_NDJSON:
	default:
		if (json_object(o, vals, lens) < 0 ||
		    tix_buf_addc(&o->rec, '\n') < 0)
			goto nomem;
		break;
	}
	if (put(o, &o->rec, err) < 0)
		return -1;
	o->nrows++;
	return 0;

nomem:
	return tix_errf(err, "out of memory writing row %zu", o->nrows + 1);
}

int tix_out_row(struct tix_out *o, const char *const *vals, char *err)
{
	return tix_out_rown(o, vals, NULL, err);
}

int tix_out_finish(struct tix_out *o, char *err)
{
	int rc = 0;

	if (o->finished)
		return tix_errf(err, "output already finished");
	o->finished = 1;
	if (o->fmt == TIX_FMT_JSON) {
		tix_buf_reset(&o->rec);
		if (tix_buf_adds(&o->rec, o->nrows ? "\n]\n" : "[]\n") < 0)
			rc = tix_errf(err, "out of memory");
		else
			rc = put(o, &o->rec, err);
	} else if (o->fmt == TIX_FMT_TABLE)
		rc = table_write(o, err);
	/* The table rows are no longer needed. */
	tix_buf_release(&o->cells);
	if (fflush(o->fp) != 0 || ferror(o->fp)) {
		if (rc == 0)
			rc = tix_errf(err, "cannot write output: %s",
			    strerror(errno));
		rc = -1;
	}
	return rc;
}

void tix_out_free(struct tix_out *o)
{
	if (o == NULL)
		return;
	free_columns(o, o->ncols);
	tix_buf_release(&o->rec);
	tix_buf_release(&o->tmp);
	tix_buf_release(&o->cells);
	free(o);
}
