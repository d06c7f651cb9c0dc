import { io, type Socket } from 'socket.io-client';
import { WebsocketProvider } from 'y-websocket';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import {
  COMMAND_TYPES,
  PROTOCOL_VERSION,
  readState,
  withYjsAuth,
  YJS_PATH,
  type MeetingDefinitionInput,
  type MeetingState,
} from '@rostrum/core';
import { sleep, withTimeout } from './clock.js';
import type { BenchCommand } from './ipc.js';

export const ADMIN_TOKEN = 'bench-admin';

/** Items of the generated meeting: the history of the first three hours, then one per scenario. */
export const HISTORY_ITEMS = Array.from({ length: 30 }, (_, i) => `h${String(i + 1).padStart(2, '0')}`);
export const REPLAY_ITEMS = Array.from({ length: 6 }, (_, i) => `r${i + 1}`);
export const ITEMS = {
  fanA: 'fan-a',
  fanB: 'fan-b',
  floor: 'floor-storm',
  vote: 'vote-storm',
  large: 'large',
} as const;
export const PROPOSALS = {
  vote: 'prop-vote',
  replay: 'prop-replay',
  history: ['prop-h1', 'prop-h2', 'prop-h3'],
} as const;

/** Whether the core of this tree has votes (they were being built while the harness was). */
export const HAS_VOTES = COMMAND_TYPES.includes('poll.vote');

function bi(en: string, ru: string) {
  return { en, ru };
}

/**
 * A large generated meeting: `delegations` member administrations (at most 500, the
 * definition's limit), a chair of no delegation, 6-minute items (3 hours of history, then the
 * scenario items) and the proposals the vote scenarios need.
 */
export function benchMeeting(delegations: number): MeetingDefinitionInput {
  const pad = (i: number) => String(i + 1).padStart(3, '0');
  const item = (id: string, en: string, ru: string, minutes = 6) => ({
    id,
    title: bi(en, ru),
    plannedMinutes: minutes,
    presenterIds: [],
  });
  const proposal = (id: string, agendaItemId: string) => ({
    id,
    agendaItemId,
    title: bi(`Proposal ${id}`, `Предложение ${id}`),
    text: bi(
      'The meeting supports the establishment of a regional customs laboratory. '.repeat(4),
      'Совещание поддерживает создание региональной таможенной лаборатории. '.repeat(4),
    ),
  });
  return {
    title: bi('Load test: Heads of Customs meeting', 'Нагрузочный тест: совещание руководителей таможенных служб'),
    startsAt: '2026-06-08T09:00:00+02:00',
    timeZone: 'Europe/Brussels',
    chair: { name: bi('Chair of the bench', 'Председатель'), delegationId: null },
    delegations: Array.from({ length: delegations }, (_, i) => ({
      id: `d${pad(i)}`,
      name: bi(`Customs administration ${pad(i)}`, `Таможенная администрация ${pad(i)}`),
    })),
    presenters: [
      {
        id: 'sg',
        name: bi('Secretary General', 'Генеральный секретарь'),
        title: bi('Secretary General', 'Генеральный секретарь'),
      },
    ],
    agenda: [
      ...HISTORY_ITEMS.map((id, i) => item(id, `Agenda item ${i + 1}`, `Пункт повестки ${i + 1}`)),
      item(ITEMS.fanA, 'Fan-out A', 'Рассылка А'),
      item(ITEMS.fanB, 'Fan-out B', 'Рассылка Б'),
      item(ITEMS.floor, 'Floor storm', 'Шквал просьб о слове'),
      item(ITEMS.vote, 'Vote storm', 'Шквал голосов'),
      ...REPLAY_ITEMS.map((id, i) => item(id, `Replayed item ${i + 1}`, `Воспроизведённый пункт ${i + 1}`, 5)),
      item(ITEMS.large, 'Large meeting', 'Большое совещание'),
    ],
    ...(HAS_VOTES
      ? {
          proposals: [
            proposal(PROPOSALS.vote, ITEMS.vote),
            proposal(PROPOSALS.replay, REPLAY_ITEMS[2] ?? ITEMS.vote),
            ...PROPOSALS.history.map((id, i) => proposal(id, HISTORY_ITEMS[(i + 1) * 9] ?? ITEMS.vote)),
          ],
        }
      : {}),
  };
}

