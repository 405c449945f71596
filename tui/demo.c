/* demo.c - the demo organisation's source files. */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/sb.h"
#include "lib/strhash.h"
#include "tui/demo.h"
#include "tui/demo_ad.h"
#include "tui/demo_sudoers.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define LIST(a) (a), NELEM(a)

#define EMAIL_DOMAIN "corp.example.com"
#define LOGIN_MAX 20 /* sAMAccountName's limit, the tightest of the sources */

/* ---- names ---- */

struct first_name {
	const char *name, *ascii;
	int female;
};

/*
 * A family name; the _f forms are the feminine ones where the language
 * has them (Petrov/Petrova, Ó Briain/Ní Bhriain), else NULL.
 */
struct last_name {
	const char *name, *ascii, *name_f, *ascii_f;
};

enum name_order {
	GIVEN_FIRST,	    /* "Zoë Ødegaard" */
	FAMILY_FIRST,	    /* "Nguyễn Thảo", "田中 翔太" */
	FAMILY_FIRST_CLOSE, /* "李娜": no space */
};

struct culture {
	int weight;
	enum name_order order;
	const struct first_name *first;
	size_t nfirst;
	const struct last_name *last;
	size_t nlast;
};

static const struct first_name en_first[] = {
	{ "James", "james", 0 },
	{ "Olivia", "olivia", 1 },
	{ "Michael", "michael", 0 },
	{ "Emma", "emma", 1 },
	{ "David", "david", 0 },
	{ "Sarah", "sarah", 1 },
	{ "Daniel", "daniel", 0 },
	{ "Grace", "grace", 1 },
	{ "Robert", "robert", 0 },
	{ "Chloe", "chloe", 1 },
	{ "Thomas", "thomas", 0 },
	{ "Hannah", "hannah", 1 },
};
static const struct last_name en_last[] = {
	{ "Smith", "smith", NULL, NULL },
	{ "Johnson", "johnson", NULL, NULL },
	{ "Williams", "williams", NULL, NULL },
	{ "Brown", "brown", NULL, NULL },
	{ "Taylor", "taylor", NULL, NULL },
	{ "Anderson", "anderson", NULL, NULL },
	{ "Clarke", "clarke", NULL, NULL },
	{ "Walker", "walker", NULL, NULL },
	{ "O'Neill", "oneill", NULL, NULL },
	{ "Harris", "harris", NULL, NULL },
};

static const struct first_name es_first[] = {
	{ "José", "jose", 0 },
	{ "María", "maria", 1 },
	{ "Lucía", "lucia", 1 },
	{ "Javier", "javier", 0 },
	{ "Carmen", "carmen", 1 },
	{ "Andrés", "andres", 0 },
	{ "Sofía", "sofia", 1 },
	{ "Íñigo", "inigo", 0 },
};
static const struct last_name es_last[] = {
	{ "Núñez", "nunez", NULL, NULL },
	{ "García", "garcia", NULL, NULL },
	{ "Fernández", "fernandez", NULL, NULL },
	{ "Martín", "martin", NULL, NULL },
	{ "Peña", "pena", NULL, NULL },
	{ "Rodríguez", "rodriguez", NULL, NULL },
	{ "Ibáñez", "ibanez", NULL, NULL },
	{ "Muñoz", "munoz", NULL, NULL },
};

static const struct first_name pl_first[] = {
	{ "Łukasz", "lukasz", 0 },
	{ "Małgorzata", "malgorzata", 1 },
	{ "Paweł", "pawel", 0 },
	{ "Agnieszka", "agnieszka", 1 },
	{ "Wojciech", "wojciech", 0 },
	{ "Zofia", "zofia", 1 },
	{ "Krzysztof", "krzysztof", 0 },
	{ "Katarzyna", "katarzyna", 1 },
};
static const struct last_name pl_last[] = {
	{ "Wąsowski", "wasowski", "Wąsowska", "wasowska" },
	{ "Kowalski", "kowalski", "Kowalska", "kowalska" },
	{ "Zieliński", "zielinski", "Zielińska", "zielinska" },
	{ "Wiśniewski", "wisniewski", "Wiśniewska", "wisniewska" },
	{ "Nowak", "nowak", NULL, NULL },
	{ "Dąbrowski", "dabrowski", "Dąbrowska", "dabrowska" },
	{ "Grzegorczyk", "grzegorczyk", NULL, NULL },
};

static const struct first_name ru_first[] = {
	{ "Ана", "ana", 1 },
	{ "Иван", "ivan", 0 },
	{ "Мария", "mariya", 1 },
	{ "Дмитрий", "dmitriy", 0 },
	{ "Елена", "elena", 1 },
	{ "Алексей", "aleksey", 0 },
	{ "Ольга", "olga", 1 },
	{ "Сергей", "sergey", 0 },
};
static const struct last_name ru_last[] = {
	{ "Петров", "petrov", "Петрова", "petrova" },
	{ "Иванов", "ivanov", "Иванова", "ivanova" },
	{ "Смирнов", "smirnov", "Смирнова", "smirnova" },
	{ "Соколов", "sokolov", "Соколова", "sokolova" },
	{ "Волков", "volkov", "Волкова", "volkova" },
	{ "Кузнецов", "kuznetsov", "Кузнецова", "kuznetsova" },
};

