import type { Command, CommandOf, CommandType } from './commands.js';
import type { ProtocolError } from './errors.js';
import type { Principal } from './roles.js';
import type { SecretState } from './secret.js';
import type { MeetingState } from './state.js';

/**
 * The types every feature's rules share: what a rule is given and what it answers. They live
 * here, apart from `execute` and from any one feature, so that a feature never imports the
 * dispatcher or another feature to name them.
 */

export type RuleContext = {
  /** Server time, ms since epoch: the server stamps every transition. */
  now: number;
  /** A fresh id for things a command creates. */
  newId: () => string;
  /**
   * Delegations with someone connected right now (the server's presence), asked only when a
   * poll closes to measure the quorum. Absent: nobody is known to be connected.
   */
  presentDelegations?: () => readonly string[];
};

export type RuleOutcome = { ok: true; state: MeetingState; createdId?: string } | { ok: false; error: ProtocolError };

/** The whole of a meeting as the server holds it: the public record and the secret part. */
export type MeetingWorld = { state: MeetingState; secret: SecretState };

export type WorldOutcome = { ok: true; world: MeetingWorld; createdId?: string } | { ok: false; error: ProtocolError };

/** A rule that reads or writes the whole world (the votes: ballots are secret). */
export type WorldRule<C extends Command> = (
  world: MeetingWorld,
  principal: Principal,
  command: C,
  ctx: RuleContext,
) => WorldOutcome;

/** A rule over the public state only; `publicRule` makes it a `WorldRule`. */
export type StateRule<C extends Command> = (
  state: MeetingState,
  principal: Principal,
  command: C,
  ctx: RuleContext,
) => RuleOutcome;

/**
 * One rule per command type of a feature. As a record keyed by every `CommandType`, it is the
 * dispatch table of `execute`: a command without a rule does not compile.
 */
export type WorldRules<T extends CommandType> = { readonly [K in T]: WorldRule<CommandOf<K>> };

/** Wraps a rule over the public state only; the secret part goes through untouched. */
export function publicOnly(world: MeetingWorld, outcome: RuleOutcome): WorldOutcome {
  if (!outcome.ok) return outcome;
  const result: WorldOutcome = { ok: true, world: { state: outcome.state, secret: world.secret } };
  if (outcome.createdId !== undefined) result.createdId = outcome.createdId;
  return result;
}

export function publicRule<C extends Command>(rule: StateRule<C>): WorldRule<C> {
  return (world, principal, command, ctx) => publicOnly(world, rule(world.state, principal, command, ctx));
}
