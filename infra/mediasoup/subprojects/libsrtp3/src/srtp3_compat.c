/*
 * libsrtp 3 API (as used by mediasoup 3.24 to 3.27) over Debian's libsrtp2.
 * See include/srtp.h for the contract; test/srtp3_compat_test.c checks every
 * profile mediasoup negotiates against libsrtp2 used directly.
 */
#define SRTP3_COMPAT_IMPLEMENTATION
#include "srtp.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* libsrtp2 reads the master key and salt from one buffer, salt after key. */
#define COMPAT_MAX_KEY_AND_SALT_LEN (SRTP_MAX_KEY_LEN + 16)

struct srtp3_compat_policy {
    srtp_ssrc_t ssrc;
    srtp_profile_t profile;
    bool has_profile;
    unsigned char key_and_salt[COMPAT_MAX_KEY_AND_SALT_LEN];
    size_t key_len;
    size_t salt_len;
    bool has_key;
    unsigned long window_size;
    bool allow_repeat_tx;
};

/* Key material must not survive in freed memory; a volatile store is not
 * optimised away the way a memset before free() may be. */
static void wipe(void *p, size_t n)
{
    volatile unsigned char *v = (volatile unsigned char *)p;
    while (n--) {
        *v++ = 0;
    }
}

srtp_err_status_t srtp3_compat_policy_create(srtp_policy_t *policy)
{
    if (policy == NULL) {
        return srtp_err_status_bad_param;
    }
    *policy = (srtp_policy_t)calloc(1, sizeof(struct srtp3_compat_policy));
    if (*policy == NULL) {
        return srtp_err_status_alloc_fail;
    }
    (*policy)->ssrc.type = ssrc_undefined;
    return srtp_err_status_ok;
}

void srtp3_compat_policy_destroy(srtp_policy_t policy)
{
    if (policy == NULL) {
        return;
    }
    wipe(policy, sizeof(*policy));
    free(policy);
}

srtp_err_status_t srtp3_compat_policy_set_ssrc(srtp_policy_t policy,
                                               srtp_ssrc_t ssrc)
{
    if (policy == NULL) {
        return srtp_err_status_bad_param;
    }
    if (ssrc.type != ssrc_specific && ssrc.type != ssrc_any_inbound &&
        ssrc.type != ssrc_any_outbound) {
        return srtp_err_status_bad_param;
    }
    policy->ssrc = ssrc;
    return srtp_err_status_ok;
}

srtp_err_status_t srtp3_compat_policy_set_profile(srtp_policy_t policy,
                                                  srtp_profile_t profile)
{
    srtp_crypto_policy_t probe;
    srtp_err_status_t status;

    if (policy == NULL) {
        return srtp_err_status_bad_param;
    }
    /* Refuse now, as libsrtp 3 does, a profile libsrtp2 cannot map. */
    status = srtp_crypto_policy_set_from_profile_for_rtp(&probe, profile);
    if (status != srtp_err_status_ok) {
        return status;
    }
    status = srtp_crypto_policy_set_from_profile_for_rtcp(&probe, profile);
    if (status != srtp_err_status_ok) {
        return status;
    }
    policy->profile = profile;
    policy->has_profile = true;
    return srtp_err_status_ok;
}

srtp_err_status_t srtp3_compat_policy_add_key(srtp_policy_t policy,
                                              const uint8_t *key,
                                              size_t key_len,
                                              const uint8_t *salt,
                                              size_t salt_len,
                                              const uint8_t *mki,
                                              size_t mki_len)
{
    if (policy == NULL || key == NULL || salt == NULL) {
        return srtp_err_status_bad_param;
    }
    /* MKI, and so more than one master key, is not supported. */
    if (mki != NULL || mki_len != 0 || policy->has_key) {
        return srtp_err_status_bad_param;
    }
    if (key_len == 0 || salt_len == 0 || key_len > SRTP_MAX_KEY_LEN ||
        key_len + salt_len > sizeof(policy->key_and_salt)) {
        return srtp_err_status_bad_param;
    }
    memcpy(policy->key_and_salt, key, key_len);
    memcpy(policy->key_and_salt + key_len, salt, salt_len);
    policy->key_len = key_len;
    policy->salt_len = salt_len;
    policy->has_key = true;
    return srtp_err_status_ok;
}

srtp_err_status_t srtp3_compat_policy_set_window_size(srtp_policy_t policy,
                                                      size_t window_size)
{
    if (policy == NULL) {
        return srtp_err_status_bad_param;
    }
    /* libsrtp2's own bounds; 0 selects its default (128). */
    if (window_size != 0 && (window_size < 64 || window_size >= 0x8000)) {
        return srtp_err_status_bad_param;
    }
    policy->window_size = (unsigned long)window_size;
    return srtp_err_status_ok;
}

srtp_err_status_t srtp3_compat_policy_set_allow_repeat_tx(srtp_policy_t policy,
                                                          bool allow)
{
    if (policy == NULL) {
        return srtp_err_status_bad_param;
    }
    policy->allow_repeat_tx = allow;
    return srtp_err_status_ok;
}

