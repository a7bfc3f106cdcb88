/**
 * `npm run fuzz [-- RUNS]`: the API fuzz of test/http/fuzz.ts, longer and with a fresh seed each
 * time (printed, so a failure can be repeated with FUZZ_SEED). Prints the requests sent and every
 * fault; exits 1 if there was one.
 */
import { fuzz } from '../test/http/fuzz.js'

const runs = Number(process.argv[2] ?? 500)
const seed = Number(process.env['FUZZ_SEED'] ?? Date.now() % 2 ** 31)
const started = Date.now()
const { sent, faults } = await fuzz(runs, seed)
console.log(
  `fuzz: seed ${seed}, ${sent} requests in ${((Date.now() - started) / 1000).toFixed(1)} s, ` +
    `${faults.length} faults (5xx, or a 400 that names no field)`,
)
for (const f of faults) console.log(`  ${f}`)
process.exit(faults.length > 0 ? 1 : 0)
