/**
 * @module policy/source-compile
 * Compiles validated policy sources into bundle JSON, checking what zod cannot: every quote is
 * verbatim in its source document (only whitespace and line breaks are normalised: the scans
 * break lines inside sentences), every test sits under a cited requirement, every fact id is in
 * the vocabulary with a value of the right type, every reference resolves. Build-time only, but
 * pure: the caller hands in the texts and collects the problems.
 */
import { FACTS, isFactId, type FactSpec, type FactValue } from './facts.js'
import type { CiteSource, ExprSource, NodeSource, ParentTestSource } from './source-schema.js'
import type { Citation, DocumentInfo, Expr, ParentStatus, ParentTest, RuleNode } from './types.js'

export type Path = (string | number)[]

export interface CompileContext {
  /** Reports a problem at a path of the file being compiled. */
  problem(path: Path, message: string): void
  documents: Record<string, DocumentInfo>
  /** Source text of each document, whitespace removed, by document id. */
  texts: Record<string, string>
  /** Compiles a definition by id (cached by the caller); undefined when there is none. */
  definition(id: string): RuleNode | undefined | 'cycle'
  parameters: ReadonlySet<string>
}

/** Whitespace and line breaks removed: the only normalisation a quote check allows. */
export function squeeze(text: string): string {
  return text.replace(/\s+/g, '')
}

function compileCite(src: CiteSource, path: Path, ctx: CompileContext): Citation | undefined {
  const doc = ctx.documents[src.doc]
  if (!doc) {
    ctx.problem([...path, 'doc'], `no document "${src.doc}" in content/policies/documents.yaml`)
    return undefined
  }
  const body = ctx.texts[src.doc]
  if (body !== undefined && !body.includes(squeeze(src.quote)))
    ctx.problem(
      [...path, 'quote'],
      `quote is not verbatim in ${doc.file} (only whitespace is normalised): 「${src.quote}」`,
    )
  return { doc: doc.number, section: src.section, quote: src.quote }
}

export function compileCites(
  src: CiteSource | CiteSource[],
  path: Path,
  ctx: CompileContext,
): Citation[] {
  const list = Array.isArray(src) ? src : [src]
  return list
    .map((c, i) => compileCite(c, Array.isArray(src) ? [...path, i] : path, ctx))
    .filter((c): c is Citation => c !== undefined)
}

/** Reports a value that is not one of the fact's (its kind, its enum values). */
export function checkValue(
  fact: string,
  value: unknown,
  path: Path,
  ctx: Pick<CompileContext, 'problem'>,
): void {
  if (!isFactId(fact)) return
  const spec: FactSpec = FACTS[fact]
  const ok =
    spec.kind === 'boolean'
      ? typeof value === 'boolean'
      : spec.kind === 'enum'
        ? typeof value === 'string' && spec.values.includes(value as never) && value !== 'unknown'
        : spec.kind === 'number'
          ? typeof value === 'number'
          : typeof value === 'string'
  if (!ok) ctx.problem(path, `${JSON.stringify(value)} is not a value of ${fact} (${spec.kind})`)
}

function parentTest(src: ParentTestSource): ParentTest {
  return {
    status: src.status as ParentStatus[],
    ...(src.years && { years: src.years }),
    ...(src.served && { served: src.served }),
    ...(src.whereabouts_known !== undefined && { whereaboutsKnown: src.whereabouts_known }),
  }
}

/**
 * Compiles one rule node. `cited` is the nearest cited requirement above it (judgements borrow
 * its clause); a test with none above it is a condition without a citation.
 */
export function compileNode(
  src: NodeSource,
  path: Path,
  ctx: CompileContext,
  cited: Citation | undefined,
): RuleNode | undefined {
  if (('review' in src || 'undetermined' in src) && src.label === undefined) {
    // A point left to an official may carry its own clause, or borrow the one above it.
    const own = src.cite ? compileCites(src.cite, [...path, 'cite'], ctx)[0] : undefined
    return compileInner(src, path, ctx, own ?? cited)
  }
  const { label, unmet, cite } = src
  if ((label === undefined) !== (cite === undefined)) {
    ctx.problem(
      path,
      label === undefined ? 'a cited node needs a label' : 'a requirement needs a citation',
    )
    return undefined
  }
  let own: Citation[] = []
  if (cite) {
    own = compileCites(cite, [...path, 'cite'], ctx)
    if (own.length === 0) return undefined
  }
  const here = own[0] ?? cited
  const inner = compileInner(src, path, ctx, here)
  if (!inner) return undefined
  if (label === undefined) return inner
  return {
    k: 'req',
    label,
    ...(unmet !== undefined && { unmet }),
    cite: own[0]!,
    ...(own.length > 1 && { also: own.slice(1) }),
    of: inner,
  }
}

