/*
 * azure_live.h - read one Entra tenant and its subscriptions over ARM and
 * Microsoft Graph: the live half of the "azure" connector (sync/azure.h
 * is the source_ops).
 *
 * An OAuth 2.0 client-credentials token, with the client secret or a
 * client assertion signed with a certificate's key, is fetched for each
 * resource (ARM:
 * ARM_ENDPOINT/.default; Graph: GRAPH_ENDPOINT/.default, which are
 * https://management.azure.com/.default and
 * https://graph.microsoft.com/.default with the default endpoints) from
 * LOGIN_ENDPOINT/TENANT/oauth2/v2.0/token, and fetched again before it
 * expires (with a tenth of its life, at most 5 minutes, to spare) or once
 * when a call answers 401 for an expired token. The client secret and the
 * tokens live in memory only, and are wiped after use.
 *
 * Every listing is followed to its end (nextLink, @odata.nextLink); each
 * link is checked with http_check_url and must stay on the host of the
 * endpoint it came from. 429 and 503 are retried after Retry-After
 * (sync/http.h). Graph's 403
 * Authentication_RequestFromNonPremiumTenantOrB2CTenant for
 * signInActivity (a tenant without Entra ID P1) reads the users again
 * without it and leaves sign-ins unknown; any other refusal fails.
 */
#ifndef PARC_AZURE_LIVE_H
#define PARC_AZURE_LIVE_H

#include "lib/err.h"
#include "sync/azure_model.h"

struct az_live_opts {
	const char *source; /* the source name, for messages */
	const char *tenant_id;
	const char *client_id;
	const char *secret; /* the client secret (borrowed), or NULL */
	/*
	 * Instead of a secret: PEM holding the application's private key and
	 * its certificate (borrowed); each token request then carries a
	 * client assertion, a JWT signed RS256 with the key, whose x5t names
	 * the certificate.
	 */
	const char *cert_pem;
	const char *login_endpoint, *arm_endpoint, *graph_endpoint;
	const char *ca_file;
	int allow_insecure;
	long timeout;	 /* seconds per call */
	int max_tries;	 /* attempts per call */
	long page_size;	 /* Graph $top */
	long backoff_ms; /* first retry backoff; 0: http.h's default */
	/* subscription ids to read, NULL-terminated, or NULL for all */
	char *const *subscriptions;
};

/*
 * Read the tenant into d (zeroed first; release with az_data_release):
 * the subscriptions the application sees (Enabled ones, of tenant_id),
 * then per subscription its role assignments, role definitions and
 * eligibility schedule instances, then Graph's directory roles,
 * schedules, users, the transitive members of every group that holds a
 * role, and the ARM principals Graph has not named yet
 * (directoryObjects/getByIds). Returns 0, or PARC_ESOURCE naming the
 * source, the call, and Azure's error code and message; nothing is kept
 * on failure.
 */
int az_live_read(const struct az_live_opts *o, struct az_data *d,
    struct err *e);

#endif
