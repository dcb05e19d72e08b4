/*
 * Unit tests for the auth module: yescrypt passwords, base32, HOTP, TOTP,
 * and the pool of threads that checks passwords off the event loop.
 */
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

#include "auth.h"
#include "common.h"
#include "conf.h"
#include "fixtures.h"
#include "store.h"

/* RFC 4226 Appendix D / RFC 6238 Appendix B SHA1 secret. */
static const uint8_t rfc_key[] = "12345678901234567890";
#define RFC_KEYLEN 20
#define RFC_B32 "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

static void
test_hotp_rfc4226(void **state)
{
	static const char *const want[] = {
		"755224", "287082", "359152", "969429", "338314",
		"254676", "287922", "162583", "399871", "520489",
	};
	char code[7];
	uint64_t c;

	(void)state;
	for (c = 0; c < nitems(want); c++) {
		assert_int_equal(auth_totp_code(rfc_key, RFC_KEYLEN, c, code), 0);
		assert_string_equal(code, want[c]);
	}
	assert_int_equal(auth_totp_code(rfc_key, 0, 0, code), ERR_INVALID);
	assert_int_equal(auth_totp_code(NULL, 20, 0, code), ERR_INVALID);
}

static void
test_totp_rfc6238(void **state)
{
	static const struct {
		int64_t t;
		const char *code;
	} v[] = {
		{ 59, "287082" },		/* 94287082 */
		{ 1111111109, "081804" },	/* 07081804 */
		{ 1111111111, "050471" },	/* 14050471 */
		{ 1234567890, "005924" },	/* 89005924 */
		{ 2000000000, "279037" },	/* 69279037 */
		{ 20000000000, "353130" },	/* 65353130 */
	};
	char code[7];
	int64_t matched;
	size_t i;

	(void)state;
	for (i = 0; i < nitems(v); i++) {
		uint64_t step = (uint64_t)(v[i].t / AUTH_TOTP_STEP);

		assert_int_equal(auth_totp_code(rfc_key, RFC_KEYLEN, step, code), 0);
		assert_string_equal(code, v[i].code);
		matched = -7;
		assert_int_equal(auth_totp_verify(RFC_B32, v[i].code,
		    (time_t)v[i].t, -1, &matched), 1);
		assert_int_equal(matched, (int64_t)step);
	}
}

static void
test_base32(void **state)
{
	uint8_t out[64];

	(void)state;
	/* RFC 4648 section 10 vectors, with and without padding. */
	assert_int_equal(auth_base32_decode("", out, sizeof out), 0);
	assert_int_equal(auth_base32_decode("MY======", out, sizeof out), 1);
	assert_memory_equal(out, "f", 1);
	assert_int_equal(auth_base32_decode("MZXQ", out, sizeof out), 2);
	assert_memory_equal(out, "fo", 2);
	assert_int_equal(auth_base32_decode("MZXW6===", out, sizeof out), 3);
	assert_memory_equal(out, "foo", 3);
	assert_int_equal(auth_base32_decode("MZXW6YQ", out, sizeof out), 4);
	assert_memory_equal(out, "foob", 4);
	assert_int_equal(auth_base32_decode("MZXW6YTB", out, sizeof out), 5);
	assert_memory_equal(out, "fooba", 5);
	assert_int_equal(auth_base32_decode("MZXW6YTBOI======", out, sizeof out), 6);
	assert_memory_equal(out, "foobar", 6);
	/* Lower case and spaces, as people copy secrets. */
	assert_int_equal(auth_base32_decode("mzxw 6ytb oi", out, sizeof out), 6);
	assert_memory_equal(out, "foobar", 6);
	assert_int_equal(auth_base32_decode(RFC_B32, out, sizeof out), 20);
	assert_memory_equal(out, rfc_key, 20);
	/* Bad characters, impossible lengths, data after padding, no room. */
	assert_int_equal(auth_base32_decode("MZXW1", out, sizeof out), ERR_INVALID);
	assert_int_equal(auth_base32_decode("MZXW-6", out, sizeof out), ERR_INVALID);
	assert_int_equal(auth_base32_decode("M", out, sizeof out), ERR_INVALID);
	assert_int_equal(auth_base32_decode("MZX", out, sizeof out), ERR_INVALID);
	assert_int_equal(auth_base32_decode("MZXW6Y", out, sizeof out), ERR_INVALID);
	assert_int_equal(auth_base32_decode("MY==MY", out, sizeof out), ERR_INVALID);
	assert_int_equal(auth_base32_decode("MZXW6YTBOI", out, 5), ERR_LIMIT);
	assert_int_equal(auth_base32_decode("MZXW6YTBOI", out, 6), 6);
}

