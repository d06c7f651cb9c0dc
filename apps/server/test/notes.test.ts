import * as Y from 'yjs';
import { useDemoServer } from './fixture.js';
import { describe, expect, it } from 'vitest';
import { yjsRoom } from '@rostrum/core';
import { restartServer, room, waitFor, yClient } from './harness.js';

const demo = useDemoServer();

const text = (doc: Y.Doc, itemId: string) => doc.getText(`item-${itemId}`).toString();

describe('notes', () => {
  it('the secretariat writes, staff read, the chair cannot write, and notes survive a restart', async () => {
    const notesRoom = yjsRoom.notes(demo.meeting.id);
    const writer = await yClient(demo.cleanup, demo.ts, notesRoom, demo.meeting.token('secretariat'));
    const colleague = await yClient(demo.cleanup, demo.ts, notesRoom, demo.meeting.token('secretariat'));
    const chair = await yClient(demo.cleanup, demo.ts, notesRoom, demo.meeting.token('chair'));
    const r = room(demo.ts, demo.meeting.id);

    writer.doc.getText('item-opening').insert(0, 'The Vice-Chair opened the meeting.');
    await waitFor(
      () =>
        [colleague.doc, chair.doc, r.notesDoc.doc].every(
          (d) => text(d, 'opening') === 'The Vice-Chair opened the meeting.',
        ),
      3000,
      'the note to reach the other secretariat client, the chair and the server',
    );

    // Both secretariat clients write: their edits merge.
    colleague.doc.getText('item-sg-address').insert(0, 'The Secretary General addressed the meeting.');
    writer.doc.getText('item-opening').insert(text(writer.doc, 'opening').length, ' Welcome.');
    const expected = {
      opening: 'The Vice-Chair opened the meeting. Welcome.',
      'sg-address': 'The Secretary General addressed the meeting.',
    };
    const agrees = (d: Y.Doc) =>
      text(d, 'opening') === expected.opening && text(d, 'sg-address') === expected['sg-address'];
    await waitFor(
      () => [writer.doc, colleague.doc, chair.doc, r.notesDoc.doc].every(agrees),
      3000,
      'both edits to merge everywhere',
    );

    // The chair reads the notes but may not write them.
    const droppedBefore = r.notesDoc.stats.dropped;
    chair.doc.getText('item-opening').insert(0, 'CHAIR WAS HERE. ');
    chair.doc.getText('item-aob').insert(0, 'chair note');
    await waitFor(() => r.notesDoc.stats.dropped >= droppedBefore + 2, 3000, "the chair's updates to be dropped");
    // A later secretariat edit is relayed; the chair's text must not have come along before it.
    // The server had dropped the chair's updates before this edit was typed, and it sends to the
    // colleague in order on one connection: a relay of them would have arrived first. (That a
    // read-only update is never relayed, stored or applied is proven in memory: meeting-room.test.ts.)
    writer.doc.getText('item-closing').insert(0, 'Closed at noon.');
    await waitFor(() => text(colleague.doc, 'closing') === 'Closed at noon.', 3000, 'the later edit to arrive');
    expect(text(colleague.doc, 'opening')).toBe(expected.opening);
    expect(text(colleague.doc, 'aob')).toBe('');
    expect(text(r.notesDoc.doc, 'opening')).toBe(expected.opening);
    expect(text(r.notesDoc.doc, 'aob')).toBe('');
    // Nothing of the chair's client reached the server's document.
    expect(Y.decodeStateVector(Y.encodeStateVector(r.notesDoc.doc)).has(chair.doc.clientID)).toBe(false);
    expect(text(chair.doc, 'aob')).toBe('chair note');

    // Notes are stored: a restarted server serves them to a new secretariat client.
    demo.ts = await restartServer(demo.cleanup, demo.ts);
    const reloaded = room(demo.ts, demo.meeting.id);
    expect(text(reloaded.notesDoc.doc, 'opening')).toBe(expected.opening);
    expect(text(reloaded.notesDoc.doc, 'sg-address')).toBe(expected['sg-address']);
    expect(text(reloaded.notesDoc.doc, 'closing')).toBe('Closed at noon.');
    expect(text(reloaded.notesDoc.doc, 'aob')).toBe('');
    const after = await yClient(
      demo.cleanup,
      demo.ts,
      yjsRoom.notes(demo.meeting.id),
      demo.meeting.token('secretariat'),
    );
    expect(text(after.doc, 'opening')).toBe(expected.opening);
    expect(text(after.doc, 'closing')).toBe('Closed at noon.');
    expect(text(after.doc, 'aob')).toBe('');
  });

  it('keeps the notes out of the meeting document', async () => {
    const writer = await yClient(
      demo.cleanup,
      demo.ts,
      yjsRoom.notes(demo.meeting.id),
      demo.meeting.token('secretariat'),
    );
    writer.doc.getText('item-opening').insert(0, 'staff only');
    const r = room(demo.ts, demo.meeting.id);
    await waitFor(() => text(r.notesDoc.doc, 'opening') === 'staff only', 3000, 'the note to be stored');
    const delegate = await yClient(
      demo.cleanup,
      demo.ts,
      yjsRoom.meeting(demo.meeting.id),
      demo.meeting.token('delegate', 'uz'),
    );
    expect(JSON.stringify(delegate.doc.toJSON())).not.toContain('staff only');
    expect(r.meetingDoc.doc.share.has('item-opening')).toBe(false);
  });
});
