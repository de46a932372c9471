/*
 * timeparse.c - recognise, parse and describe date/time values.
 *
 * One hand-written scanner (parse_core) reads a value into its parts and,
 * when asked, notes where each field sits so tix_time_describe() can turn
 * the value into a format string.  Nothing here depends on the locale:
 * letters and digits are tested as ASCII.  The day/month order of an
 * all-numeric date is settled afterwards (resolve), so classify can report
 * both readings.
 */
#include "timeparse.h"

#include <string.h>
#include <time.h>

#define TP_MAXLEN	80	/* longer values (trimmed) are not dates */
#define TP_MAXFIELDS	12

/* The range tix_time_format_iso() can write. */
#define ISO_MIN	INT64_C(-62167219200)	/* 0000-01-01T00:00:00Z */
#define ISO_MAX	INT64_C(253402300799)	/* 9999-12-31T23:59:59Z */

/* A value's parts.  For an ambiguous a/b/y date, m = a and d = b. */
struct tp {
	int y, m, d;
	int hh, mi, ss;
	long off;
	unsigned char ambig, hastime, haszone;
};

/*
 * Where the fields of a value sit, for tix_time_describe().  code is the
 * strftime letter, or '1' / '2' for the first / second number of an
 * ambiguous a/b/y date.  Fields are recorded in the order they occur.
 */
struct tp_field {
	unsigned char off, len;
	char code;
};

struct tp_fields {
	const char *base, *end;	/* the trimmed value */
	int n;
	struct tp_field f[TP_MAXFIELDS];
};

static const char month_names[12][10] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"
};

static const char wday_names[7][10] = {
	"sunday", "monday", "tuesday", "wednesday", "thursday", "friday",
	"saturday"
};

static int is_digit(char c)
{
	return (unsigned)((unsigned char)c - '0') < 10;
}

