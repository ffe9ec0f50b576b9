// The state changes behind `claim`, `unclaim` and `note`: pure functions from a state to the next one and
// what happened, so the commands only fetch, call one of these under the store's lock, and print.
import { formatIssueRef, type IssueRef } from '../core/refs.js';
import { findClaim, notClaimed, sameIssue } from './claims.js';
import type { Claim } from '../core/types.js';
import type { State } from './schema.js';

type Ref = Pick<IssueRef, 'repo' | 'number'>;

/** What GitHub said about the issue being claimed. */
export interface ClaimedIssue {
  repo: string;
  number: number;
  title: string;
  url: string;
  labels: string[];
}

export type ClaimOutcome =
  /** A new claim. */
  | 'claimed'
  /** A dropped claim picked back up, history and notes kept. */
  | 'claimed-again'
  /** Already claimed: only the note was added. */
  | 'noted'
  /** Already claimed and no note: nothing changed. */
  | 'unchanged';

/**
 * Records a claim. `ref` is what the user typed (a renamed repository's issue comes back under its new
 * name, so both are matched). A note given for an issue already claimed is added to it, never lost.
 */
export function recordClaim(state: State, ref: Ref, issue: ClaimedIssue, at: string, note: string | undefined): { state: State; outcome: ClaimOutcome; claim: Claim } {
  const notes = note ? [{ at, text: note }] : [];
  const current = state.claims.find((c) => sameIssue(c, issue.repo, issue.number) || sameIssue(c, ref.repo, ref.number));
  const fields = { title: issue.title, url: issue.url, labels: issue.labels };
  if (current && current.status !== 'dropped') {
    if (notes.length === 0) return { state, outcome: 'unchanged', claim: current };
    current.notes.push(...notes);
    return { state, outcome: 'noted', claim: current };
  }
  if (current) {
    Object.assign(current, fields, {
      status: 'claimed',
      droppedReason: null,
      statusHistory: [...current.statusHistory, { status: 'claimed', at, detail: 'claimed again' }],
      notes: [...current.notes, ...notes],
    });
    return { state, outcome: 'claimed-again', claim: current };
  }
  const claim: Claim = {
    repo: issue.repo,
    number: issue.number,
    ...fields,
    claimedAt: at,
    status: 'claimed',
    statusHistory: [{ status: 'claimed', at, detail: 'claimed' }],
    notes,
    pullRequests: [],
    droppedReason: null,
    lastRefreshedAt: null,
  };
  state.claims.push(claim);
  return { state, outcome: 'claimed', claim };
}

/** A note on an existing claim (no network). Throws "not claimed" (exit 2) otherwise. */
export function addNote(state: State, ref: Ref, at: string, text: string): { state: State; claim: Claim } {
  const claim = findClaim(state, ref);
  if (!claim) throw notClaimed(ref);
  claim.notes.push({ at, text });
  return { state, claim };
}

/** `unclaim`: marks the claim dropped (kept for the report), or with `forget` removes it. Returns what to say. */
export function dropClaim(state: State, ref: Ref, at: string, options: { reason?: string | undefined; forget?: boolean }): { state: State; message: string } {
  const claim = findClaim(state, ref);
  if (!claim) throw notClaimed(ref);
  const name = formatIssueRef(claim.repo, claim.number);
  if (options.forget) {
    return { state: { ...state, claims: state.claims.filter((c) => !sameIssue(c, ref.repo, ref.number)) }, message: `forgot ${name}` };
  }
  if (claim.status === 'dropped') return { state, message: `${name} is already dropped; nothing changed` };
  claim.status = 'dropped';
  claim.droppedReason = options.reason ?? null;
  claim.statusHistory.push({ status: 'dropped', at, detail: options.reason ?? 'dropped' });
  return { state, message: `dropped ${name}` };
}
