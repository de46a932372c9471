/*
 * escalate.h - triage with the ticket database behind it: a requester's
 * and a reported account's history (tix-triage --db), and escalated
 * tickets still open past their due time (tix-triage --open, the weekly
 * report).
 *
 * Earlier tickets are triaged again with the lexicon in use, so their risk
 * flags always agree with today's lexicon and nothing is stored.
 */
#ifndef TIX_ESCALATE_H
#define TIX_ESCALATE_H

#include <stdint.h>

#include "pseudo.h"
#include "store.h"
#include "triage.h"

struct tix_history;

struct tix_hist_result {
	long prior_tickets;	/* the requester's earlier tickets (any time) */
	long prior_flagged;	/* ... of them with a risk, within the repeat span */
	char prior_risks[256];	/* the risks of all earlier tickets, comma-separated */
	long target_reports;	/* most earlier flagged tickets, within the span,
				   naming one of the accounts this one names */
	char target[64];	/* that account */
	int level;		/* the level after the repeat rules */
	char reason[256];	/* why it was raised, "" when it was not */
};

/*
 * p: the key when the database holds pseudonyms (requesters are then
 * looked up by their pseudonym), else NULL.  s, lx, sv must outlive h.
 */
struct tix_history *tix_history_new(struct tix_store *s, const struct tix_lexicon *lx,
				    const struct tix_severity *sv, const struct tix_pseudo *p,
				    char *err);
void tix_history_free(struct tix_history *h);

/*
 * The history of one ticket just triaged as r: id is its ticket id (its
 * own row in the database, if any, is left out), requester may be NULL,
 * created 0 with has_created 0 when unknown (then everything in the
 * database counts as earlier).  0, or -1 with err.
 */
int tix_history_apply(struct tix_history *h, const char *id, size_t idn, const char *requester,
		      size_t rn, int64_t created, int has_created, const struct tix_triage *r,
		      struct tix_hist_result *out, char *err);

struct tix_open_row {
	const char *id, *source, *subject, *status, *assignee, *team, *risks, *reasons;
	int level;
	int64_t created, due;
};

/*
 * Tickets of the database that are not solved or closed, whose level is
 * max_level or more urgent, and whose due time (created + the level's
 * target) is before now; oldest first.  cb is called for each (return
 * nonzero to stop).  The number found, or -1 with err.
 */
long tix_open_escalations(struct tix_store *s, const struct tix_lexicon *lx,
			  const struct tix_severity *sv, int64_t now, int max_level,
			  int (*cb)(void *ctx, const struct tix_open_row *row), void *ctx,
			  char *err);

#endif
