/*
 * campaign.h - campaigns: near-identical long texts (copy-paste complaint
 * waves, scam messages, coordinated mass reports) sent by many different
 * requesters within a short time.
 *
 *	struct tix_camp *cp;
 *	struct tix_campaign *c;
 *	size_t nc, i;
 *	if (!(cp = tix_camp_new(NULL, err)))
 *		report err;
 *	for each ticket, in any order (the first added is text 0, then 1 ...):
 *		if (tix_camp_add(cp, body, len, time, requester, err) < 0)
 *			tix_camp_free(cp), report err;
 *	if (tix_camp_find(cp, &c, &nc, err) < 0)
 *		tix_camp_free(cp), report err;
 *	tix_camp_free(cp);
 *	for (i = 0; i < nc; i++)
 *		text c[i].example is what campaign i says, c[i].members[0 ..
 *		c[i].n) are its texts' numbers;
 *	tix_campaigns_free(c, nc);
 *
 * or, with every text in memory already, tix_campaigns(docs, n, NULL, &c,
 * &nc, err): the same campaigns, numbers being indexes into docs.
 *
 * Ownership: a text is only read, and only during the call that is given
 * it; nothing of it is kept: a long text leaves its signature (144 bytes,
 * see Cost), a short one nothing at all.  The tix_camp belongs to the
 * caller, who frees it with tix_camp_free (after tix_camp_find or
 * instead of it).  The campaigns and their member arrays belong to the
 * caller, who frees them all with one tix_campaigns_free.  The library
 * never prints or exits: 0, or -1 with a message in err (tix.h) when
 * memory runs out or an option or a text is bad; then *out is NULL and
 * *nout 0, and a tix_camp_add that failed added nothing (the tix_camp is
 * as it was: go on adding, find, or free it).  No global state: calls
 * may run in several threads at once, each on its own tix_camp.
 *
 * Definitions (tix-campaigns(1) should give them to users as they are):
 *
 *   words       the text is split by tix_tokenize (tokens.h): only its
 *               first 4096 tokens count (punctuation included); punctuation
 *               is dropped; numbers, ids, URLs, e-mail addresses, handles,
 *               IPs, dates, times, money, versions, paths become their mask
 *               (<NUM>, <HANDLE> ...), so swapping an order number or an
 *               @handle changes nothing; A-Z are lowered.  Any bytes are
 *               fine: invalid UTF-8 and NUL bytes are just bytes.
 *   long text   one with at least min_tokens words (default 20).  Shorter
 *               texts are skipped: short subjects are tix-patterns' job.
 *   shingles    every run of 3 consecutive words, as a set (a text of 1
 *               or 2 words, possible only when min_tokens < 3, is one
 *               shingle).
 *   similarity  the Jaccard similarity of two texts' shingle sets
 *               (shared / either), estimated with 128 MinHash functions
 *               of a fixed seeded family, 8 bits kept of each (b-bit
 *               MinHash, corrected for the 1 in 256 chance agreement).
 *               The estimate's standard error is about 0.035 near 0.8.
 *   near-identical  estimated similarity >= threshold (default 0.8).
 *               Rules of thumb for a 60-word text (58 shingles): changing
 *               any numbers, links, handles: 1.0; one word changed: 0.90;
 *               two words in different places: 0.81; three: 0.73; a
 *               10-word sentence appended: 0.85; 70% of the words
 *               changed: about 0.  A pair within about 0.05 of the
 *               threshold may fall either side of it (a pair at 0.81 is
 *               missed about one time in three); a wave of many copies
 *               is still joined through its other pairs.
 *   group       near-identical texts, chained: when A is near-identical
 *               to B and B to C, all three are one group even if A and C
 *               are less alike (single linkage; `similarity` below shows
 *               how tight a campaign is).  Candidate pairs come from LSH:
 *               32 bands of 4 of the 128 values; two texts at 0.8 share
 *               a band but for a chance of about 4e-8.  Texts that
 *               share a band are each checked against at most 8 of the
 *               band's earlier texts (the first ones that matched no
 *               earlier one), never against all of them, so 10,000
 *               copies of one text cost 10,000 checks, not 50 million.
 *               Time plays no part in forming groups.
 *   campaign    part of a group cut out by time, at most `window`
 *               seconds long (default 7 days): among the group's texts
 *               in time order, the stretch [t, t + window] starting at
 *               one of them that holds the most distinct requesters
 *               (then the most texts, then the earliest t) becomes a
 *               campaign if it has at least min_requesters requesters
 *               (default 3) and min_size texts (default 3); its texts
 *               leave the group, and this repeats with what is left
 *               until no stretch qualifies.  So a burst that fits the
 *               window comes out whole, not cut by a few stray copies
 *               before or after it (a stretch that trades part of the
 *               burst for strays must gain more requesters than it
 *               loses); copies more than `window` apart are never in
 *               one campaign; a text that arrives steadily over 60 days
 *               comes out as a run of campaigns of at most a week each
 *               (about one a week) that share one `group` number; texts
 *               in no qualifying stretch are not reported.  Campaigns
 *               never share a text, and the [first, last] of campaigns
 *               of one group never overlap.
 *   requesters  distinct requester numbers among a campaign's texts;
 *               TIX_CAMP_NONE (no requester known) is counted by no one
 *               (give each such ticket a number of its own to count
 *               each as a different person).
 *
 * Campaigns come sorted by requesters (most first), then texts (most
 * first), then first time (earliest first), then their earliest text's
 * place in a canonical order of all texts (time, then content), so the
 * order never depends on the order of the texts.  Everything is
 * deterministic (fixed seeds): the same texts give the same campaigns,
 * and the same texts in another order give the same campaigns apart from
 * the numbers (when two members share the earliest second, the lower
 * number is the example).
 *
 * Cost: each text is tokenised and signed as it is added (about 10 us for
 * 500 bytes); what stays of a long text is 144 bytes: its 128-byte
 * signature, its number, time and requester, in arrays that double when
 * full (so up to twice that is allocated until tix_camp_find gives back
 * the rest); a short text leaves nothing (a million 500-byte bodies, all
 * long, are 144 MB, not 500).  tix_camp_find makes 32 radix sorts of the
 * long texts and needs about 190 bytes per long text at its peak.  Time
 * and memory are linear in the number of texts (plus n log n sorts).
 */
