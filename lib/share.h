/*
 * share.h - where parc's data lives: the catalogs, the schema, the demo's
 * name tables (what make install copies from share/ to $(datadir)/parc).
 */
#ifndef PARC_SHARE_H
#define PARC_SHARE_H

/*
 * The directory holding parc's data: $PARC_SHARE when set and not empty,
 * else the compiled-in PARC_SHAREDIR. A parc built but not installed
 * (./configure && make && ./parc demo) falls back to the share/ of the
 * source tree it was built from while PARC_SHAREDIR has no catalog; the
 * binary make install installs is linked without that fallback, so it
 * holds no path of the build machine. Static or environment storage.
 */
const char *share_dir(void);

#endif