static const struct first_name zh_first[] = {
	{ "娜", "na", 1 },
	{ "伟", "wei", 0 },
	{ "芳", "fang", 1 },
	{ "静", "jing", 1 },
	{ "强", "qiang", 0 },
	{ "磊", "lei", 0 },
	{ "秀英", "xiuying", 1 },
	{ "建华", "jianhua", 0 },
};
static const struct last_name zh_last[] = {
	{ "李", "li", NULL, NULL },
	{ "王", "wang", NULL, NULL },
	{ "张", "zhang", NULL, NULL },
	{ "刘", "liu", NULL, NULL },
	{ "陈", "chen", NULL, NULL },
	{ "杨", "yang", NULL, NULL },
	{ "黄", "huang", NULL, NULL },
	{ "赵", "zhao", NULL, NULL },
};

static const struct first_name ja_first[] = {
	{ "翔太", "shota", 0 },
	{ "陽菜", "hina", 1 },
	{ "蓮", "ren", 0 },
	{ "結衣", "yui", 1 },
	{ "大輝", "daiki", 0 },
	{ "美咲", "misaki", 1 },
};
static const struct last_name ja_last[] = {
	{ "田中", "tanaka", NULL, NULL },
	{ "佐藤", "sato", NULL, NULL },
	{ "鈴木", "suzuki", NULL, NULL },
	{ "高橋", "takahashi", NULL, NULL },
	{ "渡辺", "watanabe", NULL, NULL },
};

static const struct first_name ga_first[] = {
	{ "Siobhán", "siobhan", 1 },
	{ "Seán", "sean", 0 },
	{ "Aoife", "aoife", 1 },
	{ "Niamh", "niamh", 1 },
	{ "Ciarán", "ciaran", 0 },
	{ "Pádraig", "padraig", 0 },
	{ "Róisín", "roisin", 1 },
	{ "Eoin", "eoin", 0 },
};
static const struct last_name ga_last[] = {
	{ "Ó Briain", "obriain", "Ní Bhriain", "nibhriain" },
	{ "Ó Súilleabháin", "osuilleabhain", "Ní Shúilleabháin",
	    "nishuilleabhain" },
	{ "Mac Cárthaigh", "maccarthaigh", "Nic Cárthaigh", "niccarthaigh" },
	{ "Byrne", "byrne", NULL, NULL },
	{ "Murphy", "murphy", NULL, NULL },
};

static const struct first_name nord_first[] = {
	{ "Zoë", "zoe", 1 },
	{ "Søren", "soren", 0 },
	{ "Åsa", "asa", 1 },
	{ "Bjørn", "bjorn", 0 },
	{ "Ingrid", "ingrid", 1 },
	{ "Mikael", "mikael", 0 },
	{ "Sigrún", "sigrun", 1 },
	{ "Håkon", "hakon", 0 },
};
static const struct last_name nord_last[] = {
	{ "Ødegaard", "odegaard", NULL, NULL },
	{ "Järvinen", "jarvinen", NULL, NULL },
	{ "Lindström", "lindstrom", NULL, NULL },
	{ "Sæther", "saether", NULL, NULL },
	{ "Björk", "bjork", NULL, NULL },
	{ "Halvorsen", "halvorsen", NULL, NULL },
	{ "Þórsson", "thorsson", "Þórsdóttir", "thorsdottir" },
};

static const struct first_name de_first[] = {
	{ "Jürgen", "jurgen", 0 },
	{ "Käthe", "kathe", 1 },
	{ "Ömer", "omer", 0 },
	{ "Ayşe", "ayse", 1 },
	{ "Günther", "gunther", 0 },
	{ "Elif", "elif", 1 },
};
static const struct last_name de_last[] = {
	{ "Müller", "muller", NULL, NULL },
	{ "Schröder", "schroder", NULL, NULL },
	{ "Yılmaz", "yilmaz", NULL, NULL },
	{ "Şahin", "sahin", NULL, NULL },
	{ "Weiß", "weiss", NULL, NULL },
	{ "Öztürk", "ozturk", NULL, NULL },
};

