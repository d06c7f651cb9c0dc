// Baseline 2: the reference y-websocket server (@y/websocket-server 0.1.1, the last version
// built for yjs 13), unmodified: it applies each client update to its document and relays it
// to every connection of the room (encoded once per update). No auth, no persistence.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setupWSConnection } from '@y/websocket-server/utils';
import { WebSocketServer } from 'ws';
import { serveIpc } from '../lib/server-ipc.js';

const http = createServer((_req, res) => {
  res.writeHead(404);
  res.end();
});
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws, req) => setupWSConnection(ws, req));
http.on('upgrade', (req, socket, head) =>
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)),
);
http.listen(0, '127.0.0.1', () => {
  const { port } = http.address() as AddressInfo;
  serveIpc(port, async () => {
    for (const ws of wss.clients) ws.terminate();
    wss.close();
    http.close();
  });
});
