/**
 * `npm run eval:screening`: how many turns a family needs to see a first screening result, over
 * every screening case (test/policy/cases/) told as a story (test/policy/stories.yaml) — the story
 * as the first message, then each question answered from the case's facts, 不清楚 to the rest —
 * and without a story (the first message is the menu's "看看孩子能领什么"). Prints min / median /
 * max and a histogram for each. `--show` prints each drive's transcript.
 *
 * Before issue 12's free-text work (main at e2599ec, 2026-12-07, measured with this same script in
 * a scratch copy): see BEFORE below. Goal (issue 12): with a story at most 10 turns, median at most
 * 6; without a story fewer than before. test/policy/stories.test.ts holds the goal.
 */
import { compileContent, readSources } from '../src/content/compile.js'
import { distribution, drive, storyCases, type Distribution } from './screening-drive.js'

/**
 * Measured on main (e2599ec, 2026-12-07) before the change, with this script and these stories:
 * turns to the first result over the 78 cases. The story was not read then ("没看明白", the menu
 * again), so a story cost one turn more than the menu's words.
 */
export const BEFORE = {
  story: 'min 12, median 23.5, max 28',
  plain: 'min 11, median 22.5, max 27',
  plainMedian: 22.5,
}

const { content, problems } = compileContent(readSources(process.cwd()))
if (!content) {
  for (const p of problems) console.error(`${p.file}:${p.line}: ${p.message}`)
  process.exit(1)
}
const show = process.argv.includes('--show')
const cases = storyCases(process.cwd())

function print(title: string, d: Distribution): void {
  console.log(
    `${title}: min ${d.min}, median ${d.median}, max ${d.max}` +
      (d.stuck > 0 ? `, ${d.stuck} never reached a result within the limit` : ''),
  )
  for (const [turns, n] of [...d.histogram].sort((a, b) => a[0] - b[0]))
    console.log(`  ${String(turns).padStart(2)} turns ${'█'.repeat(n)} ${n}`)
}

for (const [title, story] of [
  ['with a story', true],
  ['without a story', false],
] as const) {
  const drives = cases.map((c) => ({ c, d: drive(content, c, story) }))
  if (show)
    for (const { c, d } of drives)
      console.log(`\n## ${c.group} · ${c.name} (${d.turns ?? 'none'})\n${d.transcript.join('\n')}`)
  print(`${title} (${cases.length} cases)`, distribution(drives.map(({ d }) => d.turns)))
}
console.log(`before: with a story ${BEFORE.story}; without ${BEFORE.plain}`)