static void
test_secret_new(void **state)
{
	char a[AUTH_TOTP_SECRET_SIZE], b[AUTH_TOTP_SECRET_SIZE], code[7];
	uint8_t key[32];
	int64_t matched;
	size_t i;

	(void)state;
	assert_int_equal(auth_totp_secret_new(a, sizeof a), 0);
	assert_int_equal(auth_totp_secret_new(b, sizeof b), 0);
	assert_int_equal(strlen(a), 32);
	assert_string_not_equal(a, b);
	for (i = 0; i < 32; i++)
		assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", a[i]));
	assert_int_equal(auth_base32_decode(a, key, sizeof key), 20);
	assert_int_equal(auth_totp_secret_new(a, AUTH_TOTP_SECRET_SIZE - 1),
	    ERR_INVALID);
	/* A fresh secret works end to end. */
	assert_int_equal(auth_totp_code(key, 20, 1000000000 / 30, code), 0);
	assert_int_equal(auth_totp_verify(a, code, 1000000000, -1, &matched), 1);
	assert_int_equal(matched, 1000000000 / 30);
}

/* The code of step, for the RFC key. */
static void
code_at(int64_t step, char out[7])
{
	assert_int_equal(auth_totp_code(rfc_key, RFC_KEYLEN, (uint64_t)step, out), 0);
}

