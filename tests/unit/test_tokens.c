/*
 * test_tokens.c - the tokeniser and the masks, written from tokens.h: every
 * mask with examples that must and must not match it, the post-rules, whole
 * log and ticket lines rendered as template text, case folding, truncation,
 * and bad input (empty, invalid UTF-8, NUL bytes, a 10 MB line).  Every
 * expected answer is worked out by hand from the header's rules.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tokens.h"
#include "unit.h"

#define MAXT 64

static struct tix_token toks[MAXT];

/* The kind of s when it is one token, else -1. */
static int kind1(const char *s)
{
	int trunc;
	size_t n = tix_tokenize(s, strlen(s), toks, MAXT, &trunc);

	return n == 1 && toks[0].off == 0 && toks[0].len == strlen(s) ? toks[0].kind : -1;
}

/* The template text of s: token texts joined by one space. */
static const char *tmpl(const char *s)
{
	static char out[4096];
	char buf[256];
	size_t n, i, len, o = 0;
	int trunc;

	n = tix_tokenize(s, strlen(s), toks, MAXT, &trunc);
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		const char *p = tix_token_text(s, &toks[i], buf, sizeof(buf), &len);

		if (!p || o + len + 2 > sizeof(out))
			return "(too long)";
		if (i)
			out[o++] = ' ';
		memcpy(out + o, p, len);
		o += len;
	}
	out[o] = '\0';
	return out;
}

/* The slice of token i of s, for checking spans. */
static const char *slice(const char *s, size_t i)
{
	static char out[256];
	size_t len = toks[i].len < sizeof(out) - 1 ? toks[i].len : sizeof(out) - 1;

	memcpy(out, s + toks[i].off, len);
	out[len] = '\0';
	return out;
}

