/**
 * `npm run wechat:menu`: the menu from content/channels/wechat-menu.yaml, as WeChat's
 * `cgi-bin/menu/create` receives it (a local fake of the API), 紧急求助 first; and the content
 * check refuses a menu whose key leads nowhere or whose label is over WeChat's byte limits.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'
import { MENU_FILE } from '../../src/channels/wechat/menu.js'
import { compileContent, readSources } from '../../src/content/compile.js'
import { fakeWechat } from './fake-wechat.js'
import { WECHAT } from './wechat-client.js'

it('publishes the menu: 紧急求助 first, then the main choices, with a token', async () => {
  const fake = await fakeWechat()
  try {
    const db = join(mkdtempSync(join(tmpdir(), 'tonghu-menu-')), 'menu.db')
    const run = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/wechat-menu.ts'],
      {
        env: {
          ...process.env,
          DATABASE_URL: `file:${db}`,
          WECHAT_TOKEN: WECHAT.token,
          WECHAT_APP_ID: WECHAT.appId,
          WECHAT_APP_SECRET: WECHAT.appSecret,
          WECHAT_API_BASE_URL: fake.url,
        },
        encoding: 'utf8',
        timeout: 30_000,
      },
    )
    expect(run.stdout).toContain('menu published: 紧急求助')
    const calls = fake.calls.filter((c) => c.path === '/cgi-bin/menu/create')
    expect(calls).toHaveLength(1)
    expect(calls[0]?.token).toBe('token-1')
    expect(calls[0]?.body).toEqual({
      button: [
        { type: 'click', name: '紧急求助', key: 'emergency' },
        {
          name: '福利服务',
          sub_button: [
            { type: 'click', name: '了解福利政策', key: 'policy' },
            { type: 'click', name: '看看孩子能领什么', key: 'screen' },
            { type: 'click', name: '查询举报进度', key: 'followup' },
          ],
        },
        {
          name: '举报求助',
          sub_button: [
            { type: 'click', name: '举报或求助', key: 'report' },
            { type: 'click', name: '转人工', key: 'human' },
          ],
        },
      ],
    })
  } finally {
    await fake.close()
  }
})

it('the content check refuses a key that leads nowhere and a label over 16 bytes', () => {
  const sources = readSources(process.cwd()).map((s) =>
    s.path === MENU_FILE
      ? {
          ...s,
          text: 'buttons:\n  - { label: main.policy, key: nowhere }\n',
        }
      : s,
  )
  const { content, problems } = compileContent(sources)
  expect(content).toBeUndefined()
  expect(problems.map((p) => `${p.file}:${p.line} ${p.message}`)).toEqual([
    `${MENU_FILE}:2 "了解福利政策" is over WeChat's 16 bytes`,
    `${MENU_FILE}:2 key "nowhere" is neither a main menu choice nor a flow`,
  ])
})
