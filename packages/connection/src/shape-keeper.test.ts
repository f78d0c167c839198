import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { encodeCommand } from '@redwire/protocol';
import { describe, expect, it } from 'vitest';
import { PendingCommand, SHAPE_KEEPER } from './pending-command.js';

// V8's test hooks, switched on for this file: natives syntax (to optimize a function on demand
// and read its state) and a gc() of its own.
setFlagsFromString('--allow-natives-syntax');
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
setFlagsFromString('--no-expose-gc');
const prepare = new Function('f', '%PrepareFunctionForOptimization(f)') as (f: unknown) => void;
const optimizeNext = new Function('f', '%OptimizeFunctionOnNextCall(f)') as (f: unknown) => void;
const status = new Function('f', 'return %GetOptimizationStatus(f)') as (f: unknown) => number;
/** V8's OptimizationStatus bit for "runs optimized code". */
const OPTIMIZED = 1 << 4;

/** What every function on the command path does: read a command's fields. */
function stateOf(command: PendingCommand): string {
  return command.state;
}

function newCommand(): PendingCommand {
  const keys = Array.from({ length: 20 }, (_, i) => `key:${i}`);
  return new PendingCommand('MGET', encodeCommand(['MGET', ...keys]), false, false, 0, 0);
}

/**
 * Optimizes {@link stateOf} on commands made and dropped here: in a frame of their own, so that
 * none stays reachable from a stack slot once it returns.
 */
function optimizeOnCommands(): void {
  const commands = Array.from({ length: 50 }, newCommand);
  prepare(stateOf);
  for (const command of commands) stateOf(command);
  optimizeNext(stateOf);
  stateOf(commands[0] as PendingCommand);
}

describe('the command shape keeper', () => {
  it('is a command that is never written or settled', () => {
    expect(SHAPE_KEEPER).toBeInstanceOf(PendingCommand);
    expect(SHAPE_KEEPER.state).toBe('queued');
    expect(SHAPE_KEEPER.written).toBe(false);
    expect(SHAPE_KEEPER.settled).toBe(false);
  });

  it('keeps code optimized for commands through a full GC with no command alive', () => {
    optimizeOnCommands();
    expect(status(stateOf) & OPTIMIZED).toBe(OPTIMIZED);
    gc();
    gc();
    // Without the keeper, the commands' hidden class died with them and took this code along.
    expect(status(stateOf) & OPTIMIZED).toBe(OPTIMIZED);
  });
});
