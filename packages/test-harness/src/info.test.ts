import { describe, expect, it } from 'vitest';
import { parseInfo } from './info.js';

describe('parseInfo', () => {
  it('reads key:value lines, skipping section headers and blank lines', () => {
    const text =
      '# Replication\r\nrole:slave\r\nmaster_host:127.0.0.1\r\nmaster_link_status:up\r\n\r\n# Cluster\r\ncluster_enabled:1\r\n';
    expect(parseInfo(text)).toEqual({
      role: 'slave',
      master_host: '127.0.0.1',
      master_link_status: 'up',
      cluster_enabled: '1',
    });
  });

  it('keeps colons inside values', () => {
    expect(
      parseInfo('slave0:ip=127.0.0.1,port=7004,state=online\r\nexecutable:/usr/bin/redis-server'),
    ).toEqual({
      slave0: 'ip=127.0.0.1,port=7004,state=online',
      executable: '/usr/bin/redis-server',
    });
  });
});
