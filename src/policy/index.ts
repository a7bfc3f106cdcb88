/**
 * @module policy
 * Rules as code: the public API of the policy evaluator. Pure — no I/O, no runtime APIs — and
 * the same on Node and in workerd. The bundle comes from src/content/policy-load.ts.
 */
export { screen, statuses, type ScreenRequest, type StatusOnly } from './screen.js'
export { nextQuestion, type NextQuestion } from './next-question.js'
export {
  entitlements,
  type ConditionView,
  type EntitlementsAnswer,
  type EntitlementView,
} from './browse.js'
export { resolvePolicyRegion } from './region.js'
export { NATIONAL } from '../regions.js'
export { shanghaiDate } from './dates.js'
export { screenRequestSchema, factsSchema, type ScreenRequestBody } from './request-schema.js'
export { FACTS, FACT_IDS, type FactId, type FactValue, type Facts } from './facts.js'
export type * from './types.js'