static void test_masks(void)
{
	/* words that stay words */
	CHECK_EQ_I64(kind1("2FA"), TIX_TOK_WORD);
	CHECK_EQ_I64(kind1("ssh2"), TIX_TOK_WORD);
	CHECK_EQ_I64(kind1("test9"), TIX_TOK_WORD);
	CHECK_EQ_I64(kind1("can't"), TIX_TOK_WORD);
	CHECK_EQ_I64(kind1("android.intent.action.SCREEN_ON"), TIX_TOK_WORD);
	CHECK_EQ_I64(kind1("abcdefab"), TIX_TOK_WORD);	/* hex letters, no digit */
	CHECK_EQ_I64(kind1("v2"), TIX_TOK_WORD);
	CHECK_EQ_I64(kind1("and/or"), TIX_TOK_WORD);
	CHECK_EQ_I64(kind1("/usr"), TIX_TOK_WORD);
	CHECK_EQ_I64(kind1("$HOME"), TIX_TOK_WORD);
	CHECK_EQ_I64(kind1("Grüße"), TIX_TOK_WORD);

	/* HEX */
	CHECK_EQ_I64(kind1("deadbeef1"), TIX_TOK_HEX);
	CHECK_EQ_I64(kind1("0x1F"), TIX_TOK_HEX);
	CHECK_EQ_I64(kind1("0xdeadbeef"), TIX_TOK_HEX);
	CHECK_EQ_I64(kind1("DEADBEEF01"), TIX_TOK_HEX);
	CHECK_EQ_I64(kind1("3f2a9c1e"), TIX_TOK_HEX);
	CHECK_EQ_I64(kind1("3f2a9c1"), TIX_TOK_ID);	/* 7: too short */
	CHECK_EQ_I64(kind1("12345678"), TIX_TOK_NUM);	/* no letter */
	CHECK_EQ_I64(kind1("0xg"), TIX_TOK_WORD);	/* one digit */
	CHECK_EQ_I64(kind1("0xg1"), TIX_TOK_ID);	/* not hex: two digits */

	/* NUM */
	CHECK_EQ_I64(kind1("3.14"), TIX_TOK_NUM);
	CHECK_EQ_I64(kind1("1,250"), TIX_TOK_NUM);
	CHECK_EQ_I64(kind1("1.250.000"), TIX_TOK_NUM);
	CHECK_EQ_I64(kind1("1.250.000,50"), TIX_TOK_NUM);
	CHECK_EQ_I64(kind1("42"), TIX_TOK_NUM);
	CHECK_EQ_I64(kind1("#42"), TIX_TOK_NUM);
	CHECK_EQ_I64(kind1("-5"), TIX_TOK_NUM);
	CHECK_EQ_I64(kind1("+7"), TIX_TOK_NUM);
	CHECK_EQ_I64(kind1("7"), TIX_TOK_NUM);
	CHECK_EQ_I64(kind1("1.2.3.4.5"), TIX_TOK_VER);	/* not an IP: five parts */

	/* VER */
	CHECK_EQ_I64(kind1("1.2.3"), TIX_TOK_VER);
	CHECK_EQ_I64(kind1("v2.1"), TIX_TOK_VER);
	CHECK_EQ_I64(kind1("v1.2.3"), TIX_TOK_VER);
	CHECK_EQ_I64(kind1("2.6.32a"), TIX_TOK_VER);
	CHECK_EQ_I64(kind1("V10.4"), TIX_TOK_VER);
	CHECK_EQ_I64(kind1("2.1"), TIX_TOK_NUM);	/* two parts and no v */
	CHECK_EQ_I64(kind1("v2.1-beta"), TIX_TOK_ID);	/* not a VER: two digits */
	CHECK_EQ_I64(kind1("v2-beta"), TIX_TOK_WORD);

	/* PCT */
	CHECK_EQ_I64(kind1("87%"), TIX_TOK_PCT);
	CHECK_EQ_I64(kind1("-0.5%"), TIX_TOK_PCT);
	CHECK_EQ_I64(kind1("12,5%"), TIX_TOK_PCT);
	CHECK_EQ_I64(kind1("99 %"), TIX_TOK_PCT);
	CHECK_EQ_I64(kind1("50%off"), TIX_TOK_ID);

	/* HANDLE */
	CHECK_EQ_I64(kind1("@user.name"), TIX_TOK_HANDLE);
	CHECK_EQ_I64(kind1("@indah.official"), TIX_TOK_HANDLE);
	CHECK_EQ_I64(kind1("@_x9"), TIX_TOK_HANDLE);
	CHECK_EQ_I64(kind1("@9lives"), TIX_TOK_WORD);	/* must start with a letter */
	CHECK_EQ_I64(kind1("@foo-bar"), TIX_TOK_WORD);	/* - is not in a handle */
	CHECK_EQ_I64(tix_tokenize("@ x", 3, toks, MAXT, NULL), 2);	/* @ alone: PUNCT */
	CHECK_EQ_I64(toks[0].kind, TIX_TOK_PUNCT);

	/* PATH */
	CHECK_EQ_I64(kind1("/var/log/x"), TIX_TOK_PATH);
	CHECK_EQ_I64(kind1("/etc/x/y"), TIX_TOK_PATH);
	CHECK_EQ_I64(kind1("/var/log"), TIX_TOK_PATH);
	CHECK_EQ_I64(kind1("src/main/java"), TIX_TOK_PATH);
	CHECK_EQ_I64(kind1("/dev1"), TIX_TOK_PATH);	/* one segment, a digit */
	CHECK_EQ_STR(tmpl("~/a/b"), "~ <PATH>");	/* ~ leads only a word byte */
	CHECK_EQ_I64(kind1("/home"), TIX_TOK_WORD);

	/* ID */
	CHECK_EQ_I64(kind1("a1b2"), TIX_TOK_ID);
	CHECK_EQ_I64(kind1("blk_-6952295868487656571"), TIX_TOK_ID);
	CHECK_EQ_I64(kind1("ORD-2024-118"), TIX_TOK_ID);
	CHECK_EQ_I64(kind1("5.36.59.76.dynamic-dsl-ip.omantel.net.om"), TIX_TOK_ID);
	CHECK_EQ_I64(kind1("a1b"), TIX_TOK_WORD);

	/* IP */
	CHECK_EQ_I64(kind1("10.1.2.3"), TIX_TOK_IP);
	CHECK_EQ_I64(kind1("10.1.2.3:50010"), TIX_TOK_IP);
	CHECK_EQ_I64(kind1("/10.1.2.3"), TIX_TOK_IP);
	CHECK_EQ_I64(kind1("/10.250.19.102:54106"), TIX_TOK_IP);
	CHECK_EQ_I64(kind1("1234.1.2.3"), TIX_TOK_VER);	/* a part of 4 digits */
	CHECK_EQ_I64(tix_tokenize("10.1.2.3:123456", 15, toks, MAXT, NULL), 3);
	CHECK_EQ_I64(toks[0].kind, TIX_TOK_IP);	/* port too long: IP : NUM */
	CHECK_EQ_I64(toks[0].len, 8);
	CHECK_EQ_I64(tix_tokenize("10.1.2.3.", 9, toks, MAXT, NULL), 2);	/* end of sentence */
	CHECK_EQ_I64(toks[0].kind, TIX_TOK_IP);
	CHECK_EQ_I64(toks[1].kind, TIX_TOK_PUNCT);

	/* DATE */
	CHECK_EQ_I64(kind1("2024-03-05"), TIX_TOK_DATE);
	CHECK_EQ_I64(kind1("2024-03-05T14:22:10Z"), TIX_TOK_DATE);
	CHECK_EQ_I64(kind1("2024-03-05T14:22:10.123+05:30"), TIX_TOK_DATE);
	CHECK_EQ_I64(kind1("2024-03-05T14:22"), TIX_TOK_DATE);
	CHECK_EQ_I64(kind1("2024-03-05x"), TIX_TOK_ID);
	CHECK_EQ_I64(kind1("20240-03-05"), TIX_TOK_ID);

	/* TIME */
	CHECK_EQ_I64(kind1("14:22:10"), TIX_TOK_TIME);
	CHECK_EQ_I64(kind1("14:22"), TIX_TOK_TIME);
	CHECK_EQ_I64(kind1("9:05"), TIX_TOK_TIME);
	CHECK_EQ_I64(kind1("14:22:10.250"), TIX_TOK_TIME);
	CHECK_EQ_I64(kind1("14:22:10,250"), TIX_TOK_TIME);
	CHECK_EQ_I64(kind1("2:22 PM"), TIX_TOK_TIME);
	CHECK_EQ_I64(kind1("2:22pm"), TIX_TOK_TIME);
	CHECK_EQ_I64(kind1("10:30 a.m."), TIX_TOK_TIME);
	CHECK_EQ_I64(kind1("123:45"), -1);	/* 123 : 45 */
	CHECK_EQ_I64(kind1("1:2"), -1);
	CHECK_EQ_I64(kind1("14:22:1"), -1);	/* 14:22 then : 1: not a time */
	CHECK_EQ_STR(tmpl("at 10:00 amazing"), "at <TIME> amazing");
	/* a regex's backtracking, kept: a shorter form when the longer is
	   followed by a word byte */
	CHECK_EQ_STR(tmpl("at 10:00 a.m.x"), "at <TIME> . x");
	CHECK_EQ_STR(tmpl("2024-03-05T14:22:10x"), "<DATE> : <ID>");

	/* MONEY */
	CHECK_EQ_I64(kind1("$19.99"), TIX_TOK_MONEY);
	CHECK_EQ_I64(kind1("$ 5"), TIX_TOK_MONEY);
	CHECK_EQ_I64(kind1("€24,99"), TIX_TOK_MONEY);
	CHECK_EQ_I64(kind1("24,99 €"), TIX_TOK_MONEY);
	CHECK_EQ_I64(kind1("£5"), TIX_TOK_MONEY);
	CHECK_EQ_I64(kind1("¥1000"), TIX_TOK_MONEY);
	CHECK_EQ_I64(kind1("₹499"), TIX_TOK_MONEY);
	CHECK_EQ_I64(kind1("RM 219.00"), TIX_TOK_MONEY);
	CHECK_EQ_I64(kind1("Rp 1.250.000"), TIX_TOK_MONEY);
	CHECK_EQ_I64(kind1("19.99 USD"), TIX_TOK_MONEY);
	CHECK_EQ_I64(kind1("usd $5"), TIX_TOK_MONEY);
	CHECK_EQ_I64(kind1("EUR 5 eur"), TIX_TOK_MONEY);
	CHECK_EQ_STR(tmpl("paid 5 $10"), "paid <NUM> <MONEY>");
	CHECK_EQ_STR(tmpl("rp is a word"), "rp is a word");
	CHECK_EQ_STR(tmpl("$ alone"), "$ alone");

	/* URL, EMAIL */
	CHECK_EQ_I64(kind1("https://x.y/z?q=1"), TIX_TOK_URL);
	CHECK_EQ_I64(kind1("ftp://h/a"), TIX_TOK_URL);
	CHECK_EQ_I64(kind1("a.b@c.com"), TIX_TOK_EMAIL);
	CHECK_EQ_I64(kind1("first+tag@mail.example.co.uk"), TIX_TOK_EMAIL);
	CHECK_EQ_I64(kind1("user@host"), TIX_TOK_WORD);	/* no dot: a word */
	CHECK_EQ_STR(tmpl("see (https://x.y/a) now"), "see ( <URL> ) now");
	CHECK_EQ_STR(tmpl("mail <a@b.io>."), "mail < <EMAIL> > .");
	CHECK_EQ_STR(tmpl("http:// x"), "http : / / x");

	CHECK_EQ_STR(tix_tok_mask_name(TIX_TOK_NUM), "<NUM>");
	CHECK_EQ_STR(tix_tok_mask_name(TIX_TOK_ID), "<ID>");
	CHECK(tix_tok_mask_name(TIX_TOK_WORD) == NULL);
	CHECK(tix_tok_mask_name(TIX_TOK_PUNCT) == NULL);
	CHECK(tix_tok_mask_name(-1) == NULL);
	CHECK(tix_tok_mask_name(TIX_TOK_NKINDS) == NULL);
}

