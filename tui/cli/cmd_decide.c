/* cmd_decide.c - parc decide: one decision, or the same for many items. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/decision.h"
#include "db/vocab.h"
#include "lib/sb.h"
#include "tui/cli/actor.h"
#include "tui/cli/cmd.h"

#define MAX_ITEMS 100000

/* Parse "12" or "3,5,9-20" into ids; PARC_EUSAGE naming the bad part. */
static int
parse_items(const char *s, int64_t **ids, size_t *n, struct err *e)
{
	const char *p = s;
	char *end;
	long long a, b, k;

	*ids = NULL;
	*n = 0;
	while (*p) {
		errno = 0;
		a = strtoll(p, &end, 10);
		if (end == p || errno || a < 1)
			goto bad;
		b = a;
		if (*end == '-') {
			p = end + 1;
			b = strtoll(p, &end, 10);
			if (end == p || errno || b < a)
				goto bad;
		}
		if ((long long)*n + (b - a + 1) > MAX_ITEMS)
			return err_set(e, PARC_EUSAGE,
			    "decide: at most %d items at once", MAX_ITEMS);
		*ids =
		    xrealloc(*ids, (*n + (size_t)(b - a + 1)) * sizeof(**ids));
		for (k = a; k <= b; k++)
			(*ids)[(*n)++] = k;
		if (*end == ',')
			end++;
		else if (*end != '\0')
			goto bad;
		p = end;
	}
	if (*n > 0)
		return 0;
bad:
	free(*ids);
	*ids = NULL;
	return err_set(e, PARC_EUSAGE,
	    "decide: '%s' is not a list of item numbers (12 or 3,5,9-20)", s);
}

int
cmd_decide(struct ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct option opts[] = { { "comment", required_argument,
						  NULL, 'm' },
		{ "until", required_argument, NULL, 'u' },
		{ "to", required_argument, NULL, 't' },
		{ "items", required_argument, NULL, 'i' },
		{ "as", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	struct decide_req r = { 0 };
	struct actor a = { 0 };
	const char *items = NULL, *as = NULL;
	int64_t *ids = NULL;
	size_t n = 0;
	int c, rc;

	/*
	 * Options may follow the positional words (parc decide 7 revoke -m
	 * x): optind = 0 makes glibc's getopt start afresh, permuting.
	 */
	optind = 0;
	while ((c = cli_next_opt(argc, argv, "h", opts, "decide", e)) != -1) {
		switch (c) {
		case 'h':
			return 0;
		case '?':
			return PARC_EUSAGE;
		case 'm':
			r.comment = optarg;
			break;
		case 'u':
			r.until = optarg;
			break;
		case 't':
			r.to = optarg;
			break;
		case 'i':
			items = optarg;
			break;
		case 'a':
			as = optarg;
			break;
		}
	}
	if (items != NULL && optind + 1 == argc)
		r.decision = argv[optind];
	else if (items == NULL && optind + 2 == argc) {
		items = argv[optind];
		r.decision = argv[optind + 1];
	} else
		return cli_usage("decide", e,
		    "wants ITEM DECISION, or --items LIST DECISION%s", "");
	if ((rc = parse_items(items, &ids, &n, e)) != 0)
		return rc;
	if ((rc = cli_actor(ctx, as, &a, e)) != 0)
		goto out;
	if ((rc = item_decide_bulk(ctx->db, &a, ids, n, &r, e)) == 0) {
		if (n == 1)
			printf("item %lld: %s\n", (long long)ids[0],
			    decision_kind_find(r.decision)->done);
		else
			printf("%zu items: %s\n", n, r.decision);
	}
out:
	actor_release(&a);
	free(ids);
	return rc;
}
