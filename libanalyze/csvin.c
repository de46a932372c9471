/* csvin.c - streaming reader for messy CSV exports, on libcsv. */
#include "csvin.h"
#include "tix.h"

#include <csv.h>
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { ENC_UTF8, ENC_UTF16LE, ENC_UTF16BE };

#define RAWSZ 65536
#define SAMPLE_BYTES 65536
#define SAMPLE_LINES 400
#define MAX_HEADER_SKIP 25
#define MAX_PENDING 64
#define MAX_LINE ((size_t)64 << 20)
#define MAX_QUOTED_LINES_AFTER_BAD 1000

struct pending {
	struct tix_buf raw;
	long line, end_line;
	size_t width;
	char *first;		/* the one non-empty field, for the footer list */
};

struct tix_csvin {
	FILE *fp;
	char *name;
	long long total, consumed;
	int enc;
	const char *encname;
	size_t bomlen;

	/* raw bytes and decoded UTF-8 */
	unsigned char raw[RAWSZ];
	size_t rlen;
	char *dbuf;
	size_t dlen, dpos, dcap;
	int eof;
	int crmode;

	/* lines */
	long lineno;		/* number of the last line handed out */
	struct tix_buf replay;
	size_t rpos;
	long replay_line;
	struct tix_buf lbuf;

	/* the libcsv parser and the fields of the record being built */
	struct csv_parser p;
	int delim;
	struct tix_buf arena;
	size_t *offs;
	size_t nf, fcap;
	int rec_done;
	int last_term;		/* the record's last line had a line end */
	int replayed;		/* the record came (partly) from lines read again */
	int marked;		/* CR or LF in its data were hidden from libcsv */
	int quote_gone_wrong;	/* a quote ran to the end of the file once */
	int fast;		/* the record is being read without libcsv */
	int fq;			/* ... and is inside a quoted field */
	struct tix_buf markbuf;

	/* the record handed out */
	struct tix_record rec;
	struct tix_buf rawrec;
	size_t max_record;
	struct tix_record hdr;
	struct tix_buf hdrarena;

	/* footer candidates held back until we know they are the end */
	struct pending pend[MAX_PENDING];
	size_t npend, pout;	/* held; next to flush */
	int flushing;
	struct tix_record prec;	/* a held record handed out as a reject */
	struct tix_buf prawbuf;

	long header_line;
	struct tix_csvin_info info;
	int data_started;
};

/* ---------- decoding and lines ---------- */