static void test_words(void)
{
	const char *s = "Go /etc/x ~me #tag +1 -- blk_-1 x--y 1,2,3 a,b 87% 50%off a%b c% 'q'";
	size_t n = tix_tokenize(s, strlen(s), toks, MAXT, NULL);
	static const char *const want[] = {
		"Go", "/etc/x", "~me", "#tag", "+1", "-", "-", "blk_-1", "x", "-", "-y",
		"1,2,3", "a", ",", "b", "87%", "50%off", "a%b", "c", "%", "'", "q", "'"
	};
	size_t i;

	CHECK_EQ_I64(n, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < n && i < sizeof(want) / sizeof(want[0]); i++)
		CHECK_EQ_STR(slice(s, i), want[i]);
}

static void test_post_rules(void)
{
	const char *s;

	CHECK_EQ_STR(tmpl("Upload stuck at 87%"), tmpl("upload stuck at 99 %"));
	CHECK_EQ_STR(tmpl("upload stuck at 99 %"), "upload stuck at <PCT>");
	CHECK_EQ_STR(tmpl("Upload stuck at 12.5 %!"), "upload stuck at <PCT> !");
	/* runs of one mask collapse, spans included */
	s = "ids 12 34 56 done";
	CHECK_EQ_STR(tmpl(s), "ids <NUM> done");
	CHECK_EQ_I64(toks[1].off, 4);
	CHECK_EQ_I64(toks[1].len, 8);
	CHECK_EQ_STR(tmpl("a 1.2.3.4 5.6.7.8 b"), "a <IP> b");
	CHECK_EQ_STR(tmpl("12 x 34"), "<NUM> x <NUM>");
	/* % first, then the run: NUM then PCT stay two */
	CHECK_EQ_STR(tmpl("5 6 %"), "<NUM> <PCT>");
	/* currency before the run: 5 then MONEY */
	CHECK_EQ_STR(tmpl("5 6 USD"), "<NUM> <MONEY>");
	CHECK_EQ_STR(tmpl("USD 5 6"), "<MONEY> <NUM>");
	CHECK_EQ_STR(tmpl("paid $5 $6"), "paid <MONEY>");
	CHECK_EQ_STR(tmpl("usd: 5"), "usd : <NUM>");
	/* "try" (the lira) is left out: it is an English word */
	CHECK_EQ_STR(tmpl("try 3 times"), "try <NUM> times");
	CHECK_EQ_STR(tmpl("RM 50"), "<MONEY>");
}

