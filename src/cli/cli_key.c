/*
 * The public key of `infocig account key`: read from a file or standard
 * input, parsed and checked with libssh (allowed types and sizes), written
 * in the canonical form the daemon compares.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libssh/libssh.h>
#include <openssl/evp.h>

#include "cli.h"
#include "common.h"

#define KEY_RSA_MIN_BITS 2048

/*
 * Reads the first line of path ("-": standard input) into line.  A line
 * longer than size - 1 is an error (never cut silently).  Prints its own
 * message.
 */
int
cli_key_read_line(const char *path, char *line, size_t size)
{
	FILE *fp;
	size_t len;
	int c, r = 0;

	if ((fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "r")) == NULL) {
		cli_error("%s: impossibile leggere la chiave", path);
		return ERR_IO;
	}
	if (fgets(line, (int)size, fp) == NULL) {
		cli_error("%s: file vuoto, nessuna chiave pubblica", path);
		r = ERR_INVALID;
	} else if ((len = strlen(line)) == size - 1 && line[len - 1] != '\n' &&
	    (c = fgetc(fp)) != EOF && c != '\n') {
		cli_error("%s: riga troppo lunga per una chiave pubblica (più di %zu byte)", path,
		    size - 2);
		r = ERR_LIMIT;
	}
	if (fp != stdin)
		fclose(fp);
	return r;
}

/* One RFC 4251 string of blob at *off: its length, or -1 past the end. */
static long
key_blob_string(const unsigned char *blob, size_t len, size_t *off, const unsigned char **data)
{
	uint32_t n;

	if (len - *off < 4)
		return -1;
	n = (uint32_t)blob[*off] << 24 | (uint32_t)blob[*off + 1] << 16 |
	    (uint32_t)blob[*off + 2] << 8 | blob[*off + 3];
	*off += 4;
	if (n > len - *off)
		return -1;
	*data = blob + *off;
	*off += n;
	return (long)n;
}

/*
 * The modulus size in bits of an RSA public key blob ("ssh-rsa", e, n;
 * RFC 4253 6.6), or -1.  libssh 0.10 exports no key size.
 */
static int
key_rsa_bits(const char *b64)
{
	unsigned char *blob;
	const unsigned char *p = NULL;
	size_t len = strlen(b64), off = 0;
	long n;
	int got, bits = -1;

	blob = xmalloc(len / 4 * 3 + 3);
	/* EVP_DecodeBlock counts '=' padding as zero bytes at the end; harmless here. */
	if ((got = EVP_DecodeBlock(blob, (const unsigned char *)b64, (int)len)) > 0 &&
	    key_blob_string(blob, (size_t)got, &off, &p) >= 0 &&
	    key_blob_string(blob, (size_t)got, &off, &p) >= 0 &&
	    (n = key_blob_string(blob, (size_t)got, &off, &p)) > 0) {
		while (n > 0 && *p == 0) {	/* mpint: leading zero bytes */
			p++;
			n--;
		}
		if (n > 0 && n < 8192) {
			bits = (int)n * 8;
			for (got = 0x80; got > 0 && (*p & got) == 0; got >>= 1)
				bits--;
		}
	}
	free(blob);
	return bits;
}

/*
 * Parses "type base64 [comment]" with libssh and checks that the key is
 * of an allowed type: Ed25519, ECDSA (NIST P-256/384/521) or RSA of at
 * least KEY_RSA_MIN_BITS bits, whose blob says the same type as the line.
 * Writes the canonical type and base64 (as the daemon will compare them).
 */
int
cli_key_parse(const char *path, char *line, char *type, size_t typesize, char **b64,
    const char **comment)
{
	enum ssh_keytypes_e kt;
	ssh_key key = NULL;
	char *word, *blob, *save = NULL;
	const char *name;
	int bits, r = ERR_INVALID;

	*b64 = NULL;
	line[strcspn(line, "\r\n")] = '\0';
	if ((word = strtok_r(line, " \t", &save)) == NULL ||
	    (blob = strtok_r(NULL, " \t", &save)) == NULL) {
		cli_error("%s: non è una chiave pubblica OpenSSH (tipo base64 commento)", path);
		return ERR_INVALID;
	}
	*comment = save != NULL ? save + strspn(save, " \t") : "";
	kt = ssh_key_type_from_name(word);
	if (kt != SSH_KEYTYPE_ED25519 && kt != SSH_KEYTYPE_ECDSA_P256 &&
	    kt != SSH_KEYTYPE_ECDSA_P384 && kt != SSH_KEYTYPE_ECDSA_P521 &&
	    kt != SSH_KEYTYPE_RSA) {
		cli_error("%s: tipo di chiave non ammesso (ammessi: ssh-ed25519, ecdsa-sha2-nistp256, "
		    "ecdsa-sha2-nistp384, ecdsa-sha2-nistp521, ssh-rsa di almeno %d bit)", path,
		    KEY_RSA_MIN_BITS);
		return ERR_INVALID;
	}
	if (ssh_pki_import_pubkey_base64(blob, kt, &key) != SSH_OK || key == NULL ||
	    ssh_key_type(key) != kt) {
		cli_error("%s: chiave pubblica non valida (dati base64 errati o troncati)", path);
		goto out;
	}
	if (kt == SSH_KEYTYPE_RSA && (bits = key_rsa_bits(blob)) < KEY_RSA_MIN_BITS) {
		cli_error("%s: chiave RSA di %d bit, troppo corta (almeno %d)", path,
		    bits, KEY_RSA_MIN_BITS);
		goto out;
	}
	if ((name = ssh_key_type_to_char(ssh_key_type(key))) == NULL ||
	    ssh_pki_export_pubkey_base64(key, b64) != SSH_OK) {
		cli_error("%s: chiave pubblica non valida", path);
		goto out;
	}
	str_lcpy(type, name, typesize);
	r = 0;
out:
	ssh_key_free(key);
	return r;
}
