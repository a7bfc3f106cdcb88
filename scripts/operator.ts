/**
 * `npm run operator -- add NAME --role operator|supervisor` creates a console account; `passwd
 * NAME` sets a new password (and signs the account out everywhere); `disable NAME` disables it
 * (and ends its sessions). Passwords are read from standard input (at least 12 characters; from a
 * terminal, typed twice and not shown). Uses DATABASE_URL like `npm start`.
 */
import { randomUUID } from 'node:crypto'
import { createInterface } from 'node:readline'
import { Writable } from 'node:stream'
import { silentLogger } from '../src/chat/log.js'
import { MIN_PASSWORD } from '../src/console/password.js'
import { nodeDeps } from '../src/node-deps.js'

const USAGE = `usage:
  npm run operator -- add NAME --role operator|supervisor   (password from standard input)
  npm run operator -- passwd NAME                           (password from standard input)
  npm run operator -- disable NAME`

function fail(message: string): never {
  process.stderr.write(message + '\n')
  process.exit(1)
}

/** Lines from standard input; from a terminal, without echo. */
async function readLines(n: number, prompt: string): Promise<string[]> {
  const tty = process.stdin.isTTY === true
  const muted = new Writable({ write: (_c, _e, done) => done() })
  const rl = createInterface({
    input: process.stdin,
    output: tty ? muted : undefined,
    terminal: tty,
  })
  const lines: string[] = []
  if (tty) process.stderr.write(prompt)
  for await (const line of rl) {
    lines.push(line)
    if (lines.length === n) break
    if (tty) process.stderr.write('\nagain: ')
  }
  rl.close()
  if (tty) process.stderr.write('\n')
  return lines
}

async function password(): Promise<string> {
  const tty = process.stdin.isTTY === true
  const [first, second] = await readLines(tty ? 2 : 1, 'password: ')
  if (first === undefined) fail('no password on standard input')
  if (tty && first !== second) fail('the two passwords differ')
  if ([...first].length < MIN_PASSWORD)
    fail(`the password must have at least ${MIN_PASSWORD} characters`)
  return first
}

const [command, name, ...rest] = process.argv.slice(2)
if (!command || !name || !/^[\p{L}\p{N}._-]{1,64}$/u.test(name)) fail(USAGE)

const { driver, deps } = await nodeDeps(process.env, silentLogger)
const { operators, passwords, audit } = deps.console
const at = new Date().toISOString()
try {
  switch (command) {
    case 'add': {
      const roleAt = rest.indexOf('--role')
      const role = rest[roleAt + 1]
      if (roleAt < 0 || (role !== 'operator' && role !== 'supervisor')) fail(USAGE)
      const passwordHash = await passwords.hash(await password())
      if ((await operators.add({ id: randomUUID(), name, role, passwordHash, at })) === 'exists')
        fail(`an account named ${name} exists already`)
      await audit.append({
        at,
        actor: 'cli',
        action: 'account_added',
        target: name,
        detail: { role },
      })
      console.log(`added ${role} ${name}`)
      break
    }
    case 'passwd': {
      if (!(await operators.setPassword(name, await passwords.hash(await password()), at)))
        fail(`no account named ${name}`)
      await audit.append({ at, actor: 'cli', action: 'password_set', target: name, detail: null })
      console.log(`password set for ${name}; their sessions are ended`)
      break
    }
    case 'disable': {
      if (!(await operators.disable(name, at))) fail(`no account named ${name}`)
      await audit.append({
        at,
        actor: 'cli',
        action: 'account_disabled',
        target: name,
        detail: null,
      })
      console.log(`disabled ${name}; their sessions are ended`)
      break
    }
    default:
      fail(USAGE)
  }
} finally {
  await driver.close()
}
