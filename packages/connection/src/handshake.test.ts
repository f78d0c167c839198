import { ReplyError, type RespValue, VerbatimString } from '@redwire/protocol';
import { describe, expect, it } from 'vitest';
import {
  type HandshakeCommand,
  HandshakeRefused,
  helloHandshake,
  helloUnsupported,
  negotiate,
  negotiatedProtocol,
  resp2Handshake,
} from './handshake.js';
import { type ConnectionOptions, resolveConnectionOptions } from './options.js';

function hello(options: ConnectionOptions) {
  return helloHandshake(resolveConnectionOptions(options));
}

function resp2(options: ConnectionOptions) {
  return resp2Handshake(resolveConnectionOptions(options));
}

describe('helloHandshake', () => {
  it('is a bare HELLO 3 with default options', () => {
    expect(hello({})).toEqual([['HELLO', '3']]);
  });

  it('authenticates as the default user when only a password is given', () => {
    expect(hello({ password: 's3cret' })).toEqual([['HELLO', '3', 'AUTH', 'default', 's3cret']]);
  });

  it('authenticates as the given user when username and password are given', () => {
    expect(hello({ username: 'app', password: 's3cret' })).toEqual([
      ['HELLO', '3', 'AUTH', 'app', 's3cret'],
    ]);
  });

  it('sends an empty password as given', () => {
    expect(hello({ password: '' })).toEqual([['HELLO', '3', 'AUTH', 'default', '']]);
  });

  it('sends no AUTH for a username without a password', () => {
    expect(hello({ username: 'app' })).toEqual([['HELLO', '3']]);
  });

  it('carries the client name with SETNAME after AUTH', () => {
    expect(hello({ name: 'worker-1' })).toEqual([['HELLO', '3', 'SETNAME', 'worker-1']]);
    expect(hello({ username: 'app', password: 'pw', name: 'worker-1' })).toEqual([
      ['HELLO', '3', 'AUTH', 'app', 'pw', 'SETNAME', 'worker-1'],
    ]);
  });

  it('follows HELLO with SELECT for a non-zero db and READONLY when asked', () => {
    expect(hello({ db: 5 })).toEqual([
      ['HELLO', '3'],
      ['SELECT', '5'],
    ]);
    expect(hello({ readOnly: true })).toEqual([['HELLO', '3'], ['READONLY']]);
    expect(hello({ password: 'pw', name: 'n', db: 2, readOnly: true })).toEqual([
      ['HELLO', '3', 'AUTH', 'default', 'pw', 'SETNAME', 'n'],
      ['SELECT', '2'],
      ['READONLY'],
    ]);
  });

  it('sends no SELECT for db 0', () => {
    expect(hello({ db: 0, readOnly: false })).toEqual([['HELLO', '3']]);
  });

  it('takes the settings from a URL', () => {
    expect(helloHandshake(resolveConnectionOptions('redis://app:pw@localhost:6379/3'))).toEqual([
      ['HELLO', '3', 'AUTH', 'app', 'pw'],
      ['SELECT', '3'],
    ]);
  });
});

describe('resp2Handshake', () => {
  it('is empty with default options', () => {
    expect(resp2({})).toEqual([]);
  });

  it('authenticates with the one-argument AUTH when only a password is given', () => {
    expect(resp2({ password: 's3cret' })).toEqual([['AUTH', 's3cret']]);
  });

  it('authenticates with the ACL form AUTH username password when a username is given', () => {
    expect(resp2({ username: 'app', password: 's3cret' })).toEqual([['AUTH', 'app', 's3cret']]);
  });

  it('sends no AUTH for a username without a password', () => {
    expect(resp2({ username: 'app' })).toEqual([]);
  });

  it('names the client with CLIENT SETNAME', () => {
    expect(resp2({ name: 'worker-1' })).toEqual([['CLIENT', 'SETNAME', 'worker-1']]);
  });

  it('orders AUTH, CLIENT SETNAME, SELECT, READONLY', () => {
    expect(resp2({ username: 'app', password: 'pw', name: 'n', db: 7, readOnly: true })).toEqual([
      ['AUTH', 'app', 'pw'],
      ['CLIENT', 'SETNAME', 'n'],
      ['SELECT', '7'],
      ['READONLY'],
    ]);
  });

  it('sends only the settings when there are no credentials or name', () => {
    expect(resp2({ db: 1 })).toEqual([['SELECT', '1']]);
    expect(resp2({ readOnly: true })).toEqual([['READONLY']]);
  });
});

