/**
 * @module policy/texts
 * The few user-facing phrases the evaluator composes (content/texts/policy.yaml, carried in the
 * bundle): "不符合：…", "不低于…元/月". Everything else the family reads is in the policy content.
 */
import type { AmountTexts } from './amount.js'
import type { ExplainTexts } from './explain.js'
import type { PolicyBundle } from './types.js'

/** The text for `key` with {name} placeholders filled; the key itself if it is missing. */
export function policyText(
  bundle: PolicyBundle,
  key: string,
  vars: Record<string, string> = {},
): string {
  const template = bundle.texts[key] ?? key
  return template.replace(/\{(\w+)\}/g, (m, name: string) => vars[name] ?? m)
}

/** The phrases for reasons and amounts. */
export function evaluatorTexts(bundle: PolicyBundle): ExplainTexts & AmountTexts {
  return {
    unmet: (label) => policyText(bundle, 'policy.reason.unmet', { label }),
    pending: (label) => policyText(bundle, 'policy.reason.pending', { label }),
    undetermined: (label) => policyText(bundle, 'policy.reason.undetermined', { label }),
    atLeast: (value, unit) => policyText(bundle, 'policy.amount.at_least', { value, unit }),
    exact: (value, unit) => policyText(bundle, 'policy.amount.exact', { value, unit }),
  }
}

/** Every key the evaluator and the loader need in content/texts/policy.yaml. */
export const REQUIRED_TEXTS = [
  'policy.reason.unmet',
  'policy.reason.pending',
  'policy.reason.undetermined',
  'policy.review',
  'policy.amount.at_least',
  'policy.amount.exact',
  'policy.baseline.notice',
] as const
