/* sign.c - Ed25519 keys and signatures for the audit chain (sign.h). */
#include <sys/stat.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/sb.h"
#include "lib/sign.h"

struct sign_key {
	EVP_PKEY *pkey;
	int priv;
	char fpr[SIGN_FPR_LEN];
};

static const char hex[] = "0123456789abcdef";

/* OpenSSL's last reason, or what. */
static const char *
ossl_reason(const char *what)
{
	unsigned long code = ERR_get_error();
	const char *r = code ? ERR_reason_error_string(code) : NULL;

	ERR_clear_error();
	return r ? r : what;
}

static void
to_hex(const unsigned char *p, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hex[p[i] >> 4];
		out[2 * i + 1] = hex[p[i] & 15];
	}
	out[2 * n] = '\0';
}

static int
from_hex(const char *s, unsigned char *out, size_t n)
{
	size_t i;
	int hi, lo;
	const char *a, *b;

	if (s == NULL || strlen(s) != 2 * n)
		return -1;
	for (i = 0; i < n; i++) {
		if ((a = strchr(hex, s[2 * i])) == NULL || s[2 * i] == '\0' ||
		    (b = strchr(hex, s[2 * i + 1])) == NULL ||
		    s[2 * i + 1] == '\0')
			return -1;
		hi = (int)(a - hex);
		lo = (int)(b - hex);
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

/* Wrap pkey (owned from now on) as a key, refusing all but Ed25519. */
static int
wrap(EVP_PKEY *pkey, int priv, const char *path, struct sign_key **out,
    struct err *e)
{
	unsigned char raw[32], md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	size_t len = sizeof(raw);
	struct sign_key *k;

	if (EVP_PKEY_id(pkey) != EVP_PKEY_ED25519 ||
	    EVP_PKEY_get_raw_public_key(pkey, raw, &len) != 1 || len != 32) {
		EVP_PKEY_free(pkey);
		return err_set(e, PARC_ECONFIG,
		    "signing key %s: not an Ed25519 key", path);
	}
	if (EVP_Digest(raw, len, md, &mdlen, EVP_sha256(), NULL) != 1)
		abort();
	k = xcalloc(1, sizeof(*k));
	k->pkey = pkey;
	k->priv = priv;
	memcpy(k->fpr, "SHA256:", 7);
	to_hex(md, 32, k->fpr + 7);
	*out = k;
	return 0;
}

/* Create path exclusively (never through a link) with mode; a stream. */
static FILE *
create_file(const char *path, mode_t mode, struct err *e)
{
	FILE *fp;
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    mode);
	if (fd < 0) {
		if (errno == EEXIST)
			err_set(e, PARC_ECONFIG,
			    "%s: exists already (a key is never overwritten)",
			    path);
		else
			err_set(e, PARC_EIO, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fchmod(fd, mode) != 0 || (fp = fdopen(fd, "w")) == NULL) {
		err_set(e, PARC_EIO, "%s: %s", path, strerror(errno));
		close(fd);
		unlink(path);
		return NULL;
	}
	return fp;
}

/* Flush, sync and close fp (written to path); 0 or PARC_EIO. */
static int
finish_file(FILE *fp, const char *path, int rc, struct err *e)
{
	if (rc == 0 && (fflush(fp) != 0 || fsync(fileno(fp)) != 0))
		rc = err_set(e, PARC_EIO, "%s: %s", path, strerror(errno));
	if (fclose(fp) != 0 && rc == 0)
		rc = err_set(e, PARC_EIO, "%s: %s", path, strerror(errno));
	if (rc != 0)
		unlink(path);
	return rc;
}

int
sign_key_create(const char *path, long gid, struct sign_key **out,
    struct err *e)
{
	EVP_PKEY *pkey = NULL;
	EVP_PKEY_CTX *pc;
	struct sign_key *k = NULL;
	struct sb pub = SB_INIT;
	FILE *fp;
	int rc;

	if (out != NULL)
		*out = NULL;
	sb_addf(&pub, "%s.pub", path);
	if ((pc = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, NULL)) == NULL ||
	    EVP_PKEY_keygen_init(pc) != 1 || EVP_PKEY_keygen(pc, &pkey) != 1) {
		EVP_PKEY_CTX_free(pc);
		rc = err_set(e, PARC_EIO, "signing key %s: %s", path,
		    ossl_reason("cannot generate"));
		goto out;
	}
	EVP_PKEY_CTX_free(pc);
	if ((rc = wrap(pkey, 1, path, &k, e)) != 0)
		goto out;
	if ((fp = create_file(path, gid >= 0 ? 0640 : 0600, e)) == NULL) {
		rc = e ? e->code : PARC_EIO;
		goto out;
	}
	rc = 0;
	if (gid >= 0 && fchown(fileno(fp), (uid_t)-1, (gid_t)gid) != 0)
		rc = err_set(e, PARC_EIO, "%s: group %ld: %s", path, gid,
		    strerror(errno));
	if (rc == 0 &&
	    PEM_write_PrivateKey(fp, k->pkey, NULL, NULL, 0, NULL, NULL) != 1)
		rc = err_set(e, PARC_EIO, "%s: %s", path,
		    ossl_reason("cannot write the key"));
	if ((rc = finish_file(fp, path, rc, e)) != 0)
		goto out;
	if ((fp = create_file(pub.buf, 0644, e)) == NULL) {
		rc = e ? e->code : PARC_EIO;
		unlink(path);
		goto out;
	}
	rc = sign_key_write_public(k, fp, e);
	if ((rc = finish_file(fp, pub.buf, rc, e)) != 0)
		unlink(path);
out:
	sb_release(&pub);
	if (rc == 0 && out != NULL)
		*out = k;
	else
		sign_key_free(k);
	return rc;
}

/* Read one PEM key from path: private first, else (public_ok) public. */
static int
read_pem(const char *path, int public_ok, struct sign_key **out, struct err *e)
{
	struct stat sb;
	EVP_PKEY *pkey;
	FILE *fp;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0) {
		int en = errno;

		err_set(e, PARC_EIO, "signing key %s: %s", path, strerror(en));
		errno = en; /* sign_key_load() tells a missing file apart */
		return PARC_EIO;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    (fp = fdopen(fd, "r")) == NULL) {
		close(fd);
		return err_set(e, PARC_ECONFIG,
		    "signing key %s: not a regular file", path);
	}
	if ((pkey = PEM_read_PrivateKey(fp, NULL, NULL, NULL)) != NULL) {
		fclose(fp);
		if (sb.st_mode & 007) {
			EVP_PKEY_free(pkey);
			return err_set(e, PARC_ECONFIG,
			    "signing key %s: others may read it (mode %03o; "
			    "chmod 600, or 640 for a group)",
			    path, (unsigned)(sb.st_mode & 0777));
		}
		return wrap(pkey, 1, path, out, e);
	}
	ERR_clear_error();
	rewind(fp);
	pkey = public_ok ? PEM_read_PUBKEY(fp, NULL, NULL, NULL) : NULL;
	fclose(fp);
	if (pkey == NULL) {
		ERR_clear_error();
		return err_set(e, PARC_ECONFIG,
		    "signing key %s: not a PEM Ed25519 %s key", path,
		    public_ok ? "private or public" : "private");
	}
	return wrap(pkey, 0, path, out, e);
}

