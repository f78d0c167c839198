import { ReplyError, type RespValue } from '@redwire/protocol';
import { describe, expect, it } from 'vitest';
import type { BuiltCommand } from './command.js';
import { defineScript, scriptSha1 } from './script.js';
import type { CommandSender } from './sender.js';

/** A sender that answers NOSCRIPT to EVALSHA while the script is not "loaded", as Redis does. */
function fakeServer(loaded = false): CommandSender & { sent: string[][] } {
  const sent: string[][] = [];
  return {
    sent,
    send<T>(command: BuiltCommand<T>): Promise<T> {
      const args = command.args.map(String);
      sent.push(args);
      const name = args[0] as string;
      if (name.startsWith('EVALSHA') && !loaded) {
        return Promise.reject(new ReplyError('NOSCRIPT No matching script. Please use EVAL.'));
      }
      loaded = true;
      return Promise.resolve('ran' as RespValue as T);
    },
  };
}

/** A batch that only records, like `pipeline()` before `exec()`. */
class RecordingBatch {
  readonly recorded: BuiltCommand<unknown>[] = [];
  add(command: BuiltCommand<unknown>): this {
    this.recorded.push(command);
    return this;
  }
}

describe('defineScript', () => {
  it('names a script by the SHA1 of its source, as SCRIPT LOAD does', () => {
    expect(scriptSha1('return 1')).toBe('e0e1f9fabfc9d4800c877a703b823ac0578ff8db');
    const script = defineScript('return 1', { numberOfKeys: 0 });
    expect(script.sha1).toBe('e0e1f9fabfc9d4800c877a703b823ac0578ff8db');
    expect(script.name).toBe('e0e1f9fa');
    expect(script.readOnly).toBe(false);
  });

  it('rejects a bad source or key count', () => {
    expect(() => defineScript(1 as never, { numberOfKeys: 0 })).toThrow(TypeError);
    for (const numberOfKeys of [-1, 1.5, Number.NaN, '1']) {
      expect(() => defineScript('return 1', { numberOfKeys: numberOfKeys as number })).toThrow(
        'numberOfKeys must be a whole number',
      );
    }
  });
});

describe('Script', () => {
  const incr = defineScript("return redis.call('INCRBY', KEYS[1], ARGV[1])", {
    numberOfKeys: 1,
    name: 'incr',
  });

  it('runs with EVALSHA, and falls back to EVAL on NOSCRIPT', async () => {
    const server = fakeServer();
    expect(await incr.run(server, { keys: ['k'], args: [2] })).toBe('ran');
    expect(await incr.run(server, { keys: ['k'], args: [2] })).toBe('ran');
    expect(server.sent).toEqual([
      ['EVALSHA', incr.sha1, '1', 'k', '2'],
      ['EVAL', incr.lua, '1', 'k', '2'],
      ['EVALSHA', incr.sha1, '1', 'k', '2'],
    ]);
  });

  it('passes other errors on without retrying', async () => {
    const failing: CommandSender = {
      send: () => Promise.reject(new ReplyError('ERR boom')),
    };
    await expect(incr.run(failing, { keys: ['k'] })).rejects.toMatchObject({ code: 'ERR' });
  });

  it('rejects a wrong number of keys with a TypeError before anything is sent', async () => {
    const server = fakeServer();
    await expect(incr.run(server, { keys: [] })).rejects.toThrow('Script incr takes 1 keys, got 0');
    await expect(incr.run(server, { keys: ['a', 'b'] })).rejects.toBeInstanceOf(TypeError);
    await expect(incr.run(server)).rejects.toBeInstanceOf(TypeError);
    await expect(incr.run(server, { keys: 'k' as never })).rejects.toBeInstanceOf(TypeError);
    expect(server.sent).toEqual([]);
    const batch = new RecordingBatch();
    const recorded = batch.recorded;
    expect(() => incr.add(batch, { keys: [] })).toThrow(TypeError);
    expect(recorded).toEqual([]);
  });

  it('records EVAL in a batch', () => {
    const batch = new RecordingBatch();
    const recorded = batch.recorded;
    expect(incr.add(batch, { keys: ['k'], args: ['1'] })).toBe(batch);
    expect(recorded.map((c) => c.args.map(String))).toEqual([['EVAL', incr.lua, '1', 'k', '1']]);
  });

  it('uses EVALSHA_RO and EVAL_RO when read-only', async () => {
    const get = defineScript("return redis.call('GET', KEYS[1])", {
      numberOfKeys: 1,
      readOnly: true,
    });
    const server = fakeServer();
    await get.run(server, { keys: ['k'] });
    expect(server.sent.map((args) => args[0])).toEqual(['EVALSHA_RO', 'EVAL_RO']);
    expect(get.evalCommand({ keys: ['k'] }).args[0]).toBe('EVAL_RO');
  });
});
