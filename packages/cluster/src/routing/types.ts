/**
 * Where a command goes in a cluster, decided from the command's own spec (key specs, flags and
 * tips from COMMAND INFO) before anything is sent.
 */
import type { CommandArgument, RespValue } from '@redwire/protocol';

/** How one sub-request of a fan-out or split ended. */
export type Outcome =
  | { readonly ok: true; readonly value: RespValue }
  | { readonly ok: false; readonly error: Error };

/**
 * Combines the outcomes of a fan-out or a split into the reply the user gets, in the order the
 * sub-requests were planned; throws the error the response policy calls for.
 */
export type MergeOutcomes = (outcomes: readonly Outcome[]) => RespValue;

/** One sub-command of a split multi-key command: the keys of one slot, with their arguments. */
export interface SplitPart {
  readonly slot: number;
  /** The whole sub-command, name first (`['MGET', 'a', 'c']`). */
  readonly args: readonly CommandArgument[];
}

/** Where a command goes. */
export type CommandRoute =
  /** Every key (or shard channel) in one slot: that slot's owner. */
  | { readonly kind: 'slot'; readonly slot: number; readonly readOnly: boolean }
  /** No key and no request policy: any one node (a primary, or a replica for reads when allowed). */
  | { readonly kind: 'any'; readonly readOnly: boolean }
  /** `request_policy:all_shards` (every primary) or `all_nodes` (every node), merged per `response_policy`. */
  | {
      readonly kind: 'fanout';
      readonly to: 'primaries' | 'all';
      readonly readOnly: boolean;
      readonly merge: MergeOutcomes;
    }
  /** `request_policy:multi_shard` with keys in several slots: one sub-command per slot, merged in the user's order. */
  | {
      readonly kind: 'split';
      readonly parts: readonly SplitPart[];
      readonly readOnly: boolean;
      readonly merge: MergeOutcomes;
    };