function compileInner(
  src: NodeSource,
  path: Path,
  ctx: CompileContext,
  cited: Citation | undefined,
): RuleNode | undefined {
  const needCite = (): boolean => {
    if (!cited)
      ctx.problem(
        path,
        'a condition without a citation: put it under a requirement with `label` and `cite`',
      )
    return cited !== undefined
  }
  if ('all' in src || 'any' in src) {
    const list = 'all' in src ? src.all : src.any
    const key = 'all' in src ? 'all' : 'any'
    const of = list.map((n, i) => compileNode(n, [...path, key, i], ctx, cited))
    if (of.some((n) => n === undefined)) return undefined
    return { k: key, of: of as RuleNode[] }
  }
  if ('not' in src) {
    const of = compileNode(src.not, [...path, 'not'], ctx, cited)
    return of && { k: 'not', of }
  }
  if ('ref' in src) {
    const def = ctx.definition(src.ref)
    if (def === 'cycle') ctx.problem([...path, 'ref'], `definition "${src.ref}" refers to itself`)
    else if (!def) ctx.problem([...path, 'ref'], `no definition "${src.ref}" in this region`)
    return def === 'cycle' || !def ? undefined : { k: 'ref', def: src.ref }
  }
  if ('fact' in src) {
    if (!needCite()) return undefined
    for (const op of ['is', 'in', 'gte', 'gt', 'lte', 'lt'] as const) {
      if (!(op in src)) continue
      const value = (src as unknown as Record<string, FactValue | FactValue[]>)[op]!
      if (!isFactId(src.fact)) {
        ctx.problem([...path, 'fact'], `unknown fact "${src.fact}" (see docs/facts.md)`)
        return undefined
      }
      for (const v of Array.isArray(value) ? value : [value])
        checkValue(src.fact, v, [...path, op], ctx)
      return { k: 'fact', fact: src.fact, op, value }
    }
    return undefined
  }
  if ('age' in src) {
    if (!needCite()) return undefined
    const a = src.age
    if ('under' in a) return { k: 'age', op: 'under', years: a.under }
    if ('upto' in a) return { k: 'age', op: 'upto', years: a.upto }
    return { k: 'age', op: 'from', years: a.from }
  }
  if ('review' in src || 'undetermined' in src) {
    if (!cited) {
      ctx.problem(
        path,
        'a point left to an official needs a citation (its own or a requirement above it)',
      )
      return undefined
    }
    return 'review' in src
      ? { k: 'judge', kind: 'review', text: src.review, cite: cited }
      : { k: 'judge', kind: 'undetermined', text: src.undetermined, cite: cited }
  }
  if ('parents' in src) {
    if (!needCite()) return undefined
    const p = src.parents
    if ('both' in p) return { k: 'parents', mode: 'both', p: parentTest(p.both) }
    if ('either' in p) return { k: 'parents', mode: 'either', p: parentTest(p.either) }
    return { k: 'parents', mode: 'one_other', p: parentTest(p.one), q: parentTest(p.other) }
  }
  return undefined
}

/** Compiles an amount expression, checking that every parameter it names exists. */
export function compileExpr(src: ExprSource, path: Path, ctx: CompileContext): Expr {
  if (typeof src === 'number') return src
  if ('param' in src) {
    if (!ctx.parameters.has(src.param))
      ctx.problem([...path, 'param'], `no parameter "${src.param}" in this region`)
    return { param: src.param }
  }
  if ('mul' in src) return { mul: src.mul.map((e, i) => compileExpr(e, [...path, 'mul', i], ctx)) }
  if ('max' in src) return { max: src.max.map((e, i) => compileExpr(e, [...path, 'max', i], ctx)) }
  return { div: [compileExpr(src.div[0], [...path, 'div', 0], ctx), src.div[1]] }
}
