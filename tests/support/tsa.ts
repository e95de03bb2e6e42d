import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * What the authority answers: a correct reply, or a correctly signed reply to another request
 * (another nonce, or another digest), which a careful client must refuse.
 */
export type TsaMode = 'ok' | 'wrong-nonce' | 'wrong-imprint';

export interface TestTsa {
  url: string;
  /** The throwaway CA that issued the TSA certificate (for `openssl ts -verify -CAfile`). */
  caFile: string;
  caPem: string;
  /** Replies sent so far. */
  readonly replies: number;
  mode: TsaMode;
  stop(): Promise<void>;
}

function openssl(args: string[], cwd: string) {
  return run('openssl', args, { cwd, maxBuffer: 16 * 1024 * 1024 });
}

/** A CA, and a TSA certificate whose extendedKeyUsage is critical timeStamping (RFC 3161 §2.3). */
async function makeTsaPki(dir: string): Promise<void> {
  await openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '2',
      '-subj',
      '/CN=Test TSA CA/O=OAC tests',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  await openssl(
    ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'tsa.key', '-out', 'tsa.csr', '-subj', '/CN=Test TSA/O=OAC tests'],
    dir,
  );
  writeFileSync(
    path.join(dir, 'tsa.ext'),
    'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=critical,timeStamping\n',
  );
  await openssl(
    [
      'x509',
      '-req',
      '-in',
      'tsa.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'tsa.pem',
      '-days',
      '2',
      '-sha256',
      '-extfile',
      'tsa.ext',
    ],
    dir,
  );
  writeFileSync(path.join(dir, 'serial'), '01\n');
  writeFileSync(
    path.join(dir, 'tsa.cnf'),
    [
      '[ tsa ]',
      'default_tsa = tsa_config',
      '[ tsa_config ]',
      `serial = ${path.join(dir, 'serial')}`,
      'crypto_device = builtin',
      `signer_cert = ${path.join(dir, 'tsa.pem')}`,
      `certs = ${path.join(dir, 'ca.pem')}`,
      `signer_key = ${path.join(dir, 'tsa.key')}`,
      'signer_digest = sha256',
      'default_policy = 1.3.6.1.4.1.99999.1',
      'digests = sha256, sha384, sha512',
      'accuracy = secs:1',
      'ordering = no',
      'tsa_name = yes',
      'ess_cert_id_chain = no',
      'ess_cert_id_alg = sha256',
      '',
    ].join('\n'),
  );
}

/** The hex of the message imprint in a query, read back with `openssl ts -query -text`. */
async function queryDigest(dir: string, query: string): Promise<string> {
  const { stdout } = await openssl(['ts', '-query', '-in', query, '-text'], dir);
  const block = stdout.split('Message data:')[1]?.split('Policy OID:')[0] ?? '';
  return [...block.matchAll(/ - ([0-9a-f -]+)/g)].map((m) => (m[1] ?? '').replace(/[^0-9a-f]/g, '')).join('');
}

async function reply(dir: string, query: Buffer, mode: TsaMode): Promise<Buffer> {
  const id = randomBytes(6).toString('hex');
  const queryFile = path.join(dir, `${id}.tsq`);
  const replyFile = path.join(dir, `${id}.tsr`);
  await writeFile(queryFile, query);
  try {
    let answered = queryFile;
    if (mode !== 'ok') {
      // A fresh query: for wrong-nonce the same digest (openssl picks a new random nonce), for
      // wrong-imprint another digest. The reply is then properly signed, but not for this request.
      const digest = mode === 'wrong-nonce' ? await queryDigest(dir, queryFile) : randomBytes(32).toString('hex');
      answered = path.join(dir, `${id}.other.tsq`);
      await openssl(['ts', '-query', '-digest', digest, '-sha256', '-cert', '-out', answered], dir);
    }
    await openssl(['ts', '-reply', '-config', path.join(dir, 'tsa.cnf'), '-queryfile', answered, '-out', replyFile], dir);
    return await readFile(replyFile);
  } finally {
    await Promise.all([queryFile, replyFile, path.join(dir, `${id}.other.tsq`)].map((f) => rm(f, { force: true })));
  }
}

/**
 * A local RFC 3161 timestamp authority: `openssl ts -reply` behind a small HTTP handler, with its
 * own CA and TSA certificate made in a temporary folder for this run. Requests are answered one at
 * a time, since openssl updates the serial file in place.
 */
export async function startTestTsa(mode: TsaMode = 'ok'): Promise<TestTsa> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oac-tsa-'));
  await makeTsaPki(dir);
  let replies = 0;
  let queue: Promise<unknown> = Promise.resolve();
  const state = { mode };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.headers['content-type'] !== 'application/timestamp-query') {
        res.writeHead(400).end();
        return;
      }
      const job = queue.then(() => reply(dir, Buffer.concat(chunks), state.mode));
      queue = job.catch(() => undefined);
      job.then(
        (body) => {
          replies++;
          res.writeHead(200, { 'content-type': 'application/timestamp-reply', 'content-length': body.length }).end(body);
        },
        (err: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(err.message),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/tsr`,
    caFile: path.join(dir, 'ca.pem'),
    caPem: readFileSync(path.join(dir, 'ca.pem'), 'utf8'),
    get replies() {
      return replies;
    },
    get mode() {
      return state.mode;
    },
    set mode(m: TsaMode) {
      state.mode = m;
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A TCP server that accepts connections and never says a word: a TSA (or anything) that hangs. */
export async function startSilentServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/tsr`,
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