int
sign_key_load(const char *path, int public_ok, struct sign_key **out,
    struct err *e)
{
	struct sb pub = SB_INIT;
	struct stat st;
	int rc;

	*out = NULL;
	rc = read_pem(path, public_ok, out, e);
	if (rc == PARC_EIO && public_ok &&
	    (errno == EACCES || errno == ENOENT)) {
		sb_addf(&pub, "%s.pub", path);
		if (stat(pub.buf, &st) == 0)
			rc = read_pem(pub.buf, 1, out, e);
		sb_release(&pub);
	}
	return rc;
}

void
sign_key_free(struct sign_key *k)
{
	if (k == NULL)
		return;
	EVP_PKEY_free(k->pkey);
	free(k);
}

int
sign_key_private(const struct sign_key *k)
{
	return k != NULL && k->priv;
}

const char *
sign_key_fingerprint(const struct sign_key *k)
{
	return k->fpr;
}

int
sign_key_write_public(const struct sign_key *k, FILE *fp, struct err *e)
{
	if (PEM_write_PUBKEY(fp, k->pkey) != 1)
		return err_set(e, PARC_EIO, "writing the public key: %s",
		    ossl_reason("failed"));
	return 0;
}

int
sign_data(const struct sign_key *k, const void *msg, size_t len,
    char sig[SIGN_SIG_LEN], struct err *e)
{
	unsigned char raw[64];
	size_t n = sizeof(raw);
	EVP_MD_CTX *ctx;
	int ok;

	if (!k->priv)
		return err_set(e, PARC_ECONFIG,
		    "signing key %s: only its public half was read", k->fpr);
	if ((ctx = EVP_MD_CTX_new()) == NULL)
		abort();
	ok = EVP_DigestSignInit(ctx, NULL, NULL, NULL, k->pkey) == 1 &&
	    EVP_DigestSign(ctx, raw, &n, msg, len) == 1 && n == 64;
	EVP_MD_CTX_free(ctx);
	if (!ok)
		return err_set(e, PARC_EIO, "signing with key %s: %s", k->fpr,
		    ossl_reason("failed"));
	to_hex(raw, 64, sig);
	return 0;
}

int
sign_check(const struct sign_key *k, const void *msg, size_t len,
    const char *sig)
{
	unsigned char raw[64];
	EVP_MD_CTX *ctx;
	int ok;

	if (from_hex(sig, raw, sizeof(raw)) != 0)
		return 0;
	if ((ctx = EVP_MD_CTX_new()) == NULL)
		abort();
	ok = EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, k->pkey) == 1 &&
	    EVP_DigestVerify(ctx, raw, sizeof(raw), msg, len) == 1;
	EVP_MD_CTX_free(ctx);
	ERR_clear_error();
	return ok;
}
