/**
 * An API fuzz driven by the OpenAPI document (issue 15): for every operation it sends requests
 * made from the operation's own schemas — mostly well-shaped, some wild — with hostile strings
 * in bodies, paths and queries, and checks what a trusted service owes any client: never a 5xx,
 * and a 400 that names what is wrong. Used by test/http/fuzz.test.ts (a bounded run in `npm test`)
 * and scripts/fuzz.ts (`npm run fuzz`, a longer run that prints its figures).
 */
import fc from 'fast-check'
import { consoleApp } from '../console/support.js'

interface JsonSchema {
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  items?: JsonSchema
  enum?: unknown[]
  const?: unknown
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  maxLength?: number
  minimum?: number
  maximum?: number
}

interface Parameter {
  name: string
  in: 'query' | 'path' | 'header'
  schema?: JsonSchema
}

interface Operation {
  parameters?: Parameter[]
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> }
}

export interface OpenApi {
  paths: Record<string, Record<string, Operation>>
}

/** One request the fuzz sends, before it is signed (cookie, CSRF) by the caller. */
export interface FuzzRequest {
  method: 'GET' | 'POST'
  path: string
  body?: string
}

/** Strings that have broken services: ill-formed Unicode, NUL, markup, paths, huge and empty. */
const NAUGHTY = [
  '',
  ' ',
  '\uD800',
  'a\uDFFFb',
  '\u0000',
  '\u202Eevil',
  '\u200B',
  '👨‍👩‍👧‍👦',
  '孩子在哭，救命',
  '110',
  '%',
  '%00',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  'x'.repeat(5000),
]

const naughty = fc.constantFrom(...NAUGHTY)
const anyString = fc.oneof(naughty, fc.string({ maxLength: 40 }), fc.string({ unit: 'binary' }))

/** Any JSON value at all: what a confused or hostile client sends instead of the schema's. */
const wild: fc.Arbitrary<unknown> = fc.oneof(
  anyString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(anyString, { maxLength: 3 }),
  fc.dictionary(anyString, anyString, { maxKeys: 3 }),
)

/** Values for a schema: shaped like it most of the time, wild some of the time. */
export function fromSchema(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 3) return wild
  return fc.oneof({ weight: 5, arbitrary: shaped(schema, depth) }, { weight: 1, arbitrary: wild })
}

function shaped(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  const members = schema.anyOf ?? schema.oneOf
  if (members && members.length > 0) return fc.oneof(...members.map((m) => fromSchema(m, depth)))
  if (schema.const !== undefined) return fc.constant(schema.const)
  if (schema.enum && schema.enum.length > 0) return fc.constantFrom(...schema.enum)
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type
  switch (type) {
    case 'string':
      return fc.oneof(
        anyString,
        fc.string({ minLength: 1, maxLength: (schema.maxLength ?? 60) + 2 }),
      )
    case 'integer':
    case 'number':
      return fc.oneof(
        fc.integer({ min: (schema.minimum ?? 0) - 2, max: (schema.maximum ?? 1000) + 2 }),
        fc.constantFrom(-1, 0, 1, 2 ** 31, Number.MAX_SAFE_INTEGER, 0.5),
      )
    case 'boolean':
      return fc.boolean()
    case 'array':
      return fc.array(fromSchema(schema.items, depth + 1), { maxLength: 4 })
    case 'object': {
      const props = Object.entries(schema.properties ?? {})
      const record = fc.record(
        Object.fromEntries(props.map(([k, v]) => [k, fromSchema(v, depth + 1)])),
        { requiredKeys: [] },
      )
      // Sometimes a key the schema does not know, as an old or hostile client sends.
      return fc
        .tuple(record, fc.option(fc.tuple(anyString, wild)))
        .map(([r, extra]) => (extra ? { ...r, [extra[0]]: extra[1] } : r))
    }
    default:
      return wild
  }
}

/**
 * Percent-encodes any string, ill-formed Unicode too (`encodeURIComponent` throws on a lone
 * surrogate; a hostile client simply sends the bytes).
 */
export function encodeAny(s: string): string {
  try {
    return encodeURIComponent(s)
  } catch {
    return [...s]
      .map((ch) => {
        const code = ch.codePointAt(0)!
        return code >= 0xd800 && code <= 0xdfff ? '%ED%A0%80' : encodeURIComponent(ch)
      })
      .join('')
  }
}

