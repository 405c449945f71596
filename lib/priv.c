/* priv.c - the setgid group's rights, held only where needed (priv.h). */
#include <stdlib.h>
#include <unistd.h>

#include "lib/priv.h"

static gid_t saved_egid;
static int inited, depth, dropped_all;

void
priv_init(void)
{
	saved_egid = getegid();
	inited = 1;
}

int
priv_elevated(void)
{
	if (!inited)
		priv_init();
	if (dropped_all)
		return 0;
	return saved_egid != getgid() || geteuid() != getuid();
}

void
priv_drop(void)
{
	if (!priv_elevated())
		return;
	if (depth++ == 0 && setegid(getgid()) != 0)
		abort();
}

void
priv_restore(void)
{
	if (!priv_elevated() || depth == 0)
		return;
	if (--depth == 0 && setegid(saved_egid) != 0)
		abort();
}

void
priv_drop_all(void)
{
	gid_t g = getgid();

	if (!priv_elevated())
		return;
	/* a real gid given: the saved gid follows (no way back) */
	if (setregid(g, g) != 0 || getegid() != g)
		abort();
	dropped_all = 1;
}
