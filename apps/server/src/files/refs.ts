import { fileRefsOf, fail, mayRun, type Command, type Principal, type ProtocolError } from '@rostrum/core';
import type { MeetingStore } from '../store/types.js';

/**
 * A command that names uploaded files (`agenda.setDocuments`) may only name files stored for
 * its meeting, exactly as stored (name, size, kind): otherwise a document could point at
 * nothing, at another meeting's file, or label a DOCX as a PDF. Checked before the command
 * enters the room, since the pure core knows nothing of the store. Other commands, and
 * senders whose role may not send this one (the core answers them `forbidden`), pass.
 */
export async function checkFileRefs(
  store: MeetingStore,
  principal: Principal,
  command: Command,
): Promise<{ ok: false; error: ProtocolError } | null> {
  if (command.type !== 'agenda.setDocuments' || !mayRun(principal, command.type)) return null;
  const refs = fileRefsOf(command.documents);
  if (refs.length === 0) return null;
  const stored = new Map((await store.listFiles(principal.meetingId)).map((f) => [f.id, f]));
  for (const ref of refs) {
    const file = stored.get(ref.id);
    if (!file) return fail('invalid', `no uploaded file "${ref.id}" in this meeting`);
    if (file.name !== ref.name || file.size !== ref.size || file.kind !== ref.kind) {
      return fail('invalid', `file "${ref.id}" is named with another name, size or kind than it was uploaded with`);
    }
  }
  return null;
}