static const struct first_name fr_first[] = {
	{ "Hélène", "helene", 1 },
	{ "François", "francois", 0 },
	{ "Chloé", "chloe", 1 },
	{ "Jérôme", "jerome", 0 },
	{ "Anaïs", "anais", 1 },
	{ "Benoît", "benoit", 0 },
};
static const struct last_name fr_last[] = {
	{ "Lefèvre", "lefevre", NULL, NULL },
	{ "Dubois", "dubois", NULL, NULL },
	{ "Bélanger", "belanger", NULL, NULL },
	{ "Moreau", "moreau", NULL, NULL },
	{ "Lemaître", "lemaitre", NULL, NULL },
};

static const struct first_name vi_first[] = {
	{ "Hương", "huong", 1 },
	{ "Minh", "minh", 0 },
	{ "Đức", "duc", 0 },
	{ "Thảo", "thao", 1 },
	{ "Quang", "quang", 0 },
	{ "Ngọc", "ngoc", 1 },
};
static const struct last_name vi_last[] = {
	{ "Nguyễn", "nguyen", NULL, NULL },
	{ "Trần", "tran", NULL, NULL },
	{ "Phạm", "pham", NULL, NULL },
	{ "Lê", "le", NULL, NULL },
	{ "Võ", "vo", NULL, NULL },
};

static const struct first_name el_first[] = {
	{ "Γιώργος", "giorgos", 0 },
	{ "Ελένη", "eleni", 1 },
	{ "Νίκος", "nikos", 0 },
	{ "Μαρία", "maria", 1 },
};
static const struct last_name el_last[] = {
	{ "Παπαδόπουλος", "papadopoulos", "Παπαδοπούλου", "papadopoulou" },
	{ "Ιωάννου", "ioannou", NULL, NULL },
	{ "Γεωργίου", "georgiou", NULL, NULL },
};

static const struct first_name in_first[] = {
	{ "Priya", "priya", 1 },
	{ "Arjun", "arjun", 0 },
	{ "Ananya", "ananya", 1 },
	{ "Rohan", "rohan", 0 },
	{ "Kavya", "kavya", 1 },
	{ "Vikram", "vikram", 0 },
};
static const struct last_name in_last[] = {
	{ "Raghunathan", "raghunathan", NULL, NULL },
	{ "Sharma", "sharma", NULL, NULL },
	{ "Iyer", "iyer", NULL, NULL },
	{ "Patel", "patel", NULL, NULL },
	{ "Reddy", "reddy", NULL, NULL },
	{ "Banerjee", "banerjee", NULL, NULL },
};

static const struct first_name ar_first[] = {
	{ "Omar", "omar", 0 },
	{ "Fatima", "fatima", 1 },
	{ "Youssef", "youssef", 0 },
	{ "Layla", "layla", 1 },
};
static const struct last_name ar_last[] = {
	{ "Haddad", "haddad", NULL, NULL },
	{ "Al-Farsi", "alfarsi", NULL, NULL },
	{ "El Amrani", "elamrani", NULL, NULL },
	{ "Nasser", "nasser", NULL, NULL },
};

static const struct culture cultures[] = {
	{ 20, GIVEN_FIRST, LIST(en_first), LIST(en_last) },
	{ 10, GIVEN_FIRST, LIST(es_first), LIST(es_last) },
	{ 6, GIVEN_FIRST, LIST(pl_first), LIST(pl_last) },
	{ 6, GIVEN_FIRST, LIST(ru_first), LIST(ru_last) },
	{ 8, FAMILY_FIRST_CLOSE, LIST(zh_first), LIST(zh_last) },
	{ 4, FAMILY_FIRST, LIST(ja_first), LIST(ja_last) },
	{ 6, GIVEN_FIRST, LIST(ga_first), LIST(ga_last) },
	{ 6, GIVEN_FIRST, LIST(nord_first), LIST(nord_last) },
	{ 8, GIVEN_FIRST, LIST(de_first), LIST(de_last) },
	{ 6, GIVEN_FIRST, LIST(fr_first), LIST(fr_last) },
	{ 4, FAMILY_FIRST, LIST(vi_first), LIST(vi_last) },
	{ 3, GIVEN_FIRST, LIST(el_first), LIST(el_last) },
	{ 10, GIVEN_FIRST, LIST(in_first), LIST(in_last) },
	{ 5, GIVEN_FIRST, LIST(ar_first), LIST(ar_last) },
};

/* ---- the organisation ---- */

struct dept {
	const char *name;
	int weight; /* share of the people below the heads */
	const char *head, *director, *manager;
	const char *const *titles; /* NULL-terminated */
};

static const char *const eng_titles[] = { "Software Engineer",
	"Senior Software Engineer", "Staff Engineer", "QA Engineer",
	"Site Reliability Engineer", NULL };
static const char *const ops_titles[] = { "Systems Administrator",
	"Network Engineer", "Database Administrator", "Service Desk Analyst",
	"Systems Engineer, Identity", NULL };
static const char *const sec_titles[] = { "Security Analyst",
	"Security Engineer", "Penetration Tester", "IAM Engineer", NULL };
