import pino, { type LevelWithSilent, type Logger } from 'pino';

export type { Logger };

/** Paths that may hold secrets or personal data; pino replaces their values. */
const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["webhook-signature"]',
  'res.headers["set-cookie"]',
  '*.content',
  '*.email',
  '*.ip',
  '*.token',
  '*.apiKey',
  '*.webhookSecret',
  '*.password',
];

/** One pino root per process; children add reqId or jobId. */
export function createLogger(config: { LOG_LEVEL: LevelWithSilent }, name: string): Logger {
  return pino({
    name,
    level: config.LOG_LEVEL,
    redact: { paths: redactPaths, censor: '[redacted]' },
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