srtp_err_status_t srtp3_compat_create(srtp_t *session,
                                      const srtp_policy_t policy)
{
    srtp2_policy_t legacy;
    srtp_err_status_t status;

    if (session == NULL) {
        return srtp_err_status_bad_param;
    }
    if (policy == NULL) {
        return srtp_create(session, NULL);
    }
    if (!policy->has_profile || !policy->has_key ||
        policy->ssrc.type == ssrc_undefined) {
        return srtp_err_status_bad_param;
    }
    if (policy->key_len != srtp_profile_get_master_key_length(policy->profile) ||
        policy->salt_len !=
            srtp_profile_get_master_salt_length(policy->profile)) {
        return srtp_err_status_bad_param;
    }

    memset(&legacy, 0, sizeof(legacy));
    legacy.ssrc = policy->ssrc;
    status =
        srtp_crypto_policy_set_from_profile_for_rtp(&legacy.rtp, policy->profile);
    if (status != srtp_err_status_ok) {
        return status;
    }
    status = srtp_crypto_policy_set_from_profile_for_rtcp(&legacy.rtcp,
                                                          policy->profile);
    if (status != srtp_err_status_ok) {
        return status;
    }
    /* libsrtp2 derives the session keys here and keeps no pointer to it. */
    legacy.key = (unsigned char *)policy->key_and_salt;
    legacy.window_size = policy->window_size;
    legacy.allow_repeat_tx = policy->allow_repeat_tx ? 1 : 0;
    legacy.next = NULL;
    return srtp_create(session, &legacy);
}

srtp_err_status_t srtp3_compat_stream_remove(srtp_t session, uint32_t ssrc)
{
    /* Both versions take the SSRC in network byte order. */
    return srtp_remove_stream(session, ssrc);
}

static srtp_err_status_t protect_into(srtp_t ctx,
                                      const uint8_t *in,
                                      size_t in_len,
                                      uint8_t *out,
                                      size_t *out_len,
                                      size_t mki_index,
                                      bool rtcp)
{
    uint32_t trailer_len = 0;
    srtp_err_status_t status;
    int len;

    if (ctx == NULL || in == NULL || out == NULL || out_len == NULL) {
        return srtp_err_status_bad_param;
    }
    if (mki_index != 0) {
        return srtp_err_status_bad_param;
    }
    if (in_len > (size_t)INT_MAX - SRTP_MAX_TRAILER_LEN - 4) {
        return srtp_err_status_bad_param;
    }
    status = rtcp ? srtp_get_protect_rtcp_trailer_length(ctx, 0, 0, &trailer_len)
                  : srtp_get_protect_trailer_length(ctx, 0, 0, &trailer_len);
    if (status != srtp_err_status_ok) {
        return status;
    }
    if (*out_len < in_len + trailer_len) {
        return srtp_err_status_buffer_small;
    }
    /* libsrtp2 protects in place: work on the copy, never on the input. */
    if (out != in) {
        memmove(out, in, in_len);
    }
    len = (int)in_len;
    status = rtcp ? srtp_protect_rtcp(ctx, out, &len) : srtp_protect(ctx, out, &len);
    if (status != srtp_err_status_ok) {
        return status;
    }
    *out_len = (size_t)len;
    return srtp_err_status_ok;
}

static srtp_err_status_t unprotect_into(srtp_t ctx,
                                        const uint8_t *in,
                                        size_t in_len,
                                        uint8_t *out,
                                        size_t *out_len,
                                        bool rtcp)
{
    srtp_err_status_t status;
    int len;

    if (ctx == NULL || in == NULL || out == NULL || out_len == NULL) {
        return srtp_err_status_bad_param;
    }
    if (in_len > (size_t)INT_MAX) {
        return srtp_err_status_bad_param;
    }
    /* A separate output needs room for the whole packet: libsrtp2 works on
     * it in place before it knows the plaintext length. */
    if (out != in) {
        if (*out_len < in_len) {
            return srtp_err_status_buffer_small;
        }
        memmove(out, in, in_len);
    }
    len = (int)in_len;
    status =
        rtcp ? srtp_unprotect_rtcp(ctx, out, &len) : srtp_unprotect(ctx, out, &len);
    if (status != srtp_err_status_ok) {
        return status;
    }
    *out_len = (size_t)len;
    return srtp_err_status_ok;
}

srtp_err_status_t srtp3_compat_protect(srtp_t ctx,
                                       const uint8_t *rtp,
                                       size_t rtp_len,
                                       uint8_t *srtp,
                                       size_t *srtp_len,
                                       size_t mki_index)
{
    return protect_into(ctx, rtp, rtp_len, srtp, srtp_len, mki_index, false);
}

srtp_err_status_t srtp3_compat_protect_rtcp(srtp_t ctx,
                                            const uint8_t *rtcp,
                                            size_t rtcp_len,
                                            uint8_t *srtcp,
                                            size_t *srtcp_len,
                                            size_t mki_index)
{
    return protect_into(ctx, rtcp, rtcp_len, srtcp, srtcp_len, mki_index, true);
}

srtp_err_status_t srtp3_compat_unprotect(srtp_t ctx,
                                         const uint8_t *srtp,
                                         size_t srtp_len,
                                         uint8_t *rtp,
                                         size_t *rtp_len)
{
    return unprotect_into(ctx, srtp, srtp_len, rtp, rtp_len, false);
}

srtp_err_status_t srtp3_compat_unprotect_rtcp(srtp_t ctx,
                                              const uint8_t *srtcp,
                                              size_t srtcp_len,
                                              uint8_t *rtcp,
                                              size_t *rtcp_len)
{
    return unprotect_into(ctx, srtcp, srtcp_len, rtcp, rtcp_len, true);
}
