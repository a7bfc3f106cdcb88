/** Prints content problems as file:line: message, the form editors and CI logs link to. */
import type { ContentProblem } from '../src/content/compile.js'

export function printProblems(problems: ContentProblem[]): void {
  for (const p of problems) console.error(`${p.file}:${p.line}: ${p.message}`)
  console.error(`${problems.length} content problem(s)`)
}
