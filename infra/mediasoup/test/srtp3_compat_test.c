/*
 * Checks the libsrtp 3 layer (subprojects/libsrtp3) against libsrtp2 used
 * directly (srtp2_direct.c), for every SRTP profile mediasoup negotiates.
 * This file uses the libsrtp 3 names exactly as mediasoup's SrtpSession does.
 *
 * Output: one "ok N - ..." or "not ok N - ..." line per case, then
 * "srtp3-compat: P/T cases passed". Exit status 0 only if all passed.
 * Usage: srtp3_compat_test [seed]
 */
#include "srtp.h"
#include "srtp2_direct.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PACKETS 300
#define MAX_PACKET 1500
#define BUF_SIZE (MAX_PACKET + SRTP_MAX_TRAILER_LEN + 64)

typedef struct {
    const char *name;
    srtp_profile_t profile;
    size_t key_len, salt_len;
    size_t rtp_trailer, rtcp_trailer; /* bytes added by protect */
    int aead; /* SRTCP: AEAD puts its tag before the E+index word, AES-CM after */
} profile_info;

static const profile_info PROFILES[] = {
    { "AES128_CM_SHA1_80", srtp_profile_aes128_cm_sha1_80, 16, 14, 10, 14, 0 },
    { "AES128_CM_SHA1_32", srtp_profile_aes128_cm_sha1_32, 16, 14, 4, 14, 0 },
    { "AEAD_AES_128_GCM", srtp_profile_aead_aes_128_gcm, 16, 12, 16, 20, 1 },
    { "AEAD_AES_256_GCM", srtp_profile_aead_aes_256_gcm, 32, 12, 16, 20, 1 },
};

typedef struct {
    const profile_info *info;
    uint8_t key_and_salt[64];
} keying;

static uint64_t rng;
static int check_failures;
static int cases_run, cases_passed;

#define CHECK(cond, ...)                                                       \
    do {                                                                       \
        if (!(cond)) {                                                         \
            if (check_failures++ < 5) {                                        \
                fprintf(stderr, "  %s:%d: ", __FILE__, __LINE__);              \
                fprintf(stderr, __VA_ARGS__);                                  \
                fputc('\n', stderr);                                           \
            }                                                                  \
        }                                                                      \
    } while (0)

static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 16);
}

