/*
 * tokens.h - split a short text (a subject, a log line) into tokens and
 * mask the variable ones (numbers, ids, addresses, times ...), the first
 * step of template mining (tix-patterns).
 *
 *	struct tix_token t[256];
 *	size_t n = tix_tokenize(s, len, t, 256, &truncated);
 *	for (i = 0; i < n; i++)
 *		text = tix_token_text(s, &t[i], buf, sizeof(buf), &tlen);
 *
 * Tokens are slices of the caller's text: nothing is allocated, nothing is
 * copied, s is read from s[0] to s[n - 1] and never past it (it need not be
 * NUL-terminated and may hold NUL bytes).  The text may be any bytes:
 * invalid UTF-8 is not an error.  One left-to-right scan, linear in n.
 *
 * Tokenising.  ASCII space and control characters (0x00-0x1f, 0x7f)
 * separate tokens and are never part of one, except inside a TIME's
 * " pm" and around a merged MONEY or PCT (below).  At each other position
 * the first of these that matches makes the next token:
 *   URL    [A-Za-z][A-Za-z0-9+.-]*://  then 1+ bytes other than separators
 *          and " ' < > ( ) [ ] { }
 *   EMAIL  [A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+
 *   IP     /?\d{1,3}(\.\d{1,3}){3}(:\d{1,5})?        } not followed by a
 *   DATE   \d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d([.,]\d+)?)?  } word byte, nor by
 *          (Z|[+-]\d\d:?\d\d)?)?                        } . or - and a word byte
 *   TIME   \d{1,2}:\d\d(:\d\d([.,]\d+)?)?, then optionally an optional space
 *          and am, pm, a.m. or p.m. (any case); not followed by a word byte
 *          nor by . or : and a digit
 *   (IP, DATE and TIME end as a regex would: when the longest form is
 *   followed by a word byte, the next shorter one that is not is taken:
 *   "2024-03-05T14:22:10x" is a DATE up to 14:22; "a.m.x" keeps "a.m")
 *   MONEY  a currency sign ($ € £ ¥ ₹), an optional space, a number
 *          \d+([.,]\d+)*; or a number, an optional space and a sign that is
 *          not followed by a digit
 *   word   optionally one of / ~ # $ @ + - when a word byte follows, then
 *          1+ word bytes, then any number of: one of . - / @ + ~ ' _ %
 *          followed by a word byte, a , between two digits, or a % right
 *          after a digit (which ends the word when no word byte follows).
 *          Word bytes: A-Z a-z 0-9 _ and every byte >= 0x80.
 *   PUNCT  any other byte, alone.
 *
 * Masks of a word, the first that matches the whole word wins:
 *   HEX    0[xX][0-9a-fA-F]+, or 8+ hex digits with a digit and a letter
 *   NUM    [#$+-]?\d{1,3}([.,]\d{3})+([.,]\d+)?     1.250.000  1,250
 *   VER    [vV]?\d+(\.\d+){2,}[a-z]?                 1.2.3  v2.6.32a
 *   NUM    [#$+-]?\d+([.,]\d+)*                      3.14  #42  -5
 *   PCT    [+-]?\d+([.,]\d+)?%                       87%  -0.5%
 *   VER    [vV]\d+(\.\d+)+[a-z]?                     v2.1
 *   HANDLE @[A-Za-z_][A-Za-z0-9_.\x80-\xff]*         @indah.official
 *   PATH   two or more / (/var/log, a/b/c; a word's / always has a
 *          segment after it), or a leading / and a digit (/dev1), or ./x
 *          (never from the tokeniser: a word never starts with ".")
 *   ID     any other word with at least two ASCII digits  a1b2  blk_-1608
 *   and otherwise the word stays a WORD (2FA, ssh2, test9).
 *
 * Then, over the token list, left to right, in this order:
 *   1. a NUM followed by a "%" PUNCT becomes one PCT      99 %  =  87%
 *   2. a currency code (usd eur gbp jpy cny inr idr rp rm myr sgd aud cad
 *      nzd chf hkd brl mxn php thb vnd krw rub zar sek nok dkk pln, any
 *      case; not "try", the Turkish lira, which is also an English word) right before or after a NUM or MONEY becomes one MONEY with it
 *   3. a run of adjacent tokens of one mask (not WORD, not PUNCT) becomes
 *      one token.
 * A merged token's slice runs from the first one's start to the last one's
 * end, spaces between them included.
 */
#ifndef TIX_TOKENS_H
#define TIX_TOKENS_H

#include <stddef.h>

enum tix_tok_kind {
	TIX_TOK_WORD, TIX_TOK_PUNCT, TIX_TOK_URL, TIX_TOK_EMAIL, TIX_TOK_IP,
	TIX_TOK_DATE, TIX_TOK_TIME, TIX_TOK_MONEY, TIX_TOK_HEX, TIX_TOK_NUM,
	TIX_TOK_VER, TIX_TOK_PCT, TIX_TOK_HANDLE, TIX_TOK_PATH, TIX_TOK_ID,
	TIX_TOK_NKINDS
};

struct tix_token {
	size_t off, len;	/* the slice s[off .. off + len) */
	int kind;		/* enum tix_tok_kind */
};

/*
 * Split s[0 .. n) into tokens, masks and merges applied, into t[0 .. max).
 * Returns their number.  *truncated (when not NULL) is set to 1 when the
 * text had more tokens than max (the rest are dropped, and scanning stops
 * there), else 0.  s may be NULL when n is 0; t may be NULL when max is 0.
 */
size_t tix_tokenize(const char *s, size_t n, struct tix_token *t, size_t max, int *truncated);

/*
 * The text token t of s stands for in a template, *len bytes, not
 * NUL-terminated: the mask's name ("<NUM>") for a mask; for a WORD or
 * PUNCT its bytes with A-Z lowered (other bytes as they are), pointing
 * into s when there was nothing to lower, else into buf.  NULL, with *len
 * the room needed, when the word must be lowered and is longer than cap.
 */
const char *tix_token_text(const char *s, const struct tix_token *t, char *buf, size_t cap,
			   size_t *len);

/* "<NUM>", "<URL>" ...: a mask's name; NULL for WORD, PUNCT and others. */
const char *tix_tok_mask_name(int kind);

#endif
