/**
 * A local stand-in for LINE's Messaging API (https://api.line.me): records every call the real
 * SDK makes (path, headers, body) and answers as LINE does — 200, or what a test queues (429,
 * 409 for a retry key already accepted, 400 for a spent reply token).
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface LineCall {
  path: string
  retryKey: string | undefined
  authorization: string | undefined
  body: { replyToken?: string; to?: string; messages: Record<string, unknown>[] }
}

export interface FakeLine {
  url: string
  calls: LineCall[]
  /** The next calls get these statuses (then 200). */
  fail(...statuses: number[]): void
  close(): Promise<void>
}

export async function fakeLine(): Promise<FakeLine> {
  const calls: LineCall[] = []
  const queued: number[] = []
  const server: Server = createServer((req, res) => {
    let raw = ''
    req.on('data', (c: Buffer) => (raw += c.toString()))
    req.on('end', () => {
      const status = queued.shift() ?? 200
      calls.push({
        path: req.url ?? '',
        retryKey: req.headers['x-line-retry-key'] as string | undefined,
        authorization: req.headers['authorization'],
        body: JSON.parse(raw || '{}') as LineCall['body'],
      })
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(status === 200 ? '{"sentMessages":[]}' : '{"message":"error"}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    fail: (...statuses) => void queued.push(...statuses),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
