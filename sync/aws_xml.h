/*
 * aws_xml.h - AWS Query API answers (XML) as the JSON the AWS CLI prints.
 *
 * The IAM and STS Query APIs answer in XML; botocore turns that into the
 * structures `aws ... --output json` prints. aws_xml_parse does the same
 * for the shapes parc reads (GetAccountAuthorizationDetails, the
 * credential report calls, AssumeRole and the ErrorResponse), so that
 * the model (aws_model.h) sees one shape whether the account was read
 * live or from the CLI's files:
 * - an element with children is an object of them, except a list (its
 *   items are <member> elements, or its name is a list of the IAM model,
 *   which makes an empty one []), which becomes an array;
 * - an element with text only is a string, except the model's integers
 *   (AttachmentCount, MaxSessionDuration, ...), booleans (IsTruncated,
 *   IsDefaultVersion, ...) and timestamps, which botocore prints as
 *   "2019-04-18T19:27:51+00:00" where AWS sends "2019-04-18T19:27:51Z";
 * - policy documents (PolicyDocument, AssumeRolePolicyDocument, Document)
 *   arrive URL-encoded: they are decoded and parsed into JSON objects, or
 *   kept as the string they were when that fails (aws_emit then names the
 *   policy at fault).
 * A DOCTYPE (and so any entity) is refused; nesting is bounded.
 */
#ifndef PARC_AWS_XML_H
#define PARC_AWS_XML_H

#include <stddef.h>

#include <jansson.h>

#include "lib/err.h"

#define AWS_XML_DEPTH_MAX 64

/*
 * Parse buf (len bytes) into *out, a new JSON object with one member: the
 * root element's name and its value ({"GetUserResponse": {...}}). Returns
 * 0, or PARC_EDATA with "line L, column C: expat's reason" (the caller
 * adds which answer it was). *out is the caller's (json_decref).
 */
int aws_xml_parse(const char *buf, size_t len, json_t **out, struct err *e);

/*
 * The value at a path of object keys ("GetCredentialReportResponse",
 * "GetCredentialReportResult", "Content", NULL), or NULL when a key is
 * missing. Borrowed from root.
 */
json_t *aws_xml_get(json_t *root, const char *const *path);

#endif
