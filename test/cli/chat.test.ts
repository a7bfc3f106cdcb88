/** `npm run chat` answers in a terminal, from the same engine and store. */
import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'

it('shows the menu, follows a number, and puts 110 first on danger', () => {
  const db = join(mkdtempSync(join(tmpdir(), 'tonghu-chat-')), 'chat.db')
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/chat.ts'], {
    input: '3\n孩子被打了在流血\n',
    env: { ...process.env, DATABASE_URL: `file:${db}` },
    encoding: 'utf8',
    timeout: 30_000,
  })
  expect(run.status).toBe(0)
  const out = run.stdout
  expect(out).toContain('1. 了解福利政策')
  expect(out).toContain('孩子现在有危险吗？')
  const danger = out.indexOf('⚠ 孩子现在有危险：请立即拨打110报警')
  expect(danger).toBeGreaterThan(out.indexOf('孩子现在有危险吗？'))
  expect(out).toContain('☎ 110 报警 (110)')
  expect(out).toContain('☎ 120 急救 (120)')
})
