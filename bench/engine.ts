/**
 * The pure engine on a five-question flow (choice, age, yes/no, region, text), with the real
 * compiled content: turns per second, no I/O.
 */
import { initialState, step } from '../src/engine/step.js'
import type { CompiledContent, ConversationState, Flow } from '../src/engine/types.js'
import { compiled } from '../src/generated/content.js'
import { classify } from '../src/triage/classify.js'

const flow: Flow = {
  id: 'bench',
  version: 1,
  start: 'who',
  nodes: {
    who: {
      kind: 'ask_choice',
      text: 'main.menu',
      var: 'who',
      next: 'age',
      choices: [
        { id: 'parent', label: 'main.policy' },
        { id: 'other', label: 'main.screen' },
      ],
    },
    age: { kind: 'ask_age', text: 'main.menu', var: 'age', next: 'dibao' },
    dibao: {
      kind: 'ask_yes_no',
      text: 'main.menu',
      var: 'dibao',
      allowUnknown: true,
      next: 'region',
    },
    region: { kind: 'ask_region', text: 'main.menu', var: 'region', next: 'note' },
    note: { kind: 'ask_text', text: 'main.menu', var: 'note' },
  },
}
const content: CompiledContent = {
  ...compiled,
  flows: { ...compiled.flows, bench: flow },
  entry: { ...compiled.entry, main: 'bench' },
}
const ANSWERS = ['1', '八岁半', '不清楚', '温岭', '孩子的爸爸在外地打工，妈妈不在了']
const NOW = new Date('2026-03-02T01:00:00Z')

/** Runs `conversations` five-turn conversations; returns turns per second. */
export function engineTurnsPerSecond(conversations: number): number {
  const t = performance.now()
  for (let c = 0; c < conversations; c++) {
    let state: ConversationState = step(
      content,
      initialState(),
      { kind: 'text', text: '' },
      NOW,
    ).state
    for (const text of ANSWERS) state = step(content, state, { kind: 'text', text }, NOW).state
  }
  return (conversations * (ANSWERS.length + 1)) / ((performance.now() - t) / 1000)
}

const TRIAGE_MESSAGES = [
  '隔壁又在打孩子了，孩子一直在哭喊救命',
  '孙子放学到现在还没回家，电话也打不通',
  '我想问问孤儿补贴怎么申请',
  '我不想活了',
  'my neighbours kid is being beaten right now',
  'how do i apply for the orphan subsidy for my grandson',
]

/** Mean microseconds of one `classify` over Chinese and English messages (it runs on every turn). */
export function triageMicrosPerMessage(rounds: number): { zh: number; en: number } {
  const time = (texts: string[]): number => {
    const t = performance.now()
    for (let r = 0; r < rounds; r++) for (const text of texts) classify(compiled.triage, text)
    return ((performance.now() - t) * 1000) / (rounds * texts.length)
  }
  return {
    zh: time(TRIAGE_MESSAGES.filter((m) => !/[a-z]/.test(m))),
    en: time(TRIAGE_MESSAGES.filter((m) => /[a-z]/.test(m))),
  }
}
