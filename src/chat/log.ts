/**
 * @module chat/log
 * Structured log lines. Callers pass ids, kinds and counts, never what a user wrote, never a
 * reporter's name or contact, never a driver error's text.
 */
export type LogFields = Record<string, string | number | boolean | undefined>

export interface Logger {
  info(event: string, fields?: LogFields): void
  error(event: string, fields?: LogFields): void
}

export function jsonLogger(write: (line: string) => void): Logger {
  const line = (level: string, event: string, fields: LogFields = {}): void =>
    write(JSON.stringify({ level, event, ...fields }))
  return { info: (e, f) => line('info', e, f), error: (e, f) => line('error', e, f) }
}

export const silentLogger: Logger = { info() {}, error() {} }