/**
 * Long polls wait for something new after a valid cursor (an empty one counts as 0); the fuzz
 * gives them none, so every request answers at once.
 */
const notACursor = fc.constantFrom('-1', 'abc', '1.5', 'NaN', '1e309', '%', '\uD800')

/** The requests for one operation of the document. */
export function requestsFor(
  path: string,
  method: string,
  op: Operation,
): fc.Arbitrary<FuzzRequest> {
  const params = op.parameters ?? []
  const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)
  const query = params.filter((p) => p.in === 'query')
  const body = op.requestBody?.content?.['application/json']?.schema
  return fc
    .record({
      path: fc.tuple(...pathParams.map(() => anyString)),
      query: fc.tuple(
        ...query.map((p) =>
          fc.option(p.name === 'after' ? notACursor : anyString, { nil: undefined }),
        ),
      ),
      body: body ? fromSchema(body) : fc.constant(undefined),
    })
    .map((r) => {
      let url = path
      pathParams.forEach((name, i) => (url = url.replace(`{${name}}`, encodeAny(r.path[i]!))))
      const q = query
        .map((p, i) => [p.name, r.query[i]] as const)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k}=${encodeAny(v!)}`)
      if (q.length > 0) url += `?${q.join('&')}`
      return {
        method: method.toUpperCase() as 'GET' | 'POST',
        path: url,
        ...(method === 'post' && { body: JSON.stringify(r.body ?? {}) }),
      }
    })
}

/** Every operation of the document but those the caller leaves out, as [label, requests]. */
export function operations(
  doc: OpenApi,
  skip: (path: string, method: string) => boolean,
): [string, fc.Arbitrary<FuzzRequest>][] {
  const out: [string, fc.Arbitrary<FuzzRequest>][] = []
  for (const [path, methods] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(methods)) {
      if (method !== 'get' && method !== 'post') continue
      if (skip(path, method)) continue
      out.push([`${method.toUpperCase()} ${path}`, requestsFor(path, method, op)])
    }
  return out
}

/** What is wrong with an answer, or undefined: no 5xx, and a 400 names what it refuses. */
export async function fault(res: Response): Promise<string | undefined> {
  if (res.status >= 500) return `${res.status}: ${await res.text()}`
  if (res.status !== 400) return undefined
  const text = await res.text()
  let body: { error?: { message?: string; fields?: unknown[] } }
  try {
    body = JSON.parse(text) as typeof body
  } catch {
    return `400 that is not JSON: ${text.slice(0, 200)}`
  }
  const named = (body.error?.fields?.length ?? 0) > 0 || /^[\w.-]+:/.test(body.error?.message ?? '')
  return named ? undefined : `400 that names no field: ${text.slice(0, 200)}`
}

export interface FuzzFigures {
  sent: number
  /** Each request that broke the rules, with what it got. */
  faults: string[]
}

/**
 * Runs `runs` requests per operation against the whole app on a real libsql file, signed in as a
 * supervisor (so console routes reach their validation) with something in the queue to act on.
 */
export async function fuzz(runs: number, seed?: number): Promise<FuzzFigures> {
  const t = await consoleApp()
  await t.addOperator('fuzz-lead', 'supervisor')
  const lead = await t.signIn('fuzz-lead')
  await t.chat('fuzz-user-0000000000000000', '我想找人工')
  const doc = (await (await t.app.request('/docs/openapi.json')).json()) as OpenApi
  const send = (r: FuzzRequest): Promise<Response> =>
    Promise.resolve(
      t.app.request(r.path, {
        method: r.method,
        headers: {
          cookie: lead.cookie,
          'x-csrf-token': lead.csrf,
          ...(r.body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(r.body !== undefined && { body: r.body }),
      }),
    )
  const figures: FuzzFigures = { sent: 0, faults: [] }
  // Signing out would end the fuzz's own session; that route is tested in the console suite.
  for (const [label, requests] of operations(doc, (path) => path.endsWith('/logout'))) {
    await fc
      .assert(
        fc.asyncProperty(requests, async (r) => {
          figures.sent++
          const problem = await fault(await send(r))
          if (problem) figures.faults.push(`${label} ${r.path} ${r.body ?? ''} → ${problem}`)
          return problem === undefined
        }),
        { numRuns: runs, ...(seed !== undefined && { seed }), endOnFailure: true },
      )
      .catch(() => undefined) // the failing request is in `faults`
  }
  return figures
}
