// A shared document's fan-out, in memory: fake sockets instead of WebSockets.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { CLOSE_CODES } from '@rostrum/core';
import { SharedDoc } from './shared-doc.js';
import { FakeDocSocket, updateFrame } from './testing/fake-doc-socket.js';

function sampleUpdate(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

function forgedDoc(text: string): Y.Doc {
  const doc = new Y.Doc();
  doc.getMap('forged').set('by', text);
  return doc;
}

describe('SharedDoc', () => {
  it('encodes a broadcast once and sends the same bytes to every connection but the sender', () => {
    const shared = new SharedDoc(new Y.Doc());
    const sockets = Array.from({ length: 5 }, () => new FakeDocSocket());
    for (const s of sockets) shared.addConnection(s, false);
    const [sender] = sockets;
    shared.broadcast(sampleUpdate('hello'), sender ?? null);
    const frames = sockets.slice(1).map((s) => s.sent[0]);
    expect(sender?.sent).toEqual([]);
    expect(frames.every((f) => f !== undefined && f === frames[0])).toBe(true);
    expect(shared.stats).toMatchObject({ broadcasts: 1, fanoutMessages: 4, lastFanout: 4 });
  });

  it('cuts a client too slow to keep up and skips closed ones', () => {
    const shared = new SharedDoc(new Y.Doc());
    const slow = new FakeDocSocket();
    const closed = new FakeDocSocket();
    const fine = new FakeDocSocket();
    for (const s of [slow, closed, fine]) shared.addConnection(s, false);
    slow.bufferedAmount = 17 * 1024 * 1024;
    closed.close(1000, 'bye');
    shared.broadcast(sampleUpdate('x'));
    expect(slow.terminated).toBe(true);
    expect(slow.sent).toEqual([]);
    expect(closed.sent).toEqual([]);
    expect(fine.sent).toHaveLength(1);
  });

  it('answers sync step 1 with what the client lacks, and drops a read-only client’s update', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'record');
    const shared = new SharedDoc(doc);
    const reader = new FakeDocSocket();
    const connection = shared.addConnection(reader, false);
    const enc = encoding.createEncoder();
    encoding.writeVarUint(enc, 0);
    syncProtocol.writeSyncStep1(enc, new Y.Doc());
    connection.receive(encoding.toUint8Array(enc), true);
    const reply = reader.sent[0];
    if (!reply) throw new Error('no reply');
    const decoder = decoding.createDecoder(reply);
    expect(decoding.readVarUint(decoder)).toBe(0);
    const client = new Y.Doc();
    syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), client, null);
    expect(client.getText('t').toString()).toBe('record');

    connection.receive(updateFrame(sampleUpdate('forged')), true);
    expect(doc.getText('t').toString()).toBe('record');
    expect(shared.stats.dropped).toBe(1);
  });

  it('relays nothing a read-only connection sends, update or sync step 2, to the other connections', () => {
    // The meeting document: no client writes it. A forged frame is dropped where it arrives, so
    // there is nothing to wait for: the other connections are never sent anything for it.
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'record');
    const before = Y.encodeStateAsUpdate(doc);
    const shared = new SharedDoc(doc);
    const forger = new FakeDocSocket();
    const others = [new FakeDocSocket(), new FakeDocSocket()];
    const connection = shared.addConnection(forger, true);
    for (const s of others) shared.addConnection(s, false);
    const step2 = encoding.createEncoder();
    encoding.writeVarUint(step2, 0);
    syncProtocol.writeSyncStep2(step2, forgedDoc('forged'));
    connection.receive(encoding.toUint8Array(step2), true);
    connection.receive(updateFrame(sampleUpdate('forged')), true);
    expect(shared.stats.dropped).toBe(2);
    expect(others.map((s) => s.sent)).toEqual([[], []]);
    expect(forger.sent).toEqual([]);
    expect(forger.closedWith).toBeNull();
    expect(Buffer.from(Y.encodeStateAsUpdate(doc)).equals(Buffer.from(before))).toBe(true);
  });

  it('closes a connection that sends a text frame or a malformed one; a closed one is forgotten', () => {
    const shared = new SharedDoc(new Y.Doc());
    const text = new FakeDocSocket();
    const garbled = new FakeDocSocket();
    const leaving = new FakeDocSocket();
    shared.addConnection(text, false).receive(new Uint8Array([0]), false);
    shared.addConnection(garbled, false).receive(new Uint8Array([0, 9]), true);
    shared.addConnection(leaving, false).closed();
    expect(text.closedWith?.code).toBe(CLOSE_CODES.invalid);
    expect(garbled.closedWith?.code).toBe(CLOSE_CODES.invalid);
    expect(shared.connectionCount).toBe(2);
  });
});
