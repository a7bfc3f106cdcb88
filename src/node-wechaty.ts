/**
 * @module node-wechaty
 * The personal-WeChat bridge: `npm run wechaty` (src/channels/wechaty/start.ts). Honours
 * WECHATY_PUPPET, WECHATY_PUPPET_SERVICE_TOKEN, WECHATY_SEND_PER_SECOND (1),
 * WECHATY_SEND_BURST (3), and the server's DATABASE_URL, DATABASE_AUTH_TOKEN, REPORT_KEY(S),
 * ONCALL_WEBHOOK_URL.
 */
import { jsonLogger } from './chat/log.js'
import { startBridge } from './channels/wechaty/start.js'

const log = jsonLogger((line) => process.stdout.write(line + '\n'))
const bridge = await startBridge(process.env, log)

const stop = (): void => {
  void bridge.stop().then(() => process.exit(0))
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
