import { afterEach, describe, expect, it } from 'vitest';
import { buildMinutes } from '@rostrum/minutes';
import { frenchArabicInput, recordedInput, syntheticMeeting } from '@rostrum/minutes/testing';
import { createLogger } from '../src/platform/logger.js';
import { MinutesRenderer } from '../src/minutes/renderer.js';

let renderer: MinutesRenderer | null = null;

afterEach(async () => {
  await renderer?.close();
  renderer = null;
});

/** The longest gap between the ticks of a 10 ms timer while `work` runs: how long the loop was held. */
async function longestStall<T>(work: () => Promise<T>): Promise<{ result: T; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 10);
  try {
    const result = await work();
    return { result, stallMs: Math.max(stallMs, performance.now() - last) };
  } finally {
    clearInterval(timer);
  }
}

describe('the minutes renderer', () => {
  it('builds DOCX and PDF in a worker thread, text formats in place, and keeps the event loop free', async () => {
    const r = new MinutesRenderer(createLogger('silent'));
    renderer = r;
    const minutes = buildMinutes(recordedInput());
    const pdf = await r.render(minutes, 'pdf', ['ru']);
    expect(Buffer.from(pdf.body.subarray(0, 5)).toString()).toBe('%PDF-');
    const docx = await r.render(minutes, 'docx', ['en', 'ru']);
    expect(Buffer.from(docx.body.subarray(0, 2)).toString()).toBe('PK');
    await r.render(minutes, 'md', ['en']);
    expect(r.stats).toEqual({ inWorker: 2, inPlace: 1 });
    // A meeting in French and Arabic: the worker checks the languages against the meeting's.
    const frAr = await r.render(buildMinutes(frenchArabicInput()), 'pdf', ['fr', 'ar']);
    expect(frAr.filename).toBe('minutes-m-2024-03-14-fr-ar.pdf');
    expect(r.stats).toEqual({ inWorker: 3, inPlace: 1 });

    // A larger meeting: built in place, its PDF would hold the loop for the whole build.
    const large = buildMinutes(
      syntheticMeeting({ items: 16, delegations: 53, speeches: 80, polls: 6, decisions: 12, hours: 2 }),
    );
    const started = performance.now();
    const { result, stallMs } = await longestStall(() => r.render(large, 'pdf', ['en', 'ru']));
    const buildMs = performance.now() - started;
    expect(result.body.byteLength).toBeGreaterThan(50_000);
    // Cloning the model to the worker and the file back are the only work left here: the loop
    // stays free for most of the build (a ratio, so that a busy machine slows both alike).
    expect(stallMs / buildMs).toBeLessThan(0.4);
  });

  it('builds in place when the worker cannot start, and says so once', async () => {
    const errors: string[] = [];
    const logger = createLogger('silent');
    logger.error = ((obj: unknown, msg?: string) => void errors.push(msg ?? String(obj))) as typeof logger.error;
    const r = new MinutesRenderer(logger, {
      useWorker: true,
      workerUrl: new URL('./no-such-worker.mjs', import.meta.url),
    });
    renderer = r;
    const minutes = buildMinutes(recordedInput());
    const pdf = await r.render(minutes, 'pdf', ['en']);
    expect(Buffer.from(pdf.body.subarray(0, 5)).toString()).toBe('%PDF-');
    await r.render(minutes, 'docx', ['en']);
    expect(r.stats).toEqual({ inWorker: 0, inPlace: 2 });
    expect(errors).toEqual(['minutes worker could not start; building files in place']);
  });
});