static const char *const fin_titles[] = { "Accountant", "Financial Analyst",
	"Payroll Specialist", "Controller, Accounts Payable", NULL };
static const char *const hr_titles[] = { "HR Business Partner", "Recruiter",
	"HR Generalist", NULL };
static const char *const sales_titles[] = { "Account Executive",
	"Sales Development Representative", "Solutions Engineer", NULL };
static const char *const sup_titles[] = { "Support Engineer",
	"Customer Success Manager", "Support Specialist", NULL };
static const char *const mkt_titles[] = { "Marketing Specialist",
	"Content Writer", "Designer", NULL };
static const char *const legal_titles[] = { "Counsel", "Paralegal",
	"Compliance Officer", NULL };
static const char *const fac_titles[] = { "Facilities Technician",
	"Receptionist", "Warehouse Operative", NULL };

enum {
	DEPT_ENG,
	DEPT_OPS,
	DEPT_SEC,
	DEPT_FIN,
	DEPT_HR,
	DEPT_SALES,
	DEPT_SUPPORT,
	DEPT_MKT,
	DEPT_LEGAL,
	DEPT_FAC,
	NDEPTS
};

static const struct dept depts[NDEPTS] = {
	[DEPT_ENG] = { "Engineering", 30, "Chief Technology Officer",
	    "Director, Engineering", "Engineering Manager", eng_titles },
	[DEPT_OPS] = { "IT Operations", 8, "Head of IT Operations",
	    "Director, IT Operations", "IT Operations Manager", ops_titles },
	[DEPT_SEC] = { "Security", 4, "Chief Information Security Officer",
	    "Director, Security", "Security Manager", sec_titles },
	[DEPT_FIN] = { "Finance", 7, "Chief Financial Officer",
	    "Director, Finance", "Finance Manager", fin_titles },
	[DEPT_HR] = { "HR", 4, "Chief People Officer", "Director, HR",
	    "HR Manager", hr_titles },
	[DEPT_SALES] = { "Sales", 20, "Chief Revenue Officer",
	    "Director, Sales", "Sales Manager", sales_titles },
	[DEPT_SUPPORT] = { "Customer Support", 12, "VP Customer Support",
	    "Director, Customer Support", "Support Team Lead", sup_titles },
	[DEPT_MKT] = { "Marketing", 7, "Chief Marketing Officer",
	    "Director, Marketing", "Marketing Manager", mkt_titles },
	[DEPT_LEGAL] = { "Legal", 3, "General Counsel", "Director, Legal",
	    "Legal Manager", legal_titles },
	[DEPT_FAC] = { "Facilities", 5, "Head of Facilities",
	    "Director, Facilities", "Facilities Manager", fac_titles },
};

/* People whose names the demo's story uses. */
struct planted {
	const char *name, *first, *last; /* display name, ASCII given, family */
};

static const struct planted p_ceo = { "Siobhán Ó Briain", "siobhan",
	"obriain" };
static const struct planted p_heads[NDEPTS] = {
	[DEPT_ENG] = { "李娜", "na", "li" },
	[DEPT_OPS] = { "Łukasz Wąsowski", "lukasz", "wasowski" },
	[DEPT_SEC] = { "Zoë Ødegaard", "zoe", "odegaard" },
	[DEPT_FIN] = { "Ана Петрова", "ana", "petrova" },
};
static const struct planted p_stale = { "José Núñez", "jose", "nunez" };

#define STALE_END_DATE "2025-03-14"

/* ---- the generation ---- */

/* Strings that never move, allocated in chunks and freed at once. */
struct chunk {
	struct chunk *next;
	size_t used, size;
	char data[];
};

struct demo {
	char *dir;
	long target;
	struct demo_person *people;
	size_t npeople, alloc;
	struct chunk *strings;
};

struct pgen {
	struct demo *d;
	struct demo_rng rng;
	/* keys in the arena (d->strings) */
	struct strhash logins; /* logins given */
	struct strhash bases;  /* login base -> next suffix to try */
	int stale_planted, no_email_planted;
	struct sb tmp;
};

void
demo_rng_init(struct demo_rng *r, uint64_t seed)
{
	/* xorshift must not start at 0; mix the seed so near seeds differ. */
	r->s = (seed ^ 0x9e3779b97f4a7c15ULL) * 0xbf58476d1ce4e5b9ULL;
	if (r->s == 0)
		r->s = 0x9e3779b97f4a7c15ULL;
}

uint64_t
demo_rng_next(struct demo_rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 0x2545f4914f6cdd1dULL;
}

long
demo_rng_range(struct demo_rng *r, long lo, long hi)
{
	return lo + (long)(demo_rng_next(r) % (uint64_t)(hi - lo + 1));
}

int
demo_rng_chance(struct demo_rng *r, int per_mille)
{
	return demo_rng_range(r, 0, 999) < per_mille;
}

