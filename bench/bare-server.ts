/**
 * The ceiling: a bare Hono route on @hono/node-server that parses the same JSON body and answers
 * with a JSON body of similar size — no validation, no engine, no database.
 */
import { serve } from '@hono/node-server'
import { Hono } from 'hono'

const app = new Hono()
app.get('/healthz', (c) => c.json({ ok: true }))
app.post('/api/v1/chat', async (c) => {
  const body = (await c.req.json()) as { userId: string; text?: string }
  return c.json({
    conversationId: `web:${body.userId}`,
    replies: [{ text: body.text ?? '' }],
    state: { flow: 'main', node: 'menu', mode: 'bot' },
  })
})
serve({ fetch: app.fetch, port: Number(process.env['PORT']), hostname: '127.0.0.1' })