static int is_alpha(char c)
{
	return (unsigned)(((unsigned char)c | 0x20) - 'a') < 26;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int is_trim(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int lower(char c)
{
	return (unsigned char)c | 0x20;	/* only used on letters */
}

static const char *skip_blank(const char *p, const char *e)
{
	while (p < e && is_blank(*p))
		p++;
	return p;
}

static size_t word_len(const char *p, const char *e)
{
	const char *q = p;

	while (q < e && is_alpha(*q))
		q++;
	return (size_t)(q - p);
}

/* Does the word w[0..len) equal the lowercase name? */
static int word_is(const char *w, size_t len, const char *name)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (name[i] != lower(w[i]))
			return 0;
	return name[len] == '\0';
}

/* Scan a run of digits into *val (its first 9 digits); return its length. */
static int scan_num(const char **pp, const char *e, int *val)
{
	const char *p = *pp;
	int v = 0, k = 0;

	for (; p < e && is_digit(*p); p++, k++)
		if (k < 9)
			v = v * 10 + (*p - '0');
	*pp = p;
	*val = v;
	return k;
}

/*
 * Match the word w[0..len) against names: a 3-letter abbreviation or the
 * full name, any case.  Return the name's index + 1, or 0.
 */
static int name_lookup(const char (*names)[10], int count, const char *w,
    size_t len)
{
	int c0, c1, c2, i;

	if (len < 3 || len > 9)
		return 0;
	c0 = lower(w[0]);
	c1 = lower(w[1]);
	c2 = lower(w[2]);
	for (i = 0; i < count; i++) {
		if (names[i][0] != c0 || names[i][1] != c1 ||
		    names[i][2] != c2)
			continue;
		if (len == 3 || word_is(w, len, names[i]))
			return i + 1;
		return 0;
	}
	return 0;
}

static int month_of(const char *w, size_t len)
{
	if (len == 4 && word_is(w, len, "sept"))
		return 9;
	return name_lookup(month_names, 12, w, len);
}

static int field_add(struct tp_fields *f, const char *from, const char *to,
    char code)
{
	if (!f || f->n == TP_MAXFIELDS)
		return -1;
	f->f[f->n].off = (unsigned char)(from - f->base);
	f->f[f->n].len = (unsigned char)(to - from);
	f->f[f->n].code = code;
	return f->n++;
}

static int year_of(int v, int ndigits)
{
	if (ndigits != 2)
		return v;
	return v < 69 ? 2000 + v : 1900 + v;
}

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int valid_ymd(int y, int m, int d)
{
	static const unsigned char mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (m < 1 || m > 12 || d < 1)
		return 0;
	if (d <= mdays[m - 1])
		return 1;
	return m == 2 && d == 29 && is_leap(y);
}

/*
 * Parse a UTC offset at *pp: a sign, then hh, hh:mm or hhmm; with loose,
 * also h and h:mm.  At most 18:00.  Return 0 and advance *pp, or -1.
 */
static int parse_off(const char **pp, const char *e, int loose, long *off)
{
	const char *p = *pp;
	int neg, k, h, m = 0;

	if (p == e || (*p != '+' && *p != '-'))
		return -1;
	neg = *p++ == '-';
	k = scan_num(&p, e, &h);
	if (k == 4) {
		m = h % 100;
		h /= 100;
	} else if (k == 2 || (loose && k == 1)) {
		if (p < e && *p == ':') {
			p++;
			if (scan_num(&p, e, &m) != 2)
				return -1;
		}
	} else
		return -1;
	if (m > 59 || h * 60 + m > 18 * 60)
		return -1;
	*off = (h * 3600L + m * 60L) * (neg ? -1 : 1);
	*pp = p;
	return 0;
}

/*
 * An optional zone after a time: [blanks] Z | UTC | GMT | UT [offset] |
 * offset, then an optional "(comment)" ending the value.  Return 0 (and
 * advance *pp past it when there was one) or -1 if it is malformed.
 */
static int parse_zone(const char **pp, const char *e, struct tp *t,
    struct tp_fields *f)
{
	const char *p = skip_blank(*pp, e), *q;
	size_t w;

	if (p == e)
		return 0;
	if (*p == '+' || *p == '-') {
		q = p;
		if (parse_off(&p, e, 0, &t->off) < 0)
			return -1;
		field_add(f, q, p, 'z');
	} else if (is_alpha(*p)) {
		w = word_len(p, e);
		if (!(w == 1 && lower(*p) == 'z') && !word_is(p, w, "utc") &&
		    !word_is(p, w, "gmt") && !word_is(p, w, "ut"))
			return 0;
		p += w;
		t->off = 0;
		if (w > 1 && p < e && (*p == '+' || *p == '-')) {
			q = p;
			if (parse_off(&p, e, 1, &t->off) < 0)
				return -1;
			field_add(f, q, p, 'z');
		}
	} else
		return 0;
	t->haszone = 1;
	q = skip_blank(p, e);
	if (q < e && *q == '(' && e[-1] == ')') {
		field_add(f, q + 1, e - 1, 'Z');
		p = e;
	}
	*pp = p;
	return 0;
}

/*
 * A time at *pp: H:MM[:SS[.frac]], then optional [blanks] AM/PM/a.m./p.m.
 * Return 0 and advance *pp, or -1.
 */
static int parse_time(const char **pp, const char *e, struct tp *t,
    struct tp_fields *f)
{
	const char *p = *pp, *q;
	int k, h, hfield, pm = -1;
	size_t w = 0;

	q = p;
	k = scan_num(&p, e, &h);
	if (k < 1 || k > 2 || p == e || *p != ':')
		return -1;
	hfield = field_add(f, q, p, 'H');
	q = ++p;
	if (scan_num(&p, e, &t->mi) != 2)
		return -1;
	field_add(f, q, p, 'M');
	t->ss = 0;
	if (p < e && *p == ':') {
		q = ++p;
		if (scan_num(&p, e, &t->ss) != 2)
			return -1;
		field_add(f, q, p, 'S');
		if (e - p >= 2 && (*p == '.' || *p == ',') && is_digit(p[1])) {
			q = ++p;
			if (scan_num(&p, e, &k) > 9)
				return -1;
			field_add(f, q, p, 'f');
		}
	}
	if (t->mi > 59 || t->ss > 59)
		return -1;

	q = skip_blank(p, e);
	if (q < e && (lower(*q) == 'a' || lower(*q) == 'p')) {
		w = word_len(q, e);
		if (w == 2 && lower(q[1]) == 'm')
			pm = lower(*q) == 'p';
		else if (w == 1 && e - q >= 4 && q[1] == '.' &&
		    lower(q[2]) == 'm' && q[3] == '.' &&
		    (e - q == 4 || !is_alpha(q[4]))) {
			pm = lower(*q) == 'p';
			w = 4;
		}
	}
	if (pm >= 0) {
		if (h < 1 || h > 12)
			return -1;
		h = h % 12 + (pm ? 12 : 0);
		field_add(f, q, q + w, 'p');
		if (hfield >= 0)
			f->f[hfield].code = 'I';
		p = q + w;
	} else if (h > 23)
		return -1;
	t->hh = h;
	t->hastime = 1;
	*pp = p;
	return 0;
}

/*
 * Read s[0..n) into t (the date is not yet checked against the calendar,
 * see resolve) and, if f is not NULL, note its fields.  Return 0 or -1.
 */
static int parse_core(const char *s, size_t n, struct tp *t,
    struct tp_fields *f)
{
	const char *b = s, *e = s + n, *p, *q, *r;
	int v, k, k1, k2, m, yfirst = 0, short2 = 0;
	char c;
	size_t w;

	while (b < e && is_trim(*b))
		b++;
	while (e > b && is_trim(e[-1]))
		e--;
	if (e - b < 6 || e - b > TP_MAXLEN)
		return -1;
	memset(t, 0, sizeof(*t));
	if (f) {
		f->base = b;
		f->end = e;
		f->n = 0;
	}
	p = b;

	/* An optional weekday, "Tue" or "Tue,". */
	if (is_alpha(*p)) {
		w = word_len(p, e);
		if (name_lookup(wday_names, 7, p, w)) {
			field_add(f, p, p + w, w == 3 ? 'a' : 'A');
			p += w;
			if (p < e && *p == ',')
				p++;
			if (p == e || !is_blank(*p))
				return -1;
			p = skip_blank(p, e);
		}
	}

	if (is_alpha(*p)) {
		/* Month first: "Mar 5, 2024", "March 5 2024", asctime. */
		w = word_len(p, e);
		if (!(m = month_of(p, w)))
			return -1;
		field_add(f, p, p + w, w == 3 ? 'b' : 'B');
		p += w;
		if (p == e || !is_blank(*p))
			return -1;
		p = skip_blank(p, e);
		q = p;
		k = scan_num(&p, e, &t->d);
		if (k < 1 || k > 2 || p == e)
			return -1;
		field_add(f, q, p, 'd');
		t->m = m;
		if (*p == ',') {
			q = p = skip_blank(p + 1, e);
			if (scan_num(&p, e, &t->y) != 4)
				return -1;
			field_add(f, q, p, 'Y');
		} else if (is_blank(*p)) {
			q = r = skip_blank(p, e);
			if (scan_num(&r, e, &v) == 4) {
				t->y = v;
				field_add(f, q, r, 'Y');
				p = r;
			} else {
				/* asctime, Twitter: time [zone] year */
				p = q;
				if (parse_time(&p, e, t, f) < 0 ||
				    parse_zone(&p, e, t, f) < 0 ||
				    p == e || !is_blank(*p))
					return -1;
				q = p = skip_blank(p, e);
				if (scan_num(&p, e, &t->y) != 4 || p != e)
					return -1;
				field_add(f, q, p, 'Y');
				return 0;
			}
		} else
			return -1;
	} else if (is_digit(*p)) {
		q = p;
		k1 = scan_num(&p, e, &v);
		if (p == e)
			return -1;
		c = *p;
		if (k1 == 4) {
			/* Year first: 2024-03-05, 2020/3/18, 2024.03.05. */
			if (c != '-' && c != '/' && c != '.')
				return -1;
			t->y = v;
			field_add(f, q, p, 'Y');
			q = ++p;
			k = scan_num(&p, e, &t->m);
			if (k < 1 || k > 2 || p == e || *p != c)
				return -1;
			field_add(f, q, p, 'm');
			q = ++p;
			k = scan_num(&p, e, &t->d);
			if (k < 1 || k > 2)
				return -1;
			field_add(f, q, p, 'd');
			yfirst = 1;
		} else if (k1 == 1 || k1 == 2) {
			if (is_blank(c))
				p = skip_blank(p, e);
			else if (c == '/' || c == '-' || c == '.')
				p++;
			else
				return -1;
			if (p < e && is_alpha(*p)) {
				/* 5 Mar 2024, 05-Mar-24, 05/Mar/24 */
				w = word_len(p, e);
				if (!(m = month_of(p, w)))
					return -1;
				field_add(f, q, q + k1, 'd');
				field_add(f, p, p + w, w == 3 ? 'b' : 'B');
				p += w;
				if (p == e || (is_blank(c) ? !is_blank(*p) :
				    *p != c))
					return -1;
				p = is_blank(c) ? skip_blank(p, e) : p + 1;
				t->d = v;
				t->m = m;
			} else if (!is_blank(c)) {
				/* a/b/y: the order is settled later. */
				t->m = v;
				r = p;
				k2 = scan_num(&p, e, &t->d);
				if (k2 < 1 || k2 > 2 || p == e || *p != c)
					return -1;
				p++;
				short2 = c == '.' && (k1 != 2 || k2 != 2);
				field_add(f, q, q + k1, '1');
				field_add(f, r, r + k2, '2');
				t->ambig = 1;
			} else
				return -1;
			q = p;
			k = scan_num(&p, e, &v);
			if ((k != 2 && k != 4) || (k == 2 && short2))
				return -1;
			t->y = year_of(v, k);
			field_add(f, q, p, k == 2 ? 'y' : 'Y');
		} else
			return -1;
	} else
		return -1;

	/* The time, after a blank, ", " or (year first) 'T'. */
	if (p == e)
		return 0;
	if (*p == 'T' && yfirst)
		p++;
	else if (*p == ',' && e - p > 1 && is_blank(p[1]))
		p = skip_blank(p + 1, e);
	else if (is_blank(*p))
		p = skip_blank(p, e);
	else
		return -1;
	if (parse_time(&p, e, t, f) < 0 || parse_zone(&p, e, t, f) < 0)
		return -1;
	return p == e ? 0 : -1;
}

/*
 * Check t's date against the calendar and settle the order of an a/b/y
 * date (t->m, t->d then hold month and day).  Return the order used
 * (TIX_DORD_UNKNOWN for shapes without an order question) or -1.
 */
static int resolve(struct tp *t, enum tix_dord order)
{
	int a = t->m, b = t->d, dmy, mdy;

	if (!t->ambig)
		return valid_ymd(t->y, t->m, t->d) ? TIX_DORD_UNKNOWN : -1;
	dmy = valid_ymd(t->y, b, a);
	mdy = valid_ymd(t->y, a, b);
	if (order != TIX_DORD_DMY && order != TIX_DORD_MDY) {
		if (dmy && (!mdy || a == b))
			order = TIX_DORD_DMY;
		else if (mdy && !dmy)
			order = TIX_DORD_MDY;
		else
			return -1;
	}
	if (order == TIX_DORD_DMY) {
		if (!dmy)
			return -1;
		t->m = b;
		t->d = a;
	} else if (!mdy)
		return -1;
	t->ambig = 0;
	return (int)order;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t days_from_civil(int y, int m, int d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (unsigned)((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1);
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400) + (*m <= 2);
}

static int to_epoch(const struct tp *t, long default_off_sec, int use_local,
    int64_t *epoch)
{
	struct tm tm;
	time_t tt;
	int64_t wall;

	wall = days_from_civil(t->y, t->m, t->d) * 86400 + t->hh * 3600 +
	    t->mi * 60 + t->ss;
	if (t->haszone) {
		*epoch = wall - t->off;
		return 0;
	}
	if (!use_local) {
		*epoch = wall - default_off_sec;
		return 0;
	}
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = t->y - 1900;
	tm.tm_mon = t->m - 1;
	tm.tm_mday = t->d;
	tm.tm_hour = t->hh;
	tm.tm_min = t->mi;
	tm.tm_sec = t->ss;
	tm.tm_isdst = -1;
	tm.tm_wday = 7;		/* left alone when mktime() fails */
	tt = mktime(&tm);
	if (tt == (time_t)-1 && tm.tm_wday == 7)
		return -1;
	*epoch = (int64_t)tt;
	return 0;
}

unsigned tix_time_classify(const char *s, size_t n)
{
	struct tp t;
	unsigned bits;

	if (!s || parse_core(s, n, &t, NULL) < 0)
		return 0;
	if (t.ambig) {
		bits = 0;
		if (valid_ymd(t.y, t.d, t.m))
			bits |= TIX_TS_DMY;
		if (valid_ymd(t.y, t.m, t.d))
			bits |= TIX_TS_MDY;
		if (!bits)
			return 0;
	} else {
		if (!valid_ymd(t.y, t.m, t.d))
			return 0;
		bits = TIX_TS_DMY | TIX_TS_MDY | TIX_TS_NOORDER;
	}
	if (t.hastime)
		bits |= TIX_TS_HASTIME;
	if (t.haszone)
		bits |= TIX_TS_HASZONE;
	return bits;
}

int tix_time_parse(const char *s, size_t n, enum tix_dord order,
    long default_off_sec, int use_local, int64_t *epoch)
{
	struct tp t;

	if (!s || parse_core(s, n, &t, NULL) < 0 || resolve(&t, order) < 0)
		return -1;
	return to_epoch(&t, default_off_sec, use_local, epoch);
}

int tix_time_describe(const char *s, size_t n, enum tix_dord order,
    char *buf, size_t bufsz)
{
	struct tp t;
	struct tp_fields f;
	char out[2 * TP_MAXLEN + 1];
	const char *p, *end;
	size_t o = 0;
	int i, used;
	char code;

	if (bufsz)
		buf[0] = '\0';
	if (!s || parse_core(s, n, &t, &f) < 0 ||
	    (used = resolve(&t, order)) < 0)
		return -1;
	p = f.base;
	for (i = 0; ; i++) {
		/* Literal text up to the next field, blank runs folded. */
		end = i < f.n ? f.base + f.f[i].off : f.end;
		while (p < end) {
			if (is_blank(*p)) {
				p = skip_blank(p, end);
				out[o++] = ' ';
			} else
				out[o++] = *p++;
		}
		if (i == f.n)
			break;
		code = f.f[i].code;
		if (code == '1')
			code = used == TIX_DORD_DMY ? 'd' : 'm';
		else if (code == '2')
			code = used == TIX_DORD_DMY ? 'm' : 'd';
		out[o++] = '%';
		out[o++] = code;
		p = end + f.f[i].len;
	}
	if (o >= bufsz)
		return -1;
	memcpy(buf, out, o);
	buf[o] = '\0';
	return 0;
}

static void put_digits(char *p, unsigned v, int width)
{
	while (width-- > 0) {
		p[width] = (char)('0' + v % 10);
		v /= 10;
	}
}

void tix_time_format_iso(int64_t epoch, char *buf)
{
	int64_t days, secs;
	int y, m, d;

	if (epoch < ISO_MIN)
		epoch = ISO_MIN;
	else if (epoch > ISO_MAX)
		epoch = ISO_MAX;
	days = epoch / 86400;
	secs = epoch % 86400;
	if (secs < 0) {
		secs += 86400;
		days--;
	}
	civil_from_days(days, &y, &m, &d);
	put_digits(buf, (unsigned)y, 4);
	buf[4] = '-';
	put_digits(buf + 5, (unsigned)m, 2);
	buf[7] = '-';
	put_digits(buf + 8, (unsigned)d, 2);
	buf[10] = 'T';
	put_digits(buf + 11, (unsigned)(secs / 3600), 2);
	buf[13] = ':';
	put_digits(buf + 14, (unsigned)(secs / 60 % 60), 2);
	buf[16] = ':';
	put_digits(buf + 17, (unsigned)(secs % 60), 2);
	buf[19] = 'Z';
	buf[20] = '\0';
}

int tix_time_parse_offset(const char *s, long *off_sec)
{
	const char *p, *e;
	long off = 0;
	size_t w;

	if (!s)
		return -1;
	e = s + strlen(s);
	p = skip_blank(s, e);
	while (e > p && is_blank(e[-1]))
		e--;
	if (p < e && is_alpha(*p)) {
		w = word_len(p, e);
		if (!(w == 1 && lower(*p) == 'z') && !word_is(p, w, "utc") &&
		    !word_is(p, w, "gmt"))
			return -1;
		p += w;
		if (p == e) {
			*off_sec = 0;
			return 0;
		}
		if (w == 1)
			return -1;
	}
	if (parse_off(&p, e, 1, &off) < 0 || p != e)
		return -1;
	*off_sec = off;
	return 0;
}

int tix_time_parse_bound_zone(const char *s, int64_t now_epoch,
    long default_off_sec, int use_local, int64_t *epoch)
{
	const char *p, *e;
	int k, v;
	int64_t unit;

	if (!s)
		return -1;
	e = s + strlen(s);
	p = skip_blank(s, e);
	while (e > p && is_blank(e[-1]))
		e--;
	k = scan_num(&p, e, &v);
	if (k >= 1 && k <= 9 && e - p == 1) {
		switch (lower(*p)) {
		case 'h':
			unit = 3600;
			break;
		case 'd':
			unit = 86400;
			break;
		case 'w':
			unit = 7 * 86400;
			break;
		default:
			return -1;
		}
		*epoch = now_epoch - v * unit;
		return 0;
	}
	return tix_time_parse(s, strlen(s), TIX_DORD_UNKNOWN, default_off_sec,
	    use_local, epoch);
}

int tix_time_parse_bound(const char *s, int64_t now_epoch, int64_t *epoch)
{
	return tix_time_parse_bound_zone(s, now_epoch, 0, 0, epoch);
}

/* The day (since 1970) of the Monday of ISO week 1 of year y: the Monday
   on or before 4 January, which is always in week 1. */
static int64_t iso_week1(int y)
{
	int64_t jan4 = days_from_civil(y, 1, 4);
	/* 1970-01-01 was a Thursday: (z + 3) mod 7 is 0 on Mondays */
	int64_t wd = ((jan4 + 3) % 7 + 7) % 7;

	return jan4 - wd;
}

int tix_iso_week(const char *s, int64_t *lo, int64_t *hi)
{
	int y = 0, w = 0, i;
	int64_t mon1;

	if (!s || strlen(s) != 8 || s[4] != '-' || (s[5] != 'W' && s[5] != 'w'))
		return -1;
	for (i = 0; i < 8; i++) {
		if (i == 4 || i == 5)
			continue;
		if (!is_digit(s[i]))
			return -1;
		if (i < 4)
			y = y * 10 + (s[i] - '0');
		else
			w = w * 10 + (s[i] - '0');
	}
	if (y < 1 || w < 1)
		return -1;
	mon1 = iso_week1(y);
	/* the weeks of y: up to the Monday of the next year's week 1 */
	if ((int64_t)w * 7 > iso_week1(y + 1) - mon1)
		return -1;
	*lo = (mon1 + (int64_t)(w - 1) * 7) * 86400;
	*hi = *lo + 7 * 86400;
	return 0;
}
