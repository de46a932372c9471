/* pseudo.c - keyed-hash pseudonyms for requester identities (libsodium). */
#include "pseudo.h"

#include <ctype.h>
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sources.h"
#include "tix.h"

int tix_pseudo_init(struct tix_pseudo *p, const void *key, size_t keylen, char *err)
{
	static const char probe[] = "tix key id";
	unsigned char h[8];
	int i;

	memset(p, 0, sizeof(*p));
	if (sodium_init() < 0)
		return tix_errf(err, "libsodium cannot start");
	if (keylen < TIX_PSEUDO_KEYMIN)
		return tix_errf(err, "the pseudonymisation key is %zu bytes; it needs at least %d",
				keylen, TIX_PSEUDO_KEYMIN);
	if (keylen > TIX_PSEUDO_KEYMAX) {
		/* a long key is hashed down to the most BLAKE2b takes */
		crypto_generichash(p->key, TIX_PSEUDO_KEYMAX, key, keylen, NULL, 0);
		p->keylen = TIX_PSEUDO_KEYMAX;
	} else {
		memcpy(p->key, key, keylen);
		p->keylen = keylen;
	}
	if (crypto_generichash(h, sizeof(h), (const unsigned char *)probe, sizeof(probe) - 1,
			       p->key, p->keylen) != 0)
		return tix_errf(err, "libsodium: keyed hash failed");
	for (i = 0; i < 8; i++)
		snprintf(p->key_id + 2 * i, 3, "%02x", h[i]);
	return 0;
}

int tix_pseudo_load(struct tix_pseudo *p, const char *path, char *err)
{
	unsigned char buf[4096];
	size_t n;
	int ret;

	if (!path) {
		const char *k = getenv("TIX_KEY");

		if (!k || !*k)
			return tix_errf(err, "no pseudonymisation key: give --key-file or set TIX_KEY");
		return tix_pseudo_init(p, k, strlen(k), err);
	}
	{
		FILE *fp = fopen(path, "rb");

		if (!fp)
			return tix_errf(err, "%s: %s", path, strerror(errno));
		n = fread(buf, 1, sizeof(buf), fp);
		fclose(fp);
	}
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		n--;
	ret = tix_pseudo_init(p, buf, n, err);
	sodium_memzero(buf, sizeof(buf));
	if (ret < 0 && n < TIX_PSEUDO_KEYMIN)
		return tix_errf(err, "%s: the key needs at least %d bytes", path, TIX_PSEUDO_KEYMIN);
	return ret;
}

/* A phone number: digits with + ( ) - . / and blanks only, 6 digits or more. */
static int phone_like(const char *s, size_t n)
{
	size_t i, digits = 0;

	for (i = 0; i < n; i++) {
		if (isdigit((unsigned char)s[i]))
			digits++;
		else if (!strchr("+()-./ ", s[i]))
			return 0;
	}
	return digits >= 6;
}

void tix_pseudo_id(const struct tix_pseudo *p, const char *s, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char norm[512], h[12];
	size_t i, k = 0;
	int space = 0;

	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (phone_like(s, n)) {
		for (i = 0; i < n && k < sizeof(norm); i++)
			if (isdigit((unsigned char)s[i]) || (s[i] == '+' && k == 0))
				norm[k++] = (unsigned char)s[i];
	} else {
		for (i = 0; i < n && k < sizeof(norm); i++) {
			unsigned char c = (unsigned char)s[i];

			if (isspace(c)) {
				space = 1;
				continue;
			}
			if (space && k < sizeof(norm))
				norm[k++] = ' ';
			space = 0;
			if (k < sizeof(norm))
				norm[k++] = (c < 0x80) ? (unsigned char)tolower(c) : c;
		}
	}
	crypto_generichash(h, sizeof(h), norm, k, p->key, p->keylen);
	out[0] = 'p';
	out[1] = ':';
	for (i = 0; i < sizeof(h); i++) {
		out[2 + 2 * i] = hex[h[i] >> 4];
		out[3 + 2 * i] = hex[h[i] & 15];
	}
	out[TIX_PSEUDO_LEN] = '\0';
}

int tix_pseudo_is_identity(const char *header)
{
	static const char *const exact[] = {
		"requester", "requesterid", "requestername", "customer", "customerid",
		"customername", "contact", "contactid", "contactname", "fullname", "name",
		"firstname", "lastname", "reporter", "reportername", "author", "authorid",
		"caller", "callerid", "username", "user", "userid", "suppliedname", "webname",
		"accountname", "handle", "screenname", NULL
	};
	char h[128];
	size_t i;

	tix_header_norm(header, h, sizeof(h));
	if (strstr(h, "email") || strstr(h, "phone") || strstr(h, "mobile") ||
	    strstr(h, "callernumber") || strstr(h, "ipaddress"))
		return 1;
	for (i = 0; exact[i]; i++)
		if (!strcmp(h, exact[i]))
			return 1;
	return 0;
}

void tix_pseudo_release(struct tix_pseudo *p)
{
	sodium_memzero(p, sizeof(*p));
}
