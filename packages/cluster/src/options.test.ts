import { describe, expect, it } from 'vitest';
import { CLUSTER_DEFAULTS, resolveClusterOptions } from './options.js';

describe('resolveClusterOptions', () => {
  it('takes seed URLs and addresses, sharing the first URL’s credentials and TLS', () => {
    const resolved = resolveClusterOptions({
      nodes: ['rediss://app:s3cret@10.0.0.1:7001', { host: '10.0.0.2', port: 7002 }],
      commandTimeout: 250,
    });
    expect(resolved.seeds).toEqual([
      { host: '10.0.0.1', port: 7001 },
      { host: '10.0.0.2', port: 7002 },
    ]);
    expect(resolved.node).toMatchObject({
      username: 'app',
      password: 's3cret',
      tls: true,
      commandTimeout: 250,
    });
    expect(resolved.tls).toBe(true);
    expect(resolved.commandTimeout).toBe(250);
  });

  it('reads bare host:port seeds as cluster tools write them, IPv6 in brackets', () => {
    const resolved = resolveClusterOptions({
      nodes: ['127.0.0.1:7001', 'cache-2.internal:7002', '[::1]:7003', 'redis://10.0.0.4:7004'],
    });
    expect(resolved.seeds).toEqual([
      { host: '127.0.0.1', port: 7001 },
      { host: 'cache-2.internal', port: 7002 },
      { host: '::1', port: 7003 },
      { host: '10.0.0.4', port: 7004 },
    ]);
    expect(() => resolveClusterOptions({ nodes: ['127.0.0.1:70000'] })).toThrow(
      /port 70000; ports run from 1 to 65535/,
    );
    expect(() => resolveClusterOptions({ nodes: ['127.0.0.1'] })).toThrow(/redis:\/\//);
  });

  it('applies the documented defaults', () => {
    const resolved = resolveClusterOptions({ nodes: ['redis://127.0.0.1:7001'] });
    expect(resolved).toMatchObject({
      maxRedirections: CLUSTER_DEFAULTS.maxRedirections,
      topologyCheckInterval: 10_000,
      readFrom: 'primary',
      retryLostWrites: false,
      suspectAfter: 1_000,
      commandTimeout: 5_000,
      tls: false,
    });
  });

  it('takes { url } and { host, port } seeds, explicit fields winning, credentials for every node', () => {
    const resolved = resolveClusterOptions({
      nodes: [
        { url: 'rediss://app:secret@10.0.0.1:7001' },
        { host: '10.0.0.2' },
        { url: 'redis://h:1', port: 2 },
      ],
    });
    expect(resolved.seeds).toEqual([
      { host: '10.0.0.1', port: 7001 },
      { host: '10.0.0.2', port: 6379 },
      { host: 'h', port: 2 },
    ]);
    expect(resolved.node).toMatchObject({ username: 'app', password: 'secret', tls: true });
  });

  it.each([
    [{ nodes: [] }, /at least one seed/],
    [{ nodes: 'redis://x:1' }, /at least one seed/],
    [{ nodes: ['unix:///tmp/redis.sock'] }, /unix socket/],
    [{ nodes: ['redis://127.0.0.1:7001/2'] }, /only db 0/],
    [{ nodes: [42] }, /nodes\[0\] must be/],
    [{ nodes: [{ port: 7001 }] }, /nodes\[0\] needs a host/],
    [{ nodes: [{ host: 'a', port: 0 }] }, /nodes\[0\]\.port must be/],
    [{ nodes: [{ url: 42 }] }, /nodes\[0\]\.url must be a string/],
    [
      { nodes: [{ hots: 'a' }] },
      /unknown option `nodes\[0\]\.hots` \(did you mean `nodes\[0\]\.host`\?\)/,
    ],
    [{ nodes: ['redis://a:1'], bogus: 1 }, /createCluster\(\): unknown option `bogus`/],
    [
      { nodes: ['redis://a:1'], host: 'a' },
      /unknown option `host` \(give the seed nodes in `nodes`/,
    ],
    [{ nodes: ['redis://a:1'], rootNodes: [] }, /redwire takes `nodes`/],
    [{ nodes: ['redis://a:1'], reconnect: { maxDelya: 1 } }, /`reconnect\.maxDelya`/],
    [{ nodes: ['redis://a:1'], maxRedirections: -1 }, /maxRedirections/],
    [{ nodes: ['redis://a:1'], topologyCheckInterval: 5 }, /topologyCheckInterval/],
    [{ nodes: ['redis://a:1'], readFrom: 'nearest' }, /readFrom/],
    [{ nodes: ['redis://a:1'], retryLostWrites: 'yes' }, /retryLostWrites/],
    [{ nodes: ['redis://a:1'], suspectAfter: 50 }, /suspectAfter/],
    [{ nodes: ['redis://a:1'], suspectAfter: true }, /suspectAfter/],
  ])('refuses %j', (options, message) => {
    expect(() => resolveClusterOptions(options as never)).toThrow(message);
  });
});
