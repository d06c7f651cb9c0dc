// The budgets a deployment sets (config.ts reads them from the environment; transport/limits.ts
// spends them).

export type RateLimits = {
  /**
   * HTTP requests (`/api`, `/metrics`) per client per window. The client is the invite of a
   * verified bearer token, `admin` for the admin token, or else the client address (behind a
   * trusted proxy, the forwarded one: `TRUST_PROXY`).
   */
  httpPerAddress: number;
  httpWindowSeconds: number;
  /** Commands per connection per second: the first budget a command spends, its own. */
  commandsPerConnection: number;
  /** Commands per invite (all connections of one link together) per second, whatever the role. */
  commandsPerInvite: number;
  /**
   * Commands per delegation (its delegates' links together) per second. Larger than
   * `commandsPerInvite`, so that one link at its limit leaves the other link of the delegation
   * a share. The chair, the secretariat and presenters never spend it, even when their invite
   * names a delegation.
   */
  commandsPerDelegation: number;
  /** Secrets (admin token, invite tokens) that failed their check, per client address per window; then 429. */
  failedAuthPerAddress: number;
  failedAuthWindowSeconds: number;
  /** Simultaneous Socket.IO and Yjs connections per client address, authenticated or not (per node). */
  connectionsPerAddress: number;
  /** Simultaneous Socket.IO and Yjs connections per invite (per node). */
  connectionsPerInvite: number;
  /** A Socket.IO connection that has not joined (token checked) in this time is closed. */
  connectTimeoutMs: number;
};

export const DEFAULT_RATE_LIMITS: RateLimits = {
  httpPerAddress: 600,
  httpWindowSeconds: 60,
  commandsPerConnection: 20,
  commandsPerInvite: 30,
  commandsPerDelegation: 40,
  failedAuthPerAddress: 20,
  failedAuthWindowSeconds: 60,
  // A delegate's tab holds one Socket.IO and one or two Yjs connections: 20 is six or more tabs.
  // The load bench raises both caps (thousands of clients from 127.0.0.1).
  connectionsPerAddress: 200,
  connectionsPerInvite: 20,
  connectTimeoutMs: 10_000,
};
