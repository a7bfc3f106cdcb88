/**
 * A local stand-in for the Official Account's API (https://api.weixin.qq.com): issues access
 * tokens (`cgi-bin/token` invalidates every earlier one, as WeChat's does; `cgi-bin/stable_token`
 * only when forced), refuses calls with a token it does not hold (40001), records every customer-
 * service message and menu, and answers what a test queues (an errcode) instead.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface WechatCall {
  path: string
  token: string | null
  body: Record<string, unknown>
}

export interface WechatSent {
  to: string
  text: string
  body: Record<string, unknown>
}

export interface FakeWechat {
  url: string
  /** Every call, token requests included. */
  calls: WechatCall[]
  /** The customer-service messages accepted: to whom, what, and the call's body. */
  sent(): WechatSent[]
  tokenCalls(): number
  /** The next calls to custom/send or menu/create answer these errcodes. */
  fail(...errcodes: number[]): void
  /** WeChat forgets every token it issued (as when another caller fetched one). */
  revokeTokens(): void
  close(): Promise<void>
}

export async function fakeWechat(): Promise<FakeWechat> {
  const calls: WechatCall[] = []
  const accepted: WechatSent[] = []
  const queued: number[] = []
  let valid = new Set<string>()
  let issued = 0
  const issue = (invalidate: boolean): string => {
    const token = `token-${++issued}`
    valid = invalidate ? new Set([token]) : new Set([...valid, token])
    return token
  }
  const server: Server = createServer((req, res) => {
    let raw = ''
    req.on('data', (c: Buffer) => (raw += c.toString()))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake')
      const body = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>
      const token = url.searchParams.get('access_token')
      calls.push({ path: url.pathname, token, body })
      const json = (value: unknown): void => {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify(value))
      }
      if (url.pathname === '/cgi-bin/token')
        return json({ access_token: issue(true), expires_in: 7200 })
      if (url.pathname === '/cgi-bin/stable_token') {
        const current = [...valid].at(-1)
        const token = body['force_refresh'] === true || !current ? issue(true) : current
        return json({ access_token: token, expires_in: 7200 })
      }
      if (!token || !valid.has(token)) return json({ errcode: 40001, errmsg: 'invalid credential' })
      const errcode = queued.shift() ?? 0
      if (errcode === 0 && url.pathname === '/cgi-bin/message/custom/send')
        accepted.push({
          to: String(body['touser']),
          text: (body['text'] as { content: string }).content,
          body,
        })
      json({ errcode, errmsg: errcode === 0 ? 'ok' : 'error' })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const isToken = (c: WechatCall) =>
    c.path === '/cgi-bin/token' || c.path === '/cgi-bin/stable_token'
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    sent: () => accepted,
    tokenCalls: () => calls.filter(isToken).length,
    fail: (...errcodes) => void queued.push(...errcodes),
    revokeTokens: () => void (valid = new Set()),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
