import { EventEmitter } from 'node:events';
import type { TopologyChange } from 'redwire';
import { describe, expect, it } from 'vitest';
import { TopologyLog, type TopologySource } from './topology-log.js';

/** The `topology` event of a cluster client, emitted by the test. */
function source() {
  const emitter = new EventEmitter();
  return { emitter, cluster: emitter as unknown as TopologySource };
}

const failover: TopologyChange = {
  added: [],
  removed: [],
  promoted: ['127.0.0.1:7004'],
  movedSlots: 5461,
  moves: [{ start: 0, end: 5460, from: '127.0.0.1:7001', to: '127.0.0.1:7004' }],
};

describe('TopologyLog', () => {
  it('says which replica was promoted and from whom, then what moved, newest first', () => {
    const { emitter, cluster } = source();
    const log = new TopologyLog(cluster);
    log.note('killed primary 127.0.0.1:7001');
    emitter.emit('topology', failover);
    expect(log.events.map((event) => [event.kind, event.text])).toEqual([
      ['topology', 'slot map: 5461 slots changed primary'],
      ['failover', '127.0.0.1:7004 promoted to primary, taking over from 127.0.0.1:7001'],
      ['action', 'killed primary 127.0.0.1:7001'],
    ]);
  });

  it('keeps the newest events only, and stops listening on close', () => {
    const { emitter, cluster } = source();
    const log = new TopologyLog(cluster, 3);
    for (let i = 0; i < 5; i++) log.note(`event ${i}`);
    expect(log.events.map((event) => event.text)).toEqual(['event 4', 'event 3', 'event 2']);
    log.close();
    expect(emitter.listenerCount('topology')).toBe(0);
    emitter.emit('topology', { ...failover, added: ['127.0.0.1:7007'] });
    expect(log.events).toHaveLength(3);
  });
});
