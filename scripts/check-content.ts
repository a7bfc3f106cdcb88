/** `npm run check`: validates flows/ and content/ and reports problems with file and line. */
import { compileContent, readSources } from '../src/content/compile.js'
import { printProblems } from './problems.js'

const { content, problems } = compileContent(readSources(process.cwd()))
if (!content) {
  printProblems(problems)
  process.exit(1)
}
console.log('content ok')
