/*
 * demo_ad.h - the demo organisation's Active Directory domain, as the
 * LDIF export an air-gapped review would get (corp.ldif, read by the
 * [source corp] kind = ldif connector).
 *
 * corp.example: a user per person of people.csv (sAMAccountName = login,
 * employeeID, mail, displayName, manager; a leaver's account disabled,
 * except the planted DEMO_STALE_ADMIN's), and the story the console
 * tells: Tier-0 reached through nesting three deep (Server Admins > Tier0
 * Admins > Domain Admins > Administrators) by the planted leaver; adm-
 * accounts of IT Operations (the head's named in overrides.csv), one
 * dormant, one disabled, one a Domain Admin by primaryGroupID only; a
 * kerberoastable svc-sql (an SPN, an old password) in Domain Admins;
 * svc-backup and a partner's foreign principal in Backup Operators; an
 * account with adminCount=1 left in no protected group; DnsAdmins; a
 * site group (Workstation Admins, tier 2 in parc.conf); the domain
 * controller; and a Workstations group of more than 1,500 computers.
 */
#ifndef PARC_DEMO_AD_H
#define PARC_DEMO_AD_H

#include "lib/err.h"
#include "tui/demo/demo.h"

/* Write corp.ldif into the demo directory (a demo.c generator). */
int demo_gen_ad(struct demo *d, struct err *e);

#endif
