/*
 * sign.h - the key that signs the audit chain's checkpoints (Ed25519
 * through OpenSSL's EVP).
 *
 * The private key is a PEM file (PKCS#8) that never enters the database:
 * `parc init --new-key` writes it mode 0600 (0640 with a group, for a
 * setgid deployment), and its public key beside it as FILE.pub (PEM,
 * 0644), which an auditor takes away to check a copy of the database
 * (`parc verify --pubkey FILE.pub`). A key is named by its fingerprint:
 * "SHA256:" and the hex SHA-256 of the 32 raw bytes of its public key.
 */
#ifndef PARC_SIGN_H
#define PARC_SIGN_H

#include <stddef.h>
#include <stdio.h>

#include "lib/err.h"

struct sign_key;

/* "SHA256:" + 64 hex digits + NUL. */
#define SIGN_FPR_LEN 72
/* An Ed25519 signature in hex + NUL. */
#define SIGN_SIG_LEN 129

/*
 * Make a new key at path (refused when path or path.pub exists, or is a
 * symbolic link) and its public key at path.pub. gid >= 0: the private
 * key is made 0640 and given to that group; else 0600. *out (may be NULL)
 * gets the key. Errors name the file: PARC_ECONFIG when one exists,
 * PARC_EIO otherwise.
 */
int sign_key_create(const char *path, long gid, struct sign_key **out,
    struct err *e);

/*
 * Load the key at path: a private key (refused when others may read it),
 * or with public_ok a public key; a private key that cannot be read
 * (permission denied) then gives way to path.pub. Errors name the file:
 * PARC_ECONFIG for a file that is no Ed25519 key or is too open, PARC_EIO
 * when it cannot be read.
 */
int sign_key_load(const char *path, int public_ok, struct sign_key **out,
    struct err *e);

/* Free k. NULL is a no-op. */
void sign_key_free(struct sign_key *k);

/* Whether k can sign (holds the private half). */
int sign_key_private(const struct sign_key *k);

/* k's fingerprint ("SHA256:..."). Lives as long as k. */
const char *sign_key_fingerprint(const struct sign_key *k);

/* Write k's public key as PEM on fp. 0 or PARC_EIO. */
int sign_key_write_public(const struct sign_key *k, FILE *fp, struct err *e);

/*
 * Sign msg[0..len) with k (which must hold the private key) into sig as
 * hex. 0 or PARC_EIO with OpenSSL's reason.
 */
int sign_data(const struct sign_key *k, const void *msg, size_t len,
    char sig[SIGN_SIG_LEN], struct err *e);

/* 1 when sig (hex) is k's signature of msg[0..len), else 0. */
int sign_check(const struct sign_key *k, const void *msg, size_t len,
    const char *sig);

#endif
