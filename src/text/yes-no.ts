/**
 * @module text/yes-no
 * Yes, no and "I don't know" as people say them: 是/对/嗯/好/有 · 不是/没有/不/否 · 不清楚/不知道.
 */

export type YesNo = 'yes' | 'no' | 'unknown'

const UNKNOWN = [
  '不清楚',
  '不知道',
  '不确定',
  '说不清',
  '不晓得',
  '不太清楚',
  '不了解',
  '不懂',
  "don't know",
  'dont know',
  'not sure',
  'unknown',
]
const NO = [
  '不是',
  '没有',
  '没',
  '不',
  '否',
  '不对',
  '不要',
  '不用',
  '不好',
  '没事',
  '无',
  'no',
  'n',
  'nope',
]
const YES = [
  '是',
  '是的',
  '对',
  '对的',
  '嗯',
  '嗯嗯',
  '好',
  '好的',
  '有',
  '有的',
  '要',
  '可以',
  '行',
  '确定',
  '是啊',
  '对啊',
  'yes',
  'y',
  'ok',
  'yeah',
]

/** Reads a yes/no answer from normalised text; undefined if it is neither. */
export function parseYesNo(text: string): YesNo | undefined {
  const t = text.replace(/\s+/g, '').replace(/[啊呀吧呢哦噢的了]+$/u, '')
  const bare = t.length > 0 ? t : text.replace(/\s+/g, '')
  if (UNKNOWN.includes(bare)) return 'unknown'
  if (NO.includes(bare)) return 'no'
  if (YES.includes(bare)) return 'yes'
  return undefined
}