static void
test_totp_window_and_replay(void **state)
{
	const time_t now = 1700000015;	/* middle of a step */
	const int64_t step = now / AUTH_TOTP_STEP;
	char code[7], spaced[8], wrong[12];
	int64_t matched, d;
	int i;

	(void)state;
	/* Current step: accepted once, then refused as a replay. */
	code_at(step, code);
	assert_int_equal(auth_totp_verify(RFC_B32, code, now, -1, &matched), 1);
	assert_int_equal(matched, step);
	assert_int_equal(auth_totp_verify(RFC_B32, code, now, matched, &matched), 0);
	/* Even a little later, within the window. */
	assert_int_equal(auth_totp_verify(RFC_B32, code, now + 30, step, &matched), 0);

	/* One step either side is accepted, two are not. */
	for (d = -2; d <= 2; d++) {
		code_at(step + d, code);
		matched = -7;
		i = auth_totp_verify(RFC_B32, code, now, -1, &matched);
		if (d >= -1 && d <= 1) {
			assert_int_equal(i, 1);
			assert_int_equal(matched, step + d);
		} else {
			assert_int_equal(i, 0);
			assert_int_equal(matched, -7);
		}
	}
	/* The previous step's code after the current one was used: replay. */
	code_at(step - 1, code);
	assert_int_equal(auth_totp_verify(RFC_B32, code, now, step, &matched), 0);
	assert_int_equal(auth_totp_verify(RFC_B32, code, now, step - 2, &matched), 1);
	assert_int_equal(matched, step - 1);
	/* The next step's code is still good after the current one was used. */
	code_at(step + 1, code);
	assert_int_equal(auth_totp_verify(RFC_B32, code, now, step, &matched), 1);
	assert_int_equal(matched, step + 1);

	/* A wrong code: one that is none of the three in the window. */
	for (i = 0; i < 1000000; i++) {
		char c0[7], c1[7], c2[7];

		snprintf(wrong, sizeof wrong, "%06d", i);
		code_at(step - 1, c0);
		code_at(step, c1);
		code_at(step + 1, c2);
		if (strcmp(wrong, c0) && strcmp(wrong, c1) && strcmp(wrong, c2))
			break;
	}
	assert_int_equal(auth_totp_verify(RFC_B32, wrong, now, -1, &matched), 0);

	/* Form: spaces are fine, anything else is just wrong. */
	code_at(step, code);
	memcpy(spaced, code, 3);
	spaced[3] = ' ';
	memcpy(spaced + 4, code + 3, 4);
	assert_int_equal(auth_totp_verify(RFC_B32, spaced, now, -1, &matched), 1);
	assert_int_equal(auth_totp_verify(RFC_B32, "12345", now, -1, &matched), 0);
	assert_int_equal(auth_totp_verify(RFC_B32, "1234567", now, -1, &matched), 0);
	assert_int_equal(auth_totp_verify(RFC_B32, "12a456", now, -1, &matched), 0);
	assert_int_equal(auth_totp_verify(RFC_B32, "", now, -1, &matched), 0);
	assert_int_equal(auth_totp_verify(RFC_B32, NULL, now, -1, &matched), 0);
	/* Errors. */
	assert_int_equal(auth_totp_verify("not base32!", code, now, -1, &matched),
	    ERR_INVALID);
	assert_int_equal(auth_totp_verify("", code, now, -1, &matched), ERR_INVALID);
	assert_int_equal(auth_totp_verify(RFC_B32, code, -1, -1, &matched), ERR_INVALID);
	/* Lower-case secret with spaces decodes to the same key. */
	assert_int_equal(auth_totp_verify("gezd gnbv gy3t qojq gezd gnbv gy3t qojq",
	    code, now, -1, NULL), 1);
}

static void
test_password(void **state)
{
	char h1[AUTH_HASH_SIZE], h2[AUTH_HASH_SIZE], locked[AUTH_HASH_SIZE + 1];
	char small[16];
	size_t len;

	(void)state;
	assert_int_equal(auth_password_hash("Segreto-2026!", h1, sizeof h1), 0);
	assert_int_equal(strncmp(h1, "$y$", 3), 0);
	assert_int_equal(auth_password_verify("Segreto-2026!", h1), 1);
	assert_int_equal(auth_password_verify("segreto-2026!", h1), 0);
	assert_int_equal(auth_password_verify("Segreto-2026", h1), 0);
	assert_int_equal(auth_password_verify("", h1), 0);
	assert_int_equal(auth_password_verify(NULL, h1), 0);
	/* A new salt each time. */
	assert_int_equal(auth_password_hash("Segreto-2026!", h2, sizeof h2), 0);
	assert_string_not_equal(h1, h2);
	assert_int_equal(auth_password_verify("Segreto-2026!", h2), 1);
	/* UTF-8 passwords. */
	assert_int_equal(auth_password_hash("perch\xc3\xa9 \xe2\x82\xac", h2, sizeof h2), 0);
	assert_int_equal(auth_password_verify("perch\xc3\xa9 \xe2\x82\xac", h2), 1);
	assert_int_equal(auth_password_verify("perche \xe2\x82\xac", h2), 0);

	/* Hashes that never match. */
	assert_int_equal(auth_password_verify("x", NULL), 0);
	assert_int_equal(auth_password_verify("", ""), 0);
	locked[0] = '!';
	strcpy(locked + 1, h1);
	assert_int_equal(auth_password_verify("Segreto-2026!", locked), 0);
	assert_int_equal(auth_password_verify("Segreto-2026!", "!"), 0);
	assert_int_equal(auth_password_verify("Segreto-2026!", "*"), 0);
	assert_int_equal(auth_password_verify("Segreto-2026!", "*LK*"), 0);
	len = strlen(h1);
	h1[len - 1] = h1[len - 1] == 'A' ? 'B' : 'A';
	assert_int_equal(auth_password_verify("Segreto-2026!", h1), 0);
	h1[len - 5] = '\0';
	assert_int_equal(auth_password_verify("Segreto-2026!", h1), 0);

	/* Errors. */
	assert_int_equal(auth_password_hash("x", small, sizeof small), ERR_INVALID);
	assert_string_equal(small, "");
	assert_int_equal(auth_password_hash(NULL, h1, sizeof h1), ERR_INVALID);
}

