/**
 * @module triage/roles
 * Who is reporting: a role the client names (reporterRole: "teacher", "老师"), or one the writer
 * claims in the text ("我是班主任", "我的学生…"). A role noun alone is not a claim: in
 * "老师打孩子" the teacher is the one doing harm, not the reporter.
 */
import { classIndex, type Hit } from './scan.js'
import type { TriageContent } from './types.js'

/** Characters allowed between a self-marker (我是, 作为) and the role noun (我是村里的儿童主任). */
const CLAIM_WINDOW = 8

interface RoleClasses {
  selfId: number
  nouns: Map<number, string>
  phrases: Map<number, string>
}

const cache = new WeakMap<TriageContent, RoleClasses>()

function classesOf(content: TriageContent): RoleClasses {
  let rc = cache.get(content)
  if (!rc) {
    const lex = content.lexicon
    rc = { selfId: classIndex(lex, 'self_id'), nouns: new Map(), phrases: new Map() }
    for (const r of content.roles) {
      rc.nouns.set(classIndex(lex, roleNounClass(r.id)), r.id)
      rc.phrases.set(classIndex(lex, rolePhraseClass(r.id)), r.id)
    }
    cache.set(content, rc)
  }
  return rc
}

/** The lexicon class holding a role's nouns (the loader adds it). */
export function roleNounClass(id: string): string {
  return `role:${id}`
}

/** The lexicon class holding a role's self-claiming phrases (the loader adds it). */
export function rolePhraseClass(id: string): string {
  return `role_self:${id}`
}

/** The role the writer claims in the text, the earliest claim first; undefined if none. */
export function recogniseRole(content: TriageContent, hits: Hit[]): string | undefined {
  const rc = classesOf(content)
  let best: { at: number; role: string } | undefined
  for (const h of hits) {
    const byPhrase = rc.phrases.get(h.cls)
    if (byPhrase !== undefined && (!best || h.start < best.at))
      best = { at: h.start, role: byPhrase }
    if (h.cls !== rc.selfId) continue
    let noun: { at: number; role: string } | undefined
    for (const n of hits) {
      const role = rc.nouns.get(n.cls)
      if (role === undefined || n.clause !== h.clause || n.start < h.end) continue
      if (n.start - h.end > CLAIM_WINDOW) continue
      if (!noun || n.start < noun.at) noun = { at: n.start, role }
    }
    if (noun && (!best || h.start < best.at)) best = { at: h.start, role: noun.role }
  }
  return best?.role
}

/** A role id from what a client sent: the id itself or one of the role's aliases. */
export function resolveRole(content: TriageContent, value: string): string | undefined {
  const v = value.trim().toLowerCase()
  return content.roles.find((r) => r.id === v || r.aliases.includes(v))?.id
}
