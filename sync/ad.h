/*
 * ad.h - the Active Directory connector (kind = ad), over LDAP with
 * libldap.
 *
 *	[source corp]
 *	kind = ad
 *	uri = ldaps://dc1.corp.example.com     ; or ldap:// (StartTLS)
 *	base_dn = DC=corp,DC=example,DC=com
 *	bind_dn = CN=parc-reader,OU=Service,DC=corp,DC=example,DC=com
 *	password_file = /etc/parc/corp.secret  ; or password_env/_command
 *	ca_file = /etc/parc/corp-ca.pem
 *
 * The connection is encrypted: ldaps://, or ldap:// upgraded with
 * StartTLS (starttls = no turns that off), and the server's certificate
 * is checked against ca_file (or the system's CAs) and the host name in
 * the URI. A simple bind over a connection that is not encrypted is
 * refused before the password is sent, unless allow_insecure = yes.
 * sasl_mech = GSSAPI binds with the Kerberos ticket of the process
 * (kinit) instead of bind_dn and a password, where libsasl2 has the
 * mechanism. The password (conf_secret(), prefix "password") is fetched
 * for the bind only, wiped after it, and never written anywhere.
 *
 * Reading: two subtree searches under base_dn at once, over two
 * connections (users and computers; groups and foreign security
 * principals): the DC answers them in parallel. Without page_size they
 * are plain searches first, which Samba answers about five times faster
 * than paged ones (it pages by looking each entry up again); their
 * entries are collected, and staged only once both have ended, since a
 * server limit may cut them (AD's MaxPageSize: 1,000 entries without
 * paging; Samba's 256 MB a response; or timeout): then the collector is
 * dropped and the pull starts again paged. Paged searches (RFC 2696,
 * page_size entries a page, default 1000) ask for the next page before
 * the one that came is taken, so the server works while parc parses and
 * stages. Referrals (AD's continuation references) are not chased. A
 * group whose member list AD cuts (member;range=0-1499) is read range by
 * range until "*". Entries go into the collector of ad_common.h, as kind
 * = ldif's do; when paged it stages into the sink as they come: a group's
 * memberships as it ends, and once the groups are all in, each account
 * as it ends (adc_stage(), adc_stream()).
 *
 * Faults are PARC_ESOURCE with one line naming the source, the server and
 * the step (connect, StartTLS, bind, search), and the sink is aborted so
 * the previous snapshot stays: unreachable server, untrusted certificate,
 * refused bind, timeout (timeout = seconds for connecting and for each
 * request, default 30), the server going away mid-pull, and a size or
 * time limit the server enforces.
 */
#ifndef PARC_AD_H
#define PARC_AD_H

#include "sync/source.h"

extern const struct source_ops ad_ops;

#endif
