/*
 * The libsrtp 3 calls that mediasoup 3.24 to 3.27 make, on top of Debian's
 * libsrtp2 (libsrtp2-dev), which receives security updates. Debian has no
 * libsrtp 3 and mediasoup's own wrap downloads a snapshot of it.
 *
 * libsrtp2's declarations stay visible under their own names, except that its
 * policy struct is renamed srtp2_policy_t, because libsrtp 3 reuses the name
 * srtp_policy_t for an opaque handle. The libsrtp 3 functions whose names
 * clash with libsrtp2 ones of another signature are mapped onto srtp3_compat_*
 * so that libsrtp2's symbols remain reachable (the implementation calls them).
 *
 * Not supported: MKI (a key with an MKI, or a second key, is refused with
 * srtp_err_status_bad_param). mediasoup never uses it.
 */
#ifndef OAC_SRTP3_COMPAT_SRTP_H
#define OAC_SRTP3_COMPAT_SRTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define srtp_policy_t srtp2_policy_t
#include <srtp2/srtp.h>
#undef srtp_policy_t

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Error codes that libsrtp 3 adds after libsrtp2's last one (27); every other
 * code has the same value in both versions.
 */
#define srtp_err_status_buffer_small ((srtp_err_status_t)28)
#define srtp_err_status_cryptex_err ((srtp_err_status_t)29)
#define srtp_err_status_direction_mismatch ((srtp_err_status_t)30)

/* libsrtp 3's policy: an opaque handle, configured through setters. */
typedef struct srtp3_compat_policy *srtp_policy_t;

srtp_err_status_t srtp3_compat_policy_create(srtp_policy_t *policy);
void srtp3_compat_policy_destroy(srtp_policy_t policy);
srtp_err_status_t srtp3_compat_policy_set_ssrc(srtp_policy_t policy,
                                               srtp_ssrc_t ssrc);
srtp_err_status_t srtp3_compat_policy_set_profile(srtp_policy_t policy,
                                                  srtp_profile_t profile);
srtp_err_status_t srtp3_compat_policy_add_key(srtp_policy_t policy,
                                              const uint8_t *key,
                                              size_t key_len,
                                              const uint8_t *salt,
                                              size_t salt_len,
                                              const uint8_t *mki,
                                              size_t mki_len);
srtp_err_status_t srtp3_compat_policy_set_window_size(srtp_policy_t policy,
                                                      size_t window_size);
srtp_err_status_t srtp3_compat_policy_set_allow_repeat_tx(srtp_policy_t policy,
                                                          bool allow);

srtp_err_status_t srtp3_compat_create(srtp_t *session,
                                      const srtp_policy_t policy);
srtp_err_status_t srtp3_compat_stream_remove(srtp_t session, uint32_t ssrc);

/*
 * Protect: the input is never modified; out may equal in. *out_len is the
 * size of out on entry and the length of the protected packet on return.
 */
srtp_err_status_t srtp3_compat_protect(srtp_t ctx,
                                       const uint8_t *rtp,
                                       size_t rtp_len,
                                       uint8_t *srtp,
                                       size_t *srtp_len,
                                       size_t mki_index);
srtp_err_status_t srtp3_compat_protect_rtcp(srtp_t ctx,
                                            const uint8_t *rtcp,
                                            size_t rtcp_len,
                                            uint8_t *srtcp,
                                            size_t *srtcp_len,
                                            size_t mki_index);

/* Unprotect: same contract as protect. */
srtp_err_status_t srtp3_compat_unprotect(srtp_t ctx,
                                         const uint8_t *srtp,
                                         size_t srtp_len,
                                         uint8_t *rtp,
                                         size_t *rtp_len);
srtp_err_status_t srtp3_compat_unprotect_rtcp(srtp_t ctx,
                                              const uint8_t *srtcp,
                                              size_t srtcp_len,
                                              uint8_t *rtcp,
                                              size_t *rtcp_len);

#ifdef __cplusplus
}
#endif

/* The implementation defines this to call libsrtp2's functions by name. */
#ifndef SRTP3_COMPAT_IMPLEMENTATION
#define srtp_policy_create srtp3_compat_policy_create
#define srtp_policy_destroy srtp3_compat_policy_destroy
#define srtp_policy_set_ssrc srtp3_compat_policy_set_ssrc
#define srtp_policy_set_profile srtp3_compat_policy_set_profile
#define srtp_policy_add_key srtp3_compat_policy_add_key
#define srtp_policy_set_window_size srtp3_compat_policy_set_window_size
#define srtp_policy_set_allow_repeat_tx srtp3_compat_policy_set_allow_repeat_tx
#define srtp_create srtp3_compat_create
#define srtp_stream_remove srtp3_compat_stream_remove
#define srtp_protect srtp3_compat_protect
#define srtp_protect_rtcp srtp3_compat_protect_rtcp
#define srtp_unprotect srtp3_compat_unprotect
#define srtp_unprotect_rtcp srtp3_compat_unprotect_rtcp
#endif

#endif /* OAC_SRTP3_COMPAT_SRTP_H */
