/*
 * sudoers_src.h - the sudoers connector (kind = sudoers).
 *
 *	[source web01]                  ; one host
 *	kind = sudoers
 *	path = /etc/sudoers              ; the default; its includes follow
 *	host = web01                     ; default: this machine's short name
 *	passwd_file = /etc/passwd        ; the defaults
 *	group_file = /etc/group
 *	netgroup_file = /etc/netgroup    ; default: it, when it exists
 *	wtmp = /var/log/wtmp             ; optional: last logins
 *	sudo_log = /var/log/auth.log     ; optional: last sudo use
 *
 *	[source fleet]                  ; a collected tree of hosts
 *	kind = sudoers
 *	root = /srv/collect              ; root/HOST/etc/sudoers ...
 *
 * With root, every folder HOST of root holding etc/sudoers is a host:
 * HOST/etc/sudoers with its includes resolved inside HOST (never against
 * this machine's /etc), HOST/etc/passwd and HOST/etc/group, and when they
 * exist HOST/etc/netgroup, HOST/var/log/wtmp and sudo's lines in
 * HOST/var/log/auth.log,
 * secure and sudo.log (and their .1 rotations).
 *
 * Per host it emits: every account of passwd ("HOST:user:NAME"; root is
 * break-glass, uid < 1000 service, others human; last login from wtmp),
 * every group ("HOST:group:NAME") with its members, and one entitlement
 * per sudo rule that applies to the host (kind "sudo-rule", ext_id a hash
 * of the normalised rule, so moving lines does not change it), classified
 * with share/catalog/sudo.tsv: tier, a reason, T1548.003, and attrs with
 * the file, line, runas, commands, tags, options and the Defaults that
 * weaken it. Rules are assigned to accounts, or to the groups they name
 * (the database expands groups), with origin "FILE:LINE" and the last
 * use seen in the sudo log. A file that does not parse fails the whole
 * pull with "FILE:LINE:COLUMN: message", so nothing of the source changes.
 */
#ifndef PARC_SUDOERS_SRC_H
#define PARC_SUDOERS_SRC_H

#include "sync/source.h"
#include "sync/sudoers_emit.h"

extern const struct source_ops sudoers_ops;

#endif
