// Baseline 1, the floor for fan-out: a bare Socket.IO server (same version as Rostrum's) that
// broadcasts what one client sends to every other client. No auth, no store, no Yjs.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { serveIpc } from '../lib/server-ipc.js';

const http = createServer();
const io = new Server(http, { serveClient: false, maxHttpBufferSize: 1024 * 1024 });
io.on('connection', (socket) => {
  socket.on('b', (seq: unknown, payload: unknown) => {
    if (typeof seq === 'number' && typeof payload === 'string') socket.broadcast.emit('u', seq, payload);
  });
});
http.listen(0, '127.0.0.1', () => {
  const { port } = http.address() as AddressInfo;
  serveIpc(port, async () => {
    await io.close();
  });
});
