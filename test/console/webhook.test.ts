/**
 * The on-call webhook: a new emergency in the queue is POSTed to ONCALL_WEBHOOK_URL (here a real
 * local HTTP server) with its ref and urgency only — never the words the user wrote.
 */
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { webhookAlert } from '../../src/console/services.js'
import { consoleApp } from './support.js'

describe('on-call webhook', () => {
  it('receives each new emergency item once, without the user’s words', async () => {
    const bodies: unknown[] = []
    let arrived: () => void = () => undefined
    const got = new Promise<void>((resolve) => (arrived = resolve))
    const server = createServer((req: IncomingMessage, res) => {
      let body = ''
      req.on('data', (c: Buffer) => (body += c.toString()))
      req.on('end', () => {
        bodies.push(JSON.parse(body))
        res.end('ok')
        arrived()
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    try {
      const a = await consoleApp()
      const hook = webhookAlert(`http://127.0.0.1:${port}/oncall`, a.deps.log)
      const calls: unknown[] = []
      a.deps.alert = (alert) => {
        calls.push(alert)
        hook(alert)
      }
      const user = 'u-webhook-0123456789abcdef0123456789'
      await a.chat(user, '隔壁又在打孩子了，孩子一直在哭喊救命')
      await got
      // The same conversation again: its item is not new, so no second alert.
      await a.chat(user, '他还在打，孩子在哭喊救命')
      expect(calls).toHaveLength(1)
      expect(bodies).toEqual([
        expect.objectContaining({ event: 'queue_item', urgency: 'emergency', reason: 'danger' }),
      ])
      expect(JSON.stringify(bodies)).not.toMatch(/打孩子|webhook-0123/)
    } finally {
      server.close()
    }
  })
})
