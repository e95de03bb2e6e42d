#include "srtp2_direct.h"

#include <string.h>

srtp_err_status_t direct_create(srtp_t *session,
                                srtp_profile_t profile,
                                int outbound,
                                const uint8_t *key_and_salt)
{
    srtp_policy_t policy;
    srtp_err_status_t status;

    memset(&policy, 0, sizeof(policy));
    policy.ssrc.type = outbound ? ssrc_any_outbound : ssrc_any_inbound;
    status = srtp_crypto_policy_set_from_profile_for_rtp(&policy.rtp, profile);
    if (status != srtp_err_status_ok) {
        return status;
    }
    status = srtp_crypto_policy_set_from_profile_for_rtcp(&policy.rtcp, profile);
    if (status != srtp_err_status_ok) {
        return status;
    }
    policy.key = (unsigned char *)key_and_salt;
    policy.window_size = 1024;
    policy.allow_repeat_tx = 1;
    return srtp_create(session, &policy);
}

srtp_err_status_t direct_protect(srtp_t session, uint8_t *buf, size_t *len, int rtcp)
{
    int l = (int)*len;
    srtp_err_status_t status =
        rtcp ? srtp_protect_rtcp(session, buf, &l) : srtp_protect(session, buf, &l);
    *len = (size_t)l;
    return status;
}
