/* demo_ad.c - the demo's Active Directory export (see demo_ad.h). */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sb.h"
#include "tui/demo/demo_ad.h"

#define BASE "DC=corp,DC=example"
#define STAFF "OU=Staff," BASE
#define ADMINS "OU=Admins," BASE
#define GROUPS "OU=Groups," BASE
#define USERS "CN=Users," BASE
#define WORKSTATIONS 1600 /* more than AD's 1,500 values per range */

/* The domain's SID; accounts are S-1-5-21-a-b-c-RID. */
static const uint32_t domain_sub[] = { 21, 3623811015u, 3361044348u,
	30300820u };

struct w {
	FILE *fp;
	struct sb line, tmp;
	struct demo_rng rng;
	long shift; /* days, demo_shift() */
};

/*
 * FILETIME ticks of a date, noon UTC (days from 1601-01-01 computed),
 * moved by w's shift days (demo_shift()).
 */
static uint64_t
filetime(const struct w *w, int y, int m, int d)
{
	static const int cum[] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273,
		304, 334 };
	int64_t days;
	int yy = y - 1601;

	days = (int64_t)yy * 365 + yy / 4 - yy / 100 + yy / 400 + cum[m - 1] +
	    d - 1;
	if (m > 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		days++;
	days += w->shift;
	return ((uint64_t)days * 86400 + 43200) * 10000000ULL;
}

static const char b64c[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void
b64(struct sb *sb, const unsigned char *p, size_t n)
{
	size_t i;
	uint32_t v;

	for (i = 0; i + 2 < n; i += 3) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		sb_addc(sb, b64c[v >> 18]);
		sb_addc(sb, b64c[(v >> 12) & 63]);
		sb_addc(sb, b64c[(v >> 6) & 63]);
		sb_addc(sb, b64c[v & 63]);
	}
	if (n - i == 1) {
		v = (uint32_t)p[i] << 16;
		sb_addc(sb, b64c[v >> 18]);
		sb_addc(sb, b64c[(v >> 12) & 63]);
		sb_adds(sb, "==");
	} else if (n - i == 2) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8;
		sb_addc(sb, b64c[v >> 18]);
		sb_addc(sb, b64c[(v >> 12) & 63]);
		sb_addc(sb, b64c[(v >> 6) & 63]);
		sb_addc(sb, '=');
	}
}

/* Write the built line folded at 76 columns, as ldapsearch does. */
static void
flush_line(struct w *w)
{
	size_t i = 0, n;

	while (i < w->line.len) {
		n = i == 0 ? 76 : 75;
		if (n > w->line.len - i)
			n = w->line.len - i;
		if (i > 0)
			fputc(' ', w->fp);
		fwrite(w->line.buf + i, 1, n, w->fp);
		fputc('\n', w->fp);
		i += n;
	}
	sb_reset(&w->line);
}

/* name: value, base64 when the value is not an LDIF SAFE-STRING. */
static void
attr(struct w *w, const char *name, const char *v)
{
	const unsigned char *p = (const unsigned char *)v;
	int safe = *p != ' ' && *p != ':' && *p != '<';

	for (; *p != '\0' && safe; p++)
		if (*p >= 0x80 || *p == '\r' || *p == '\n')
			safe = 0;
	if (v[0] != '\0' && v[strlen(v) - 1] == ' ')
		safe = 0;
	sb_adds(&w->line, name);
	if (safe) {
		sb_adds(&w->line, ": ");
		sb_adds(&w->line, v);
	} else {
		sb_adds(&w->line, ":: ");
		b64(&w->line, (const unsigned char *)v, strlen(v));
	}
	flush_line(w);
}

