/**
 * @module http/openapi
 * The OpenAPI document for the public API, built from the same zod schemas that validate it.
 */
import { z } from 'zod'
import { chatRequest } from './routes/chat.js'
import type { CompiledContent } from '../engine/types.js'
import { screenRequestSchema } from '../policy/request-schema.js'
import { reportRequest } from './routes/report-request.js'
import { triageRequest } from './routes/triage.js'
import { consoleOpenApi } from '../console/api.js'

const errorBody = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        fields: { type: 'array' },
      },
    },
  },
}

/** Over a limit per client (content/settings.yaml `limits`); nothing was stored. */
const rateLimited = {
  description: 'Too many requests from this client: try again after Retry-After seconds',
  headers: { 'Retry-After': { schema: { type: 'integer' } } },
  content: { 'application/json': { schema: errorBody } },
}

export function openApiDocument(content: CompiledContent): object {
  return {
    openapi: '3.1.0',
    info: { title: 'Tonghu (童护) API', version: '1' },
    paths: {
      '/api/v1/chat': {
        post: {
          summary: 'Send one message of the web chat and get the replies',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: z.toJSONSchema(chatRequest(content.settings.maxTextLength)),
              },
            },
          },
          responses: {
            '200': {
              description: 'The replies and where the conversation stands',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['conversationId', 'replies', 'state'],
                    properties: {
                      conversationId: { type: 'string' },
                      replies: {
                        type: 'array',
                        items: {
                          type: 'object',
                          required: ['text'],
                          properties: {
                            text: { type: 'string' },
                            choices: {
                              type: 'array',
                              items: {
                                type: 'object',
                                properties: { id: { type: 'string' }, label: { type: 'string' } },
                              },
                            },
                            contacts: { type: 'array', items: { type: 'object' } },
                            urgent: { type: 'boolean' },
                            card: {
                              type: 'object',
                              description:
                                'A screening result as a card: { title, status, tone: yes | review, rows }',
                            },
                            link: {
                              type: 'object',
                              description:
                                "A page of this service to open: { label, href } (a kept result's printable page, /r/{code})",
                            },
                          },
                        },
                      },
                      state: {
                        type: 'object',
                        properties: {
                          flow: { type: ['string', 'null'] },
                          node: { type: ['string', 'null'] },
                          mode: { enum: ['bot', 'queued', 'operator'] },
                          lang: {
                            enum: ['zh-Hans', 'zh-Hant', 'en'],
                            description:
                              'The script the bot answers in (Traditional once the user writes it)',
                          },
                          waiting: { type: 'boolean' },
                        },
                      },
                    },
                  },
                },
              },
            },
            '400': {
              description: 'Malformed JSON or an invalid field',
              content: { 'application/json': { schema: errorBody } },
            },
            '429': rateLimited,
            '503': {
              description: 'The database is unavailable; nothing was changed',
              content: { 'application/json': { schema: errorBody } },
            },
          },
        },
      },
      '/api/v1/screen': {
        post: {
          summary: 'Screen a child against every entitlement of a region, each answer cited',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: z.toJSONSchema(screenRequestSchema, { unrepresentable: 'any' }),
              },
            },
          },
          responses: {
            '200': {
              description:
                '{ region, asOf, results: [{ entitlement, name, category, status: eligible | not_eligible | unknown, amount?, reasons: [{ text, citation: { doc, section, quote } }], missing }], ask } — docs/facts.md lists the facts',
            },
            '400': {
              description: 'Malformed JSON or an invalid field (named)',
              content: { 'application/json': { schema: errorBody } },
            },
          },
        },
      },
      '/api/v1/entitlements': {
        get: {
          summary: 'What a region offers, with citations and where to apply',
          parameters: [
            {
              name: 'region',
              in: 'query',
              required: true,
              schema: { type: 'string' },
              description:
                'slug (chongqing, shanxi, qinzhou, wenling) or division code; anything else gets the national baseline, marked',
            },
          ],
          responses: {
            '200': { description: "The region's entitlements and services" },
            '400': {
              description: 'Missing or invalid region',
              content: { 'application/json': { schema: errorBody } },
            },
          },
        },
      },
      '/api/v1/triage': {
        post: {
          summary:
            "Triage a free-text concern: urgency, the first action and contacts, the reporter's duty",
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: z.toJSONSchema(triageRequest(content.triage), { unrepresentable: 'any' }),
              },
            },
          },
          responses: {
            '200': {
              description:
                '{ urgency: emergency | urgent | standard | none, firstAction: { text, contacts }, contacts, mandatedReporter, citations, … }',
            },
            '400': {
              description: 'Malformed JSON or an invalid field',
              content: { 'application/json': { schema: errorBody } },
            },
          },
        },
      },
      '/api/v1/reports': {
        post: {
          summary:
            'Report a concern about a child; answers with a case number and a PIN to follow it',
          parameters: [
            { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string' } },
          ],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: z.toJSONSchema(reportRequest(content.triage), { unrepresentable: 'any' }),
              },
            },
          },
          responses: {
            '200': {
              description:
                '{ caseNumber, pin, status: received | assessing | referred | closed, urgency: emergency | urgent | standard } — sent only after the case is committed; a retry with the same idempotency key returns the same case',
            },
            '400': {
              description:
                'Malformed JSON or an invalid field (an anonymous report with a contact is a 400 on anonymous)',
              content: { 'application/json': { schema: errorBody } },
            },
            '429': rateLimited,
            '503': {
              description:
                'The database is unavailable; the message was not answered — send it again with the same messageId',
              content: { 'application/json': { schema: errorBody } },
            },
          },
        },
      },
      '/api/v1/reports/{caseNumber}': {
        get: {
          summary: 'The status of a case, with its PIN',
          parameters: [
            { name: 'caseNumber', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'x-report-pin', in: 'header', required: false, schema: { type: 'string' } },
            {
              name: 'lang',
              in: 'query',
              required: false,
              schema: { enum: ['zh-Hans', 'zh-Hant', 'en'] },
            },
          ],
          responses: {
            '200': {
              description:
                '{ caseNumber, status, statusText (the status in plain words, and the date of its last change), updatedOn (YYYY-MM-DD, Beijing) } — never notes or who handled it',
            },
            '404': {
              description: 'Unknown case number or wrong PIN (the same answer for both)',
              content: { 'application/json': { schema: errorBody } },
            },
            '429': {
              description:
                'Too many wrong PINs from this client (5 on this case, or 20 on any, in 15 minutes; or this case has 5 wrong tries from anyone and this client guessed on it): Retry-After',
              content: { 'application/json': { schema: errorBody } },
            },
          },
        },
      },
      '/api/v1/chat/updates': {
        get: {
          summary:
            "What reached the web user outside their own requests (an operator's messages); waits up to 10 s for something new",
          parameters: [
            { name: 'userId', in: 'query', required: true, schema: { type: 'string' } },
            { name: 'after', in: 'query', schema: { type: 'integer', minimum: 0 } },
          ],
          responses: {
            '200': {
              description: '{ replies, cursor, mode }: send `cursor` back as `after`',
            },
            '400': {
              description: 'A missing or bad parameter',
              content: { 'application/json': { schema: errorBody } },
            },
          },
        },
      },
      '/api/v1/chat/history': {
        get: {
          summary:
            "The web user's conversation so far (since their last 退出), for a page that was reloaded; Cache-Control: no-store",
          parameters: [{ name: 'userId', in: 'query', required: true, schema: { type: 'string' } }],
          responses: {
            '200': {
              description:
                '{ turns: [{ user?, withheld?, replies }], cursor, mode, waiting, lang }: what the user said (an answer to a private question is `withheld`, not given) and the replies as kept (a PIN masked); `cursor` is where GET /api/v1/chat/updates goes on',
            },
            '400': {
              description: 'A missing or bad parameter',
              content: { 'application/json': { schema: errorBody } },
            },
          },
        },
      },
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
