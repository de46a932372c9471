/*
 * pseudo.h - pseudonymising requester identities with a keyed hash.
 *
 * An identity (e-mail, name, phone, account id) is normalised (trimmed,
 * lower-cased, inner blanks collapsed; a phone number reduced to its
 * digits) and hashed with keyed BLAKE2b from libsodium.  The same value and
 * key always give the same pseudonym, so a specialist can still look a
 * person up: the tool hashes what is typed the same way.
 */
#ifndef TIX_PSEUDO_H
#define TIX_PSEUDO_H

#include <stddef.h>

#define TIX_PSEUDO_KEYMIN 16
#define TIX_PSEUDO_KEYMAX 64
/* "p:" and 24 hex digits (96 bits) */
#define TIX_PSEUDO_LEN 26

struct tix_pseudo {
	unsigned char key[TIX_PSEUDO_KEYMAX];
	size_t keylen;
	char key_id[17];	/* names the key without giving it away */
};

/* 0, or -1 with err (a key shorter than 16 bytes, libsodium failing). */
int tix_pseudo_init(struct tix_pseudo *p, const void *key, size_t keylen, char *err);
/* Read the key from a file (its bytes, a final newline dropped) or, when
 * path is NULL, from the environment variable TIX_KEY. */
int tix_pseudo_load(struct tix_pseudo *p, const char *path, char *err);
/* The pseudonym of s[0..n) into out (TIX_PSEUDO_LEN + 1 bytes). */
void tix_pseudo_id(const struct tix_pseudo *p, const char *s, size_t n, char *out);
/* Does this header name hold a person's identity (e-mail, name, phone)? */
int tix_pseudo_is_identity(const char *header);
/* Wipe the key. */
void tix_pseudo_release(struct tix_pseudo *p);

#endif
