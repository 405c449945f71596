/*
 * aws_xml.c - expat builds the JSON of aws_xml.h as the elements close:
 * a stack of open elements, each collecting its text or its children.
 */
#include <stdlib.h>
#include <string.h>

#include <expat.h>

#include "lib/sb.h"
#include "sync/aws_xml.h"
#include "sync/http.h"

/* The IAM model's lists, integers, booleans, timestamps and policies. */
static const char *const list_names[] = {
	"UserDetailList",
	"GroupDetailList",
	"RoleDetailList",
	"Policies",
	"UserPolicyList",
	"GroupPolicyList",
	"RolePolicyList",
	"GroupList",
	"AttachedManagedPolicies",
	"Tags",
	"InstanceProfileList",
	"Roles",
	"PolicyVersionList",
	NULL,
};

/* Structures that may arrive empty (<RoleLastUsed/>): {} as botocore. */
static const char *const struct_names[] = {
	"RoleLastUsed",
	"PermissionsBoundary",
	"AssumedRoleUser",
	"Credentials",
	"ResponseMetadata",
	NULL,
};

static const char *const int_names[] = {
	"AttachmentCount",
	"PermissionsBoundaryUsageCount",
	"MaxSessionDuration",
	"PackedPolicySize",
	NULL,
};

static const char *const bool_names[] = {
	"IsTruncated",
	"IsAttachable",
	"IsDefaultVersion",
	NULL,
};

static const char *const time_names[] = {
	"CreateDate",
	"UpdateDate",
	"LastUsedDate",
	"GeneratedTime",
	"Expiration",
	NULL,
};

static const char *const policy_names[] = {
	"PolicyDocument",
	"AssumeRolePolicyDocument",
	"Document",
	NULL,
};

static int
in(const char *const *names, const char *s)
{
	size_t i;

	for (i = 0; names[i] != NULL; i++)
		if (strcmp(names[i], s) == 0)
			return 1;
	return 0;
}

struct frame {
	char *name;
	json_t *val; /* object or array once a child arrived */
	struct sb text;
};

struct xp {
	XML_Parser p;
	struct frame st[AWS_XML_DEPTH_MAX];
	int depth;
	json_t *root;
	const char *why; /* our own reason to stop, or NULL */
};

static void
stop(struct xp *x, const char *why)
{
	if (x->why == NULL)
		x->why = why;
	XML_StopParser(x->p, XML_FALSE);
}

static json_t *
time_value(const char *s)
{
	struct sb t = SB_INIT;
	size_t n = strlen(s);
	const char *dot;
	json_t *v;

	if (n < 2 || s[n - 1] != 'Z')
		return json_string(s);
	/* botocore prints microseconds when there is a fraction */
	if ((dot = strchr(s, '.')) != NULL) {
		size_t f = (size_t)(s + n - 1 - (dot + 1));

		sb_add(&t, s, (size_t)(dot + 1 - s));
		sb_add(&t, dot + 1, f > 6 ? 6 : f);
		for (; f < 6; f++)
			sb_addc(&t, '0');
	} else
		sb_add(&t, s, n - 1);
	sb_adds(&t, "+00:00");
	v = json_string(t.buf);
	sb_release(&t);
	return v;
}

static json_t *
policy_value(const char *s)
{
	json_error_t je;
	json_t *v;
	char *dec;
	size_t n;

	if ((dec = http_urldecode(s, strlen(s), 0, &n)) == NULL)
		return json_string(s);
	v = json_loadb(dec, n, JSON_REJECT_DUPLICATES, &je);
	free(dec);
	if (v == NULL || !json_is_object(v)) {
		json_decref(v);
		return json_string(s);
	}
	return v;
}

/* The value of a closed element that had no children. */
static json_t *
leaf_value(const char *name, const char *s)
{
	char *end;
	long long n;

	if (in(list_names, name))
		return json_array();
	if (in(struct_names, name))
		return json_object();
	if (in(int_names, name)) {
		n = strtoll(s, &end, 10);
		if (*s != '\0' && *end == '\0')
			return json_integer(n);
	} else if (in(bool_names, name)) {
		if (strcmp(s, "true") == 0)
			return json_true();
		if (strcmp(s, "false") == 0)
			return json_false();
	} else if (in(time_names, name))
		return time_value(s);
	else if (in(policy_names, name))
		return policy_value(s);
	return json_string(s);
}