/* The results the pool reported, by tag: 1 right, 0 wrong, -1 none. */
struct seen {
	int result[4];
	int reports;
};

static void
pool_report(void *arg, void *tag, int ok)
{
	struct seen *seen = arg;
	int i = (int)(intptr_t)tag;

	assert_true(i >= 0 && i < 4);
	assert_int_equal(seen->result[i], -1);	/* each reported once */
	seen->result[i] = ok;
	seen->reports++;
}

static void
test_pool(void **state)
{
	struct auth_pool *p;
	struct seen seen = { { -1, -1, -1, -1 }, 0 };
	char hash[AUTH_HASH_SIZE];
	struct pollfd pfd;
	int rounds = 0;

	(void)state;
	assert_int_equal(auth_password_hash("segreta", hash, sizeof hash), 0);
	p = auth_pool_new(2);
	assert_non_null(p);
	assert_true(auth_pool_fd(p) >= 0);
	assert_int_equal(auth_pool_submit(p, "segreta", hash, (void *)(intptr_t)0), 0);
	assert_int_equal(auth_pool_submit(p, "sbagliata", hash, (void *)(intptr_t)1), 0);
	assert_int_equal(auth_pool_submit(p, "segreta", hash, (void *)(intptr_t)2), 0);
	assert_int_equal(auth_pool_submit(p, "segreta", hash, (void *)(intptr_t)3), 0);
	assert_int_equal(auth_pool_submit(p, NULL, hash, NULL), ERR_INVALID);
	/* Tag 2 goes away before its answer: it must never be reported. */
	auth_pool_cancel(p, (void *)(intptr_t)2);
	while (seen.reports < 3 && rounds++ < 100) {
		pfd.fd = auth_pool_fd(p);
		pfd.events = POLLIN;
		if (poll(&pfd, 1, 100) > 0)
			auth_pool_collect(p, pool_report, &seen);
	}
	assert_int_equal(seen.reports, 3);
	assert_int_equal(seen.result[0], 1);
	assert_int_equal(seen.result[1], 0);
	assert_int_equal(seen.result[2], -1);
	assert_int_equal(seen.result[3], 1);
	/* Nothing more arrives for the cancelled one. */
	pfd.fd = auth_pool_fd(p);
	pfd.events = POLLIN;
	if (poll(&pfd, 1, 300) > 0)
		auth_pool_collect(p, pool_report, &seen);
	assert_int_equal(seen.reports, 3);
	/* Freeing with checks still waiting is clean. */
	assert_int_equal(auth_pool_submit(p, "segreta", hash, (void *)(intptr_t)0), 0);
	assert_int_equal(auth_pool_submit(p, "segreta", hash, (void *)(intptr_t)1), 0);
	assert_int_equal(auth_pool_submit(p, "segreta", hash, (void *)(intptr_t)3), 0);
	auth_pool_free(p);
	auth_pool_free(NULL);
}

/* The folder of a test's key and database. */
static void
otp_dir(char *dir, size_t size, const char *test)
{
	snprintf(dir, size, "/tmp/infocig-test-%s.XXXXXX", test);
	assert_non_null(mkdtemp(dir));
}

