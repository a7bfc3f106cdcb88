/**
 * A local stand-in for LINE's Messaging API (https://api.line.me, and api-data.line.me's image
 * upload): records every call the real SDK makes (path, headers, body) and answers as LINE does —
 * 200, or what a test queues (429, 409 for a retry key already accepted, 400 for a spent reply
 * token); a new rich menu gets an id.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface LineCall {
  method: string
  path: string
  retryKey: string | undefined
  authorization: string | undefined
  contentType: string | undefined
  /** A JSON body, parsed ({} for another kind). */
  body: { replyToken?: string; to?: string; messages: Record<string, unknown>[] }
  /** The body as sent. */
  raw: Buffer
}

const RICH_MENU_ID = 'richmenu-0123456789abcdef0123456789abcdef'

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
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const status = queued.shift() ?? 200
      const raw = Buffer.concat(chunks)
      const contentType = req.headers['content-type']
      const path = req.url ?? ''
      calls.push({
        method: req.method ?? '',
        path,
        retryKey: req.headers['x-line-retry-key'] as string | undefined,
        authorization: req.headers['authorization'],
        contentType,
        body: (contentType?.startsWith('application/json') && raw.length > 0
          ? JSON.parse(raw.toString())
          : {}) as LineCall['body'],
        raw,
      })
      res.writeHead(status, { 'content-type': 'application/json' })
      if (status !== 200) res.end('{"message":"error"}')
      else if (path === '/v2/bot/richmenu') res.end(JSON.stringify({ richMenuId: RICH_MENU_ID }))
      else res.end('{"sentMessages":[]}')
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
