/**
 * Simultaneous connections (Socket.IO and Yjs WebSockets together) per client address and per
 * invite, on this node. An address is counted from the moment its connection exists, before any
 * token is read, so that idle unauthenticated connections count too; an invite once its token
 * is verified. Each `acquire` that succeeds returns its own `release`, which is idempotent: a
 * connection may end by several paths (closed, refused later, revoked) and frees its slot once.
 *
 * Per node, not across nodes: a connection lives on one node, and a count kept in Redis would
 * outlive a node that died with its connections. Behind a balancer spreading over n nodes, an
 * address can hold up to n times the cap in all (docs/deploy.md).
 */
export class ConnectionCaps {
  private readonly byAddress = new Map<string, number>();
  private readonly byInvite = new Map<string, number>();

  constructor(private readonly limits: { connectionsPerAddress: number; connectionsPerInvite: number }) {}

  /** A slot for one more connection of this address key, or null past the cap. */
  acquireAddress(key: string): (() => void) | null {
    return acquire(this.byAddress, key, this.limits.connectionsPerAddress);
  }

  /** A slot for one more connection of this invite, or null past the cap. */
  acquireInvite(inviteId: string): (() => void) | null {
    return acquire(this.byInvite, inviteId, this.limits.connectionsPerInvite);
  }
}

function acquire(counts: Map<string, number>, key: string, cap: number): (() => void) | null {
  const held = counts.get(key) ?? 0;
  if (held >= cap) return null;
  counts.set(key, held + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const now = (counts.get(key) ?? 1) - 1;
    // Keys of addresses that left are dropped: the map holds connected clients only.
    if (now <= 0) counts.delete(key);
    else counts.set(key, now);
  };
}