static void XMLCALL
on_start(void *arg, const XML_Char *name, const XML_Char **attrs)
{
	struct xp *x = arg;
	struct frame *f, *up;

	(void)attrs;
	if (x->depth >= AWS_XML_DEPTH_MAX) {
		stop(x, "elements nested too deep");
		return;
	}
	if (x->depth > 0) {
		up = &x->st[x->depth - 1];
		if (up->val == NULL)
			up->val = (in(list_names, up->name) ||
				      strcmp(name, "member") == 0)
			    ? json_array()
			    : json_object();
	}
	f = &x->st[x->depth++];
	f->name = xstrdup(name);
	f->val = NULL;
	sb_init(&f->text);
}

static void XMLCALL
on_end(void *arg, const XML_Char *name)
{
	struct xp *x = arg;
	struct frame *f = &x->st[--x->depth], *up;
	json_t *v;

	(void)name;
	/* expat hands over UTF-8 only: json_string cannot refuse it */
	v = f->val != NULL ? f->val : leaf_value(f->name, f->text.buf);
	if (v == NULL) {
		stop(x, "text is not valid UTF-8");
		goto out;
	}
	if (x->depth == 0) {
		x->root = json_object();
		json_object_set_new(x->root, f->name, v);
	} else {
		up = &x->st[x->depth - 1];
		if (json_is_array(up->val))
			json_array_append_new(up->val, v);
		else
			json_object_set_new(up->val, f->name, v);
	}
out:
	free(f->name);
	sb_release(&f->text);
}

static void XMLCALL
on_text(void *arg, const XML_Char *s, int len)
{
	struct xp *x = arg;

	if (x->depth > 0)
		sb_add(&x->st[x->depth - 1].text, s, (size_t)len);
}

static void XMLCALL
on_doctype(void *arg, const XML_Char *name, const XML_Char *sysid,
    const XML_Char *pubid, int has_internal_subset)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal_subset;
	stop(arg, "a DOCTYPE is not accepted");
}

int
aws_xml_parse(const char *buf, size_t len, json_t **out, struct err *e)
{
	struct xp x;
	int rc = 0, i;

	*out = NULL;
	memset(&x, 0, sizeof(x));
	if ((x.p = XML_ParserCreate("UTF-8")) == NULL)
		return err_set(e, PARC_ENOMEM, "XML_ParserCreate failed");
	XML_SetUserData(x.p, &x);
	XML_SetElementHandler(x.p, on_start, on_end);
	XML_SetCharacterDataHandler(x.p, on_text);
	XML_SetStartDoctypeDeclHandler(x.p, on_doctype);
	while (len > 0 || rc == 0) {
		int chunk = len > (1 << 30) ? (1 << 30) : (int)len;

		if (XML_Parse(x.p, buf, chunk, chunk == (int)len) !=
		    XML_STATUS_OK) {
			rc = err_set(e, PARC_EDATA, "line %lu, column %lu: %s",
			    (unsigned long)XML_GetCurrentLineNumber(x.p),
			    (unsigned long)XML_GetCurrentColumnNumber(x.p) + 1,
			    x.why ? x.why
				  : XML_ErrorString(XML_GetErrorCode(x.p)));
			break;
		}
		buf += chunk;
		len -= (size_t)chunk;
		if (len == 0)
			break;
	}
	for (i = x.depth - 1; i >= 0; i--) {
		free(x.st[i].name);
		json_decref(x.st[i].val);
		sb_release(&x.st[i].text);
	}
	XML_ParserFree(x.p);
	if (rc == 0 && x.root == NULL)
		rc = err_set(e, PARC_EDATA, "no XML element");
	if (rc != 0) {
		json_decref(x.root);
		return rc;
	}
	*out = x.root;
	return 0;
}

json_t *
aws_xml_get(json_t *root, const char *const *path)
{
	size_t i;

	for (i = 0; root != NULL && path[i] != NULL; i++)
		root = json_object_get(root, path[i]);
	return root;
}
