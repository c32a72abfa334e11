/**
 * The phase state machine, shared by the server (which enforces it), the CLI and the portal (which
 * offer only the actions it allows). Scores of a phase become visible to its panel at
 * `scoring-closed`, so that state never goes back to `open`: blind scoring cannot be undone (a late
 * sheet is an admin's upload with a reason instead, marked on the result). `closed` is final.
 */

import type { Phase } from '../domain/layout.ts';
export { PHASES, type Phase } from '../domain/layout.ts';

/** Phases in the order a round runs them (for display; PHASES is the order of the records). */
export const PHASE_ORDER: readonly Phase[] = ['self', 'precheck', 'spotcheck', 'formal'];

/** Where a phase of a round stands. Assessors see each other's scores only after `scoring-closed`. */
export const PHASE_STATES = ['pending', 'open', 'scoring-closed', 'closed'] as const;
export type PhaseState = (typeof PHASE_STATES)[number];

/** The actions an admin takes on a phase, and the state each leads to. */
export const PHASE_ACTIONS = { open: 'open', 'close-scoring': 'scoring-closed', close: 'closed' } as const;
export type PhaseAction = keyof typeof PHASE_ACTIONS;
export const PHASE_ACTION_NAMES = Object.keys(PHASE_ACTIONS) as PhaseAction[];

/** Which states each state may move to. */
export const PHASE_TRANSITIONS: Record<PhaseState, readonly PhaseState[]> = {
  pending: ['open'],
  open: ['scoring-closed', 'closed'],
  'scoring-closed': ['closed'],
  closed: [],
};

/** The actions allowed from a state, in the order a round goes. */
export function actionsFrom(state: PhaseState): PhaseAction[] {
  return PHASE_ACTION_NAMES.filter((a) => PHASE_TRANSITIONS[state].includes(PHASE_ACTIONS[a]));
}
