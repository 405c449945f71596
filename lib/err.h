/*
 * err.h - error codes and the error buffer every fallible function fills.
 *
 * A function that can fail returns 0 or a negative PARC_E* code, and writes
 * one human sentence naming the file, line, server or object at fault into
 * the struct err passed as its last argument. Only main() turns a code into
 * an exit status (err_exit_code()).
 */
#ifndef PARC_ERR_H
#define PARC_ERR_H

#include <stddef.h>

enum parc_error {
	PARC_OK = 0,
	PARC_EUSAGE = -1,    /* bad command line (exit 2) */
	PARC_ECONFIG = -2,   /* bad configuration (exit 2) */
	PARC_ESOURCE = -3,   /* source unreachable or refused (exit 3) */
	PARC_EDATA = -4,     /* malformed input data (exit 4) */
	PARC_EDB = -5,	     /* database error (exit 4) */
	PARC_EIO = -6,	     /* file or system error (exit 4) */
	PARC_ENOMEM = -7,    /* out of memory (exit 4) */
	PARC_ENOTFOUND = -8, /* named object does not exist (exit 6) */
	PARC_EFOUND = -9,    /* check ran and found problems (exit 1) */
	PARC_EDENIED = -10,  /* the acting login may not do this (exit 5) */
};

#define ERR_MSG_MAX 1024

struct err {
	int code;
	char msg[ERR_MSG_MAX];
};

#define ERR_INIT          \
	{                 \
		0,        \
		{         \
			0 \
		}         \
	}

/*
 * Record code and a printf-style message in e (which may be NULL) and return
 * code, so callers can write "return err_set(e, PARC_EIO, ...);".
 * The message is truncated to ERR_MSG_MAX - 1 bytes.
 */
int err_set(struct err *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Prefix the message already in e with a printf-style context ("sync corp: ")
 * and return e->code. Does nothing when e is NULL.
 */
int err_prefix(struct err *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Reset e to "no error". */
void err_clear(struct err *e);

/* The process exit status for a PARC_E* code, as documented in parc(1). */
int err_exit_code(int code);

/* A short English name for a code ("configuration error"). Static storage. */
const char *err_name(int code);

#endif