static const char *
intern(struct demo *d, const char *s, size_t len)
{
	struct chunk *c = d->strings;
	char *p;
	size_t size;

	if (c == NULL || c->size - c->used < len + 1) {
		size = len + 1 > 65536 ? len + 1 : 65536;
		c = xmalloc(sizeof(*c) + size);
		c->next = d->strings;
		c->used = 0;
		c->size = size;
		d->strings = c;
	}
	p = c->data + c->used;
	memcpy(p, s, len);
	p[len] = '\0';
	c->used += len + 1;
	return p;
}

/*
 * Give p a login (first letter of the given name and the family name, cut
 * to LOGIN_MAX) and an email (given.family), both ASCII and unique: the
 * k-th person with the same base gets k appended to both.
 */
static void
name_accounts(struct pgen *g, struct demo_person *p, const char *first,
    const char *last, int email)
{
	char base[LOGIN_MAX + 1], login[LOGIN_MAX + 1], num[24];
	size_t len, nl;
	union strhash_val *next;
	long k;

	snprintf(base, sizeof(base), "%c%s", first[0], last);
	next = strhash_find(&g->bases, base);
	k = next != NULL ? (long)next->num : 1;
	for (;; k++) {
		num[0] = '\0';
		if (k > 1)
			snprintf(num, sizeof(num), "%ld", k);
		nl = strlen(num);
		len = strlen(base);
		if (len > LOGIN_MAX - nl)
			len = LOGIN_MAX - nl;
		memcpy(login, base, len);
		memcpy(login + len, num, nl + 1);
		if (strhash_find(&g->logins, login) == NULL)
			break;
	}
	if ((next = strhash_find(&g->bases, base)) == NULL)
		next = strhash_put(&g->bases, intern(g->d, base, strlen(base)),
		    NULL);
	next->num = (size_t)k + 1;
	p->login = intern(g->d, login, strlen(login));
	strhash_put(&g->logins, p->login, NULL);
	if (!email)
		return;
	sb_reset(&g->tmp);
	sb_addf(&g->tmp, "%s.%s%s@%s", first, last, num, EMAIL_DOMAIN);
	p->email = intern(g->d, g->tmp.buf, g->tmp.len);
}

/*
 * A date YYYY-MM-DD between years lo and hi, in the demo's own calendar
 * (days 1-28, so every month has them).
 */
static const char *
random_date(struct pgen *g, long lo, long hi)
{
	char buf[32];
	long y, m, day;

	/* Separate statements: argument evaluation order is unspecified. */
	y = demo_rng_range(&g->rng, lo, hi);
	m = demo_rng_range(&g->rng, 1, 12);
	day = demo_rng_range(&g->rng, 1, 28);
	snprintf(buf, sizeof(buf), "%04ld-%02ld-%02ld", y, m, day);
	return intern(g->d, buf, strlen(buf));
}

/* True when name is one the demo's story gives to a planted person. */
static int
planted_name(const char *name)
{
	size_t i;

	if (strcmp(name, p_ceo.name) == 0 || strcmp(name, p_stale.name) == 0)
		return 1;
	for (i = 0; i < NDEPTS; i++)
		if (p_heads[i].name != NULL &&
		    strcmp(name, p_heads[i].name) == 0)
			return 1;
	return 0;
}

/*
 * Add a person reporting to manager (an index, or -1) and return their
 * index. The name is pl's when given, else drawn from the cultures.
 */
static long
add_person(struct pgen *g, long manager, const char *dept, const char *title,
    unsigned flags, const struct planted *pl)
{
	struct demo *d = g->d;
	struct demo_person *p;
	const struct culture *c;
	const struct first_name *fn;
	const struct last_name *ln;
	const char *first, *last, *lname;
	char id[24];
	long w, total = 0;
	size_t i;

	if (d->npeople == d->alloc) {
		d->alloc = d->alloc ? d->alloc * 2 : 256;
		d->people = xrealloc(d->people, d->alloc * sizeof(*d->people));
	}
	p = &d->people[d->npeople];
	memset(p, 0, sizeof(*p));
	snprintf(id, sizeof(id), "E%ld", 10001 + (long)d->npeople);
	p->employee_id = intern(d, id, strlen(id));
	p->department = dept;
	p->title = title;
	p->manager = manager;
	p->flags = flags;

	sb_reset(&g->tmp);
	if (pl != NULL) {
		sb_adds(&g->tmp, pl->name);
		first = pl->first;
		last = pl->last;
	}
	for (i = 0; i < NELEM(cultures); i++)
		total += cultures[i].weight;
	/* Draw until the name is none of the story's people. */
	while (pl == NULL) {
		w = demo_rng_range(&g->rng, 0, total - 1);
		for (i = 0; w >= cultures[i].weight; i++)
			w -= cultures[i].weight;
		c = &cultures[i];
		fn = &c->first[demo_rng_range(&g->rng, 0, (long)c->nfirst - 1)];
		ln = &c->last[demo_rng_range(&g->rng, 0, (long)c->nlast - 1)];
		lname = fn->female && ln->name_f ? ln->name_f : ln->name;
		first = fn->ascii;
		last = fn->female && ln->ascii_f ? ln->ascii_f : ln->ascii;
		sb_reset(&g->tmp);
		if (c->order == GIVEN_FIRST)
			sb_addf(&g->tmp, "%s %s", fn->name, lname);
		else
			sb_addf(&g->tmp, "%s%s%s", lname,
			    c->order == FAMILY_FIRST ? " " : "", fn->name);
		if (!planted_name(g->tmp.buf))
			break;
	}
	p->display_name = intern(d, g->tmp.buf, g->tmp.len);
	name_accounts(g, p, first, last, !(flags & DEMO_NO_EMAIL));
	return (long)d->npeople++;
}

