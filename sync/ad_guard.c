/*
 * ad_guard.c - a watchdog thread that ends a stalled LDAP connect; see
 * ad_guard.h.
 */
#include <sys/socket.h>

#include <errno.h>
#include <lber.h>
#include <ldap.h>
#include <pthread.h>
#include <time.h>

#include "sync/ad_guard.h"

void
ad_guard_init(struct ad_guard *g)
{
	pthread_condattr_t ca;

	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_mutex_init(&g->mu, NULL);
	pthread_cond_init(&g->cv, &ca);
	pthread_condattr_destroy(&ca);
	g->fd = -1;
}

void
ad_guard_release(struct ad_guard *g)
{
	pthread_mutex_destroy(&g->mu);
	pthread_cond_destroy(&g->cv);
}

static int
guard_add(LDAP *ld, Sockbuf *sb, LDAPURLDesc *srv, struct sockaddr *addr,
    struct ldap_conncb *ctx)
{
	struct ad_guard *g = ctx->lc_arg;
	ber_socket_t fd = -1;

	(void)ld;
	(void)srv;
	(void)addr;
	ber_sockbuf_ctrl(sb, LBER_SB_OPT_GET_FD, &fd);
	pthread_mutex_lock(&g->mu);
	g->fd = fd;
	if (g->armed && g->fired && fd >= 0)
		shutdown(fd, SHUT_RDWR);
	pthread_mutex_unlock(&g->mu);
	return LDAP_SUCCESS;
}

/* Before libldap closes the socket: the watchdog must not touch it. */
static void
guard_del(LDAP *ld, Sockbuf *sb, struct ldap_conncb *ctx)
{
	struct ad_guard *g = ctx->lc_arg;

	(void)ld;
	(void)sb;
	pthread_mutex_lock(&g->mu);
	g->fd = -1;
	pthread_mutex_unlock(&g->mu);
}

static void *
guard_watch(void *arg)
{
	struct ad_guard *g = arg;
	struct timespec at;

	clock_gettime(CLOCK_MONOTONIC, &at);
	at.tv_sec += g->timeout;
	pthread_mutex_lock(&g->mu);
	while (g->armed && !g->fired)
		if (pthread_cond_timedwait(&g->cv, &g->mu, &at) == ETIMEDOUT &&
		    g->armed) {
			g->fired = 1;
			if (g->fd >= 0)
				shutdown(g->fd, SHUT_RDWR);
		}
	/* past the deadline guard_add shuts new sockets; wait for stop */
	while (g->armed)
		pthread_cond_wait(&g->cv, &g->mu);
	pthread_mutex_unlock(&g->mu);
	return NULL;
}

int
ad_guard_start(struct ad_guard *g, LDAP *ld, long timeout)
{
	g->cb.lc_add = guard_add;
	g->cb.lc_del = guard_del;
	g->cb.lc_arg = g;
	g->fired = 0;
	g->timeout = timeout;
	if (ldap_set_option(ld, LDAP_OPT_CONNECT_CB, &g->cb) !=
	    LDAP_OPT_SUCCESS)
		return -1;
	g->armed = 1;
	if (pthread_create(&g->thread, NULL, guard_watch, g) != 0) {
		g->armed = 0;
		return -1;
	}
	return 0;
}

int
ad_guard_stop(struct ad_guard *g)
{
	if (!g->armed)
		return g->fired;
	pthread_mutex_lock(&g->mu);
	g->armed = 0;
	pthread_cond_signal(&g->cv);
	pthread_mutex_unlock(&g->mu);
	pthread_join(g->thread, NULL);
	return g->fired;
}
