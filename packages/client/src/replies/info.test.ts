import { VerbatimString } from '@redwire/protocol';
import { describe, expect, it } from 'vitest';
import { infoSections, parseInfo } from './info.js';

const text =
  '# Server\r\nredis_version:7.0.15\r\nredis_mode:standalone\r\n\r\n# Keyspace\r\ndb0:keys=1,expires=0,avg_ttl=0\r\n';

describe('parseInfo', () => {
  it('parses sections of fields, section names lower-cased', () => {
    expect(parseInfo(text)).toEqual({
      server: { redis_version: '7.0.15', redis_mode: 'standalone' },
      keyspace: { db0: 'keys=1,expires=0,avg_ttl=0' },
    });
  });

  it('keeps colons inside values and reads Buffers and verbatim strings', () => {
    expect(parseInfo(Buffer.from('# Clients\nx:a:b\n'))).toEqual({ clients: { x: 'a:b' } });
    expect(infoSections(new VerbatimString('txt', '# CPU\r\nused_cpu_sys:0.1\r\n'))).toEqual({
      cpu: { used_cpu_sys: '0.1' },
    });
  });
});
