/* libsrtp2 used directly, as the reference the compat layer must match. */
#ifndef OAC_SRTP2_DIRECT_H
#define OAC_SRTP2_DIRECT_H

#include <stddef.h>
#include <stdint.h>
#include <srtp2/srtp.h>

/* Same settings as mediasoup's SrtpSession: wildcard SSRC, window 1024,
 * repeated transmissions allowed. */
srtp_err_status_t direct_create(srtp_t *session,
                                srtp_profile_t profile,
                                int outbound,
                                const uint8_t *key_and_salt);
srtp_err_status_t direct_protect(srtp_t session, uint8_t *buf, size_t *len, int rtcp);

#endif
