/**
 * @module bench/heap-probe
 * A preload for the soak's server (`node --expose-gc --import heap-probe.js`): on SIGUSR2, full
 * garbage collections, then one JSON line of `process.memoryUsage()` appended to HEAP_PROBE_FILE.
 * The heap still live after a full collection tells a leak from V8 growing its heap lazily, which
 * RSS alone cannot; the service gains no route for it.
 */
import { appendFileSync } from 'node:fs'
import { isMainThread } from 'node:worker_threads'

const file = process.env['HEAP_PROBE_FILE']
const gc = (globalThis as { gc?: () => void }).gc
if (file && gc && isMainThread)
  process.on('SIGUSR2', () => {
    gc()
    gc() // what the first one's finalizers let go of
    appendFileSync(file, JSON.stringify(process.memoryUsage()) + '\n')
  })
