// The documents bench's server, in a process of its own so that its RSS is the server's alone
// (the bench's process also runs s3rver and the uploading client). Given `{ pgAdminUrl, s3Endpoint }`
// as JSON in argv[2], it starts a server, books an appointment, prints one JSON line with what the
// bench needs, and stops when its stdin closes.
import { randomBytes } from 'node:crypto';
import { startServerFor } from '../support/context';
import { catalogue, makeSlot } from '../support/http';

const { pgAdminUrl, s3Endpoint } = JSON.parse(process.argv[2] ?? '{}') as { pgAdminUrl: string; s3Endpoint: string };
const t = await startServerFor({
  pgAdminUrl,
  s3Endpoint,
  env: {
    UPLOAD_MAX_BYTES: String(256 * 1024 ** 2),
    // Every round uploads 200 MB into the same appointment.
    DOCUMENT_MAX_BYTES_PER_APPOINTMENT: String(8 * 1024 ** 3),
    DOCUMENT_MAX_FILES_PER_APPOINTMENT: '1000',
    LOG_LEVEL: 'warn',
  },
});
const ids = await catalogue(t.db);
const slot = await makeSlot(t.db, ids.office('oac-ciutat-vella'), 9 * 24 * 60);
const res = await fetch(`${t.url}/api/bookings`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    slotId: slot,
    serviceId: ids.service('PADRO'),
    name: 'Bench Documents',
    email: `bench-${randomBytes(4).toString('hex')}@example.org`,
  }),
});
const booking = (await res.json()) as { token: string; appointment: { id: string } };
if (res.status !== 201) throw new Error(`the bench's booking failed: ${res.status} ${JSON.stringify(booking)}`);
// The server logs to stdout too: the bench looks for the line that starts with this mark.
process.stdout.write(
  '@@bench ' +
    JSON.stringify({ url: t.url, token: booking.token, appointmentId: booking.appointment.id, bucket: t.env.S3_BUCKET, pid: process.pid }) +
    '\n',
);

process.stdin.resume();
process.stdin.on('end', () => {
  void t.stop().then(() => process.exit(0));
});
