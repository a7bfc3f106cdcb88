/**
 * @module console/directory
 * The contacts directory kept by supervisors: what a console entry must have (the content
 * loader's own entry schema, and a verified date always — a local entry is only as good as its
 * last check), and the directory routing uses, the console's entries first (an entry of the same
 * id replaces content/triage/directory.yaml's; withdrawing it brings the content's back). Read
 * again after each save here and at most every few seconds otherwise, so a change takes effect at
 * once on this instance and within seconds on the others.
 */
import { z } from 'zod'
import type { CompiledContent } from '../engine/types.js'
import type { DirectoryStore, DirectoryVersion } from '../store/directory.js'
import { DIVISION_CODE } from '../regions.js'
import { directorySchema } from '../triage/schema.js'
import type { DirectoryEntry } from '../triage/types.js'

/** How long an instance uses what it read before reading the directory again. */
const FRESH_MS = 5_000

/**
 * The roles a local entry may have: those routing knows (the content's entries and its routes),
 * except the national lines' own (police for 110, ambulance for 120…): a local entry of that role
 * would come before 110 in routing.
 */
export function localRoles(content: CompiledContent): string[] {
  const roles = new Set(content.triage.directory.map((e) => e.role))
  for (const r of content.triage.routes)
    for (const slot of [...r.first, ...r.then])
      for (const role of typeof slot === 'string' ? [slot] : slot) roles.add(role)
  return [...roles].filter((r) => !(r in content.contacts)).sort()
}

/**
 * A console entry: as in directory.yaml, with a source and a verified date, for a division code
 * (not `national`), a local role, never in place of a national line (110, 120…), and in place of
 * a content entry only for that entry's own region.
 */
export function entrySchema(content: CompiledContent) {
  const roles = new Set(localRoles(content))
  const regionOf = new Map(content.triage.directory.map((e) => [e.id, e.region]))
  return (
    directorySchema.shape.entries.element
      .extend({
        region: z.string().regex(DIVISION_CODE, 'region: a 6-, 9- or 12-digit code'),
        verified: z.iso.date('verified: the date the entry was checked, YYYY-MM-DD'),
      })
      .refine((e) => roles.has(e.role), {
        path: ['role'],
        message: 'role: not a local role routing uses',
      })
      .refine((e) => !(e.id in content.contacts), {
        path: ['id'],
        message: 'id: a national line cannot be replaced here',
      })
      // Replacing content's entry for another region would take it from the region it serves.
      .refine((e) => (regionOf.get(e.id) ?? e.region) === e.region, {
        path: ['id'],
        message: 'id: an entry of content keeps its region; use a new id for another region',
      })
      .refine((e) => e.source.doc.trim() !== '' && e.source.section.trim() !== '', {
        path: ['source'],
        message: 'source: the document and section the entry rests on',
      })
  )
}

export class LiveDirectory {
  private read: { at: number; versions: Promise<DirectoryVersion[]> } | undefined
  private merged = new WeakMap<Promise<DirectoryVersion[]>, CompiledContent>()

  constructor(
    private readonly store: DirectoryStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** Every entry's latest version (withdrawn ones too). */
  versions(): Promise<DirectoryVersion[]> {
    const t = this.now()
    if (!this.read || t - this.read.at >= FRESH_MS) {
      const versions = this.store.latest()
      this.read = { at: t, versions }
      // A failed read is not kept: the next call reads again.
      versions.catch(() => {
        if (this.read?.versions === versions) this.read = undefined
      })
    }
    return this.read.versions
  }

  async save(entryId: string, entry: DirectoryEntry | null, actor: string, at: string) {
    await this.store.save({ entryId, entry, actor, at })
    this.read = undefined
  }

  /** The content with the directory routing uses now. */
  async content(base: CompiledContent): Promise<CompiledContent> {
    const pending = this.versions()
    const versions = await pending
    if (versions.length === 0) return base
    const known = this.merged.get(pending)
    if (known) return known
    const entries = versions.flatMap((v) => (v.entry ? [v.entry] : []))
    const kept = new Set(entries.map((e) => e.id))
    const directory = [...entries, ...base.triage.directory.filter((e) => !kept.has(e.id))]
    const content = { ...base, triage: { ...base.triage, directory } }
    this.merged.set(pending, content)
    return content
  }
}
