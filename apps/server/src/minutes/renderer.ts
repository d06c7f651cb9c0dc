import { Worker } from 'node:worker_threads';
import {
  minutesLangKey,
  renderMinutes,
  type Minutes,
  type MinutesFormat,
  type MinutesLang,
  type RenderedMinutes,
} from '@rostrum/minutes';
import type { Logger } from '../platform/logger.js';

/** Stop the worker after this long without work: it holds the PDF fonts and libraries in memory. */
const IDLE_MS = 120_000;
/** More DOCX/PDF files than this waiting: refuse rather than queue without end. */
const MAX_QUEUED = 8;

type Job = {
  id: number;
  minutes: Minutes;
  format: MinutesFormat;
  lang: MinutesLang;
  resolve: (file: RenderedMinutes) => void;
  reject: (err: Error) => void;
};

export class RendererBusyError extends Error {}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/**
 * Builds minutes files. Markdown, HTML and JSON take milliseconds and are built in place; DOCX
 * and PDF are built by one worker thread, one file at a time, so that a large document never
 * holds the event loop of the live meetings. If the worker cannot start, files are built in
 * place (slower for everyone, but the minutes still come out) and that is logged once.
 */
export class MinutesRenderer {
  private worker: Worker | null = null;
  private workerFailed = false;
  private readonly jobs = new Map<number, Job>();
  private nextId = 1;
  private idle: NodeJS.Timeout | null = null;
  /** Whether the current worker has built a file yet (one that dies before it never worked). */
  private answered = false;
  private built = { inWorker: 0, inPlace: 0 };

  constructor(
    private readonly logger: Logger,
    private readonly opts: { useWorker: boolean; workerUrl?: URL } = { useWorker: true },
  ) {}

  /** Files built so far, by where. */
  get stats(): { inWorker: number; inPlace: number } {
    return { ...this.built };
  }

  async render(minutes: Minutes, format: MinutesFormat, lang: MinutesLang): Promise<RenderedMinutes> {
    if (format === 'md' || format === 'html' || format === 'json' || !this.opts.useWorker || this.workerFailed)
      return this.inPlace(minutes, format, lang);
    if (this.jobs.size >= MAX_QUEUED) throw new RendererBusyError('too many documents are being built');
    const worker = this.ensureWorker();
    if (!worker) return this.inPlace(minutes, format, lang);
    const id = this.nextId++;
    return new Promise<RenderedMinutes>((resolve, reject) => {
      this.jobs.set(id, { id, minutes, format, lang, resolve, reject });
      if (this.idle) clearTimeout(this.idle);
      this.idle = null;
      worker.postMessage({ id, minutes, format, lang: minutesLangKey(lang) });
    });
  }

  private inPlace(minutes: Minutes, format: MinutesFormat, lang: MinutesLang): Promise<RenderedMinutes> {
    this.built.inPlace += 1;
    return renderMinutes(minutes, format, lang);
  }

  async close(): Promise<void> {
    if (this.idle) clearTimeout(this.idle);
    const worker = this.worker;
    this.worker = null;
    for (const job of this.jobs.values()) job.reject(new Error('the server is stopping'));
    this.jobs.clear();
    if (worker) await worker.terminate();
  }

  private ensureWorker(): Worker | null {
    if (this.worker) return this.worker;
    try {
      const worker = new Worker(this.opts.workerUrl ?? new URL('./worker-boot.mjs', import.meta.url));
      // Never keep the process alive for the worker's sake.
      worker.unref();
      worker.on('message', (msg: unknown) => this.onMessage(msg));
      worker.on('error', (err) => this.onWorkerGone(err));
      worker.on('exit', (code) => {
        if (this.worker === worker) this.onWorkerGone(new Error(`minutes worker exited with code ${code}`));
      });
      this.worker = worker;
      this.answered = false;
      return worker;
    } catch (err) {
      this.workerFailed = true;
      this.logger.error({ err }, 'minutes worker could not start; building files in place');
      return null;
    }
  }

  private onMessage(msg: unknown): void {
    if (!isRecord(msg) || typeof msg.id !== 'number') return;
    const job = this.jobs.get(msg.id);
    if (!job) return;
    this.jobs.delete(msg.id);
    this.answered = true;
    if (
      msg.ok === true &&
      msg.body instanceof Uint8Array &&
      typeof msg.contentType === 'string' &&
      typeof msg.filename === 'string'
    ) {
      this.built.inWorker += 1;
      job.resolve({ body: msg.body, contentType: msg.contentType, filename: msg.filename });
    } else {
      job.reject(new Error(typeof msg.message === 'string' ? msg.message : 'the minutes could not be built'));
    }
    if (this.jobs.size === 0) this.scheduleIdleStop();
  }

  private scheduleIdleStop(): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = setTimeout(() => void this.close(), IDLE_MS);
    this.idle.unref();
  }

  /**
   * The worker died. One that never built a file cannot start here (e.g. no TypeScript loader):
   * from now on files are built in place, its jobs included. One that worked before crashed on
   * a file: its jobs fail (the client may retry) and the next job starts a new worker.
   */
  private onWorkerGone(err: Error): void {
    this.worker = null;
    const jobs = [...this.jobs.values()];
    this.jobs.clear();
    if (!this.answered) {
      this.workerFailed = true;
      this.logger.error({ err }, 'minutes worker could not start; building files in place');
      for (const job of jobs) this.inPlace(job.minutes, job.format, job.lang).then(job.resolve, job.reject);
      return;
    }
    this.logger.error({ err }, 'minutes worker stopped');
    for (const job of jobs) job.reject(err);
  }
}
