import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A small TCP load balancer for the cluster test: each client connection goes to the next live
 * backend (round robin); a backend that refuses is skipped. WebSockets (Socket.IO with the
 * websocket transport, y-websocket) pass through untouched, as behind nginx in stream mode.
 * When a backend dies its connections close and the clients reconnect through here.
 */
export class Balancer {
  private next = 0;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly backends: number[]) {
    this.server = createServer((client) => this.route(client, 0));
  }

  listen(): Promise<number> {
    return new Promise((resolve) =>
      this.server.listen(0, '127.0.0.1', () => resolve((this.server.address() as AddressInfo).port)),
    );
  }

  private route(client: Socket, tried: number): void {
    if (tried >= this.backends.length) {
      client.destroy();
      return;
    }
    const port = this.backends[this.next % this.backends.length];
    this.next += 1;
    if (port === undefined) return void client.destroy();
    client.pause();
    const upstream = connect(port, '127.0.0.1');
    upstream.once('error', () => {
      if (!upstream.readyState.startsWith('open')) this.route(client, tried + 1);
    });
    upstream.once('connect', () => {
      this.sockets.add(client).add(upstream);
      client.pipe(upstream).pipe(client);
      client.resume();
      const close = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('error', close).on('close', close);
      upstream.on('error', close).on('close', close);
    });
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
