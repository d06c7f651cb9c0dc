import { useDemoServer } from './fixture.js';
import { describe, expect, it } from 'vitest';
import { yjsRoom } from '@rostrum/core';
import { ADMIN_TOKEN, connectSocket, mustCommand, sendCommand, waitFor, yClient } from './harness.js';

const demo = useDemoServer();

async function scrape(
  token: string | null = ADMIN_TOKEN,
): Promise<{ status: number; type: string | null; text: string }> {
  const res = await fetch(`${demo.ts.url}/metrics`, {
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
  });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

/** The value of one sample line, e.g. `rostrum_commands_total{type="meeting.open",result="ok"}`. */
function sample(text: string, series: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? null : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  it('answers in the Prometheus format to the admin token only', async () => {
    expect((await scrape(null)).status).toBe(401);
    expect((await scrape(demo.meeting.token('chair'))).status).toBe(401);
    const res = await scrape();
    expect(res.status).toBe(200);
    expect(res.type).toContain('text/plain');
    expect(res.text).toContain('# TYPE rostrum_commands_total counter');
    expect(res.text).toContain('# TYPE rostrum_command_duration_seconds histogram');
    expect(res.text).toContain('nodejs_eventloop_lag_seconds');
    expect(res.text).toContain('process_resident_memory_bytes');
  });

  it('counts a command, its latency, the connected clients and the fan-out', async () => {
    const chair = await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('chair'));
    await connectSocket(demo.cleanup, demo.ts, demo.meeting.token('delegate', 'uz'));
    const watcher = await yClient(
      demo.cleanup,
      demo.ts,
      yjsRoom.meeting(demo.meeting.id),
      demo.meeting.token('delegate', 'uz'),
    );

    await mustCommand(chair, { type: 'meeting.open' });
    const refused = await sendCommand(chair, { id: 'metrics-refused-1', type: 'meeting.open' });
    expect(refused.ok).toBe(false);
    await waitFor(() => watcher.doc.getMap('meta').get('status') === 'open', 3000, 'the update to reach the watcher');

    const { text } = await scrape();
    expect(sample(text, 'rostrum_commands_total{type="meeting.open",result="ok"}')).toBe(1);
    expect(sample(text, 'rostrum_commands_total{type="meeting.open",result="conflict"}')).toBe(1);
    expect(sample(text, 'rostrum_command_duration_seconds_count{type="meeting.open"}')).toBe(2);
    expect(sample(text, `rostrum_connected_clients{meeting="${demo.meeting.id}",transport="socketio"}`)).toBe(2);
    expect(sample(text, `rostrum_connected_clients{meeting="${demo.meeting.id}",transport="yjs"}`)).toBe(1);
    expect(sample(text, `rostrum_yjs_broadcasts_total{meeting="${demo.meeting.id}",doc="meeting"}`)).toBe(1);
    expect(sample(text, `rostrum_yjs_last_fanout_size{meeting="${demo.meeting.id}",doc="meeting"}`)).toBe(1);
    expect(sample(text, `rostrum_yjs_fanout_messages_total{meeting="${demo.meeting.id}",doc="meeting"}`)).toBe(1);
  });
});
