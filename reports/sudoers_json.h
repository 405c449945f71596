/*
 * sudoers_json.h - a sudoers parse tree in the JSON schema of sudo's
 * `cvtsudoers -f json` (as sudo's cvtsudoers_json.c).
 *
 * The same keys, nesting, order and layout (4-space indent) as cvtsudoers
 * of sudo 1.9.13, with these deliberate differences, all where 1.9.13
 * prints invalid or lossy JSON:
 *   - CWD=, CHROOT= in a rule print as objects ({ "runcwd": "/x" }), not
 *     as bare "key": value inside an array;
 *   - ROLE=, TYPE= print as Options objects { "role": ... } after the
 *     tags (as sudo 1.9.15), not as a "SELinux_Spec" array of bare pairs;
 *   - several digests of one type print as one array ("sha224": [...])
 *     sorted by type (as sudo 1.9.15), not as repeated keys;
 *   - an unknown Defaults setting is left out without breaking the
 *     JSON (1.9.13 drops a comma).
 */
#ifndef PARC_SUDOERS_JSON_H
#define PARC_SUDOERS_JSON_H

#include "lib/sb.h"
#include "sync/sudoers_tree.h"

/*
 * Append t to out as cvtsudoers -f json prints it: "{\n...\n}\n", or
 * nothing at all when t holds no Defaults, aliases or rules.
 */
void rpt_sudoers_json(struct sb *out, const struct sudoers_tree *t);

#endif