static void test_lines(void)
{
	CHECK_EQ_STR(tmpl("Failed password for invalid user admin from 5.36.59.76 port 42393 ssh2"),
		     "failed password for invalid user admin from <IP> port <NUM> ssh2");
	CHECK_EQ_STR(tmpl("reverse mapping checking getaddrinfo for 5.36.59.76.dynamic-dsl-ip.omantel.net.om [5.36.59.76] failed - POSSIBLE BREAK-IN ATTEMPT!"),
		     "reverse mapping checking getaddrinfo for <ID> [ <IP> ] failed - possible break-in attempt !");
	CHECK_EQ_STR(tmpl("onReceive action: android.intent.action.SCREEN_ON"),
		     "onreceive action : android.intent.action.screen_on");
	CHECK_EQ_STR(tmpl("Receiving block blk_-1608999687919862906 src: /10.250.19.102:54106 dest: /10.250.19.102:50010"),
		     "receiving block <ID> src : <IP> dest : <IP>");
	CHECK_EQ_STR(tmpl("jk2_init() Found child 6725 in scoreboard slot 10"),
		     "jk2_init ( ) found child <NUM> in scoreboard slot <NUM>");
	CHECK_EQ_STR(tmpl("[client 24.60.107.133] Directory index forbidden by rule: /var/www/html/"),
		     "[ client <IP> ] directory index forbidden by rule : <PATH> /");
	CHECK_EQ_STR(tmpl("Step_LSC|onStandStepChanged 3579"),
		     "step_lsc | onstandstepchanged <NUM>");
	CHECK_EQ_STR(tmpl("Refund of RM 219.00 not received for order #88213"),
		     "refund of <MONEY> not received for order <NUM>");
	CHECK_EQ_STR(tmpl("Refund of Rp 1.250.000 not received for order #1002"),
		     "refund of <MONEY> not received for order <NUM>");
	CHECK_EQ_STR(tmpl("@indah.official can't log in since 2024-03-05T14:22:10Z (2FA)"),
		     "<HANDLE> can't log in since <DATE> ( 2fa )");
	CHECK_EQ_STR(tmpl("Call me at 2:22 PM, ref a1b2"),
		     "call me at <TIME> , ref <ID>");
	CHECK_EQ_STR(tmpl("App v2.1 crashes on 1.2.3 — see https://x.y/z?q=1 or mail a.b@c.com"),
		     "app <VER> crashes on <VER> — see <URL> or mail <EMAIL>");
	CHECK_EQ_STR(tmpl("  \t leading and trailing \r\n"), "leading and trailing");
}

