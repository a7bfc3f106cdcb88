/**
 * @module http/rate-limit
 * Limits per client (issue 15): how many chat messages a user, and an address, may send; how many
 * new users an address may start; how many reports an address may file through the API; how many
 * result pages (GET /r/{code}) an address may open, so that codes cannot be tried cheaply. The
 * numbers are content (content/settings.yaml `limits`): generous per address, since a school or an
 * office shares one, strict for reports. Over a limit the answer is 429 with `Retry-After`, and
 * nothing is stored.
 *
 * Each instance keeps its own buckets in memory. With several instances behind one load balancer,
 * `share` (RATE_LIMIT_INSTANCES) gives each instance its part of every limit, so that the limits
 * hold for the whole service while the balancer spreads clients evenly; in workerd a bucket lives
 * as long as its isolate. A bucket whose window has passed (full again, as a new one would be) and
 * a user seen longer ago than the window are forgotten as others are remembered, and each rule
 * keeps at most `maxKeys` (the least recently used go first): a flood of addresses costs memory
 * once, not without end, and what has expired is let go as the next requests come.
 */
import type { Context } from 'hono'
import type { CompiledContent } from '../engine/types.js'
import { apiError } from './errors.js'

/**
 * chatPerUser: chat messages of one user (web `userId`); chatPerAddress: chat messages from one
 * address; usersPerAddress: users an address has not been seen with before (new conversations);
 * reportsPerAddress: reports filed through POST /api/v1/reports from one address;
 * resultsPerAddress: result pages (GET /r/{code}, found or not) opened from one address.
 */
export type Limits = CompiledContent['limits']

export type LimitName = keyof Limits

/** Buckets kept at the most per rule (per instance); the least recently used are forgotten first. */
const MAX_KEYS = 100_000

interface Bucket {
  tokens: number
  at: number
}

/** A token bucket per rule and key: `max` at once, refilled evenly over `perSeconds`. */
export class RateLimiter {
  /** Per rule, in the order last taken from: the oldest first. */
  private readonly buckets = new Map<LimitName, Map<string, Bucket>>()
  /** When each user was last seen from an address, the oldest first. */
  private readonly seen = new Map<string, number>()

  constructor(
    private readonly limits: Limits,
    private readonly share = 1,
    private readonly maxKeys = MAX_KEYS,
  ) {}

  /** Takes one token: undefined when allowed, else the seconds until one is free again. */
  take(name: LimitName, key: string, nowMs: number): number | undefined {
    const limit = this.limits[name]
    const capacity = Math.max(1, Math.ceil(limit.max / this.share))
    const windowMs = limit.perSeconds * 1000
    const msPerToken = windowMs / capacity
    let rule = this.buckets.get(name)
    if (!rule) this.buckets.set(name, (rule = new Map()))
    const old = rule.get(key)
    const tokens = old ? Math.min(capacity, old.tokens + (nowMs - old.at) / msPerToken) : capacity
    if (tokens < 1) return Math.ceil(((1 - tokens) * msPerToken) / 1000 - 1e-9)
    // A window after its last take a bucket is full again: the same as none.
    remember(
      rule,
      key,
      { tokens: tokens - 1, at: nowMs },
      this.maxKeys,
      (b) => nowMs - b.at >= windowMs,
    )
    return undefined
  }

  /**
   * A user id seen from an address for the first time (in this instance's memory, within the
   * window of `usersPerAddress`) takes a token of that limit; a known one takes none.
   */
  newUser(address: string, user: string, nowMs: number): number | undefined {
    const id = `${address}\u0000${user}`
    const last = this.seen.get(id)
    const windowMs = this.limits.usersPerAddress.perSeconds * 1000
    if (last === undefined || nowMs - last > windowMs) {
      const wait = this.take('usersPerAddress', address, nowMs)
      if (wait !== undefined) return wait
    }
    remember(this.seen, id, nowMs, this.maxKeys, (at) => nowMs - at > windowMs)
    return undefined
  }

