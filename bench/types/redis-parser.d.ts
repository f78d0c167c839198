// redis-parser ships no types. This declares only what the decoder benchmark calls;
// the option names are those of redis-parser 3.0.0's constructor (lib/parser.js).
declare module 'redis-parser' {
  interface RedisParserOptions {
    returnReply(reply: unknown): void;
    returnError(error: Error): void;
    returnFatalError?(error: Error): void;
    returnBuffers?: boolean;
    stringNumbers?: boolean;
  }

  class RedisParser {
    constructor(options: RedisParserOptions);
    execute(chunk: Buffer): void;
    reset(): void;
  }

  export = RedisParser;
}