static void test_text(void)
{
	const char *s = "MiXeD ÄB lower";
	char buf[8], small[3];
	const char *p;
	size_t n, len;

	n = tix_tokenize(s, strlen(s), toks, MAXT, NULL);
	CHECK_EQ_I64(n, 3);
	p = tix_token_text(s, &toks[0], buf, sizeof(buf), &len);
	CHECK(p == buf);
	CHECK(len == 5 && !memcmp(p, "mixed", 5));
	/* UTF-8 passed through, only A-Z lowered */
	p = tix_token_text(s, &toks[1], buf, sizeof(buf), &len);
	CHECK(len == 3 && !memcmp(p, "\xc3\x84" "b", 3));
	/* nothing to lower: the text itself */
	p = tix_token_text(s, &toks[2], buf, sizeof(buf), &len);
	CHECK(p == s + toks[2].off);
	CHECK_EQ_I64(len, 5);
	p = tix_token_text(s, &toks[2], NULL, 0, &len);
	CHECK(p == s + toks[2].off);
	/* no room: NULL and the room needed */
	p = tix_token_text(s, &toks[0], small, sizeof(small), &len);
	CHECK(p == NULL);
	CHECK_EQ_I64(len, 5);
	/* a mask: its name */
	n = tix_tokenize("42", 2, toks, MAXT, NULL);
	p = tix_token_text("42", &toks[0], NULL, 0, &len);
	CHECK_EQ_STR(p, "<NUM>");
	CHECK_EQ_I64(len, 5);
}