static void rnd_bytes(uint8_t *p, size_t n)
{
    while (n--) {
        *p++ = (uint8_t)rnd();
    }
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

typedef struct {
    uint32_t ssrc;
    uint16_t seq;
    uint32_t ts;
} rtp_stream;

/* A valid RTP packet with random CSRCs, header extension and payload. */
static size_t make_rtp(uint8_t *buf, rtp_stream *s)
{
    size_t cc = rnd() % 3, n = 12, ext_words, payload, i;
    int ext = (int)(rnd() % 2);

    buf[0] = (uint8_t)(0x80 | (ext << 4) | cc);
    buf[1] = (uint8_t)((rnd() % 2 ? 0x80 : 0) | (96 + rnd() % 32));
    buf[2] = (uint8_t)(s->seq >> 8);
    buf[3] = (uint8_t)s->seq;
    put32(buf + 4, s->ts);
    put32(buf + 8, s->ssrc);
    s->seq++;
    s->ts += 960;
    for (i = 0; i < cc; i++, n += 4) {
        put32(buf + n, rnd());
    }
    if (ext) {
        ext_words = rnd() % 4;
        buf[n] = 0xBE;
        buf[n + 1] = 0xDE;
        buf[n + 2] = 0;
        buf[n + 3] = (uint8_t)ext_words;
        rnd_bytes(buf + n + 4, ext_words * 4);
        n += 4 + ext_words * 4;
    }
    payload = 1 + rnd() % 1200;
    rnd_bytes(buf + n, payload);
    return n + payload;
}

/* A valid RTCP sender or receiver report with a random body. */
static size_t make_rtcp(uint8_t *buf, uint32_t ssrc)
{
    size_t words = 1 + rnd() % 60;

    buf[0] = (uint8_t)(0x80 | (rnd() % 4));
    buf[1] = rnd() % 2 ? 200 : 201;
    buf[2] = (uint8_t)(words >> 8);
    buf[3] = (uint8_t)words;
    put32(buf + 4, ssrc);
    rnd_bytes(buf + 8, words * 4 - 4);
    return 4 + words * 4;
}

/* Opened like mediasoup's SrtpSession, the policy destroyed right after. */
static srtp_err_status_t open_compat(srtp_t *s, const keying *k, int outbound)
{
    srtp_policy_t policy = NULL;
    srtp_ssrc_t ssrc;
    srtp_err_status_t st;

    ssrc.type = outbound ? ssrc_any_outbound : ssrc_any_inbound;
    ssrc.value = 0;
    if ((st = srtp_policy_create(&policy)) != srtp_err_status_ok) {
        return st;
    }
    if ((st = srtp_policy_set_ssrc(policy, ssrc)) == srtp_err_status_ok &&
        (st = srtp_policy_set_profile(policy, k->info->profile)) == srtp_err_status_ok &&
        (st = srtp_policy_add_key(policy, k->key_and_salt, k->info->key_len,
                                  k->key_and_salt + k->info->key_len,
                                  k->info->salt_len, NULL, 0)) == srtp_err_status_ok &&
        (st = srtp_policy_set_allow_repeat_tx(policy, true)) == srtp_err_status_ok &&
        (st = srtp_policy_set_window_size(policy, 1024)) == srtp_err_status_ok) {
        st = srtp_create(s, policy);
    }
    srtp_policy_destroy(policy);
    return st;
}

typedef struct {
    srtp_t out, ref, in_place, in_copy;
} sessions;

static void open_all(sessions *ss, const keying *k)
{
    CHECK(open_compat(&ss->out, k, 1) == srtp_err_status_ok, "open compat outbound");
    CHECK(direct_create(&ss->ref, k->info->profile, 1, k->key_and_salt) ==
              srtp_err_status_ok, "open libsrtp2 outbound");
    CHECK(open_compat(&ss->in_place, k, 0) == srtp_err_status_ok, "open compat inbound");
    CHECK(open_compat(&ss->in_copy, k, 0) == srtp_err_status_ok, "open compat inbound");
}

static void close_all(sessions *ss)
{
    srtp_dealloc(ss->out);
    srtp_dealloc(ss->ref);
    srtp_dealloc(ss->in_place);
    srtp_dealloc(ss->in_copy);
}

static srtp_err_status_t protect(srtp_t s, const uint8_t *in, size_t len,
                                 uint8_t *out, size_t *out_len, int rtcp)
{
    return rtcp ? srtp_protect_rtcp(s, in, len, out, out_len, 0)
                : srtp_protect(s, in, len, out, out_len, 0);
}

static srtp_err_status_t unprotect(srtp_t s, const uint8_t *in, size_t len,
                                   uint8_t *out, size_t *out_len, int rtcp)
{
    return rtcp ? srtp_unprotect_rtcp(s, in, len, out, out_len)
                : srtp_unprotect(s, in, len, out, out_len);
}

static size_t make_packet(uint8_t *buf, rtp_stream *streams, int rtcp)
{
    rtp_stream *s = &streams[rnd() % 3];
    return rtcp ? make_rtcp(buf, s->ssrc) : make_rtp(buf, s);
}

static void init_streams(rtp_stream *streams)
{
    int i;
    for (i = 0; i < 3; i++) {
        streams[i].ssrc = rnd();
        streams[i].seq = (uint16_t)rnd();
        streams[i].ts = rnd();
    }
    streams[0].seq = 65535 - PACKETS / 8; /* crosses a rollover */
}

/* Random packets: byte-identical to libsrtp2, input untouched, round trip. */
static void case_stream(const keying *k, int rtcp)
{
    static uint8_t plain[BUF_SIZE], input[BUF_SIZE], out[BUF_SIZE], ref[BUF_SIZE],
        work[BUF_SIZE], dst[BUF_SIZE];
    rtp_stream streams[3];
    sessions ss;
    int i;

    init_streams(streams);
    open_all(&ss, k);
    for (i = 0; i < PACKETS; i++) {
        size_t len = make_packet(plain, streams, rtcp), out_len = sizeof(out);
        size_t ref_len = len, work_len, dst_len = sizeof(dst);

        memcpy(input, plain, len);
        CHECK(protect(ss.out, input, len, out, &out_len, rtcp) == srtp_err_status_ok,
              "protect packet %d", i);
        CHECK(memcmp(input, plain, len) == 0, "protect modified its input (%d)", i);
        memcpy(ref, plain, len);
        CHECK(direct_protect(ss.ref, ref, &ref_len, rtcp) == srtp_err_status_ok,
              "libsrtp2 protect %d", i);
        CHECK(out_len == ref_len && memcmp(out, ref, ref_len) == 0,
              "packet %d differs from libsrtp2 (%zu vs %zu bytes)", i, out_len, ref_len);
        CHECK(out_len == len + (rtcp ? k->info->rtcp_trailer : k->info->rtp_trailer),
              "unexpected protected length %zu for %zu", out_len, len);

        memcpy(work, out, out_len);
        work_len = out_len;
        CHECK(unprotect(ss.in_place, work, out_len, work, &work_len, rtcp) ==
                  srtp_err_status_ok, "unprotect in place %d", i);
        CHECK(work_len == len && memcmp(work, plain, len) == 0, "in-place round trip %d", i);

        memcpy(work, out, out_len);
        CHECK(unprotect(ss.in_copy, work, out_len, dst, &dst_len, rtcp) ==
                  srtp_err_status_ok, "unprotect into a buffer %d", i);
        CHECK(memcmp(work, out, out_len) == 0, "unprotect modified its input (%d)", i);
        CHECK(dst_len == len && memcmp(dst, plain, len) == 0, "round trip %d", i);
    }
    close_all(&ss);
}

static void case_rtp(const keying *k) { case_stream(k, 0); }
static void case_rtcp(const keying *k) { case_stream(k, 1); }

/* in == out is allowed for protect; the result must still match libsrtp2. */
static void case_protect_in_place(const keying *k)
{
    uint8_t buf[BUF_SIZE], ref[BUF_SIZE];
    rtp_stream streams[3];
    sessions ss;
    int rtcp;

    init_streams(streams);
    open_all(&ss, k);
    for (rtcp = 0; rtcp <= 1; rtcp++) {
        size_t len = make_packet(buf, streams, rtcp), ref_len = len;
        size_t out_len = len + (rtcp ? k->info->rtcp_trailer : k->info->rtp_trailer);

        memcpy(ref, buf, len);
        CHECK(protect(ss.out, buf, len, buf, &out_len, rtcp) == srtp_err_status_ok,
              "protect in place (rtcp=%d)", rtcp);
        CHECK(direct_protect(ss.ref, ref, &ref_len, rtcp) == srtp_err_status_ok,
              "libsrtp2 protect");
        CHECK(out_len == ref_len && memcmp(buf, ref, ref_len) == 0,
              "in-place result differs from libsrtp2 (rtcp=%d)", rtcp);
    }
    close_all(&ss);
}

/* A second delivery of the same packet is refused: replay_fail. */
static void case_replay(const keying *k)
{
    uint8_t plain[BUF_SIZE], out[BUF_SIZE], work[BUF_SIZE];
    rtp_stream streams[3];
    sessions ss;
    int rtcp;

    init_streams(streams);
    open_all(&ss, k);
    for (rtcp = 0; rtcp <= 1; rtcp++) {
        size_t len = make_packet(plain, streams, rtcp), out_len = sizeof(out), work_len;

        CHECK(protect(ss.out, plain, len, out, &out_len, rtcp) == srtp_err_status_ok, "protect");
        memcpy(work, out, out_len);
        work_len = out_len;
        CHECK(unprotect(ss.in_place, work, out_len, work, &work_len, rtcp) ==
                  srtp_err_status_ok, "first delivery (rtcp=%d)", rtcp);
        memcpy(work, out, out_len);
        work_len = out_len;
        CHECK(unprotect(ss.in_place, work, out_len, work, &work_len, rtcp) ==
                  srtp_err_status_replay_fail, "replay not refused (rtcp=%d)", rtcp);
    }
    close_all(&ss);
}

/* mediasoup's window (1024) and allow_repeat_tx reach libsrtp2. */
static void case_window_and_repeat(const keying *k)
{
    static uint8_t first[BUF_SIZE], plain[BUF_SIZE], out[BUF_SIZE], work[BUF_SIZE];
    rtp_stream streams[3];
    size_t first_len = 0, first_out_len = 0, len, out_len, work_len;
    sessions ss;
    int i;

    init_streams(streams);
    /* No rollover here: a receiver whose first packet is the newest could not
     * know the sender's rollover counter. */
    streams[1].seq = (uint16_t)(rnd() % (65536 - 1000));
    open_all(&ss, k);
    for (i = 0; i <= 600; i++) {
        len = make_rtp(plain, &streams[1]);
        out_len = sizeof(out);
        CHECK(srtp_protect(ss.out, plain, len, out, &out_len, 0) == srtp_err_status_ok,
              "protect %d", i);
        if (i == 0) {
            memcpy(first, out, out_len);
            first_len = len;
            first_out_len = out_len;
        }
    }
    /* Retransmission without RTX: the same sequence number again. */
    out_len = sizeof(out);
    CHECK(srtp_protect(ss.out, plain, len, out, &out_len, 0) == srtp_err_status_ok,
          "repeated transmission refused");
    work_len = out_len;
    memcpy(work, out, out_len);
    CHECK(srtp_unprotect(ss.in_place, work, out_len, work, &work_len) == srtp_err_status_ok,
          "newest packet");
    memcpy(work, first, first_out_len);
    work_len = first_out_len;
    CHECK(srtp_unprotect(ss.in_place, work, first_out_len, work, &work_len) ==
              srtp_err_status_ok && work_len == first_len,
          "packet 600 behind refused: window is not 1024");
    close_all(&ss);
}

static size_t rtp_header_len(const uint8_t *buf)
{
    size_t n = 12 + 4 * (size_t)(buf[0] & 0x0F);
    if (buf[0] & 0x10) {
        n += 4 + 4 * (((size_t)buf[n + 2] << 8) | buf[n + 3]);
    }
    return n;
}

/*
 * A byte of the protected packet whose change only authentication can catch:
 * the encrypted payload or the tag. (A changed sequence number or SRTCP index
 * may be refused by the replay check first, a changed header length by the
 * parser; those are not forgeries the tag has to stop.)
 */
static size_t forgeable_byte(const keying *k, const uint8_t *plain, size_t len,
                             size_t out_len, int rtcp)
{
    size_t start = rtcp ? 8 : rtp_header_len(plain);
    size_t tag_start, tag_len;

    if (!rtcp) {
        tag_start = len;
        tag_len = out_len - len;
    } else {
        tag_len = k->info->rtcp_trailer - 4;
        tag_start = k->info->aead ? len : len + 4;
    }
    if (rnd() % 2 == 0 && len > start) {
        return start + rnd() % (len - start);
    }
    return tag_start + rnd() % tag_len;
}

/* One flipped bit in the payload or the tag fails authentication. */
static void case_tamper(const keying *k)
{
    uint8_t plain[BUF_SIZE], out[BUF_SIZE], work[BUF_SIZE];
    rtp_stream streams[3];
    sessions ss;
    int rtcp, i;

    init_streams(streams);
    open_all(&ss, k);
    for (rtcp = 0; rtcp <= 1; rtcp++) {
        for (i = 0; i < 50; i++) {
            size_t len = make_packet(plain, streams, rtcp), out_len = sizeof(out), work_len, at;

            CHECK(protect(ss.out, plain, len, out, &out_len, rtcp) == srtp_err_status_ok,
                  "protect");
            at = forgeable_byte(k, plain, len, out_len, rtcp);
            memcpy(work, out, out_len);
            work[at] ^= (uint8_t)(1u << (rnd() % 8));
            work_len = out_len;
            CHECK(unprotect(ss.in_place, work, out_len, work, &work_len, rtcp) ==
                      srtp_err_status_auth_fail,
                  "tampered byte %zu of %zu not refused with auth_fail (rtcp=%d)", at,
                  out_len, rtcp);
            /* The forgery must not have burnt the genuine packet's index. */
            memcpy(work, out, out_len);
            work_len = out_len;
            CHECK(unprotect(ss.in_place, work, out_len, work, &work_len, rtcp) ==
                      srtp_err_status_ok, "genuine packet refused after forgery");
        }
    }
    close_all(&ss);
}

/* Output one byte short: buffer_small, nothing written; exact fit: ok. */
static void case_buffer_small(const keying *k)
{
    uint8_t plain[BUF_SIZE], input[BUF_SIZE], out[BUF_SIZE], dst[BUF_SIZE];
    rtp_stream streams[3];
    sessions ss;
    int rtcp;

    init_streams(streams);
    open_all(&ss, k);
    for (rtcp = 0; rtcp <= 1; rtcp++) {
        size_t len = make_packet(plain, streams, rtcp);
        size_t need = len + (rtcp ? k->info->rtcp_trailer : k->info->rtp_trailer);
        size_t out_len = need - 1, dst_len;

        memcpy(input, plain, len);
        memset(out, 0xA5, sizeof(out));
        CHECK(protect(ss.out, input, len, out, &out_len, rtcp) ==
                  srtp_err_status_buffer_small, "short protect buffer accepted");
        CHECK(out[0] == 0xA5 && memcmp(input, plain, len) == 0, "short buffer written");
        out_len = need;
        CHECK(protect(ss.out, input, len, out, &out_len, rtcp) == srtp_err_status_ok,
              "exact-fit protect buffer refused (rtcp=%d)", rtcp);
        CHECK(out_len == need && out[need] == 0xA5, "wrote past the output buffer");

        dst_len = out_len - 1;
        CHECK(unprotect(ss.in_copy, out, out_len, dst, &dst_len, rtcp) ==
                  srtp_err_status_buffer_small, "short unprotect buffer accepted");
        dst_len = out_len;
        CHECK(unprotect(ss.in_copy, out, out_len, dst, &dst_len, rtcp) ==
                  srtp_err_status_ok && dst_len == len && memcmp(dst, plain, len) == 0,
              "exact-fit unprotect buffer");
    }
    close_all(&ss);
}

/* MKI is unsupported: refuse it rather than ignore it. */
static void case_mki(const keying *k)
{
    static const uint8_t mki[4] = { 1, 2, 3, 4 };
    uint8_t plain[BUF_SIZE], out[BUF_SIZE];
    srtp_policy_t policy = NULL;
    rtp_stream streams[3];
    size_t len, out_len = sizeof(out);
    sessions ss;

    CHECK(srtp_policy_create(&policy) == srtp_err_status_ok, "policy_create");
    CHECK(srtp_policy_set_profile(policy, k->info->profile) == srtp_err_status_ok, "profile");
    CHECK(srtp_policy_add_key(policy, k->key_and_salt, k->info->key_len,
                              k->key_and_salt + k->info->key_len, k->info->salt_len,
                              mki, sizeof(mki)) == srtp_err_status_bad_param,
          "MKI key accepted");
    CHECK(srtp_policy_add_key(policy, k->key_and_salt, k->info->key_len,
                              k->key_and_salt + k->info->key_len, k->info->salt_len,
                              NULL, 0) == srtp_err_status_ok, "first key");
    CHECK(srtp_policy_add_key(policy, k->key_and_salt, k->info->key_len,
                              k->key_and_salt + k->info->key_len, k->info->salt_len,
                              NULL, 0) == srtp_err_status_bad_param, "second key accepted");
    srtp_policy_destroy(policy);

    init_streams(streams);
    open_all(&ss, k);
    len = make_rtp(plain, &streams[0]);
    CHECK(srtp_protect(ss.out, plain, len, out, &out_len, 1) == srtp_err_status_bad_param,
          "mki_index 1 accepted");
    close_all(&ss);
}

/* Lengths that do not match the profile, and bad window sizes, are refused. */
static void case_bad_config(const keying *k)
{
    srtp_policy_t policy = NULL;
    srtp_ssrc_t ssrc = { ssrc_any_outbound, 0 };
    srtp_t session = NULL;

    CHECK(srtp_policy_create(&policy) == srtp_err_status_ok, "policy_create");
    CHECK(srtp_policy_set_window_size(policy, 10) == srtp_err_status_bad_param, "window 10");
    CHECK(srtp_policy_set_window_size(policy, 0x8000) == srtp_err_status_bad_param,
          "window 0x8000");
    CHECK(srtp_policy_set_window_size(policy, 64) == srtp_err_status_ok, "window 64");
    CHECK(srtp_policy_set_ssrc(policy, ssrc) == srtp_err_status_ok, "ssrc");
    CHECK(srtp_policy_set_profile(policy, k->info->profile) == srtp_err_status_ok, "profile");
    CHECK(srtp_create(&session, policy) == srtp_err_status_bad_param, "create without key");
    CHECK(srtp_policy_add_key(policy, k->key_and_salt, k->info->key_len + 8,
                              k->key_and_salt + k->info->key_len + 8, k->info->salt_len,
                              NULL, 0) == srtp_err_status_ok, "add long key");
    CHECK(srtp_create(&session, policy) == srtp_err_status_bad_param,
          "key longer than the profile's accepted");
    srtp_policy_destroy(policy);
}

/* srtp_stream_remove takes the SSRC in network order, as mediasoup passes it. */
static void case_stream_remove(const keying *k)
{
    uint8_t plain[BUF_SIZE], out[BUF_SIZE];
    rtp_stream streams[3];
    size_t len, out_len = sizeof(out);
    sessions ss;

    init_streams(streams);
    open_all(&ss, k);
    len = make_rtp(plain, &streams[1]);
    CHECK(srtp_protect(ss.out, plain, len, out, &out_len, 0) == srtp_err_status_ok, "protect");
    CHECK(srtp_stream_remove(ss.out, htonl(streams[1].ssrc)) == srtp_err_status_ok,
          "remove existing stream");
    CHECK(srtp_stream_remove(ss.out, htonl(streams[1].ssrc)) != srtp_err_status_ok,
          "removed the same stream twice");
    close_all(&ss);
}

typedef struct {
    const char *name;
    void (*run)(const keying *);
} test_case;

static const test_case CASES[] = {
    { "rtp: random packets byte-identical to libsrtp2, input untouched, round trip", case_rtp },
    { "rtcp: random packets byte-identical to libsrtp2, input untouched, round trip", case_rtcp },
    { "protect with in == out matches libsrtp2", case_protect_in_place },
    { "replayed rtp and rtcp give replay_fail", case_replay },
    { "window size 1024 and allow_repeat_tx are applied", case_window_and_repeat },
    { "tampered rtp and rtcp give auth_fail", case_tamper },
    { "short output buffers give buffer_small", case_buffer_small },
    { "an MKI key, a second key, an mki_index give bad_param", case_mki },
    { "wrong key length and window size are refused", case_bad_config },
    { "stream_remove takes the SSRC in network order", case_stream_remove },
};

static void report(const char *what)
{
    cases_run++;
    if (check_failures == 0) {
        cases_passed++;
        printf("ok %d - %s\n", cases_run, what);
    } else {
        printf("not ok %d - %s (%d failed checks)\n", cases_run, what, check_failures);
    }
    fflush(stdout);
    check_failures = 0;
}

int main(int argc, char **argv)
{
    size_t p, c;
    char label[256];
    unsigned long long seed =
        argc > 1 ? strtoull(argv[1], NULL, 10) : (unsigned long long)time(NULL);

    rng = seed ? seed : 1;
    printf("# seed %llu, %s\n", seed, srtp_get_version_string());
    if (srtp_init() != srtp_err_status_ok) {
        fprintf(stderr, "srtp_init failed\n");
        return 1;
    }

    CHECK(srtp_err_status_buffer_small == 28 && srtp_err_status_cryptex_err == 29 &&
              srtp_err_status_direction_mismatch == 30, "libsrtp 3 error codes");
    report("libsrtp 3 error codes have their libsrtp 3 values");

    for (p = 0; p < sizeof(PROFILES) / sizeof(PROFILES[0]); p++) {
        keying k;
        k.info = &PROFILES[p];
        rnd_bytes(k.key_and_salt, sizeof(k.key_and_salt));
        for (c = 0; c < sizeof(CASES) / sizeof(CASES[0]); c++) {
            CASES[c].run(&k);
            snprintf(label, sizeof(label), "%s %s", k.info->name, CASES[c].name);
            report(label);
        }
    }

    srtp_shutdown();
    printf("srtp3-compat: %d/%d cases passed\n", cases_passed, cases_run);
    return cases_passed == cases_run ? 0 : 1;
}
