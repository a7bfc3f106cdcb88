/**
 * @module http/route-table
 * A public API route declared once: its method, path, request schemas and answers. The sub-app
 * validates with the route's own `body` and `query` schemas, and the OpenAPI document is made
 * from the very same entries (z.toJSONSchema), so the two cannot drift apart.
 */
import { z } from 'zod'

export interface ApiRoute {
  method: 'get' | 'post'
  /** The whole path in the OpenAPI form (`/api/v1/reports/{caseNumber}`). */
  path: string
  operationId: string
  summary: string
  /** The JSON body, validated by readBody. */
  body?: z.ZodType
  /** The query, validated with safeParse; each field is a query parameter. */
  query?: z.ZodType
  /** Path and header parameters (and a query field no schema validates), in the OpenAPI form. */
  parameters?: object[]
  responses: Record<string, object>
}

/** The body of every error answer (src/http/errors.ts). */
export const errorBody = {
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

/** An error answer with its description. */
export const errorResponse = (description: string): object => ({
  description,
  content: { 'application/json': { schema: errorBody } },
})

/** Over a limit per client (content/settings.yaml `limits`); nothing was stored. */
export const rateLimited = {
  description: 'Too many requests from this client: try again after Retry-After seconds',
  headers: { 'Retry-After': { schema: { type: 'integer' } } },
  content: { 'application/json': { schema: errorBody } },
}

/** What a client may send: the input side of a schema (a field with a default is optional). */
const requestSchema = (schema: z.ZodType): Record<string, unknown> =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>

/** A query schema's fields as OpenAPI parameters. */
export function queryParameters(schema: z.ZodType): object[] {
  const json = requestSchema(schema) as {
    properties?: Record<string, { description?: string }>
    required?: string[]
  }
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema: s,
    ...(s.description !== undefined && { description: s.description }),
  }))
}

/** The OpenAPI operation of a route. */
export function operation(route: ApiRoute): object {
  const parameters = [
    ...(route.query ? queryParameters(route.query) : []),
    ...(route.parameters ?? []),
  ]
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(parameters.length > 0 && { parameters }),
    ...(route.body && {
      requestBody: {
        required: true,
        content: { 'application/json': { schema: requestSchema(route.body) } },
      },
    }),
    responses: route.responses,
  }
}

/** The routes as OpenAPI paths. */
export function openApiPaths(routes: readonly ApiRoute[]): Record<string, Record<string, object>> {
  const paths: Record<string, Record<string, object>> = {}
  for (const r of routes) (paths[r.path] ??= {})[r.method] = operation(r)
  return paths
}