static void test_bounds(void)
{
	struct tix_token t[4];
	int trunc = -1;
	size_t n;
	const char *s = "a b c d e f";
	char bad[] = "ab\xff\xfe cd\x80 \xc3 x\0y z\0";
	size_t i;

	/* empty input */
	n = tix_tokenize(NULL, 0, t, 4, &trunc);
	CHECK_EQ_I64(n, 0);
	CHECK_EQ_I64(trunc, 0);
	n = tix_tokenize("   \t", 4, t, 4, &trunc);
	CHECK_EQ_I64(n, 0);
	CHECK_EQ_I64(trunc, 0);

	/* exactly max tokens: not truncated; one more: truncated */
	n = tix_tokenize(s, 7, t, 4, &trunc);
	CHECK_EQ_I64(n, 4);
	CHECK_EQ_I64(trunc, 0);
	n = tix_tokenize(s, strlen(s), t, 4, &trunc);
	CHECK_EQ_I64(n, 4);
	CHECK_EQ_I64(trunc, 1);
	CHECK_EQ_I64(t[3].off, 6);
	n = tix_tokenize(s, strlen(s), NULL, 0, &trunc);
	CHECK_EQ_I64(n, 0);
	CHECK_EQ_I64(trunc, 1);
	/* merges make room: 8 numbers are one token */
	n = tix_tokenize("1 2 3 4 5 6 7 8", 15, t, 1, &trunc);
	CHECK_EQ_I64(n, 1);
	CHECK_EQ_I64(trunc, 0);
	CHECK_EQ_I64(t[0].len, 15);

	/* a slice must not read past n: "10.1.2.3" cut to "10.1.2" */
	n = tix_tokenize("10.1.2.3", 6, t, 4, &trunc);
	CHECK_EQ_I64(n, 1);
	CHECK_EQ_I64(t[0].kind, TIX_TOK_VER);
	CHECK_EQ_I64(t[0].len, 6);
	n = tix_tokenize("$5", 1, t, 4, &trunc);	/* "$" */
	CHECK_EQ_I64(n, 1);
	CHECK_EQ_I64(t[0].kind, TIX_TOK_PUNCT);
	n = tix_tokenize("\xe2\x82\xac" "5", 2, t, 4, &trunc);	/* half a euro sign */
	CHECK_EQ_I64(n, 1);
	CHECK_EQ_I64(t[0].kind, TIX_TOK_WORD);
	CHECK_EQ_I64(t[0].len, 2);

	/* invalid UTF-8 and NUL bytes: words of bytes, NUL separates */
	n = tix_tokenize(bad, sizeof(bad) - 1, toks, MAXT, &trunc);
	CHECK_EQ_I64(n, 6);
	CHECK_EQ_I64(trunc, 0);
	for (i = 0; i < n; i++)
		CHECK_EQ_I64(toks[i].kind, TIX_TOK_WORD);
	CHECK_EQ_I64(toks[0].len, 4);
	CHECK_EQ_I64(toks[2].off, 9);
	CHECK_EQ_I64(toks[3].off, 11);
	CHECK_EQ_I64(toks[4].off, 13);
	CHECK_EQ_I64(toks[5].off, 15);
}

/* A 10 MB line of every kind of token, and a few made to defeat a
   backtracking scanner: each must finish (the run time is not checked). */
static void test_big(void)
{
	size_t big = 10u << 20, i, n;
	char *s = malloc(big);
	static const char unit[] = "Upload 87% ID a1b2 at 10.1.2.3:80 x@y.com http://a.b/c 14:22 $5 ";
	int trunc;
	struct tix_token *t = malloc(sizeof(*t) * 4096);

	if (!s || !t) {
		CHECK(!"out of memory");
		free(s);
		free(t);
		return;
	}
	for (i = 0; i < big; i++)
		s[i] = unit[i % (sizeof(unit) - 1)];
	n = tix_tokenize(s, big, t, 4096, &trunc);
	CHECK_EQ_I64(n, 4096);
	CHECK_EQ_I64(trunc, 1);
	CHECK_EQ_STR(tix_tok_mask_name(t[1].kind), "<PCT>");

	/* one 10 MB word */
	memset(s, 'a', big);
	n = tix_tokenize(s, big, t, 4096, &trunc);
	CHECK_EQ_I64(n, 1);
	CHECK_EQ_I64(t[0].len, big);

	/* an e-mail local part that never reaches an @: % is a PUNCT each
	   time, and the local part must not be scanned again from each */
	memset(s, '%', big);
	n = tix_tokenize(s, big, t, 4096, &trunc);
	CHECK_EQ_I64(n, 4096);
	CHECK_EQ_I64(trunc, 1);
	for (i = 0; i < big; i++)
		s[i] = "a+"[i % 2];	/* URL schemes with no :// */
	s[big - 1] = '@';
	n = tix_tokenize(s, big, t, 4096, &trunc);	/* one word, then @ */
	CHECK_EQ_I64(n, 2);
	CHECK_EQ_I64(t[0].len, big - 1);

	/* random bytes: no crash, no read past n (the sanitizers watch) */
	{
		uint64_t x = 0x9e3779b97f4a7c15ULL;

		for (i = 0; i < big; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			s[i] = (char)(x >> 24);
		}
		n = tix_tokenize(s, big, t, 4096, &trunc);
		CHECK(n <= 4096);
	}
	free(s);
	free(t);
}

int main(void)
{
	test_masks();
	test_words();
	test_post_rules();
	test_lines();
	test_text();
	test_bounds();
	test_big();
	TEST_DONE();
}