export type BenchLink = { role: string; delegationId: string | null; seat: string | null; token: string };
export type CreatedMeeting = { id: string; links: BenchLink[] };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Creates a meeting through the admin API and returns its links' tokens. */
export async function createMeeting(url: string, def: MeetingDefinitionInput): Promise<CreatedMeeting> {
  const res = await fetch(`${url}/api/meetings`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(def),
  });
  const body: unknown = await res.json();
  if (
    res.status !== 201 ||
    !isRecord(body) ||
    !isRecord(body.data) ||
    typeof body.data.id !== 'string' ||
    !Array.isArray(body.data.links)
  ) {
    throw new Error(`creating the bench meeting failed: ${res.status} ${JSON.stringify(body).slice(0, 500)}`);
  }
  const links = body.data.links.map((raw: unknown): BenchLink => {
    if (!isRecord(raw) || typeof raw.url !== 'string' || typeof raw.role !== 'string')
      throw new Error('unexpected link');
    const token = raw.url.split('#t=')[1];
    if (!token) throw new Error('a link without a token');
    return {
      role: raw.role,
      delegationId: typeof raw.delegationId === 'string' ? raw.delegationId : null,
      seat: typeof raw.seat === 'string' ? raw.seat : null,
      token,
    };
  });
  return { id: body.data.id, links };
}

/** Delegate tokens by delegation: the head's first (the one that votes), then the others. */
export function delegateTokens(meeting: CreatedMeeting): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const link of meeting.links) {
    if (link.role !== 'delegate' || link.delegationId === null) continue;
    const list = out.get(link.delegationId) ?? [];
    if (link.seat === 'head' || link.seat === null) list.unshift(link.token);
    else list.push(link.token);
    out.set(link.delegationId, list);
  }
  return out;
}

export function tokenOf(meeting: CreatedMeeting, role: string): string {
  const link = meeting.links.find((l) => l.role === role);
  if (!link) throw new Error(`no ${role} link`);
  return link.token;
}

let counter = 0;
export function commandId(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

export type AckResult =
  | {
      ok: true;
      createdId: string | null;
      revision: number;
      /** Server time the command took effect (its flush). */ at: number;
    }
  | { ok: false; code: string; reason: string | null };

function parseAck(ack: unknown): AckResult {
  if (!isRecord(ack)) return { ok: false, code: 'bad_ack', reason: null };
  if (ack.ok === true && isRecord(ack.data)) {
    return {
      ok: true,
      createdId: typeof ack.data.createdId === 'string' ? ack.data.createdId : null,
      revision: Number(ack.data.revision),
      at: Number(ack.data.at),
    };
  }
  const error = isRecord(ack.error) ? ack.error : {};
  return {
    ok: false,
    code: String(error.code ?? 'error'),
    reason: typeof error.reason === 'string' ? error.reason : null,
  };
}

/**
 * A staff client of the coordinator (the chair, the secretariat, a few delegates for the
 * history): sends commands one at a time; a `rate_limited` answer is retried with the same id
 * (commands are idempotent), so the history can be played as fast as the limits allow.
 */
export class Commander {
  private constructor(readonly socket: Socket) {}

  static async connect(url: string, token: string): Promise<Commander> {
    const socket = io(url, {
      auth: { token, protocolVersion: PROTOCOL_VERSION },
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
    });
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      }),
      15_000,
      'a staff client to connect',
    );
    return new Commander(socket);
  }

  async send(
    input: { type: string } & Record<string, unknown>,
    id = commandId(input.type.replace('.', '-')),
  ): Promise<AckResult> {
    const command: BenchCommand = { ...input, id };
    for (let attempt = 0; ; attempt++) {
      const ack = parseAck(await this.socket.timeout(15_000).emitWithAck('command', command));
      if (ack.ok || ack.code !== 'rate_limited' || attempt >= 20) return ack;
      await sleep(250);
    }
  }

  /** Sends a command that must be accepted. */
  async must(input: { type: string } & Record<string, unknown>): Promise<AckResult & { ok: true }> {
    const ack = await this.send(input);
    if (!ack.ok) throw new Error(`${input.type} refused: ${ack.code}${ack.reason ? ` (${ack.reason})` : ''}`);
    return ack;
  }

  close(): void {
    this.socket.disconnect();
  }
}

/** A y-websocket reader of the meeting in the coordinator: reads the state the delegates see. */
export class Reader {
  readonly doc = new Y.Doc();
  private readonly provider: WebsocketProvider;

  constructor(url: string, meetingId: string, token: string) {
    this.provider = new WebsocketProvider(`${url.replace(/^http/, 'ws')}${YJS_PATH}`, meetingId, this.doc, {
      WebSocketPolyfill: withYjsAuth(WebSocket, token) as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
  }

  async synced(): Promise<void> {
    await withTimeout(
      new Promise<void>((resolve) => {
        if (this.provider.synced) return resolve();
        this.provider.once('sync', () => resolve());
      }),
      15_000,
      'the coordinator reader to sync',
    );
  }

  state(): MeetingState | null {
    return readState(this.doc);
  }

  /** Bytes of the whole document as a new client receives it. */
  encodedBytes(): number {
    return Y.encodeStateAsUpdate(this.doc).byteLength;
  }

  async until(check: (s: MeetingState) => boolean, timeoutMs: number, what: string): Promise<MeetingState> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = this.state();
      if (s && check(s)) return s;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(20);
    }
  }

  close(): void {
    this.provider.destroy();
    this.doc.destroy();
  }
}
