/**
 * @module store/results
 * Kept results (table `results`): the row a turn writes for its `save_result` effect, and what a
 * row reads back as. The answers are facts of the screening vocabulary only.
 */
import type { Lang, SavedScreening } from '../engine/types.js'
import type { Stmt } from './driver.js'

export interface KeptResult {
  screening: SavedScreening
  lang: Lang
}

const LANGS: readonly Lang[] = ['zh-Hans', 'zh-Hant', 'en']

export function resultStatement(code: string, kept: KeptResult, at: string): Stmt {
  const { region, asOf, facts, unknownFacts } = kept.screening
  return {
    sql: `INSERT INTO results (code, region, as_of, answers, lang, created_at)
          VALUES (?, ?, ?, ?, ?, ?)`,
    args: [code, region, asOf, JSON.stringify({ facts, unknownFacts }), kept.lang, at],
  }
}

export function keptResult(row: Record<string, unknown>): KeptResult {
  const answers = JSON.parse(String(row['answers'])) as Pick<
    SavedScreening,
    'facts' | 'unknownFacts'
  >
  const lang = LANGS.find((l) => l === row['lang']) ?? 'zh-Hans'
  return {
    screening: {
      region: String(row['region']),
      asOf: String(row['as_of']),
      facts: answers.facts,
      unknownFacts: answers.unknownFacts,
    },
    lang,
  }
}