static void
rm_dir(const char *dir)
{
	char cmd[160];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* Issue 18.9: secrets sealed with a key file of mode 0600, nothing else opens them. */
static void
test_otp_seal(void **state)
{
	uint8_t key[AUTH_OTP_KEY_BYTES], again[AUTH_OTP_KEY_BYTES], other[AUTH_OTP_KEY_BYTES];
	char dir[64], path[96], path2[96], secret[AUTH_TOTP_SECRET_SIZE];
	char sealed[AUTH_OTP_SEALED_SIZE], sealed2[AUTH_OTP_SEALED_SIZE];
	char out[AUTH_TOTP_SECRET_SIZE], err[256];
	struct stat sb;
	FILE *fp;

	(void)state;
	otp_dir(dir, sizeof dir, "seal");
	snprintf(path, sizeof path, "%s/otp.key", dir);
	snprintf(path2, sizeof path2, "%s/other.key", dir);
	umask(022);
	assert_int_equal(auth_otp_key_load(path, 0, key, err, sizeof err), ERR_NOTFOUND);
	assert_int_equal(auth_otp_key_load(path, 1, key, err, sizeof err), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(auth_otp_key_load(path, 0, again, err, sizeof err), 0);
	assert_memory_equal(key, again, sizeof key);
	assert_int_equal(auth_otp_key_load(path2, 1, other, err, sizeof err), 0);

	assert_int_equal(auth_totp_secret_new(secret, sizeof secret), 0);
	assert_int_equal(auth_otp_seal(key, secret, sealed, sizeof sealed), 0);
	assert_true(auth_otp_is_sealed(sealed));
	assert_null(strstr(sealed, secret));
	/* A fresh nonce each time: the same secret never seals the same way. */
	assert_int_equal(auth_otp_seal(key, secret, sealed2, sizeof sealed2), 0);
	assert_string_not_equal(sealed, sealed2);
	assert_int_equal(auth_otp_unseal(key, sealed, out, sizeof out), 0);
	assert_string_equal(out, secret);
	assert_int_equal(auth_otp_unseal(other, sealed, out, sizeof out), ERR_INVALID);
	assert_string_equal(out, "");
	sealed[10] = sealed[10] == 'A' ? 'B' : 'A';	/* a changed byte */
	assert_int_equal(auth_otp_unseal(key, sealed, out, sizeof out), ERR_INVALID);
	assert_int_equal(auth_otp_unseal(key, "enc1:", out, sizeof out), ERR_INVALID);
	assert_int_equal(auth_otp_unseal(key, "enc1:!!!!", out, sizeof out), ERR_INVALID);
	/* A secret from before sealing is given back as it is, flagged with 1. */
	assert_int_equal(auth_otp_unseal(key, secret, out, sizeof out), 1);
	assert_string_equal(out, secret);

	/* A key others can read is refused, as sshd refuses such a host key. */
	assert_int_equal(chmod(path, 0640), 0);
	assert_int_equal(auth_otp_key_load(path, 0, again, err, sizeof err), ERR_DENIED);
	assert_non_null(strstr(err, "chmod 600"));
	assert_int_equal(chmod(path, 0600), 0);
	/* A key file that is not 64 hexadecimal digits is refused. */
	assert_non_null(fp = fopen(path2, "w"));
	fputs("not a key\n", fp);
	fclose(fp);
	assert_int_equal(auth_otp_key_load(path2, 0, other, err, sizeof err), ERR_INVALID);
	rm_dir(dir);
}

/* A code for t that is wrong for every step of the window around t. */
static void
otp_codes(const char *secret, time_t t, char right[7], char wrong[7])
{
	uint8_t key[64];
	char c[3][7];
	int n, i, v;

	assert_true((n = auth_base32_decode(secret, key, sizeof key)) > 0);
	for (i = 0; i < 3; i++)
		assert_int_equal(auth_totp_code(key, (size_t)n, (uint64_t)(t / 30 + i - 1), c[i]), 0);
	strcpy(right, c[1]);
	for (v = atoi(c[1]) + 1;; v++) {
		snprintf(wrong, 7, "%06u", (unsigned)v % 1000000u);
		if (strcmp(wrong, c[0]) && strcmp(wrong, c[1]) && strcmp(wrong, c[2]))
			break;
	}
}

/*
 * Issue 18.8: wrong codes are counted per account.  Defaults: 10 wrong
 * codes lock for 3600 s; from the 3rd on, each try waits 15 s, doubling.
 * By hand, from T (all times after the previous wrong code):
 *   wrong #1 T, #2 T+1, #3 T+2; a try at T+3 (< T+2+15) is refused unseen;
 *   #4 at T+17 (T+2+15), #5 at T+47 (+30), #6 at T+107 (+60),
 *   #7 at T+227 (+120), #8 at T+467 (+240), #9 at T+947 (+480),
 *   #10 at T+1907 (+960): locked until T+1907+3600 = T+5507.
 * The right code is refused at T+1917 and T+5506, accepted at T+5507.
 * A cycle is 10 guesses per 5507 s; 3 codes in 10^6 are right at any
 * time, so the expected 333,333 guesses take 33,333 cycles: 5.8 years.
 */
static void
test_otp_lockout(void **state)
{
	static const int wrong_at[] = { 0, 1, 2, 17, 47, 107, 227, 467, 947, 1907 };
	const time_t T = 1795000000;	/* 2026-11-18 */
	struct store_otp_state os;
	struct store_account a;
	struct store_credentials cr;
	struct fx_db db;
	struct conf *c = conf_defaults();
	char secret[AUTH_TOTP_SECRET_SIZE], right[7], wrong[7], err[256];
	size_t i;

	(void)state;
	assert_int_equal(fx_db_open(&db, "otplock"), 0);
	free(c->auth.otp_key_file);
	c->auth.otp_key_file = xasprintf("%s/otp.key", db.dir);
	memset(&a, 0, sizeof a);
	str_lcpy(a.login, "RSSMRA85T10A562S", sizeof a.login);
	str_lcpy(a.full_name, "Mario Rossi", sizeof a.full_name);
	a.role = ROLE_WORKER;
	memset(&cr, 0, sizeof cr);
	assert_int_equal(auth_otp_secret_new(c, secret, sizeof secret, cr.totp_secret,
	    sizeof cr.totp_secret, err, sizeof err), 0);
	assert_int_equal(store_account_add(db.st, &a, &cr), 0);
	assert_int_equal(store_account_by_id(db.st, a.id, &a), 0);

	for (i = 0; i < sizeof wrong_at / sizeof wrong_at[0]; i++) {
		otp_codes(secret, T + wrong_at[i], right, wrong);
		assert_int_equal(auth_otp_check(db.st, c, &a, wrong, T + wrong_at[i]), 0);
		if (i == 2) {
			/* Inside the wait the right code is refused, and not counted. */
			otp_codes(secret, T + 3, right, wrong);
			assert_int_equal(auth_otp_check(db.st, c, &a, right, T + 3), 0);
			assert_int_equal(store_account_otp_state(db.st, a.id, &os), 0);
			assert_int_equal(os.failures, 3);
		}
		if (i == 3) {
			/* #5 may not come before T+17+30. */
			otp_codes(secret, T + 46, right, wrong);
			assert_int_equal(auth_otp_check(db.st, c, &a, right, T + 46), 0);
		}
	}
	assert_int_equal(store_account_otp_state(db.st, a.id, &os), 0);
	assert_int_equal(os.locked_until, T + 5507);
	assert_int_equal(fx_raw_int(db.path, "SELECT count(*) FROM audit WHERE action = 'otp_lock'"
	    " AND subject = 'RSSMRA85T10A562S' AND reason LIKE '10 codici OTP errati%60 minuti'"),
	    1);
	otp_codes(secret, T + 1917, right, wrong);
	assert_int_equal(auth_otp_check(db.st, c, &a, right, T + 1917), 0);
	otp_codes(secret, T + 5506, right, wrong);
	assert_int_equal(auth_otp_check(db.st, c, &a, right, T + 5506), 0);
	otp_codes(secret, T + 5507 + 30, right, wrong);
	assert_int_equal(auth_otp_check(db.st, c, &a, right, T + 5507 + 30), 1);
	/* Used: the same code again is a replay; and the count restarted. */
	assert_int_equal(auth_otp_check(db.st, c, &a, right, T + 5507 + 31), 0);
	assert_int_equal(store_account_otp_state(db.st, a.id, &os), 0);
	assert_int_equal(os.failures, 1);
	conf_free(c);
	assert_int_equal(fx_db_close(&db), 0);
}

/* A secret stored in clear before sealing still works, and is sealed at its first use. */
static void
test_otp_legacy_sealed_on_use(void **state)
{
	const time_t T = 1795000000;
	struct store_account a;
	struct store_credentials cr;
	struct fx_db db;
	struct conf *c = conf_defaults();
	char secret[AUTH_TOTP_SECRET_SIZE], right[7], wrong[7], out[AUTH_TOTP_SECRET_SIZE];
	char err[256], *path;
	uint8_t key[AUTH_OTP_KEY_BYTES];

	(void)state;
	assert_int_equal(fx_db_open(&db, "otplegacy"), 0);
	free(c->auth.otp_key_file);
	c->auth.otp_key_file = xasprintf("%s/otp.key", db.dir);
	memset(&a, 0, sizeof a);
	str_lcpy(a.login, "RSSMRA85T10A562S", sizeof a.login);
	str_lcpy(a.full_name, "Mario Rossi", sizeof a.full_name);
	assert_int_equal(auth_totp_secret_new(secret, sizeof secret), 0);
	memset(&cr, 0, sizeof cr);
	str_lcpy(cr.totp_secret, secret, sizeof cr.totp_secret);
	assert_int_equal(store_account_add(db.st, &a, &cr), 0);
	assert_int_equal(store_account_by_id(db.st, a.id, &a), 0);
	/* No key yet: the clear secret needs none. */
	otp_codes(secret, T, right, wrong);
	assert_int_equal(auth_otp_check(db.st, c, &a, right, T), 1);
	assert_int_equal(store_account_credentials(db.st, a.id, &cr), 0);
	assert_false(auth_otp_is_sealed(cr.totp_secret));
	/* With the key, the next right code seals it. */
	path = conf_otp_key_path(c);
	assert_int_equal(auth_otp_key_load(path, 1, key, err, sizeof err), 0);
	free(path);
	otp_codes(secret, T + 60, right, wrong);
	assert_int_equal(auth_otp_check(db.st, c, &a, right, T + 60), 1);
	assert_int_equal(store_account_credentials(db.st, a.id, &cr), 0);
	assert_true(auth_otp_is_sealed(cr.totp_secret));
	assert_int_equal(auth_otp_secret_of(c, cr.totp_secret, out, sizeof out, err, sizeof err), 0);
	assert_string_equal(out, secret);
	conf_free(c);
	assert_int_equal(fx_db_close(&db), 0);
}


int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hotp_rfc4226),
		cmocka_unit_test(test_totp_rfc6238),
		cmocka_unit_test(test_base32),
		cmocka_unit_test(test_secret_new),
		cmocka_unit_test(test_totp_window_and_replay),
		cmocka_unit_test(test_password),
		cmocka_unit_test(test_pool),
		cmocka_unit_test(test_otp_seal),
		cmocka_unit_test(test_otp_lockout),
		cmocka_unit_test(test_otp_legacy_sealed_on_use),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
