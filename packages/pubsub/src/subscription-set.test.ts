import { describe, expect, it } from 'vitest';
import { SubscriptionSet } from './subscription-set.js';

describe('SubscriptionSet', () => {
  it('keeps desired apart from confirmed, per kind', () => {
    const set = new SubscriptionSet();
    set.want('channel', ['a', 'b']);
    set.want('shard', ['a']);
    set.confirm('channel', 'a');
    expect(set.desired('channel')).toEqual(['a', 'b']);
    expect(set.unconfirmed('channel')).toEqual(['b']);
    expect(set.isConfirmed('shard', 'a')).toBe(false);
    expect(set.desiredCounts()).toEqual({ channels: 2, patterns: 0, shards: 1 });
    expect(set.confirmedCounts()).toEqual({ channels: 1, patterns: 0, shards: 0 });
  });

  it('treats a string and the Buffer of its UTF-8 bytes as one name, keeping the first form', () => {
    const set = new SubscriptionSet();
    set.want('pattern', ['café*']);
    set.want('pattern', [Buffer.from('café*')]);
    set.confirm('pattern', Buffer.from('café*'));
    expect(set.desired('pattern')).toEqual(['café*']);
    expect(set.isConfirmed('pattern', 'café*')).toBe(true);
    set.unwant('pattern', [Buffer.from('café*')]);
    expect(set.isDesired('pattern', 'café*')).toBe(false);
  });

  it('forgets what the server confirmed when the socket is lost, not what is desired', () => {
    const set = new SubscriptionSet();
    set.want('channel', ['a']);
    set.confirm('channel', 'a');
    set.forgetConfirmed();
    expect(set.unconfirmed('channel')).toEqual(['a']);
    set.confirm('channel', 'a');
    set.unconfirm('channel', 'a');
    expect(set.isConfirmed('channel', 'a')).toBe(false);
    expect(set.isDesired('channel', 'a')).toBe(true);
  });
});