describe('helloUnsupported', () => {
  it('is true when the server does not know HELLO (before Redis 6)', () => {
    const reply = new ReplyError("ERR unknown command 'HELLO', with args beginning with: '3' ");
    expect(helloUnsupported(reply)).toBe(true);
    expect(helloUnsupported(new ReplyError('ERR unknown command `HELLO`'))).toBe(true);
  });

  it('is true when the server refuses the protocol version (NOPROTO)', () => {
    expect(helloUnsupported(new ReplyError('NOPROTO unsupported protocol version'))).toBe(true);
  });

  it('is false when HELLO failed on its credentials', () => {
    const wrongPass = new ReplyError(
      'WRONGPASS invalid username-password pair or user is disabled.',
    );
    expect(helloUnsupported(wrongPass)).toBe(false);
    expect(helloUnsupported(new ReplyError('NOAUTH Authentication required.'))).toBe(false);
  });

  it('is false for replies that are not errors, even ones that mention an unknown command', () => {
    const notErrors: RespValue[] = [
      'OK',
      "ERR unknown command 'HELLO'",
      new Map([['proto', 3]]),
      null,
      3,
    ];
    for (const reply of notErrors) expect(helloUnsupported(reply)).toBe(false);
  });
});

describe('negotiatedProtocol', () => {
  const helloMap = (proto: RespValue) =>
    new Map<RespValue, RespValue>([
      ['server', 'redis'],
      ['version', '7.2.4'],
      ['proto', proto],
      ['id', 12],
    ]);

  it('reads proto from a RESP3 map reply', () => {
    expect(negotiatedProtocol(helloMap(3))).toBe(3);
    expect(negotiatedProtocol(helloMap(2))).toBe(2);
  });

  it('reads proto from a RESP2 flat array of fields and values', () => {
    expect(negotiatedProtocol(['server', 'redis', 'version', '7.2.4', 'proto', 2, 'id', 5])).toBe(
      2,
    );
    expect(negotiatedProtocol(['server', 'redis', 'proto', 3])).toBe(3);
  });

  it('answers 3 when the reply does not say', () => {
    const garbage: RespValue[] = [
      'OK',
      null,
      2,
      true,
      [],
      ['proto'],
      new Map(),
      new Set<RespValue>(['proto', 2]),
      new VerbatimString('txt', 'proto 2'),
      new ReplyError('ERR something'),
    ];
    for (const reply of garbage) expect(negotiatedProtocol(reply)).toBe(3);
  });
});

describe('negotiate', () => {
  /** An exchange that answers each round with the next list of replies, recording what was sent. */
  function scripted(...rounds: RespValue[][]) {
    const sent: HandshakeCommand[][] = [];
    const exchange = async (commands: HandshakeCommand[]) => {
      sent.push(commands);
      return rounds.shift() ?? [];
    };
    return { sent, exchange };
  }

  it('agrees on the protocol the HELLO reply names', async () => {
    const { sent, exchange } = scripted([new Map<RespValue, RespValue>([['proto', 3]]), 'OK']);
    const options = resolveConnectionOptions({ protocol: 3, db: 2 });
    await expect(negotiate(options, exchange)).resolves.toBe(3);
    expect(sent).toEqual([
      [
        ['HELLO', '3'],
        ['SELECT', '2'],
      ],
    ]);
  });

  it('falls back to the RESP2 commands when the server does not know HELLO', async () => {
    const { sent, exchange } = scripted([new ReplyError("ERR unknown command 'HELLO'")], ['OK']);
    const options = resolveConnectionOptions({ protocol: 3, password: 'pw' });
    await expect(negotiate(options, exchange)).resolves.toBe(2);
    expect(sent[1]).toEqual([['AUTH', 'pw']]);
  });

  it('speaks RESP2 without HELLO when protocol 2 is asked for', async () => {
    const { sent, exchange } = scripted([]);
    await expect(negotiate(resolveConnectionOptions({ protocol: 2 }), exchange)).resolves.toBe(2);
    expect(sent).toEqual([[]]);
  });

  it('is refused with the first error reply of the handshake', async () => {
    const wrongPass = new ReplyError('WRONGPASS invalid username-password pair');
    const { exchange } = scripted([wrongPass]);
    const options = resolveConnectionOptions({ protocol: 2, password: 'nope' });
    const refused = await negotiate(options, exchange).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HandshakeRefused);
    expect((refused as HandshakeRefused).reply).toBe(wrongPass);
  });
});