#ifndef TIX_CAMPAIGN_H
#define TIX_CAMPAIGN_H

#include <stddef.h>
#include <stdint.h>

#define TIX_CAMP_NONE UINT32_MAX	/* no requester known */

/* A text of tix_campaigns. */
struct tix_camp_doc {
	const char *text;	/* text[0 .. len), any bytes, no NUL needed;
				   NULL only when len is 0 */
	size_t len;
	int64_t time;		/* UTC epoch seconds */
	uint32_t requester;	/* the caller's number for the requester, or
				   TIX_CAMP_NONE */
};

struct tix_camp_opts {
	double threshold;	/* near-identical: similarity >= this, 0.5 .. 1
				   (default 0.8; below 0.5 texts are not
				   near-identical, and LSH would miss pairs) */
	size_t min_tokens;	/* long text: at least this many words (20) */
	size_t min_requesters;	/* a campaign: at least this many distinct
				   requesters (3), at least 1 */
	size_t min_size;	/* a campaign: at least this many texts (3),
				   at least 2 */
	int64_t window;		/* a campaign spans at most this many seconds
				   (7 days), at least 0 */
};

/* The defaults above into *o. */
void tix_camp_defaults(struct tix_camp_opts *o);

struct tix_campaign {
	size_t *members;	/* texts' numbers (indexes into docs), by
				   time, then number */
	size_t n;		/* number of members (texts) */
	size_t requesters;	/* distinct requesters among them */
	int64_t first, last;	/* time of the earliest and the latest member */
	size_t example;		/* members[0], the earliest: what it says */
	double similarity;	/* mean estimated similarity of the other
				   members to the example (1 when there are
				   none) */
	size_t group;		/* campaigns cut from one group share this
				   number: 0, 1, ... in order of each group's
				   first campaign in the list */
};

/* Streaming: texts are added one at a time, and only their signatures
   are kept. */
struct tix_camp;

/* A new, empty search with options o (NULL: the defaults); NULL with err
   on a bad option or when memory runs out. */
struct tix_camp *tix_camp_new(const struct tix_camp_opts *o, char *err);

/*
 * Add the next text, text[0 .. len) (any bytes, no NUL needed; NULL only
 * when len is 0), sent at time (UTC epoch seconds) by requester (or
 * TIX_CAMP_NONE).  Its number is the number of texts added before it:
 * 0, 1, ...  The text is only read during the call.  0, or -1 with err:
 * out of memory, a NULL text with len > 0, 2^32 - 2 texts added already,
 * or tix_camp_find called already; then nothing was added.
 */
int tix_camp_add(struct tix_camp *c, const char *text, size_t len, int64_t time,
		 uint32_t requester, char *err);

/*
 * The campaigns among all texts added to c so far into *out, a new array
 * of *nout campaigns (NULL when none): exactly what tix_campaigns would
 * give for the same texts in the same order.  0, or -1 with err (out of
 * memory).  Called once: after it, c is good for tix_camp_free only (and
 * it gives back c's memory either way; a second call fails).
 */
int tix_camp_find(struct tix_camp *c, struct tix_campaign **out, size_t *nout, char *err);

/* Free c; c may be NULL. */
void tix_camp_free(struct tix_camp *c);

/*
 * The campaigns among docs[0 .. n) (docs may be NULL when n is 0) with
 * options o (NULL: the defaults) into *out, a new array of *nout
 * campaigns (NULL when none): tix_camp_add of each in order, then
 * tix_camp_find.  0, or -1 with err: out of memory, a bad option, a NULL
 * text with len > 0, or n past 2^32 - 2.
 */
int tix_campaigns(const struct tix_camp_doc *docs, size_t n, const struct tix_camp_opts *o,
		  struct tix_campaign **out, size_t *nout, char *err);

/* Free c[0 .. n) and their members, and c itself; c may be NULL. */
void tix_campaigns_free(struct tix_campaign *c, size_t n);

#endif
