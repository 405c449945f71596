/*
 * ad_guard.h - a deadline on connecting to an LDAP server.
 *
 * libldap 2.5 with GnuTLS spins without end in the TLS handshake when a
 * server accepts the connection and then says nothing
 * (LDAP_OPT_NETWORK_TIMEOUT covers the TCP connect only). A watchdog
 * thread shuts the socket down when the deadline passes, so the handshake
 * fails and the sync says why. The socket is learnt from a connection
 * callback (LDAP_OPT_CONNECT_CB), which lives as long as the handle: a
 * guard is kept beside its handle, one per handle. libldap may open more
 * sockets within one connect (several addresses or URIs): once the
 * deadline has passed, each new one is shut down as it opens.
 */
#ifndef PARC_AD_GUARD_H
#define PARC_AD_GUARD_H

#include <ldap.h>
#include <pthread.h>

/* One per LDAP handle; only these functions touch its fields. */
struct ad_guard {
	struct ldap_conncb cb;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t thread;
	int fd;	   /* the connection's socket, -1 when none */
	int armed; /* the watchdog runs */
	int fired; /* the deadline passed: every socket is shut down */
	long timeout;
};

/* Make g ready (not armed): before any other use. */
void ad_guard_init(struct ad_guard *g);

/* Free what ad_guard_init() made; g must be stopped. */
void ad_guard_release(struct ad_guard *g);

/*
 * Register g's connection callback on ld and start its watchdog, which
 * shuts ld's sockets down timeout seconds from now. 0 when started, -1
 * when libldap or pthread refused (the caller connects without it).
 */
int ad_guard_start(struct ad_guard *g, LDAP *ld, long timeout);

/*
 * Stop g's watchdog (a no-op when it is not running); 1 if its deadline
 * had passed, so that a failed connect can say why.
 */
int ad_guard_stop(struct ad_guard *g);

#endif
