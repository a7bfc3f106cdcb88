/**
 * @module channels/wechaty/start
 * The wechaty bridge as a process (`npm run wechaty`, src/node-wechaty.ts): the bot account
 * logged in through the puppet WECHATY_PUPPET names (with WECHATY_PUPPET_SERVICE_TOKEN for a
 * puppet service; wechaty and the puppets read both themselves as well), and the host run
 * in-process on the server's database (the same DATABASE_URL and REPORT_KEY, composed by
 * src/node-deps.ts). This process alone sends the wechaty replies: its outbox deliverer takes only
 * those, so an operator's words written by the server reach the user from here. At the start,
 * messages stored but not answered (a crash) are answered, and what was not sent goes out.
 */
import { ScanStatus, WechatyBuilder, qrcodeValueToImageUrl, type Wechaty } from 'wechaty'
import { z } from 'zod'
import { recoverPending } from '../../chat/handle-message.js'
import type { Logger } from '../../chat/log.js'
import { compiled } from '../../generated/content.js'
import { nodeDeps } from '../../node-deps.js'
import { bridgeWechaty, wechatyChannel, WECHATY, type WechatyBridge } from './bridge.js'
import { SendPacer } from './pacer.js'

/** How often what waits in the outbox (a retry, an operator's words) is looked at. */
const DELIVER_EVERY_MS = 2_000

const settings = z.object({
  WECHATY_PUPPET: z.string().min(1).optional(),
  WECHATY_PUPPET_SERVICE_TOKEN: z.string().min(1).optional(),
  /** Messages a second the bot sends at most, and how many at once (see ./pacer.ts). */
  WECHATY_SEND_PER_SECOND: z.coerce.number().positive().max(20).default(1),
  WECHATY_SEND_BURST: z.coerce.number().int().min(1).max(20).default(3),
})

export interface BridgeProcess extends WechatyBridge {
  bot: Wechaty
  deps: Awaited<ReturnType<typeof nodeDeps>>['deps']
  stop(): Promise<void>
}

export async function startBridge(
  env: Record<string, string | undefined>,
  log: Logger,
  /** Tests: a puppet instance (wechaty-puppet-mock) and a clock for the pacer. */
  options: {
    puppet?: NonNullable<Parameters<typeof WechatyBuilder.build>[0]>['puppet']
    timer?: { now(): number; sleep(ms: number): Promise<void> }
    print?: (line: string) => void
  } = {},
): Promise<BridgeProcess> {
  const s = settings.parse(
    Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')),
  )
  const puppet = options.puppet ?? s.WECHATY_PUPPET
  if (puppet === undefined)
    throw new Error(
      'WECHATY_PUPPET must name a puppet (wechaty-puppet-service, wechaty-puppet-wechat4u, …)',
    )
  const bot = WechatyBuilder.build({
    puppet: puppet as never,
    ...(s.WECHATY_PUPPET_SERVICE_TOKEN && {
      puppetOptions: { token: s.WECHATY_PUPPET_SERVICE_TOKEN },
    }),
  })
  const pacer = new SendPacer({
    perSecond: s.WECHATY_SEND_PER_SECOND,
    burst: s.WECHATY_SEND_BURST,
    ...(options.timer ?? {
      now: () => Date.now(),
      sleep: (ms) => new Promise<void>((r) => setTimeout(r, ms)),
    }),
  })
  const { driver, deps, outbox } = await nodeDeps(env, log, {
    [WECHATY]: wechatyChannel(bot, pacer, compiled.texts),
  })
  const bridge = bridgeWechaty(bot, deps, pacer)
  const print = options.print ?? ((line: string) => process.stdout.write(line + '\n'))
  // The login QR code (to scan with the bot account's phone); no one's name or words are logged.
  bot.on('scan', (qrcode, status) => {
    if (status === ScanStatus.Waiting)
      print(`wechaty: scan to log in: ${qrcodeValueToImageUrl(qrcode)}`)
  })
  bot.on('login', () => {
    log.info('wechaty_login')
    outbox.kick()
  })
  bot.on('logout', () => log.info('wechaty_logout'))
  bot.on('error', (e) => log.error('wechaty_error', { kind: e.name }))
  await recoverPending(deps, [WECHATY])
  const retries = setInterval(() => {
    // Sends wait while the account is logged out (a send then would count as a failed try).
    if (bot.isLoggedIn) outbox.kick()
  }, DELIVER_EVERY_MS)
  await bot.start()
  return {
    bot,
    deps,
    settled: () => bridge.settled(),
    async stop() {
      clearInterval(retries)
      await bridge.settled()
      await bot.stop()
      await driver.close()
    },
  }
}
