import { pino } from 'pino';

export type Logger = pino.Logger;

/**
 * JSON logs. Tokens must never reach a log: anything that could hold one is redacted, and
 * request URLs (which may carry a token in a query string) are not logged. So are passwords and
 * the connection strings that hold them, should a configuration ever be logged whole (the start
 * logs what it uses through platform/banner.ts, without them).
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    redact: {
      paths: [
        'token',
        '*.token',
        'auth',
        '*.auth',
        'headers.authorization',
        '*.headers.authorization',
        'url',
        '*.url',
        'password',
        '*.password',
        'adminToken',
        '*.adminToken',
        'tokenSecret',
        '*.tokenSecret',
        'databaseUrl',
        '*.databaseUrl',
        'redisUrl',
        '*.redisUrl',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
