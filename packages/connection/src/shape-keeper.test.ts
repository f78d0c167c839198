import { staysOptimizedThroughGc } from '@redwire/test-harness/v8-shapes';
import { describe, expect, it } from 'vitest';
import { PendingCommand, SHAPE_KEEPER } from './pending-command.js';

function newCommand(): PendingCommand {
  return new PendingCommand('GET', '*2\r\n$3\r\nGET\r\n$1\r\nk\r\n', false, false, 0, 0);
}

/** What every function on the command path does: read a command's fields. */
function stateOf(command: PendingCommand): string {
  return command.state;
}

describe('the command shape keeper', () => {
  it('is a command that is never written or settled', () => {
    expect(SHAPE_KEEPER).toBeInstanceOf(PendingCommand);
    expect(SHAPE_KEEPER.state).toBe('queued');
    expect(SHAPE_KEEPER.written).toBe(false);
    expect(SHAPE_KEEPER.settled).toBe(false);
  });

  it('keeps code optimized for commands through a full GC with no command alive', () => {
    // Without the keeper, the commands' hidden class died with them and took this code along.
    expect(staysOptimizedThroughGc(newCommand, stateOf)).toBe(true);
  });
});
