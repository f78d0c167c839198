import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateTlsMaterial, opensslStages, TLS_FILES, tlsDirOwner } from './tls-certs.js';

describe('opensslStages', () => {
  it('makes both CAs and both requests first, then signs the leaves with the first CA', () => {
    let next = 0;
    const stages = opensslStages(() => `0x${++next}`);
    expect(stages.map((stage) => stage.length)).toEqual([4, 2]);
    const outputs = stages.map((stage) => stage.map((args) => args[args.indexOf('-out') + 1]));
    expect(outputs[0]).toEqual([
      TLS_FILES.caCert,
      TLS_FILES.otherCaCert,
      `${TLS_FILES.serverKey}.csr`,
      `${TLS_FILES.clientKey}.csr`,
    ]);
    expect(outputs[1]).toEqual([TLS_FILES.serverCert, TLS_FILES.clientCert]);
    for (const args of stages[1]!) {
      expect(args[args.indexOf('-CA') + 1]).toBe(TLS_FILES.caCert);
    }
    // Each certificate gets its own serial.
    expect(stages[1]!.map((args) => args[args.indexOf('-set_serial') + 1])).toEqual(['0x1', '0x2']);
  });
});

describe('tlsDirOwner', () => {
  it('reads the PID from a cached material directory and ignores other names', () => {
    expect(tlsDirOwner('redwire-tls-1234-AbC123')).toBe(1234);
    expect(tlsDirOwner('redwire-test-AbC123')).toBeUndefined();
    expect(tlsDirOwner('redwire-tls-x-AbC123')).toBeUndefined();
  });
});

describe('generateTlsMaterial (runs openssl)', () => {
  const made: string[] = [];
  afterAll(() => Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true }))));

  it('signs a server certificate for localhost and 127.0.0.1 and a client certificate with one CA', async () => {
    const material = await generateTlsMaterial();
    const ca = new X509Certificate(material.caCert.pem);
    const server = new X509Certificate(material.serverCert.pem);
    const client = new X509Certificate(material.clientCert.pem);
    expect(ca.ca).toBe(true);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(client.verify(ca.publicKey)).toBe(true);
    expect(server.checkHost('localhost')).toBe('localhost');
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(server.keyUsage).toContain('1.3.6.1.5.5.7.3.1'); // serverAuth
    expect(client.keyUsage).toContain('1.3.6.1.5.5.7.3.2'); // clientAuth
    expect(server.serialNumber).not.toBe(client.serialNumber);
    expect(material.serverKey.pem).toContain('PRIVATE KEY');
    expect(material.clientKey.pem).toContain('PRIVATE KEY');
  });

  it('makes a second CA that did not sign the server certificate', async () => {
    const material = await generateTlsMaterial();
    const other = new X509Certificate(material.otherCaCert.pem);
    expect(other.subject).not.toBe(new X509Certificate(material.caCert.pem).subject);
    expect(new X509Certificate(material.serverCert.pem).verify(other.publicKey)).toBe(false);
  });

  it('reuses one set per process, in a directory named after the process', async () => {
    const first = await generateTlsMaterial();
    // This worker ends by SIGTERM, which skips the `exit` handler that would remove it.
    made.push(first.dir);
    expect(await generateTlsMaterial()).toBe(first);
    expect(tlsDirOwner(basename(first.dir))).toBe(process.pid);
    expect(existsSync(first.caCert.path)).toBe(true);
  });

  it('writes fresh material into a directory the caller gives, and leaves it there', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'redwire-tls-test-'));
    made.push(dir);
    const material = await generateTlsMaterial(dir);
    expect(material.dir).toBe(dir);
    expect(material.serverCert.path).toBe(join(dir, TLS_FILES.serverCert));
    expect(material.caCert.pem).not.toBe((await generateTlsMaterial()).caCert.pem);
  });
});