static void put_utf8(struct tix_csvin *r, unsigned cp)
{
	char *d = r->dbuf + r->dlen;

	if (cp < 0x80) {
		d[0] = (char)cp;
		r->dlen += 1;
	} else if (cp < 0x800) {
		d[0] = (char)(0xc0 | (cp >> 6));
		d[1] = (char)(0x80 | (cp & 0x3f));
		r->dlen += 2;
	} else if (cp < 0x10000) {
		d[0] = (char)(0xe0 | (cp >> 12));
		d[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		d[2] = (char)(0x80 | (cp & 0x3f));
		r->dlen += 3;
	} else {
		d[0] = (char)(0xf0 | (cp >> 18));
		d[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		d[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		d[3] = (char)(0x80 | (cp & 0x3f));
		r->dlen += 4;
	}
}

static int dbuf_reserve(struct tix_csvin *r, size_t extra)
{
	size_t cap;
	char *p;

	if (r->dlen + extra + 1 <= r->dcap)
		return 0;
	cap = r->dcap ? r->dcap : 2 * RAWSZ;
	while (cap < r->dlen + extra + 1)
		cap *= 2;
	p = realloc(r->dbuf, cap);
	if (!p)
		return -1;
	r->dbuf = p;
	r->dcap = cap;
	return 0;
}

/* Read more raw bytes and append them, decoded, to dbuf.  0 ok, -1 error. */
static int fill(struct tix_csvin *r, char *err)
{
	size_t got, i, used;

	if (r->eof)
		return 0;
	got = fread(r->raw + r->rlen, 1, RAWSZ - r->rlen, r->fp);
	if (got == 0) {
		if (ferror(r->fp))
			return tix_errf(err, "%s: read error: %s", r->name, strerror(errno));
		r->eof = 1;
	}
	r->consumed += (long long)got;
	r->rlen += got;
	if (r->enc == ENC_UTF8) {
		if (dbuf_reserve(r, r->rlen) < 0)
			return tix_errf(err, "out of memory");
		memcpy(r->dbuf + r->dlen, r->raw, r->rlen);
		r->dlen += r->rlen;
		r->rlen = 0;
		return 0;
	}
	/* UTF-16: at most 3 UTF-8 bytes per 2 input bytes, 4 per 4 */
	if (dbuf_reserve(r, r->rlen * 2 + 4) < 0)
		return tix_errf(err, "out of memory");
	for (i = 0; i + 1 < r->rlen;) {
		const unsigned char *b = r->raw + i;
		unsigned u = r->enc == ENC_UTF16LE ? (unsigned)(b[0] | b[1] << 8)
						   : (unsigned)(b[0] << 8 | b[1]);

		if (u >= 0xd800 && u <= 0xdbff) {
			unsigned lo;

			if (i + 3 >= r->rlen) {
				if (!r->eof)
					break;	/* wait for the low half */
				put_utf8(r, 0xfffd);
				i += 2;
				continue;
			}
			lo = r->enc == ENC_UTF16LE ? (unsigned)(b[2] | b[3] << 8)
						   : (unsigned)(b[2] << 8 | b[3]);
			if (lo >= 0xdc00 && lo <= 0xdfff) {
				put_utf8(r, 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00));
				i += 4;
			} else {
				put_utf8(r, 0xfffd);
				i += 2;
			}
			continue;
		}
		put_utf8(r, (u >= 0xdc00 && u <= 0xdfff) ? 0xfffd : u);
		i += 2;
	}
	used = i;
	if (r->eof && used < r->rlen) {	/* an odd last byte */
		put_utf8(r, 0xfffd);
		used = r->rlen;
	}
	memmove(r->raw, r->raw + used, r->rlen - used);
	r->rlen -= used;
	return 0;
}

/*
 * Hand out the next physical line without its terminator; *term says
 * whether it had one.  1: a line; 0: end of input; -1: error.
 */
static int get_line(struct tix_csvin *r, const char **line, size_t *len, int *term,
		    char *err)
{
	char t = r->crmode ? '\r' : '\n';

	if (r->replay.len) {
		const char *s = r->replay.s + r->rpos;
		size_t left = r->replay.len - r->rpos;
		const char *nl = memchr(s, '\n', left);

		*line = s;
		*len = nl ? (size_t)(nl - s) : left;
		*term = nl != NULL;
		r->rpos += *len + (nl != NULL);
		if (r->rpos >= r->replay.len) {
			/* keep the bytes alive until the next call */
			tix_buf_reset(&r->lbuf);
			if (tix_buf_add(&r->lbuf, *line, *len) < 0)
				return tix_errf(err, "out of memory");
			*line = r->lbuf.s;
			tix_buf_reset(&r->replay);
			r->rpos = 0;
		}
		r->lineno = r->replay_line++;
		r->replayed = 1;
		return 1;
	}
	for (;;) {
		char *s = r->dbuf + r->dpos;
		size_t left = r->dlen - r->dpos;
		char *nl = left ? memchr(s, t, left) : NULL;

		if (nl) {
			size_t n = (size_t)(nl - s);

			r->dpos += n + 1;
			if (!r->crmode && n && s[n - 1] == '\r')
				n--;
			if (r->crmode && r->dpos < r->dlen && r->dbuf[r->dpos] == '\n')
				r->dpos++;	/* a stray CRLF in a CR file */
			*line = s;
			*len = n;
			*term = 1;
			r->lineno++;
			return 1;
		}
		if (r->eof) {
			if (!left)
				return 0;
			r->dpos = r->dlen;
			*line = s;
			*len = left;
			*term = 0;
			r->lineno++;
			return 1;
		}
		if (r->dpos) {
			memmove(r->dbuf, r->dbuf + r->dpos, left);
			r->dlen = left;
			r->dpos = 0;
		}
		if (r->dlen > MAX_LINE)
			return tix_errf(err, "%s:%ld: a line longer than %zu MiB; is this a CSV file?",
					r->name, r->lineno + 1, MAX_LINE >> 20);
		if (fill(r, err) < 0)
			return -1;
	}
}

/* ---------- libcsv glue ---------- */

/* Start a field at the end of the arena.  0, or -1 out of memory. */
static int new_field(struct tix_csvin *r)
{
	if (r->nf == r->fcap) {
		size_t cap = r->fcap ? r->fcap * 2 : 64;
		size_t *o = realloc(r->offs, cap * sizeof(*o));

		if (!o)
			return -1;
		r->offs = o;
		r->fcap = cap;
	}
	r->offs[r->nf++] = r->arena.len;
	return 0;
}

static void on_field(void *s, size_t n, void *data)
{
	struct tix_csvin *r = data;

	if (new_field(r) < 0) {
		r->arena.max = 0;	/* makes the next add fail */
		return;
	}
	tix_buf_add(&r->arena, s ? s : "", s ? n : 0);
	tix_buf_addc(&r->arena, '\0');
}

static void on_record(int c, void *data)
{
	struct tix_csvin *r = data;

	(void)c;
	r->rec_done = 1;
}

static int is_space_only(unsigned char c)
{
	return c == ' ';
}

/*
 * libcsv's own tests for line ends (CR or LF) and blanks (space or tab) are
 * inline; a callback for them costs a call per byte, most of the parse.  So
 * the parser keeps its defaults, and the reader hides the CR and LF bytes
 * that are data (a bare CR inside a line) behind marks it takes back out of
 * the fields.  Only a tab-delimited file needs a blank test of its own.
 */
#define MARK_CR 0xff
#define MARK_LF 0xfe

/*
 * libcsv grows a field by a fixed block; a long field would be copied over
 * and over.  Grow it geometrically: hand back the same block while it fits.
 */
static void *csv_grow(void *ptr, size_t n)
{
	size_t cap;

	if (ptr && malloc_usable_size(ptr) >= n)
		return ptr;
	cap = n < 4096 ? 4096 : n;
	if (cap <= SIZE_MAX / 2)
		cap *= 2;
	return realloc(ptr, cap);
}

static int parser_init(struct csv_parser *p, int delim)
{
	if (csv_init(p, CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return -1;
	csv_set_realloc_func(p, csv_grow);
	csv_set_blk_size(p, 4096);
	csv_set_delim(p, (unsigned char)delim);
	if (delim == '\t')
		csv_set_space_func(p, is_space_only);
	return 0;
}

/* Feed one line (and its line end) to p; CR and LF inside it are marked. */
static size_t feed_line(struct csv_parser *p, struct tix_buf *tmp, const char *l, size_t n,
			int term, void (*cb1)(void *, size_t, void *), void (*cb2)(int, void *),
			void *data, int *marked)
{
	size_t done;

	if (n && (memchr(l, '\r', n) || memchr(l, '\n', n))) {
		size_t i;

		tix_buf_reset(tmp);
		if (tix_buf_add(tmp, l, n) < 0)
			return 0;
		for (i = 0; i < n; i++) {
			if (tmp->s[i] == '\r')
				tmp->s[i] = (char)MARK_CR;
			else if (tmp->s[i] == '\n')
				tmp->s[i] = (char)MARK_LF;
		}
		l = tmp->s;
		*marked = 1;
	}
	done = csv_parse(p, l, n, cb1, cb2, data);
	if (done == n && term && csv_parse(p, "\n", 1, cb1, cb2, data) != 1)
		return 0;
	return done == n ? n : 0;
}

/*
 * The common record without libcsv and its call per byte: each field plain, or
 * quoted from its first byte to a closing quote right before a delimiter
 * or the line end ("" inside for a quote), spanning lines if need be.
 * Those libcsv reads the same way.  Anything else -- a blank at either end
 * of a plain field, a quote inside one, text after a closing quote, a CR or
 * LF inside the line, a last line without a line end -- returns 0, and the
 * caller reads the whole record again with libcsv, so odd records get
 * exactly libcsv's reading.  1: the line is taken (r->rec_done when the
 * record ends); 0: not for this path; -1: out of memory.
 */
static int fast_line(struct tix_csvin *r, const char *l, size_t n, int term)
{
	const char *p = l, *end = l + n;
	char d = (char)r->delim;

	if (!term || (n && memchr(l, r->crmode ? '\n' : '\r', n)))
		return 0;
	for (;;) {
		if (r->fq || (p < end && *p == '"')) {
			if (!r->fq) {
				if (new_field(r) < 0)
					return -1;
				r->fq = 1;
				p++;
			}
			for (;;) {
				const char *q = memchr(p, '"', (size_t)(end - p));

				if (!q) {
					/* the field goes on on the next line */
					if (tix_buf_add(&r->arena, p, (size_t)(end - p)) < 0 ||
					    tix_buf_addc(&r->arena, '\n') < 0)
						return -1;
					return 1;
				}
				if (tix_buf_add(&r->arena, p, (size_t)(q - p)) < 0)
					return -1;
				p = q + 1;
				if (p < end && *p == '"') {
					if (tix_buf_addc(&r->arena, '"') < 0)
						return -1;
					p++;
					continue;
				}
				break;
			}
			r->fq = 0;
			if (tix_buf_addc(&r->arena, '\0') < 0)
				return -1;
			if (p < end && *p != d)
				return 0;
		} else {
			const char *f = p;

			while (p < end && *p != d && *p != '"')
				p++;
			if ((p < end && *p == '"') ||
			    (p > f && (*f == ' ' || (*f == '\t' && d != '\t') || p[-1] == ' ' ||
				       (p[-1] == '\t' && d != '\t'))))
				return 0;
			if (new_field(r) < 0 || tix_buf_add(&r->arena, f, (size_t)(p - f)) < 0 ||
			    tix_buf_addc(&r->arena, '\0') < 0)
				return -1;
		}
		if (p == end) {
			r->rec_done = 1;
			return 1;
		}
		p++;	/* the delimiter */
	}
}

/* The fast path gave up on the record: hand its lines before the current
   one (rawrec[0, len), each with its line end) to libcsv instead.  0, or
   -1 when libcsv fails. */
static int fast_undo(struct tix_csvin *r, size_t len)
{
	const char *s = r->rawrec.s;

	r->fast = r->fq = 0;
	r->nf = 0;
	tix_buf_reset(&r->arena);
	while (len) {
		const char *nl = memchr(s, '\n', len);
		size_t n = nl ? (size_t)(nl - s) : len;

		if (feed_line(&r->p, &r->markbuf, s, n, 1, on_field, on_record, r,
			      &r->marked) != n)
			return -1;
		s += n + (nl != NULL);
		len -= n + (nl != NULL);
	}
	return 0;
}

/* Whether the record being read is inside a quoted field. */
static int in_quotes(const struct tix_csvin *r)
{
	return r->fast ? r->fq : r->p.quoted;
}

/* ---------- sniffing ---------- */

struct sniffer {
	size_t nf, last_nonempty;
	size_t width, effwidth;
	int done;
};

static void sn_field(void *s, size_t n, void *data)
{
	struct sniffer *sn = data;

	(void)s;
	sn->nf++;
	if (n)
		sn->last_nonempty = sn->nf;
}

static void sn_record(int c, void *data)
{
	struct sniffer *sn = data;

	(void)c;
	sn->width = sn->nf;
	sn->effwidth = sn->last_nonempty;
	sn->done = 1;
	sn->nf = 0;
	sn->last_nonempty = 0;
}

/*
 * Score reading the sample lines [k..] with delimiter d: the number of
 * records that can be as wide as the first one (modulo trailing empty
 * fields), a single-column reading counting a quarter.  A record that spans
 * lines and does not fit is read again from its second line, as the reader
 * does, so one stray quote cannot hide the rest of the sample.
 */
static double sniff_score(const char *sample, const size_t *lstart, const size_t *llen,
			  size_t nlines, size_t k, int d, size_t *width)
{
	struct sniffer sn;
	struct csv_parser p;
	struct tix_buf tmp;
	size_t i = k, start = k, w = 0, match = 0, nrec = 0;
	int marked = 0, fits;

	memset(&sn, 0, sizeof(sn));
	tix_buf_init(&tmp, 0);
	if (parser_init(&p, d) < 0)
		return -1;
	while (i < nlines || start + 1 < nlines) {
		if (i < nlines) {
			feed_line(&p, &tmp, sample + lstart[i], llen[i], 1, sn_field, sn_record,
				  &sn, &marked);
			if (!sn.done) {
				i++;
				continue;
			}
			sn.done = 0;
			if (!nrec++)
				w = sn.width;
			fits = sn.width == w || (sn.width > w && sn.effwidth <= w);
			match += fits;
			if (fits || i == start) {
				start = ++i;
				continue;
			}
		}
		/* a quote still open at the end of the sample, or a record over
		   several lines that does not fit: give up its first line and
		   read again after it */
		csv_free(&p);
		parser_init(&p, d);
		memset(&sn, 0, sizeof(sn));
		start = i = start + 1;
	}
	csv_free(&p);
	tix_buf_release(&tmp);
	if (!nrec)
		return 0;
	*width = w;
	/*
	 * A reading with several columns that fits most records beats any
	 * one-column reading, whose records are lines: a file of long
	 * multi-line fields has many more lines than records.
	 */
	if (w >= 2)
		return match >= 2 && 2 * match >= nrec ? 1e6 + (double)match : (double)match;
	return (double)match / 4;
}

static int sniff(struct tix_csvin *r, int want_delim, long want_header, char *err)
{
	static const int delims[] = { ',', ';', '\t', '|' };
	struct tix_buf sample;
	size_t lstart[SAMPLE_LINES], llen[SAMPLE_LINES], nlines = 0, k, di;
	size_t crlf = 0, lf = 0, cr = 0, i;
	int inq = 0;
	double best = -1;
	int ret = -1;

	tix_buf_init(&sample, 0);
	/* newline style, from the first decoded block */
	while (r->dlen < SAMPLE_BYTES && !r->eof)
		if (fill(r, err) < 0)
			goto out;
	for (i = 0; i < r->dlen; i++) {
		if (r->dbuf[i] == '"')
			inq = !inq;
		if (inq)
			continue;
		if (r->dbuf[i] == '\n')
			lf++;
		else if (r->dbuf[i] == '\r') {
			if (i + 1 < r->dlen && r->dbuf[i + 1] == '\n') {
				crlf++;
				i++;
			} else {
				cr++;
			}
		}
	}
	r->crmode = cr > lf + crlf;
	r->info.newline = !lf && !cr && !crlf ? "none" : r->crmode ? "CR" :
		crlf && lf ? "mixed" : crlf ? "CRLF" : "LF";

	while (nlines < SAMPLE_LINES && sample.len < SAMPLE_BYTES) {
		const char *l;
		size_t n;
		int term, got = get_line(r, &l, &n, &term, err);

		if (got < 0)
			goto out;
		if (!got)
			break;
		lstart[nlines] = sample.len;
		llen[nlines] = n;
		if (tix_buf_add(&sample, l, n) < 0 || tix_buf_addc(&sample, '\n') < 0) {
			tix_errf(err, "out of memory");
			goto out;
		}
		nlines++;
	}
	/* drop a last line that may be cut in the middle of a record */
	if (nlines > 2 && (sample.len >= SAMPLE_BYTES || nlines == SAMPLE_LINES))
		nlines--;
	r->info.delim = want_delim ? want_delim : ',';
	r->header_line = want_header ? want_header : 1;
	if (!nlines) {
		r->header_line = 0;
		ret = 0;
		goto out;
	}
	/* Excel's "sep=;" hint */
	if (!want_delim && llen[0] == 5 && !memcmp(sample.s, "sep=", 4)) {
		r->info.delim = (unsigned char)sample.s[4];
		r->header_line = want_header ? want_header : 2;
		ret = 0;
		goto out;
	}
	for (k = 0; k < nlines && k < MAX_HEADER_SKIP; k++) {
		if (want_header && (long)k != want_header - 1)
			continue;
		if (!llen[k])
			continue;
		for (di = 0; di < sizeof(delims) / sizeof(delims[0]); di++) {
			size_t w = 0;
			double s;

			if (want_delim && delims[di] != want_delim)
				continue;
			if (want_delim && !memchr(delims, want_delim, sizeof(delims)))
				break;
			s = sniff_score(sample.s, lstart, llen, nlines, k, delims[di], &w);
			if (s > best) {
				best = s;
				r->info.delim = delims[di];
				r->header_line = (long)k + 1;
			}
		}
	}
	ret = 0;
out:
	tix_buf_release(&sample);
	return ret;
}

/* ---------- opening ---------- */

static int looks_binary(const unsigned char *b, size_t n, int *enc)
{
	size_t i, nul_even = 0, nul_odd = 0, ctl = 0;

	for (i = 0; i < n; i++) {
		if (b[i] == 0) {
			if (i & 1)
				nul_odd++;
			else
				nul_even++;
		} else if (b[i] < 0x20 && b[i] != '\t' && b[i] != '\n' && b[i] != '\r' &&
			   b[i] != '\f') {
			ctl++;
		}
	}
	if (n >= 8 && nul_odd > n / 4 && nul_even < n / 64) {
		*enc = ENC_UTF16LE;
		return 0;
	}
	if (n >= 8 && nul_even > n / 4 && nul_odd < n / 64) {
		*enc = ENC_UTF16BE;
		return 0;
	}
	return nul_even + nul_odd > 0 || ctl > n / 100 + 1;
}

/* Seek to the start and detect the encoding from the first bytes. */
static int start(struct tix_csvin *r, char *err)
{
	unsigned char head[4096];
	size_t n;

	if (fseeko(r->fp, 0, SEEK_SET) < 0)
		return tix_errf(err, "%s: cannot seek: %s", r->name, strerror(errno));
	n = fread(head, 1, sizeof(head), r->fp);
	if (ferror(r->fp))
		return tix_errf(err, "%s: read error: %s", r->name, strerror(errno));
	r->enc = ENC_UTF8;
	r->bomlen = 0;
	r->encname = "UTF-8";
	if (n >= 3 && head[0] == 0xef && head[1] == 0xbb && head[2] == 0xbf) {
		r->bomlen = 3;
		r->encname = "UTF-8 with BOM";
	} else if (n >= 2 && head[0] == 0xff && head[1] == 0xfe) {
		r->enc = ENC_UTF16LE;
		r->bomlen = 2;
		r->encname = "UTF-16LE";
	} else if (n >= 2 && head[0] == 0xfe && head[1] == 0xff) {
		r->enc = ENC_UTF16BE;
		r->bomlen = 2;
		r->encname = "UTF-16BE";
	} else {
		int enc = ENC_UTF8;

		if (looks_binary(head, n, &enc))
			return tix_errf(err, "%s:1: binary data (NUL or control bytes), not a CSV export",
					r->name);
		if (enc != ENC_UTF8) {
			r->enc = enc;
			r->encname = enc == ENC_UTF16LE ? "UTF-16LE" : "UTF-16BE";
		}
	}
	if (fseeko(r->fp, (off_t)r->bomlen, SEEK_SET) < 0)
		return tix_errf(err, "%s: cannot seek: %s", r->name, strerror(errno));
	r->consumed = (long long)r->bomlen;
	r->rlen = r->dlen = r->dpos = 0;
	r->eof = 0;
	r->lineno = 0;
	tix_buf_reset(&r->replay);
	r->rpos = 0;
	return 0;
}

static FILE *spool_stdin(char *err)
{
	FILE *tmp = tmpfile();
	char buf[65536];
	size_t n;

	if (!tmp) {
		tix_errf(err, "stdin: cannot make a temporary file: %s", strerror(errno));
		return NULL;
	}
	while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0)
		if (fwrite(buf, 1, n, tmp) != n) {
			tix_errf(err, "stdin: cannot spool to a temporary file: %s", strerror(errno));
			fclose(tmp);
			return NULL;
		}
	if (ferror(stdin)) {
		tix_errf(err, "stdin: read error: %s", strerror(errno));
		fclose(tmp);
		return NULL;
	}
	return tmp;
}

static int read_record(struct tix_csvin *r, char *err);

static int set_header(struct tix_csvin *r, char *err)
{
	size_t i, *start = NULL;
	int ret = -1;

	r->hdr.n = r->rec.n;
	r->hdr.f = calloc(r->hdr.n ? r->hdr.n : 1, sizeof(char *));
	r->hdr.len = calloc(r->hdr.n ? r->hdr.n : 1, sizeof(size_t));
	start = calloc(r->hdr.n ? r->hdr.n : 1, sizeof(size_t));
	if (!r->hdr.f || !r->hdr.len || !start)
		goto oom;
	/* names trimmed; an empty one becomes column_N */
	for (i = 0; i < r->hdr.n; i++) {
		const char *s = r->rec.f[i];
		size_t n = r->rec.len[i];

		while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		while (n && (*s == ' ' || *s == '\t')) {
			s++;
			n--;
		}
		start[i] = r->hdrarena.len;
		if (n) {
			if (tix_buf_add(&r->hdrarena, s, n) < 0)
				goto oom;
		} else if (tix_buf_addf(&r->hdrarena, "column_%zu", i + 1) < 0) {
			goto oom;
		}
		r->hdr.len[i] = r->hdrarena.len - start[i];
		if (tix_buf_addc(&r->hdrarena, '\0') < 0)
			goto oom;
	}
	for (i = 0; i < r->hdr.n; i++)
		r->hdr.f[i] = r->hdrarena.s + start[i];
	r->hdr.line = r->rec.line;
	r->hdr.end_line = r->rec.end_line;
	r->hdr.raw = "";
	ret = 0;
	goto out;
oom:
	tix_errf(err, "out of memory");
out:
	free(start);
	return ret;
}

/* Skip the preamble and read the header.  0 ok, -1 error. */
static int skip_to_data(struct tix_csvin *r, int first, char *err)
{
	int got;

	r->info.preamble_lines = 0;
	while (r->lineno < r->header_line - 1) {
		const char *l;
		size_t n;
		int term;

		got = get_line(r, &l, &n, &term, err);
		if (got < 0)
			return -1;
		if (!got)
			break;
		r->info.preamble_lines++;
	}
	got = read_record(r, err);
	if (got < 0)
		return -1;
	if (!got) {
		r->info.header_line = 0;
		return 0;
	}
	if (first) {
		if (tix_utf8_valid(r->rec.raw, r->rec.rawlen) != r->rec.rawlen ||
		    memchr(r->rec.raw, '\0', r->rec.rawlen))
			r->rec.problem = TIX_REC_UTF8;
		if (r->rec.problem == TIX_REC_UTF8)
			return tix_errf(err, "%s:%ld: invalid UTF-8 in the header", r->name, r->rec.line);
		if (r->rec.problem == TIX_REC_QUOTE || r->rec.problem == TIX_REC_TOOBIG)
			return tix_errf(err, "%s:%ld: %s in the header", r->name, r->rec.line,
					r->rec.why);
		if (set_header(r, err) < 0)
			return -1;
	}
	r->info.header_line = r->rec.line;
	r->info.ncols = r->hdr.n;
	return 0;
}

struct tix_csvin *tix_csvin_open(const char *path, const struct tix_csvin_opts *opts, char *err)
{
	struct tix_csvin *r = calloc(1, sizeof(*r));
	struct stat st;
	int is_stdin = !path || !strcmp(path, "-");

	if (!r) {
		tix_errf(err, "out of memory");
		return NULL;
	}
	tix_buf_init(&r->replay, 0);
	tix_buf_init(&r->lbuf, 0);
	tix_buf_init(&r->arena, 0);
	tix_buf_init(&r->rawrec, 0);
	tix_buf_init(&r->hdrarena, 0);
	tix_buf_init(&r->prawbuf, 0);
	tix_buf_init(&r->markbuf, 0);
	r->max_record = opts && opts->max_record ? opts->max_record : (size_t)16 << 20;
	r->name = strdup(is_stdin ? "stdin" : path);
	if (!r->name) {
		tix_errf(err, "out of memory");
		goto fail;
	}
	if (is_stdin) {
		if (fstat(0, &st) == 0 && S_ISREG(st.st_mode) && lseek(0, 0, SEEK_CUR) == 0) {
			r->fp = fdopen(dup(0), "rb");
		} else {
			r->fp = spool_stdin(err);
			if (!r->fp)
				goto fail;
		}
	} else {
		r->fp = fopen(path, "rb");
	}
	if (!r->fp) {
		tix_errf(err, "%s: %s", r->name, strerror(errno));
		goto fail;
	}
	if (fstat(fileno(r->fp), &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			tix_errf(err, "%s: is a directory", r->name);
			goto fail;
		}
		if (S_ISREG(st.st_mode))
			r->total = (long long)st.st_size;
	}
	if (start(r, err) < 0)
		goto fail;
	r->info.encoding = r->encname;
	if (sniff(r, opts ? opts->delim : 0, opts ? opts->header_line : 0, err) < 0)
		goto fail;
	r->delim = r->info.delim;
	if (start(r, err) < 0)
		goto fail;
	if (parser_init(&r->p, r->delim) < 0) {
		tix_errf(err, "out of memory");
		goto fail;
	}
	if (r->header_line && skip_to_data(r, 1, err) < 0) {
		csv_free(&r->p);
		goto fail;
	}
	r->data_started = 1;
	return r;
fail:
	r->p.entry_buf = NULL;
	tix_csvin_close(r);
	return NULL;
}

/* ---------- records ---------- */

static void finish_fields(struct tix_csvin *r)
{
	size_t i;

	if (r->rec.n < r->nf || !r->rec.f) {
		free(r->rec.f);
		free(r->rec.len);
		r->rec.f = malloc((r->nf ? r->nf : 1) * sizeof(char *));
		r->rec.len = malloc((r->nf ? r->nf : 1) * sizeof(size_t));
	}
	r->rec.n = r->nf;
	for (i = 0; i < r->nf; i++) {
		size_t end = i + 1 < r->nf ? r->offs[i + 1] - 1 : r->arena.len - 1;

		r->rec.f[i] = r->arena.s + r->offs[i];
		r->rec.len[i] = end - r->offs[i];
	}
	if (r->marked) {
		/* the CR and LF bytes hidden from libcsv (the raw text is not
		   marked, so a real 0xfe/0xff byte is still caught as bad UTF-8) */
		for (i = 0; i < r->arena.len; i++) {
			unsigned char c = (unsigned char)r->arena.s[i];

			if (c == MARK_CR)
				r->arena.s[i] = '\r';
			else if (c == MARK_LF)
				r->arena.s[i] = '\n';
		}
	}
}

/* Put the lines after the first of the current raw record back for reading. */
static int replay_rest(struct tix_csvin *r, char *err)
{
	const char *nl = memchr(r->rawrec.s, '\n', r->rawrec.len);
	struct tix_buf nb;
	size_t first;

	if (!nl)
		return 0;
	first = (size_t)(nl - r->rawrec.s) + 1;
	tix_buf_init(&nb, 0);
	if (tix_buf_add(&nb, r->rawrec.s + first, r->rawrec.len - first) < 0 ||
	    (r->last_term && nb.len && nb.s[nb.len - 1] != '\n' && tix_buf_addc(&nb, '\n') < 0) ||
	    tix_buf_add(&nb, r->replay.s ? r->replay.s + r->rpos : "",
			r->replay.len - r->rpos) < 0) {
		tix_buf_release(&nb);
		return tix_errf(err, "out of memory");
	}
	tix_buf_release(&r->replay);
	r->replay = nb;
	r->rpos = 0;
	r->replay_line = r->rec.line + 1;
	r->rawrec.len = first - 1;
	r->rawrec.s[r->rawrec.len] = '\0';
	r->rec.end_line = r->rec.line;
	r->rec.raw = r->rawrec.s;
	r->rec.rawlen = r->rawrec.len;
	return 0;
}

static void reset_parser(struct tix_csvin *r)
{
	csv_free(&r->p);
	parser_init(&r->p, r->delim);
}

/*
 * The record being read went wrong: report its first line only, with the
 * problem, and read the lines after it again from a fresh parser.
 */
static int give_up_first_line(struct tix_csvin *r, enum tix_rec_problem problem,
			      const char *why, char *err)
{
	r->rec.problem = problem;
	snprintf(r->rec.why, sizeof(r->rec.why), "%s", why);
	reset_parser(r);
	if (replay_rest(r, err) < 0)
		return -1;
	r->nf = 0;
	tix_buf_reset(&r->arena);
	return 0;
}

/*
 * Read one record, whatever its width.  1: r->rec filled; 0: end; -1: error.
 * Quote problems are dealt with here: the first line is given up and the
 * lines after it are read again.
 */
static int read_record(struct tix_csvin *r, char *err)
{
	int started = 0;

	tix_buf_reset(&r->arena);
	tix_buf_reset(&r->rawrec);
	r->nf = 0;
	r->rec_done = 0;
	r->replayed = 0;
	r->marked = 0;
	r->fast = 1;
	r->fq = 0;
	r->rec.problem = TIX_REC_OK;
	r->rec.why[0] = '\0';
	for (;;) {
		const char *l;
		size_t n, before;
		int term, got = get_line(r, &l, &n, &term, err);

		if (got < 0)
			return -1;
		if (!got) {
			int rc;

			if (!started)
				return 0;
			if (r->fast && fast_undo(r, r->rawrec.len) < 0)
				goto csv_failed;
			/* libcsv reports an open quote at the end only in strict mode */
			rc = r->p.pstate == 2 && r->p.quoted;
			csv_fini(&r->p, on_field, on_record, r);
			r->rec.end_line = r->lineno;
			if (rc) {
				r->quote_gone_wrong = 1;
				if (give_up_first_line(r, TIX_REC_QUOTE, "unterminated quoted field",
						       err) < 0)
					return -1;
			}
			break;
		}
		if (!started) {
			if (n == 0) {
				r->info.blank_records++;	/* a blank line between records */
				continue;
			}
			started = 1;
			r->rec.line = r->lineno;
		}
		before = r->rawrec.len;
		if (tix_buf_add(&r->rawrec, l, n) < 0 ||
		    (term && tix_buf_addc(&r->rawrec, '\n') < 0))
			return tix_errf(err, "out of memory");
		r->last_term = term;
		if (r->fast) {
			int rc = fast_line(r, l, n, term);

			if (rc < 0)
				return tix_errf(err, "out of memory");
			if (rc == 0 && fast_undo(r, before) < 0)
				goto csv_failed;
		}
		if (!r->fast && feed_line(&r->p, &r->markbuf, l, n, term, on_field, on_record, r,
					  &r->marked) != n)
			goto csv_failed;
		if (r->arena.max == 0)
			return tix_errf(err, "out of memory");
		if (r->rec_done) {
			r->rec.end_line = r->lineno;
			if (r->rawrec.len && r->rawrec.s[r->rawrec.len - 1] == '\n')
				r->rawrec.s[--r->rawrec.len] = '\0';
			if (r->rawrec.len > r->max_record) {
				r->rec.problem = TIX_REC_TOOBIG;
				snprintf(r->rec.why, sizeof(r->rec.why),
					 "record larger than the size limit (%zu bytes)", r->max_record);
			}
			break;
		}
		if (!term) {
			/* last line without a line end: the parser holds it */
			continue;
		}
		if (r->quote_gone_wrong && in_quotes(r) &&
		    r->lineno - r->rec.line >= MAX_QUOTED_LINES_AFTER_BAD) {
			/* this file has left a quote open before; do not read to
			   the end again for every line that opens one */
			r->rec.end_line = r->lineno;
			if (give_up_first_line(r, TIX_REC_QUOTE, "unterminated quoted field", err) < 0)
				return -1;
			break;
		}
		if (r->rawrec.len > r->max_record) {
			r->rec.end_line = r->lineno;
			if (give_up_first_line(r, in_quotes(r) ? TIX_REC_QUOTE : TIX_REC_TOOBIG,
					       in_quotes(r) ? "unterminated quoted field"
							   : "record larger than the size limit",
					       err) < 0)
				return -1;
			break;
		}
	}
	r->rec.raw = r->rawrec.s ? r->rawrec.s : "";
	r->rec.rawlen = r->rawrec.len;
	finish_fields(r);
	if (!r->rec.f)
		return tix_errf(err, "out of memory");
	return 1;
csv_failed:
	return tix_errf(err, "%s:%ld: %s", r->name, r->lineno,
			csv_error(&r->p) ? csv_strerror(csv_error(&r->p)) : "out of memory");
}

static int all_empty(const struct tix_record *rec, size_t *nonempty, size_t *which)
{
	size_t i, k = 0;

	for (i = 0; i < rec->n; i++)
		if (rec->len[i]) {
			k++;
			*which = i;
		}
	*nonempty = k;
	return k == 0;
}

/* Check width and encoding of r->rec.  Trailing empty extras are dropped. */
static void check_record(struct tix_csvin *r)
{
	struct tix_record *rec = &r->rec;
	size_t w = r->hdr.n, i;

	if (rec->problem != TIX_REC_OK)
		return;
	if (rec->n > w) {
		for (i = w; i < rec->n && !rec->len[i]; i++)
			;
		if (i == rec->n)
			rec->n = w;
	}
	if (rec->n != w) {
		rec->problem = TIX_REC_WIDTH;
		snprintf(rec->why, sizeof(rec->why), "expected %zu fields but found %zu", w, rec->n);
		return;
	}
	if (tix_utf8_valid(rec->raw, rec->rawlen) != rec->rawlen ||
	    memchr(rec->raw, '\0', rec->rawlen)) {
		for (i = 0; i < rec->n; i++)
			if (tix_utf8_valid(rec->f[i], rec->len[i]) != rec->len[i] ||
			    strlen(rec->f[i]) != rec->len[i])
				break;
		rec->problem = TIX_REC_UTF8;
		if (i < rec->n)
			snprintf(rec->why, sizeof(rec->why), "invalid UTF-8 in field %zu (%.60s)",
				 i + 1, r->hdr.f[i]);
		else
			snprintf(rec->why, sizeof(rec->why), "invalid UTF-8");
	}
}

static int hold(struct tix_csvin *r, size_t which)
{
	struct pending *p = &r->pend[r->npend];

	tix_buf_init(&p->raw, 0);
	if (tix_buf_add(&p->raw, r->rec.raw, r->rec.rawlen) < 0)
		return -1;
	p->line = r->rec.line;
	p->end_line = r->rec.end_line;
	p->width = r->rec.n;
	p->first = strdup(r->rec.n ? r->rec.f[which] : "");
	if (!p->first)
		return -1;
	r->npend++;
	return 0;
}

/* Turn held record i into r->prec, a width reject. */
static struct tix_record *unhold(struct tix_csvin *r, size_t i)
{
	struct pending *p = &r->pend[i];
	struct tix_record *rec = &r->prec;

	tix_buf_release(&r->prawbuf);
	r->prawbuf = p->raw;	/* takes ownership */
	tix_buf_init(&p->raw, 0);
	free(p->first);
	p->first = NULL;
	rec->raw = r->prawbuf.s ? r->prawbuf.s : "";
	rec->rawlen = r->prawbuf.len;
	rec->line = p->line;
	rec->end_line = p->end_line;
	rec->n = 0;
	rec->problem = TIX_REC_WIDTH;
	snprintf(rec->why, sizeof(rec->why), "expected %zu fields but found %zu",
		 r->hdr.n, p->width);
	return rec;
}

int tix_csvin_next(struct tix_csvin *r, struct tix_record **out, char *err)
{
	*out = NULL;
	if (!r->hdr.n)
		return 0;
	for (;;) {
		size_t nonempty = 0, which = 0;
		int got;

		if (r->flushing) {
			if (r->pout < r->npend) {
				*out = unhold(r, r->pout++);
				return 1;
			}
			r->flushing = 0;
			r->npend = r->pout = 0;
			*out = &r->rec;	/* the record that ended the run */
			return 1;
		}
		got = read_record(r, err);
		if (got < 0)
			return -1;
		if (!got) {
			size_t i;

			/* what is still held is the footer */
			for (i = 0; i < r->npend; i++) {
				struct pending *p = &r->pend[i];

				r->info.footer_lines += p->end_line - p->line + 1;
				if (r->info.nfooter < 8) {
					char **f = realloc(r->info.footer,
							   (r->info.nfooter + 1) * sizeof(char *));

					if (f) {
						r->info.footer = f;
						f[r->info.nfooter++] = p->first;
						p->first = NULL;
					}
				}
				free(p->first);
				p->first = NULL;
				tix_buf_release(&p->raw);
			}
			r->npend = 0;
			return 0;
		}
		if (r->rec.problem == TIX_REC_OK && all_empty(&r->rec, &nonempty, &which)) {
			r->info.blank_records++;
			continue;
		}
		if (r->rec.problem == TIX_REC_OK)
			all_empty(&r->rec, &nonempty, &which);
		check_record(r);
		if (r->rec.problem == TIX_REC_WIDTH && r->rec.end_line > r->rec.line) {
			/* a quote gone wrong swallowed lines: give up the first only */
			size_t nf = r->rec.n;

			reset_parser(r);
			if (replay_rest(r, err) < 0)
				return -1;
			snprintf(r->rec.why, sizeof(r->rec.why),
				 "expected %zu fields but found %zu (a quote left open?)",
				 r->hdr.n, nf);
		} else if (r->rec.problem == TIX_REC_WIDTH && nonempty <= 1 && !r->replayed &&
			   r->npend < MAX_PENDING) {
			/* perhaps a footer line; lines read again after a bad quote
			   are the rest of a broken record, never a footer */
			if (hold(r, which) < 0)
				return tix_errf(err, "out of memory");
			continue;
		}
		if (r->npend) {
			/* not the end after all: the held records were bad rows */
			r->flushing = 1;
			r->pout = 0;
			*out = unhold(r, r->pout++);
			return 1;
		}
		*out = &r->rec;
		return 1;
	}
}

int tix_csvin_rewind(struct tix_csvin *r, char *err)
{
	size_t i;

	for (i = 0; i < r->npend; i++) {
		free(r->pend[i].first);
		r->pend[i].first = NULL;
		tix_buf_release(&r->pend[i].raw);
	}
	r->npend = r->pout = 0;
	r->flushing = 0;
	r->info.blank_records = 0;
	r->info.footer_lines = 0;
	for (i = 0; i < r->info.nfooter; i++)
		free(r->info.footer[i]);
	r->info.nfooter = 0;
	if (start(r, err) < 0)
		return -1;
	reset_parser(r);
	if (!r->header_line)
		return 0;
	return skip_to_data(r, 0, err);
}

const char *tix_csvin_name(const struct tix_csvin *r)
{
	return r->name;
}

const struct tix_csvin_info *tix_csvin_info(const struct tix_csvin *r)
{
	return &r->info;
}

const struct tix_record *tix_csvin_header(const struct tix_csvin *r)
{
	return &r->hdr;
}

void tix_csvin_progress(const struct tix_csvin *r, long long *done, long long *total)
{
	*done = r->consumed;
	*total = r->total;
}

void tix_csvin_close(struct tix_csvin *r)
{
	size_t i;

	if (!r)
		return;
	if (r->data_started)
		csv_free(&r->p);
	if (r->fp)
		fclose(r->fp);
	for (i = 0; i < r->npend; i++) {
		free(r->pend[i].first);
		tix_buf_release(&r->pend[i].raw);
	}
	for (i = 0; i < r->info.nfooter; i++)
		free(r->info.footer[i]);
	free(r->info.footer);
	free(r->hdr.f);
	free(r->hdr.len);
	free(r->rec.f);
	free(r->rec.len);
	free(r->offs);
	free(r->dbuf);
	free(r->name);
	tix_buf_release(&r->replay);
	tix_buf_release(&r->lbuf);
	tix_buf_release(&r->arena);
	tix_buf_release(&r->rawrec);
	tix_buf_release(&r->hdrarena);
	tix_buf_release(&r->prawbuf);
	tix_buf_release(&r->markbuf);
	free(r);
}