static void attrf(struct w *w, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
attrf(struct w *w, const char *name, const char *fmt, ...)
{
	va_list ap;

	sb_reset(&w->tmp);
	va_start(ap, fmt);
	sb_vaddf(&w->tmp, fmt, ap);
	va_end(ap);
	attr(w, name, w->tmp.buf);
}

/* objectSid:: of the domain account with rid, or of sub[0..n). */
static void
sid_attr(struct w *w, const uint32_t *sub, size_t n, uint32_t rid)
{
	unsigned char bin[8 + 4 * 16];
	size_t i, k = 0;

	bin[k++] = 1;
	bin[k++] = (unsigned char)(n + (rid != 0));
	memset(bin + k, 0, 5);
	k += 5;
	bin[k++] = 5;
	for (i = 0; i < n + (rid != 0); i++) {
		uint32_t v = i < n ? sub[i] : rid;
		bin[k++] = (unsigned char)(v & 0xff);
		bin[k++] = (unsigned char)((v >> 8) & 0xff);
		bin[k++] = (unsigned char)((v >> 16) & 0xff);
		bin[k++] = (unsigned char)(v >> 24);
	}
	sb_adds(&w->line, "objectSid:: ");
	b64(&w->line, bin, k);
	flush_line(w);
}

/* A DN attribute value with the RDN value escaped (RFC 4514). */
static void
dn_of(struct sb *sb, const char *cn, const char *parent)
{
	const char *p;

	sb_reset(sb);
	sb_adds(sb, "CN=");
	for (p = cn; *p != '\0'; p++) {
		if (strchr(",+\"\\<>;=", *p) != NULL ||
		    (p == cn && (*p == '#' || *p == ' ')))
			sb_addc(sb, '\\');
		sb_addc(sb, *p);
	}
	sb_adds(sb, ",");
	sb_adds(sb, parent);
}

static void
begin(struct w *w, const char *dn, const char *comment)
{
	fprintf(w->fp, "\n# %s\n", comment);
	attr(w, "dn", dn);
}

struct acct {
	const char *sam, *cn, *parent;
	const struct demo_person *p; /* or NULL */
	uint32_t rid;
	int disabled, pgid, admin_count, never_expires, staff;
	uint64_t last_logon, pwd_last_set;
	const char *spn, *description;
};

static void
user(struct w *w, const struct demo *d, const struct acct *a)
{
	struct sb dn = SB_INIT, mgr = SB_INIT;
	const struct demo_person *people;
	char created[32];
	size_t n;

	people = demo_people(d, &n);
	dn_of(&dn, a->cn, a->parent);
	begin(w, dn.buf, a->sam);
	attr(w, "objectClass", "top");
	attr(w, "objectClass", "person");
	attr(w, "objectClass", "organizationalPerson");
	attr(w, "objectClass", "user");
	attr(w, "cn", a->cn);
	attr(w, "sAMAccountName", a->sam);
	attrf(w, "userPrincipalName", "%s@corp.example.com", a->sam);
	sid_attr(w, domain_sub, 4, a->rid);
	attrf(w, "userAccountControl", "%d",
	    (a->disabled ? 514 : 512) | (a->never_expires ? 0x10000 : 0));
	attrf(w, "primaryGroupID", "%d", a->pgid ? a->pgid : 513);
	demo_date_shift("20230301090000.0Z", demo_shift(d), created,
	    sizeof(created));
	attr(w, "whenCreated", created);
	attrf(w, "pwdLastSet", "%llu",
	    (unsigned long long)(a->pwd_last_set ? a->pwd_last_set
						 : filetime(w, 2026, 9, 1)));
	if (a->last_logon)
		attrf(w, "lastLogonTimestamp", "%llu",
		    (unsigned long long)a->last_logon);
	attr(w, "accountExpires", "9223372036854775807");
	if (a->admin_count)
		attr(w, "adminCount", "1");
	if (a->spn != NULL)
		attr(w, "servicePrincipalName", a->spn);
	if (a->description != NULL)
		attr(w, "description", a->description);
	if (a->p != NULL) {
		attr(w, "displayName", a->p->display_name);
		if (a->p->email != NULL && a->staff)
			attr(w, "mail", a->p->email);
		attr(w, "employeeID", a->p->employee_id);
		if (a->p->manager >= 0) {
			dn_of(&mgr, people[a->p->manager].login, STAFF);
			attr(w, "manager", mgr.buf);
		}
	}
	sb_release(&dn);
	sb_release(&mgr);
}

static void
group(struct w *w, const char *name, uint32_t rid, const char *parent,
    const char *const *members, size_t n, const char *type)
{
	struct sb dn = SB_INIT;
	static const uint32_t builtin[] = { 32 };
	size_t i;

	dn_of(&dn, name, parent);
	begin(w, dn.buf, name);
	attr(w, "objectClass", "top");
	attr(w, "objectClass", "group");
	attr(w, "cn", name);
	attr(w, "sAMAccountName", name);
	attr(w, "groupType", type);
	if (strcmp(type, "-2147483643") == 0)
		sid_attr(w, builtin, 1, rid);
	else
		sid_attr(w, domain_sub, 4, rid);
	for (i = 0; i < n; i++)
		attr(w, "member", members[i]);
	sb_release(&dn);
}

#define GLOBAL "-2147483646"
#define LOCAL "-2147483644"
#define BUILTIN "-2147483643"
#define UNIVERSAL "-2147483640"
/* a global distribution group: no security bit, in no logon token */
#define DISTRIBUTION "2"

/* The IT people the story needs, falling back to anyone employed. */
static size_t
pick(const struct demo *d, const struct demo_person **out, size_t want)
{
	const struct demo_person *p;
	size_t n, i, k = 0, pass;

	p = demo_people(d, &n);
	for (pass = 0; pass < 2 && k < want; pass++)
		for (i = 1; i < n && k < want; i++) {
			if (p[i].flags & (DEMO_TERMINATED | DEMO_HEAD))
				continue;
			if ((strcmp(p[i].department, "IT Operations") == 0) !=
			    (pass == 0))
				continue;
			out[k++] = &p[i];
		}
	return k;
}

static int
write_ad(struct demo *d, FILE *fp, void *arg, struct err *e)
{
	const struct demo_person *people, *it[6], *ops, *stale;
	struct w w = { fp, SB_INIT, SB_INIT, { 0 }, demo_shift(d) };
	struct sb names = SB_INIT, dn = SB_INIT;
	struct acct a;
	char **mem = NULL;
	char adm[6][32];
	size_t n, i, nit, nmem = 0;
	static const uint32_t partner[] = { 21, 1111111111u, 2222222222u,
		3333333333u };

	(void)arg;
	(void)e;
	demo_rng_init(&w.rng, 0x636f7270ULL); /* "corp" */
	people = demo_people(d, &n);
	ops = demo_find(d, DEMO_HEAD, "IT Operations");
	stale = demo_find(d, DEMO_STALE_ADMIN, NULL);
	nit = pick(d, it, 6);
	mem = xcalloc(n + WORKSTATIONS + 16, sizeof(*mem));

	fputs("# corp.example - Active Directory export of the demo "
	      "organisation\n"
	      "# (what ldapsearch -E pr=1000 writes; member lists whole, as "
	      "ldifde writes them)\n"
	      "version: 1\n",
	    fp);
	begin(&w, BASE, "corp.example");
	attr(&w, "objectClass", "top");
	attr(&w, "objectClass", "domain");
	attr(&w, "objectClass", "domainDNS");
	sid_attr(&w, domain_sub, 4, 0);

	/* one account per person; leavers disabled but the planted one */
	for (i = 0; i < n; i++) {
		memset(&a, 0, sizeof(a));
		a.sam = people[i].login;
		a.cn = people[i].login; /* display names repeat, logins not */
		a.parent = STAFF;
		a.staff = 1;
		a.p = &people[i];
		a.rid = 10000 + (uint32_t)i;
		a.disabled = (people[i].flags & DEMO_TERMINATED) &&
		    !(people[i].flags & DEMO_STALE_ADMIN);
		a.last_logon = a.disabled
		    ? filetime(&w, 2025, (int)demo_rng_range(&w.rng, 1, 12),
			  (int)demo_rng_range(&w.rng, 1, 28))
		    : filetime(&w, 2026, 11,
			  (int)demo_rng_range(&w.rng, 12, 25));
		/* a former admin whose adminCount stayed behind */
		a.admin_count = nit > 5 && &people[i] == it[5];
		user(&w, d, &a);
	}

	/* adm- accounts: the head's (overrides.csv), then it[0..3] */
	snprintf(adm[0], sizeof(adm[0]), "adm-%s", ops->login);
	for (i = 0; i < 4 && i < nit; i++)
		snprintf(adm[i + 1], sizeof(adm[i + 1]), "adm-%s",
		    it[i]->login);
	for (i = 0; i < 5 && (i == 0 || i - 1 < nit); i++) {
		memset(&a, 0, sizeof(a));
		a.sam = adm[i];
		a.cn = adm[i];
		a.parent = ADMINS;
		a.p = i == 0 ? NULL : it[i - 1];
		a.rid = 1100 + (uint32_t)i;
		a.admin_count = 1;
		a.last_logon = filetime(&w, 2026, 11, 24);
		if (i == 2)
			a.last_logon = filetime(&w, 2026, 1, 15); /* dormant */
		if (i == 3)
			a.disabled = 1;
		if (i == 4)
			a.pgid = 512; /* in Domain Admins by primary group */
		user(&w, d, &a);
	}
	memset(&a, 0, sizeof(a));
	a.sam = a.cn = "Administrator";
	a.parent = USERS;
	a.rid = 500;
	a.admin_count = 1;
	a.never_expires = 1;
	a.last_logon = filetime(&w, 2026, 10, 2);
	a.pwd_last_set = filetime(&w, 2022, 6, 1);
	a.description = "Built-in account for administering the "
			"computer/domain";
	user(&w, d, &a);
	memset(&a, 0, sizeof(a));
	a.sam = a.cn = "krbtgt";
	a.parent = USERS;
	a.rid = 502;
	a.disabled = 1;
	a.admin_count = 1;
	a.pwd_last_set = filetime(&w, 2023, 3, 1);
	a.spn = "kadmin/changepw";
	a.description = "Key Distribution Center Service Account";
	user(&w, d, &a);
	memset(&a, 0, sizeof(a));
	a.sam = a.cn = "svc-sql";
	a.parent = ADMINS;
	a.rid = 1150;
	a.never_expires = 1;
	a.admin_count = 1;
	a.last_logon = filetime(&w, 2026, 11, 25);
	a.pwd_last_set = filetime(&w, 2019, 4, 3);
	a.spn = "MSSQLSvc/sql01.corp.example.com:1433";
	a.description = "SQL Server service; in Domain Admins \"for the "
			"installer\"";
	user(&w, d, &a);
	memset(&a, 0, sizeof(a));
	a.sam = a.cn = "svc-backup";
	a.parent = ADMINS;
	a.rid = 1151;
	a.never_expires = 1;
	a.admin_count = 1;
	a.last_logon = filetime(&w, 2026, 11, 26);
	a.pwd_last_set = filetime(&w, 2024, 2, 1);
	a.description = "Backup agent";
	user(&w, d, &a);

	/* the domain controller and the workstations */
	begin(&w, "CN=DC01,OU=Domain Controllers," BASE, "DC01");
	attr(&w, "objectClass", "top");
	attr(&w, "objectClass", "user");
	attr(&w, "objectClass", "computer");
	attr(&w, "sAMAccountName", "DC01$");
	sid_attr(&w, domain_sub, 4, 1000);
	attr(&w, "userAccountControl", "532480");
	attr(&w, "primaryGroupID", "516");
	attr(&w, "servicePrincipalName", "ldap/dc01.corp.example.com");
	for (i = 1; i <= WORKSTATIONS; i++) {
		sb_reset(&dn);
		sb_addf(&dn, "CN=WS%04zu,OU=Workstations," BASE, i);
		begin(&w, dn.buf, "workstation");
		attr(&w, "objectClass", "top");
		attr(&w, "objectClass", "user");
		attr(&w, "objectClass", "computer");
		attrf(&w, "sAMAccountName", "WS%04zu$", i);
		sid_attr(&w, domain_sub, 4, 5000 + (uint32_t)i);
		attr(&w, "userAccountControl", "4096");
		attr(&w, "primaryGroupID", "515");
		mem[nmem++] = sb_detach(&dn);
	}
	group(&w, "Workstations", 1300, GROUPS, (const char *const *)mem, nmem,
	    GLOBAL);
	for (i = 0; i < nmem; i++)
		free(mem[i]);
	nmem = 0;

	/* a partner's account, trusted into Backup Operators */
	begin(&w,
	    "CN=S-1-5-21-1111111111-2222222222-3333333333-1104,"
	    "CN=ForeignSecurityPrincipals," BASE,
	    "foreign security principal");
	attr(&w, "objectClass", "top");
	attr(&w, "objectClass", "foreignSecurityPrincipal");
	sid_attr(&w, partner, 4, 1104);

	/* the groups, Tier 0 reached through nesting */
#define MEMBER(cn, parent)                    \
	do {                                  \
		dn_of(&dn, (cn), (parent));   \
		mem[nmem++] = sb_detach(&dn); \
	} while (0)
#define GROUP(name, rid, parent, type)                                       \
	do {                                                                 \
		group(&w, (name), (rid), (parent), (const char *const *)mem, \
		    nmem, (type));                                           \
		for (i = 0; i < nmem; i++)                                   \
			free(mem[i]);                                        \
		nmem = 0;                                                    \
	} while (0)

	if (stale != NULL)
		MEMBER(stale->login, STAFF);
	if (nit > 0)
		MEMBER(adm[1], ADMINS);
	GROUP("Server Admins", 1301, GROUPS, GLOBAL);
	MEMBER(adm[0], ADMINS);
	MEMBER("Server Admins", GROUPS);
	GROUP("Tier0 Admins", 1302, GROUPS, GLOBAL);
	/*
	 * A mailing list someone nested in Domain Admins to reach the
	 * admins: a distribution group, so its members hold nothing.
	 */
	if (ops != NULL)
		MEMBER(ops->login, STAFF);
	for (i = 0; i < 3 && i < nit; i++)
		MEMBER(it[i]->login, STAFF);
	GROUP("Admin Announcements", 1304, GROUPS, DISTRIBUTION);
	MEMBER("Administrator", USERS);
	MEMBER("Tier0 Admins", GROUPS);
	MEMBER("Admin Announcements", GROUPS);
	MEMBER("svc-sql", ADMINS);
	for (i = 2; i <= 3 && i - 1 < nit; i++)
		MEMBER(adm[i], ADMINS);
	GROUP("Domain Admins", 512, USERS, GLOBAL);
	MEMBER("Administrator", USERS);
	GROUP("Enterprise Admins", 519, USERS, UNIVERSAL);
	MEMBER("Administrator", USERS);
	GROUP("Schema Admins", 518, USERS, UNIVERSAL);
	MEMBER("Administrator", USERS);
	MEMBER("Domain Admins", USERS);
	MEMBER("Enterprise Admins", USERS);
	GROUP("Administrators", 544, "CN=Builtin," BASE, BUILTIN);
	MEMBER("svc-backup", ADMINS);
	MEMBER("S-1-5-21-1111111111-2222222222-3333333333-1104",
	    "CN=ForeignSecurityPrincipals," BASE);
	GROUP("Backup Operators", 551, "CN=Builtin," BASE, BUILTIN);
	GROUP("Domain Controllers", 516, USERS, GLOBAL);
	GROUP("Domain Users", 513, USERS, GLOBAL);
	GROUP("Domain Computers", 515, USERS, GLOBAL);
	if (nit > 4)
		MEMBER(it[4]->login, STAFF);
	GROUP("DnsAdmins", 1101 + 400, USERS, LOCAL);
	for (i = 0; i < n && nmem < 6; i++)
		if (strcmp(people[i].department, "Customer Support") == 0 &&
		    !(people[i].flags & DEMO_TERMINATED))
			MEMBER(people[i].login, STAFF);
	GROUP("Workstation Admins", 1303, GROUPS, GLOBAL);
#undef MEMBER
#undef GROUP

	fputs("\n# search result\nsearch: 2\nresult: 0 Success\n", fp);
	free(mem);
	sb_release(&names);
	sb_release(&dn);
	sb_release(&w.line);
	sb_release(&w.tmp);
	return 0;
}

int
demo_gen_ad(struct demo *d, struct err *e)
{
	return demo_write(d, "corp.ldif", write_ad, NULL, e);
}