/* Add one individual contributor of department dept under manager. */
static void
add_ic(struct pgen *g, long manager, int dept)
{
	const struct dept *dp = &depts[dept];
	const struct planted *pl = NULL;
	const char *title;
	unsigned flags = 0;
	long n, who, contractor;

	for (n = 0; dp->titles[n] != NULL; n++)
		;
	title = dp->titles[demo_rng_range(&g->rng, 0, n - 1)];
	/* Draw every chance, planted or not, so the stream stays in step. */
	if (demo_rng_chance(&g->rng, 35))
		flags |= DEMO_TERMINATED;
	if (demo_rng_chance(&g->rng, 10))
		flags |= DEMO_NO_EMAIL;
	contractor = demo_rng_chance(&g->rng, 10);
	if (dept == DEPT_OPS && !g->stale_planted) {
		g->stale_planted = 1;
		pl = &p_stale;
		title = "Systems Administrator";
		flags = DEMO_TERMINATED | DEMO_STALE_ADMIN;
	} else if (dept == DEPT_FAC && !g->no_email_planted) {
		g->no_email_planted = 1;
		title = "Warehouse Operative";
		flags = DEMO_NO_EMAIL;
	}
	who = add_person(g, manager, dp->name, title, flags, pl);
	if (pl != NULL)
		g->d->people[who].end_date = STALE_END_DATE;
	else if (flags & DEMO_TERMINATED)
		g->d->people[who].end_date = random_date(g, 2024, 2025);
	else if (contractor) /* leaving on a date ahead */
		g->d->people[who].end_date = random_date(g, 2027, 2028);
}

/*
 * Hang r people in department dept under manager: up to 12 directly, more
 * as 5 to 12 direct reports of whom some manage teams of their own
 * (at least 5 people each), split at random so teams differ in size.
 */
static void
grow(struct pgen *g, long manager, int dept, long r)
{
	const struct dept *dp = &depts[dept];
	long k, extra, m, i, left, avg, lo, hi, first;
	long share[12];

	if (r <= 12) {
		for (i = 0; i < r; i++)
			add_ic(g, manager, dept);
		return;
	}
	k = demo_rng_range(&g->rng, 5, 12);
	extra = r - k;
	if (extra < 5) {
		k = r - 5;
		extra = 5;
	}
	m = (extra + 11) / 12;
	if (m > k)
		m = k;
	for (left = extra, i = 0; i < m; i++) {
		avg = left / (m - i);
		lo = avg - avg / 4 > 5 ? avg - avg / 4 : 5;
		hi = left - 5 * (m - i - 1);
		if (hi > avg + avg / 4)
			hi = avg + avg / 4;
		share[i] = i == m - 1 ? left : demo_rng_range(&g->rng, lo, hi);
		left -= share[i];
	}
	first = (long)g->d->npeople;
	for (i = 0; i < m; i++)
		add_person(g, manager, dp->name,
		    share[i] > 12 ? dp->director : dp->manager, DEMO_MANAGER,
		    NULL);
	for (; i < k; i++)
		add_ic(g, manager, dept);
	for (i = 0; i < m; i++)
		grow(g, first + i, dept, share[i]);
}

/* Build the organisation of d->target people into d->people. */
static void
build_org(struct pgen *g)
{
	long size[NDEPTS], head[NDEPTS], rest, total = 0, given = 0, ceo;
	int i;

	ceo = add_person(g, -1, "Executive", "Chief Executive Officer",
	    DEMO_CEO | DEMO_MANAGER, &p_ceo);
	add_person(g, ceo, "Executive", "Executive Assistant", 0, NULL);
	for (i = 0; i < NDEPTS; i++)
		head[i] = add_person(g, ceo, depts[i].name, depts[i].head,
		    DEMO_HEAD | DEMO_MANAGER,
		    p_heads[i].name != NULL ? &p_heads[i] : NULL);

	/* One report for every head, the rest by weight. */
	rest = g->d->target - (long)g->d->npeople - NDEPTS;
	for (i = 0; i < NDEPTS; i++)
		total += depts[i].weight;
	for (i = 0; i < NDEPTS; i++) {
		size[i] = 1 + rest * depts[i].weight / total;
		given += size[i];
	}
	size[DEPT_ENG] += g->d->target - (long)g->d->npeople - given;
	for (i = 0; i < NDEPTS; i++)
		grow(g, head[i], i, size[i]);
}

