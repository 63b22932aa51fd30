import { pino, type Logger as PinoLogger } from 'pino';

// pino, structured. House rule: message text and other patient words never go
// into a log line at info level or above; log ids, codes and counts instead.
export type Logger = PinoLogger;

export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      redact: { paths: ['token', 'botToken', 'appToken', 'signingSecret', '*.token', '*.botToken'], censor: '****' },
    },
    // stderr by default: stdout belongs to the console chat and the scripted JSON lines.
    (options.destination ?? process.stderr) as pino.DestinationStream,
  );
}

/** A logger that drops everything: tests and benchmarks that assert on other output. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
