import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

/** A refusal of a recipient at RCPT TO, as a real server words it. */
export type Refusal = { code: number; message: string };

export type ReceivedMail = { to: string[]; parsed: ParsedMail };

export type TestSmtpServer = {
  port: number;
  /** SMTP_URL for the server under test. */
  url: string;
  received: ReceivedMail[];
  /** How many times each recipient was offered at RCPT TO (refused ones included). */
  attempts: Map<string, number>;
  /** Waits until `count` messages have arrived (or throws after `timeoutMs`). */
  waitFor: (count: number, timeoutMs?: number) => Promise<ReceivedMail[]>;
  close: () => Promise<void>;
};

/**
 * A real SMTP server in the test's own process (smtp-server, on 127.0.0.1, a free port), taking
 * any sign-in and parsing every message it is given (mailparser). `refuse` decides, per recipient
 * and per attempt (1, 2, …), whether to refuse it at RCPT TO.
 */
export async function startSmtpServer(
  refuse: (recipient: string, attempt: number) => Refusal | null = () => null,
): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const attempts = new Map<string, number>();
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    logger: false,
    onAuth: (_auth, _session, callback) => callback(null, { user: 'test' }),
    onRcptTo: (address: SMTPServerAddress, _session, callback) => {
      const who = address.address.toLowerCase();
      const attempt = (attempts.get(who) ?? 0) + 1;
      attempts.set(who, attempt);
      const refusal = refuse(who, attempt);
      if (!refusal) return callback();
      const err = Object.assign(new Error(refusal.message), { responseCode: refusal.code });
      callback(err);
    },
    onData: (stream, session, callback) => {
      simpleParser(stream)
        .then((parsed) => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), parsed });
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    url: `smtp://test:secret@127.0.0.1:${port}`,
    received,
    attempts,
    waitFor: async (count, timeoutMs = 20_000) => {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`${received.length} of ${count} messages arrived`);
        await new Promise((r) => setTimeout(r, 25));
      }
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The Rostrum links (`…/m/<id>#t=<token>`) in a text. */
export function linksIn(text: string): string[] {
  return [...text.matchAll(/https?:\/\/[^\s<>"]+\/m\/[A-Za-z0-9_-]+(?:\/projector)?#t=[A-Za-z0-9._~-]+/g)].map(
    (m) => m[0],
  );
}