static int
write_people(struct demo *d, FILE *fp, void *arg, struct err *e)
{
	const struct demo_person *p;
	struct sb *row = arg;
	size_t i;

	(void)e;
	/* What a spreadsheet's "CSV UTF-8" export writes: BOM, CRLF. */
	fputs("\xef\xbb\xbf"
	      "employee_id,display_name,title,email,login,"
	      "manager_id,department,status,end_date\r\n",
	    fp);
	for (i = 0; i < d->npeople; i++) {
		p = &d->people[i];
		sb_reset(row);
		sb_add_csv(row, p->employee_id);
		sb_addc(row, ',');
		sb_add_csv(row, p->display_name);
		sb_addc(row, ',');
		sb_add_csv(row, p->title);
		sb_addc(row, ',');
		sb_add_csv(row, p->email);
		sb_addc(row, ',');
		sb_add_csv(row, p->login);
		sb_addc(row, ',');
		if (p->manager >= 0)
			sb_add_csv(row, d->people[p->manager].employee_id);
		sb_addc(row, ',');
		sb_add_csv(row, p->department);
		sb_addc(row, ',');
		sb_adds(row,
		    p->flags & DEMO_TERMINATED ? "terminated" : "active");
		sb_addc(row, ',');
		sb_add_csv(row, p->end_date);
		sb_adds(row, "\r\n");
		fwrite(row->buf, 1, row->len, fp);
	}
	return 0;
}

static int
gen_people(struct demo *d, struct err *e)
{
	struct pgen g;
	int rc;

	memset(&g, 0, sizeof(g));
	g.d = d;
	demo_rng_init(&g.rng, 0x70656f706c65ULL); /* "people" */
	/* Sized for the whole company at the start. */
	strhash_reserve(&g.logins, (size_t)d->target);
	strhash_reserve(&g.bases, (size_t)d->target);
	sb_init(&g.tmp);
	build_org(&g);
	rc = demo_write(d, "people.csv", write_people, &g.tmp, e);
	strhash_release(&g.logins);
	strhash_release(&g.bases);
	sb_release(&g.tmp);
	return rc;
}

/* One override: an account named otherwise than its person's login. */
static void
override_row(FILE *fp, struct sb *row, const char *source, const char *account,
    const struct demo_person *p, const char *reason)
{
	sb_reset(row);
	sb_add_csv(row, source);
	sb_addc(row, ',');
	sb_add_csv(row, account);
	sb_addc(row, ',');
	sb_add_csv(row, p->employee_id);
	sb_addc(row, ',');
	sb_add_csv(row, reason);
	sb_addc(row, '\n');
	fwrite(row->buf, 1, row->len, fp);
}

static int
write_overrides(struct demo *d, FILE *fp, void *arg, struct err *e)
{
	const struct demo_person *ops, *sec;
	struct sb row = SB_INIT, acct = SB_INIT;

	(void)arg;
	(void)e;
	ops = demo_find(d, DEMO_HEAD, "IT Operations");
	sec = demo_find(d, DEMO_HEAD, "Security");
	fputs("source,account,employee_id,reason\n", fp);
	sb_addf(&acct, "adm-%s", ops->login);
	override_row(fp, &row, "corp", acct.buf, ops,
	    "Tier 0 admin account; adm- names match no login");
	override_row(fp, &row, "corp", "svc-backup", ops,
	    "Service account, owned by the Head of IT Operations");
	override_row(fp, &row, "aws-prod", "breakglass", sec,
	    "Break-glass IAM user; the CISO holds its credentials");
	sb_release(&row);
	sb_release(&acct);
	return 0;
}

static int
gen_overrides(struct demo *d, struct err *e)
{
	return demo_write(d, "overrides.csv", write_overrides, NULL, e);
}

/* The Linux fleet's collected files (tui/demo_sudoers.c). */
static int
gen_sudoers(struct demo *d, struct err *e)
{
	return demo_sudoers_fleet(d, d->dir, e);
}

/*
 * The generators, in order (each sees the people of those before it), and
 * the parc.conf lines that configure their files as sources.
 */
static const struct {
	int (*run)(struct demo *d, struct err *e);
	const char *conf;
} generators[] = {
	{ gen_people,
	    "[source hr]\n"
	    "kind = people\n"
	    "path = people.csv\n" },
	{ gen_overrides, NULL },
	{ gen_sudoers,
	    "[source fleet]\n"
	    "kind = sudoers\n"
	    "root = fleet\n" },
	{ demo_gen_ad,
	    "[source corp]\n"
	    "kind = ldif\n"
	    "path = corp.ldif\n"
	    "privileged_groups = Workstation Admins\n"
	    "privileged_tier = 2\n" },
};