  /** How many buckets and seen users this limiter holds now. */
  get size(): number {
    let n = this.seen.size
    for (const rule of this.buckets.values()) n += rule.size
    return n
  }
}

/**
 * Keeps `value` as the most recent entry, then forgets from the oldest on while they are `stale`
 * (entries are kept in the order of their times, so the stale ones are all at the front) or more
 * than `max` are kept.
 */
function remember<V>(
  map: Map<string, V>,
  key: string,
  value: V,
  max: number,
  stale: (v: V) => boolean,
): void {
  map.delete(key) // re-inserted last: a Map iterates in insertion order, oldest first
  map.set(key, value)
  for (const [k, v] of map) {
    if (map.size <= max && !stale(v)) break
    map.delete(k)
  }
}

/** How the runtime tells a request's address (the socket's, or a trusted proxy's header). */
export type AddressOf = (c: Context) => string | undefined

/** What the routes use: the limiter, the address, and the clock. */
export interface ClientLimits {
  limiter: RateLimiter
  address: AddressOf
  now: () => number
}

/** The 429 for a limit, or undefined when every check passed (each takes its token). */
export function overLimit(
  c: Context,
  limits: ClientLimits | undefined,
  checks: readonly ((
    l: RateLimiter,
    address: string | undefined,
    now: number,
  ) => number | undefined)[],
): Response | undefined {
  if (!limits) return undefined
  const address = limits.address(c)
  const now = limits.now()
  for (const check of checks) {
    const wait = check(limits.limiter, address, now)
    if (wait === undefined) continue
    const res = apiError(
      c,
      429,
      'rate_limited',
      `Too many requests from this client: try again in ${wait} s. In danger, call 110 now.`,
    )
    res.headers.set('Retry-After', String(wait))
    return res
  }
  return undefined
}

/** A check that applies only when the runtime knows the address. */
export const perAddress =
  (name: LimitName) =>
  (l: RateLimiter, address: string | undefined, now: number): number | undefined =>
    address === undefined ? undefined : l.take(name, address, now)

/**
 * The address of a request behind `hops` trusted proxies (TRUST_PROXY): the entry of
 * `X-Forwarded-For` that the nearest trusted proxy saw, else the socket's.
 */
export function forwardedAddress(
  c: Context,
  socket: string | undefined,
  hops: number,
): string | undefined {
  if (hops === 0) return socket
  const chain = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  return chain[chain.length - hops] ?? socket
}

/** The settings (environment) that shape the limits. */
export interface LimitSettings {
  /** `off` turns every limit off (benchmarks and load tests only). */
  RATE_LIMITS?: string | undefined
  /** How many instances share the limits (each enforces its part); default 1. */
  RATE_LIMIT_INSTANCES?: string | undefined
  /** How many proxies in front are trusted to set X-Forwarded-For; default 0 (none). */
  TRUST_PROXY?: string | undefined
}

/** The limits as the settings ask, or undefined when they are off. */
export function clientLimits(
  settings: LimitSettings,
  limits: Limits,
  socket: AddressOf,
): ClientLimits | undefined {
  if (settings.RATE_LIMITS === 'off') return undefined
  const share = wholeSetting(settings.RATE_LIMIT_INSTANCES, 1, 'RATE_LIMIT_INSTANCES')
  return {
    limiter: new RateLimiter(limits, share),
    address: requestAddress(settings, socket),
    now: () => Date.now(),
  }
}

/**
 * A request's address as TRUST_PROXY says to read it: the one the limits and the PIN lockout count
 * a client by (also when the limits are off).
 */
export function requestAddress(settings: LimitSettings, socket: AddressOf): AddressOf {
  const hops = wholeSetting(settings.TRUST_PROXY, 0, 'TRUST_PROXY')
  return (c) => forwardedAddress(c, socket(c), hops)
}

function wholeSetting(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < (fallback === 1 ? 1 : 0))
    throw new Error(`${name} must be a whole number (got "${value}")`)
  return n
}
