import nodemailer from 'nodemailer';
import type { MailConfig } from '../platform/config.js';

/** One message to one person. */
export type OutgoingMail = {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The message's language (Content-Language), as the templates wrote it. */
  language: string;
};

/**
 * What became of a message: taken by the SMTP server; refused for good (a 5xx reply: the address
 * does not exist, the domain takes no mail) — never tried again by itself; or refused for now (a 4xx
 * reply, no connection, a time-out) — worth another attempt later.
 */
export type SendOutcome =
  { ok: true } | { ok: false; permanent: true; reason: string } | { ok: false; permanent: false; reason: string };

export interface Mailer {
  send(mail: OutgoingMail): Promise<SendOutcome>;
  close(): void;
}

/** The longest server reply kept as a person's error (the store and the panel show it). */
const REASON_MAX = 300;

function field(err: object, name: string): unknown {
  return name in err ? (err as Record<string, unknown>)[name] : undefined;
}

/**
 * Sorts a nodemailer error into permanent or transient. A reply code of the server decides when
 * there is one (5xx permanent, 4xx transient: RFC 5321 §4.2.1); without one (connection refused,
 * time-out, TLS trouble) it is transient. The reason is the server's own reply, or the error's
 * code: never the message's text (it holds the link) nor the credentials.
 */
export function classifySendError(err: unknown): Exclude<SendOutcome, { ok: true }> {
  if (typeof err !== 'object' || err === null) return { ok: false, permanent: false, reason: 'unknown error' };
  const code = field(err, 'responseCode');
  const response = field(err, 'response');
  const errorCode = field(err, 'code');
  const reply = typeof response === 'string' && response.trim() !== '' ? response.trim() : null;
  const reason = (reply ?? (typeof errorCode === 'string' ? errorCode : 'send failed')).slice(0, REASON_MAX);
  // A refused sign-in (535) or a failed STARTTLS (a 5xx to the STARTTLS command) is the
  // configuration's or the connection's fault, not the person's address: not a bounce.
  if (errorCode === 'EAUTH' || errorCode === 'ETLS' || errorCode === 'ECONNECTION')
    return { ok: false, permanent: false, reason };
  if (typeof code === 'number' && code >= 500 && code < 600) return { ok: false, permanent: true, reason };
  return { ok: false, permanent: false, reason };
}

/** Sends through the configured SMTP server, one connection per message (a handful at a time). */
export function smtpMailer(config: MailConfig): Mailer {
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    // Not encrypted from the first byte: STARTTLS or nothing is sent (MailConfig.requireTls).
    requireTLS: !config.secure && config.requireTls,
    auth: config.auth ?? undefined,
    // A server that does not answer is a failed attempt within a minute, not a row stuck 'sending'.
    connectionTimeout: 20_000,
    greetingTimeout: 20_000,
    socketTimeout: 60_000,
    // nodemailer logs nothing by itself; its messages would carry addresses and links.
    logger: false,
  });
  return {
    async send(mail) {
      try {
        await transport.sendMail({
          from: config.from,
          replyTo: config.replyTo ?? undefined,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          headers: { 'Content-Language': mail.language, 'Auto-Submitted': 'auto-generated' },
        });
        return { ok: true };
      } catch (err) {
        return classifySendError(err);
      }
    },
    close: () => transport.close(),
  };
}
