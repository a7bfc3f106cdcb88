/**
 * `npm run chat`: talk to the same engine and store in a terminal (like `rasa shell`). Uses
 * DATABASE_URL like `npm start` (default: the embedded file), as channel `terminal`.
 * Type numbers or words; Ctrl-D ends.
 */
import { randomUUID } from 'node:crypto'
import { createInterface } from 'node:readline/promises'
import { handleMessage, recoverPending } from '../src/chat/handle-message.js'
import { silentLogger } from '../src/chat/log.js'
import type { Reply } from '../src/engine/types.js'
import { nodeDeps } from '../src/node-deps.js'

const { driver, deps } = await nodeDeps(process.env, silentLogger)
await recoverPending(deps)
const userKey = process.env['CHAT_USER'] ?? `terminal-${randomUUID()}`

function show(reply: Reply): void {
  console.log((reply.urgent ? '⚠ ' : '') + reply.text)
  for (const c of reply.contacts ?? [])
    console.log(`  ☎ ${c.name}${c.phone ? ` (${c.phone})` : ''}: ${c.description}`)
  reply.choices?.forEach((c, i) => console.log(`  ${i + 1}. ${c.label}`))
}

async function send(text: string): Promise<void> {
  const response = await handleMessage(deps, {
    channel: 'terminal',
    userKey,
    input: { kind: 'text', text },
  })
  response.replies.forEach(show)
  if (response.state.mode !== 'bot') console.log(`  [${response.state.mode}]`)
}

const rl = createInterface({
  input: process.stdin,
  output: process.stdout,
  terminal: process.stdin.isTTY,
})
// Take the iterator before the first await, or lines piped in meanwhile are dropped.
const lines = rl[Symbol.asyncIterator]()
await send('')
rl.setPrompt('> ')
rl.prompt()
for await (const line of { [Symbol.asyncIterator]: () => lines }) {
  await send(line)
  rl.prompt()
}
await driver.close()
