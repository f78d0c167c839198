import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Bound on one openssl call; each takes a few milliseconds (EC keys, no prompts). */
const OPENSSL_TIMEOUT_MS = 10_000;

/** A file of {@link TlsMaterial}: where it is, and its PEM text for clients that take strings. */
export interface PemFile {
  readonly path: string;
  readonly pem: string;
}

/**
 * Certificates for TLS tests, all P-256 and valid for ten years. Plain data, so it can travel
 * to test workers inside a server's config.
 *
 * @example
 * tls.connect({ host: '127.0.0.1', port, ca: material.caCert.pem }); // trusted
 * tls.connect({ host: '127.0.0.1', port, ca: material.otherCaCert.pem }); // fails: wrong CA
 */
export interface TlsMaterial {
  /** The directory holding every file below. */
  readonly dir: string;
  /** The CA that signed the server and client certificates; clients trust it. */
  readonly caCert: PemFile;
  readonly caKey: PemFile;
  /** The server's certificate: subjectAltName `DNS:localhost,IP:127.0.0.1`, serverAuth. */
  readonly serverCert: PemFile;
  readonly serverKey: PemFile;
  /** A client certificate (clientAuth) signed by the same CA, for client-certificate tests. */
  readonly clientCert: PemFile;
  readonly clientKey: PemFile;
  /** A second, unrelated CA: a client trusting only this one must fail the handshake. */
  readonly otherCaCert: PemFile;
}

/** File names of the material, relative to its directory. */
export const TLS_FILES = {
  caCert: 'ca.crt',
  caKey: 'ca.key',
  serverCert: 'server.crt',
  serverKey: 'server.key',
  clientCert: 'client.crt',
  clientKey: 'client.key',
  otherCaCert: 'other-ca.crt',
  otherCaKey: 'other-ca.key',
} as const;

/**
 * openssl's configuration: our own, so the extensions do not depend on the system's
 * openssl.cnf (whose `req -x509` defaults differ between distributions and versions).
 */
export const OPENSSL_CONFIG = `[req]
distinguished_name = dn
prompt = no
[dn]
CN = redwire test
[ca_ext]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[server_ext]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,IP:127.0.0.1
authorityKeyIdentifier = keyid
[client_ext]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
authorityKeyIdentifier = keyid
`;

const CONFIG_FILE = 'openssl.cnf';
const NEW_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
const DAYS = ['-days', '3650'];

/**
 * The openssl calls, as stages of calls that may run in parallel; paths are relative to the
 * material's directory. The CA is made by `req -x509`, leaves by `req -new` then `x509 -req`,
 * which openssl 1.1.1 understands too (`req -CA` is 3.0 only).
 *
 * @param serial a fresh certificate serial number (`0x...`) on each call.
 */
export function opensslStages(serial: () => string): string[][][] {
  const f = TLS_FILES;
  const selfSigned = (key: string, cert: string, subject: string): string[] => [
    ...['req', '-x509', '-new', '-config', CONFIG_FILE, '-extensions', 'ca_ext', ...NEW_KEY],
    ...['-keyout', key, '-out', cert, '-subj', subject, ...DAYS],
  ];
  const request = (key: string, subject: string): string[] => [
    ...['req', '-new', '-config', CONFIG_FILE, ...NEW_KEY],
    ...['-keyout', key, '-out', `${key}.csr`, '-subj', subject],
  ];
  const sign = (key: string, cert: string, extensions: string): string[] => [
    ...['x509', '-req', '-in', `${key}.csr`, '-CA', f.caCert, '-CAkey', f.caKey],
    ...['-set_serial', serial(), '-extfile', CONFIG_FILE, '-extensions', extensions],
    ...['-out', cert, ...DAYS],
  ];
  return [
    [
      selfSigned(f.caKey, f.caCert, '/CN=redwire test CA'),
      selfSigned(f.otherCaKey, f.otherCaCert, '/CN=redwire other CA'),
      request(f.serverKey, '/CN=localhost'),
      request(f.clientKey, '/CN=redwire test client'),
    ],
    [sign(f.serverKey, f.serverCert, 'server_ext'), sign(f.clientKey, f.clientCert, 'client_ext')],
  ];
}

/** Prefix of a cached material directory; the owner's PID follows, for the reaper. */
const CACHE_DIR_PREFIX = 'redwire-tls-';

/** The PID in the name of a directory made for {@link generateTlsMaterial}'s cache, if it is one. */
export function tlsDirOwner(name: string): number | undefined {
  const pid = /^redwire-tls-(\d+)-/.exec(name)?.[1];
  return pid === undefined ? undefined : Number(pid);
}

let cached: Promise<TlsMaterial> | undefined;

/**
 * Generates {@link TlsMaterial} with the `openssl` command (about 50 ms).
 *
 * Without `dir`, the material is made once per process and every caller shares it. Its
 * temporary directory is removed when the process exits, or, for a process ended by a signal
 * (as vitest ends its workers), by the run's teardown or the next run's reaper. With `dir`,
 * fresh material is written there and the directory stays the caller's.
 *
 * @throws Error from execFile when openssl is missing, fails or takes over 10 s.
 */
export function generateTlsMaterial(dir?: string): Promise<TlsMaterial> {
  if (dir !== undefined) return writeMaterial(dir);
  cached ??= makeCachedMaterial().catch((error: unknown) => {
    // A failure is not cached: the next caller tries again.
    cached = undefined;
    throw error;
  });
  return cached;
}

async function makeCachedMaterial(): Promise<TlsMaterial> {
  const dir = await mkdtemp(join(tmpdir(), `${CACHE_DIR_PREFIX}${process.pid}-`));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return writeMaterial(dir);
}

async function writeMaterial(dir: string): Promise<TlsMaterial> {
  await writeFile(join(dir, CONFIG_FILE), OPENSSL_CONFIG);
  const serial = (): string => `0x1${randomBytes(8).toString('hex')}`;
  for (const stage of opensslStages(serial)) {
    await Promise.all(
      stage.map((args) => run('openssl', args, { cwd: dir, timeout: OPENSSL_TIMEOUT_MS })),
    );
  }
  const pem = async (name: string): Promise<PemFile> => {
    const path = join(dir, name);
    return { path, pem: await readFile(path, 'utf8') };
  };
  const f = TLS_FILES;
  const [caCert, caKey, serverCert, serverKey, clientCert, clientKey, otherCaCert] =
    await Promise.all([
      pem(f.caCert),
      pem(f.caKey),
      pem(f.serverCert),
      pem(f.serverKey),
      pem(f.clientCert),
      pem(f.clientKey),
      pem(f.otherCaCert),
    ]);
  return { dir, caCert, caKey, serverCert, serverKey, clientCert, clientKey, otherCaCert };
}
