/**
 * @module http/openapi
 * The OpenAPI document for the public API, made from the route tables the routes validate with
 * (src/http/route-table.ts): each operation's request schemas are z.toJSONSchema of the very
 * schemas its route parses, and the console's from its own table (src/console/api.ts).
 */
import type { CompiledContent } from '../engine/types.js'
import { consoleOpenApi } from '../console/api.js'
import { openApiPaths, rateLimited } from './route-table.js'
import { chatApi } from './routes/chat.js'
import { POLICY_API } from './routes/policy.js'
import { reportApi } from './routes/reports.js'
import { triageApi } from './routes/triage.js'

export function openApiDocument(content: CompiledContent): object {
  const chat = chatApi(content)
  const reports = reportApi(content.triage)
  return {
    openapi: '3.1.0',
    info: { title: 'Tonghu (童护) API', version: '1' },
    paths: {
      ...openApiPaths([
        chat.send,
        POLICY_API.screen,
        POLICY_API.entitlements,
        triageApi(content.triage).triage,
        reports.report,
        reports.status,
        chat.updates,
        chat.history,
      ]),
      '/r/{code}': {
        get: {
          summary:
            'A kept screening result as a printable HTML page, screened again with the rules of today',
          parameters: [
            {
              name: 'code',
              in: 'path',
              required: true,
              schema: { type: 'string' },
              description:
                'The result code the chat gave (K7M4-QX9R-C: eight symbols and a check symbol; dashes and case do not matter)',
            },
          ],
          responses: {
            '200': {
              description:
                'text/html: each measure with its status, amount, reasons with the clauses quoted, what to bring and where to apply; the date of the answers and of the rules',
            },
            '404': {
              description: 'text/html: no result is kept under this code, or it is mistyped',
            },
            '429': {
              description:
                'text/html: too many result pages opened from this address (resultsPerAddress): try again after Retry-After seconds',
              headers: rateLimited.headers,
            },
          },
        },
      },
      ...consoleOpenApi(),
      '/healthz': {
        get: {
          summary: 'Alive: the database answers a read (for a liveness probe)',
          responses: { '200': { description: 'ok' }, '503': { description: 'no database' } },
        },
      },
      '/readyz': {
        get: {
          summary:
            'Ready: the database takes a write now (for a load balancer; a full disk fails it)',
          responses: { '200': { description: 'ok' }, '503': { description: 'not ready' } },
        },
      },
      '/metrics': {
        get: {
          summary:
            'Counters in the Prometheus text format, with METRICS_TOKEN as a bearer token (404 when METRICS_TOKEN is not set)',
          responses: {
            '200': { description: 'metrics (text/plain; version=0.0.4)' },
            '401': { description: 'no bearer token, or another' },
            '404': { description: 'METRICS_TOKEN is not set' },
          },
        },
      },
    },
    components: {
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'tonghu_console',
          description:
            'Set by POST /api/v1/console/login; state-changing console requests also need the x-csrf-token header it returns.',
        },
      },
    },
  }
}