static int
write_conf(struct demo *d, FILE *fp, void *arg, struct err *e)
{
	size_t i;

	(void)d;
	(void)arg;
	(void)e;
	fputs("# parc.conf - the demo organisation, written by parc demo.\n"
	      "# Paths are relative to this file.\n"
	      "\n"
	      "[parc]\n"
	      "correlation_overrides = overrides.csv\n",
	    fp);
	for (i = 0; i < NELEM(generators); i++)
		if (generators[i].conf != NULL)
			fprintf(fp, "\n%s", generators[i].conf);
	return 0;
}

const struct demo_person *
demo_people(const struct demo *d, size_t *n)
{
	*n = d->npeople;
	return d->people;
}

const struct demo_person *
demo_find(const struct demo *d, unsigned flags, const char *dept)
{
	size_t i;

	for (i = 0; i < d->npeople; i++)
		if ((d->people[i].flags & flags) == flags &&
		    (dept == NULL ||
			strcmp(d->people[i].department, dept) == 0))
			return &d->people[i];
	return NULL;
}

int
demo_write(struct demo *d, const char *name,
    int (*fill)(struct demo *d, FILE *fp, void *arg, struct err *e), void *arg,
    struct err *e)
{
	struct sb path = SB_INIT, tmp = SB_INIT;
	FILE *fp = NULL;
	int fd, rc;

	sb_addf(&path, "%s/%s", d->dir, name);
	sb_addf(&tmp, "%s.tmp", path.buf);
	if ((fd = open(tmp.buf, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		 0600)) == -1 ||
	    (fp = fdopen(fd, "w")) == NULL) {
		rc = err_set(e, PARC_EIO, "cannot create %s: %s", tmp.buf,
		    strerror(errno));
		if (fd != -1)
			close(fd);
		goto out;
	}
	if ((rc = fill(d, fp, arg, e)) != 0)
		goto out;
	if (fflush(fp) != 0 || ferror(fp)) {
		rc = err_set(e, PARC_EIO, "cannot write %s: %s", tmp.buf,
		    strerror(errno));
		goto out;
	}
	rc = fclose(fp);
	fp = NULL;
	if (rc != 0 || rename(tmp.buf, path.buf) != 0) {
		rc = err_set(e, PARC_EIO, "cannot write %s: %s", path.buf,
		    strerror(errno));
		goto out;
	}
out:
	if (fp != NULL)
		fclose(fp);
	if (rc != 0)
		unlink(tmp.buf);
	sb_release(&path);
	sb_release(&tmp);
	return rc;
}

/* mkdir -p, with mode 0700 for what it creates. */
static int
make_dirs(const char *dir, struct err *e)
{
	struct stat st;
	char *p, *s;
	int rc = 0, last;

	s = xstrdup(dir);
	for (p = s + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		last = *p == '\0';
		*p = '\0';
		if (mkdir(s, 0700) != 0 && errno != EEXIST) {
			rc = err_set(e, PARC_EIO, "cannot create %s: %s", s,
			    strerror(errno));
			goto out;
		}
		if (last)
			break;
		*p = '/';
	}
	if (stat(dir, &st) != 0)
		rc = err_set(e, PARC_EIO, "cannot use %s: %s", dir,
		    strerror(errno));
	else if (!S_ISDIR(st.st_mode))
		rc =
		    err_set(e, PARC_EIO, "cannot use %s: not a directory", dir);
out:
	free(s);
	return rc;
}

int
demo_generate(const char *dir, long people, struct err *e)
{
	struct demo d;
	struct chunk *c;
	size_t i;
	int rc;

	if (people < DEMO_PEOPLE_MIN || people > DEMO_PEOPLE_MAX)
		return err_set(e, PARC_EUSAGE,
		    "a demo organisation has %d to %d people, not %ld",
		    DEMO_PEOPLE_MIN, DEMO_PEOPLE_MAX, people);
	if (*dir == '\0')
		return err_set(e, PARC_EUSAGE, "no demo directory given");
	if ((rc = make_dirs(dir, e)) != 0)
		return rc;
	memset(&d, 0, sizeof(d));
	d.dir = xstrdup(dir);
	d.target = people;
	for (i = 0; i < NELEM(generators); i++)
		if ((rc = generators[i].run(&d, e)) != 0)
			goto out;
	rc = demo_write(&d, "parc.conf", write_conf, NULL, e);
out:
	while ((c = d.strings) != NULL) {
		d.strings = c->next;
		free(c);
	}
	free(d.people);
	free(d.dir);
	return rc;
}
