/**
 * @module console/permissions
 * What each role may do, as one table. The server checks it on every console route (the console
 * also hides what a role may not do, but the server refuses it anyway). Whether an operator owns a
 * conversation is the conversation's own rule (engine/operator.ts); `override` is the supervisor's
 * right to act on a conversation someone else owns, and `case.override` on a case.
 */
import type { Role } from './accounts.js'

export const PERMISSIONS = {
  'queue.view': ['operator', 'supervisor'],
  'conversation.view': ['operator', 'supervisor'],
  'conversation.claim': ['operator', 'supervisor'],
  'conversation.message': ['operator', 'supervisor'],
  'conversation.transfer': ['operator', 'supervisor'],
  'conversation.release': ['operator', 'supervisor'],
  'conversation.close': ['operator', 'supervisor'],
  'conversation.note': ['operator', 'supervisor'],
  'conversation.override': ['supervisor'],
  /** Also allowed to the operator who owns the conversation the case came from. */
  'identity.reveal': ['supervisor'],
  'team.view': ['supervisor'],
  'case.view': ['operator', 'supervisor'],
  'case.note': ['operator', 'supervisor'],
  /** An operator: on a case assigned to them (console/case-routes.ts). */
  'case.status': ['operator', 'supervisor'],
  'case.refer': ['operator', 'supervisor'],
  /** An operator: an unassigned case, to themselves. */
  'case.assign': ['operator', 'supervisor'],
  /** Assign any case to anyone; change or refer a case assigned to someone else, or to no one. */
  'case.override': ['supervisor'],
  'directory.view': ['operator', 'supervisor'],
  'directory.edit': ['supervisor'],
  /** The dashboard's figures and their CSV export. */
  'stats.view': ['supervisor'],
  'audit.view': ['supervisor'],
} as const satisfies Record<string, readonly Role[]>

export type Action = keyof typeof PERMISSIONS

export function may(role: Role, action: Action): boolean {
  return (PERMISSIONS[action] as readonly Role[]).includes(role)
}
