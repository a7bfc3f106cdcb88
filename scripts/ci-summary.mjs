// Prints vitest's result as the one closing line CI reads: "N passed, N failed[, N skipped]".
// A test file that failed to load counts as one failure; so does `npm test` stopping before
// vitest ran (typecheck or lint failed).
import { existsSync, readFileSync } from 'node:fs'

const [file, status] = process.argv.slice(2)
if (!existsSync(file)) {
  console.log(status === '0' ? '0 passed, 0 failed' : '0 passed, 1 failed')
} else {
  const r = JSON.parse(readFileSync(file, 'utf8'))
  const brokenFiles = (r.testResults ?? []).filter(
    (f) => f.status === 'failed' && f.assertionResults.length === 0,
  ).length
  const skipped = r.numPendingTests + (r.numTodoTests ?? 0)
  const failed =
    r.numFailedTests +
    brokenFiles +
    (status !== '0' && r.numFailedTests + brokenFiles === 0 ? 1 : 0)
  console.log(
    `${r.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`,
  )
}
