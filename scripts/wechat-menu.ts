/**
 * `npm run wechat:menu` publishes the Official Account's custom menu (content/channels/
 * wechat-menu.yaml, checked like all content) to WeChat's `cgi-bin/menu/create`, with the access
 * token the service shares through the database. Settings as for `npm start`: WECHAT_TOKEN,
 * WECHAT_APP_ID, WECHAT_APP_SECRET, WECHAT_API_BASE_URL, DATABASE_URL, DATABASE_AUTH_TOKEN.
 */
import { wechatFromSettings } from '../src/channels/wechat/settings.js'
import { MENU_FILE, wechatMenuBody, wechatMenuSchema } from '../src/channels/wechat/menu.js'
import { compileContent, parse, Problems, readSources } from '../src/content/compile.js'
import { migrations } from '../src/generated/migrations.js'
import { migrate } from '../src/store/migrate.js'
import { DEFAULT_DATABASE, openNodeDriver } from '../src/store/open-node.js'
import { OutboxStore } from '../src/store/outbox.js'
import { printProblems } from './problems.js'

const sources = readSources(process.cwd())
const { content, problems } = compileContent(sources)
const menu = parse(
  sources.find((s) => s.path === MENU_FILE)!,
  wechatMenuSchema,
  new Problems(),
)
if (!content || !menu) {
  printProblems(problems)
  process.exit(1)
}
const env = process.env
const driver = openNodeDriver(env['DATABASE_URL'] || DEFAULT_DATABASE, env['DATABASE_AUTH_TOKEN'])
await migrate(driver, migrations)
const wechat = wechatFromSettings(env, { driver, outbox: new OutboxStore(driver) }, content.texts)
if (!wechat) {
  process.stderr.write('WECHAT_TOKEN, WECHAT_APP_ID and WECHAT_APP_SECRET must be set\n')
  process.exit(1)
}
const body = wechatMenuBody(menu.value, content.texts['zh-Hans'])
const errcode = await wechat.api.call('/cgi-bin/menu/create', body)
await driver.close()
if (errcode !== 0) {
  process.stderr.write(`WeChat refused the menu: errcode ${errcode}\n`)
  process.exit(1)
}
console.log(`menu published: ${body.button.map((b) => b.name).join(' | ')}`)
