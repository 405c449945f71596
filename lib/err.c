/* err.c - the error buffer. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lib/err.h"

int
err_set(struct err *e, int code, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return code;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return code;
}

int
err_prefix(struct err *e, const char *fmt, ...)
{
	char pre[ERR_MSG_MAX], old[ERR_MSG_MAX];
	va_list ap;
	size_t np, no;

	if (e == NULL)
		return 0;
	va_start(ap, fmt);
	vsnprintf(pre, sizeof(pre), fmt, ap);
	va_end(ap);
	memcpy(old, e->msg, sizeof(old));
	np = strnlen(pre, sizeof(pre) - 1);
	no = strnlen(old, sizeof(old) - 1);
	if (np + no > sizeof(e->msg) - 1)
		no = sizeof(e->msg) - 1 - np;
	memcpy(e->msg, pre, np);
	memcpy(e->msg + np, old, no);
	e->msg[np + no] = '\0';
	return e->code;
}

void
err_clear(struct err *e)
{
	if (e == NULL)
		return;
	e->code = 0;
	e->msg[0] = '\0';
}

int
err_exit_code(int code)
{
	switch (code) {
	case PARC_OK:
		return 0;
	case PARC_EFOUND:
		return 1;
	case PARC_EUSAGE:
	case PARC_ECONFIG:
		return 2;
	case PARC_ESOURCE:
		return 3;
	/* 4 is data; these two came later and so follow it (issue 17) */
	case PARC_EDENIED:
		return 5;
	case PARC_ENOTFOUND:
		return 6;
	default:
		return 4;
	}
}

const char *
err_name(int code)
{
	switch (code) {
	case PARC_OK:
		return "ok";
	case PARC_EUSAGE:
		return "usage error";
	case PARC_ECONFIG:
		return "configuration error";
	case PARC_ESOURCE:
		return "source error";
	case PARC_EDATA:
		return "data error";
	case PARC_EDB:
		return "database error";
	case PARC_EIO:
		return "i/o error";
	case PARC_ENOMEM:
		return "out of memory";
	case PARC_ENOTFOUND:
		return "not found";
	case PARC_EFOUND:
		return "problems found";
	case PARC_EDENIED:
		return "not allowed";
	}
	return "error";
}
