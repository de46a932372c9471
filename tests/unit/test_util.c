/* test_util.c - growable buffers with caps, JSON strings, UTF-8 checks, hashing. */
#include <string.h>

#include "tix.h"
#include "unit.h"

/* tix_hash64 as first released; ticket.row_hash on disk depends on it */
#define KNOWN_EMPTY 0xe9e0033e3badaf36ULL
#define KNOWN_UPLOAD 0x2b6c776726cb2268ULL

int main(void)
{
	struct tix_buf b;
	char err[TIX_ERRSZ];
	int i;

	tix_buf_init(&b, 8);
	CHECK_EQ_I64(tix_buf_adds(&b, "12345678"), 0);
	CHECK_EQ_I64(tix_buf_addc(&b, '9'), -1);	/* the cap holds */
	CHECK_EQ_I64((int64_t)b.len, 8);
	CHECK_EQ_STR(b.s, "12345678");
	tix_buf_reset(&b);
	CHECK_EQ_STR(b.s, "");
	tix_buf_release(&b);

	tix_buf_init(&b, 0);
	for (i = 0; i < 1000; i++)
		tix_buf_addf(&b, "%d,", i);
	CHECK(b.len > 2000);
	CHECK(strncmp(b.s, "0,1,2,", 6) == 0);
	tix_buf_reset(&b);
	tix_buf_add_json_str(&b, "a\"b\\c\nd\te\x01 é", strlen("a\"b\\c\nd\te\x01 é"));
	CHECK_EQ_STR(b.s, "\"a\\\"b\\\\c\\nd\\te\\u0001 é\"");
	tix_buf_release(&b);

	CHECK_EQ_I64(tix_errf(err, "%s:%d: %s", "f.csv", 3, "bad"), -1);
	CHECK_EQ_STR(err, "f.csv:3: bad");
	CHECK_EQ_I64(tix_errf(NULL, "x"), -1);

	CHECK_EQ_I64((int64_t)tix_utf8_valid("abc", 3), 3);
	CHECK_EQ_I64((int64_t)tix_utf8_valid("caf\xc3\xa9", 5), 5);
	CHECK_EQ_I64((int64_t)tix_utf8_valid("\xf0\x9f\x98\x80!", 5), 5);
	CHECK_EQ_I64((int64_t)tix_utf8_valid("ab\xff", 3), 2);
	CHECK_EQ_I64((int64_t)tix_utf8_valid("\xc3", 1), 0);		/* cut short */
	CHECK_EQ_I64((int64_t)tix_utf8_valid("\xc0\xaf", 2), 0);	/* overlong */
	CHECK_EQ_I64((int64_t)tix_utf8_valid("\xed\xa0\x80", 3), 0);	/* surrogate */
	CHECK_EQ_I64((int64_t)tix_utf8_valid("\xf4\x90\x80\x80", 4), 0); /* > U+10FFFF */
	CHECK_EQ_I64((int64_t)tix_utf8_valid("\xe2\x82", 2), 0);

	CHECK(tix_hash64(0, "a", 1) != tix_hash64(0, "b", 1));
	CHECK(tix_hash64(0, "ab", 2) != tix_hash64(tix_hash64(0, "a", 1), "b", 1) ||
	      tix_hash64(0, "ab", 2) != tix_hash64(0, "ba", 2));
	CHECK(tix_hash64(0, "", 0) != tix_hash64(0, "\0", 1));
	CHECK(tix_hash64(0, "12345678", 8) != tix_hash64(0, "12345679", 8));
	CHECK(tix_hash64(1, "x", 1) != tix_hash64(2, "x", 1));
	/* known answers: ticket.row_hash on disk depends on them */
	CHECK(tix_hash64(0, "", 0) == KNOWN_EMPTY);
	CHECK(tix_hash64(0, "Upload stuck at 87%", 19) == KNOWN_UPLOAD);
	TEST_DONE();
}
