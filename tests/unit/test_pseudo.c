/* test_pseudo.c - keyed pseudonyms: stable, normalised, key-dependent. */
#include <stdlib.h>
#include <string.h>

#include "pseudo.h"
#include "tix.h"
#include "unit.h"

int main(void)
{
	struct tix_pseudo a, b;
	char err[TIX_ERRSZ], x[TIX_PSEUDO_LEN + 1], y[TIX_PSEUDO_LEN + 1];
	const char *k1 = "0123456789abcdef-key-one", *k2 = "0123456789abcdef-key-two";

	CHECK_EQ_I64(tix_pseudo_init(&a, k1, strlen(k1), err), 0);
	CHECK_EQ_I64(tix_pseudo_init(&b, k2, strlen(k2), err), 0);
	CHECK(strcmp(a.key_id, b.key_id) != 0);
	CHECK_EQ_I64((int64_t)strlen(a.key_id), 16);

	tix_pseudo_id(&a, "Ana.Silva@Example.com", 21, x);
	CHECK_EQ_I64((int64_t)strlen(x), TIX_PSEUDO_LEN);
	CHECK(strncmp(x, "p:", 2) == 0);
	tix_pseudo_id(&a, "  ana.silva@example.com ", 24, y);
	CHECK_EQ_STR(x, y);			/* trimmed and case-folded */
	tix_pseudo_id(&b, "ana.silva@example.com", 21, y);
	CHECK(strcmp(x, y) != 0);		/* another key, another pseudonym */
	tix_pseudo_id(&a, "ana.silva@example.org", 21, y);
	CHECK(strcmp(x, y) != 0);

	/* phone numbers: only the digits (and a leading +) count */
	tix_pseudo_id(&a, "+1 (555) 010-2233", 17, x);
	tix_pseudo_id(&a, "+15550102233", 12, y);
	CHECK_EQ_STR(x, y);
	tix_pseudo_id(&a, "15550102233", 11, y);
	CHECK(strcmp(x, y) != 0);

	/* names: inner blanks collapsed */
	tix_pseudo_id(&a, "Siti  Nurhaliza", 15, x);
	tix_pseudo_id(&a, "siti nurhaliza", 14, y);
	CHECK_EQ_STR(x, y);

	/* a key too short is refused */
	CHECK_EQ_I64(tix_pseudo_init(&b, "short", 5, err), -1);
	CHECK(strstr(err, "at least 16") != NULL);

	/* the environment */
	unsetenv("TIX_KEY");
	CHECK_EQ_I64(tix_pseudo_load(&b, NULL, err), -1);
	CHECK(strstr(err, "TIX_KEY") != NULL);
	setenv("TIX_KEY", k1, 1);
	CHECK_EQ_I64(tix_pseudo_load(&b, NULL, err), 0);
	CHECK_EQ_STR(b.key_id, a.key_id);
	CHECK_EQ_I64(tix_pseudo_load(&b, "/nonexistent/key", err), -1);

	CHECK(tix_pseudo_is_identity("Requester email"));
	CHECK(tix_pseudo_is_identity("Customer Name"));
	CHECK(tix_pseudo_is_identity("Caller Number"));
	CHECK(tix_pseudo_is_identity("caller_id"));
	CHECK(tix_pseudo_is_identity("author_id"));
	CHECK(tix_pseudo_is_identity("Phone"));
	CHECK(!tix_pseudo_is_identity("Subject"));
	CHECK(!tix_pseudo_is_identity("Assignee"));
	CHECK(!tix_pseudo_is_identity("Ticket ID"));
	tix_pseudo_release(&a);
	CHECK_EQ_I64((int64_t)a.keylen, 0);
	TEST_DONE();
}
