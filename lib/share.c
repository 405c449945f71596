/*
 * share.c - share_dir(), alone in its file: make install compiles this
 * file again without PARC_SRC_SHAREDIR (see Makefile.in), so that the
 * installed parc holds no path of the build tree.
 */
#include <stdlib.h>
#include <unistd.h>

#include "lib/priv.h"
#include "lib/share.h"

#ifndef PARC_SHAREDIR
#define PARC_SHAREDIR "/usr/local/share/parc"
#endif

const char *
share_dir(void)
{
	const char *s = getenv("PARC_SHARE");

	/* setgid for someone else: their catalogs must not classify access */
	if (s != NULL && *s != '\0' && (!priv_elevated() || getuid() == 0))
		return s;
#ifdef PARC_SRC_SHAREDIR
	/*
	 * Not installed yet (./configure && make && ./parc demo): the data
	 * is still in the source tree this binary was built from.
	 */
	if (access(PARC_SHAREDIR "/catalog", F_OK) != 0 &&
	    access(PARC_SRC_SHAREDIR "/catalog", F_OK) == 0)
		return PARC_SRC_SHAREDIR;
#endif
	return PARC_SHAREDIR;
}
