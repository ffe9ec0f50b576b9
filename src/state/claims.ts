// Small helpers the claim commands share. No network, no Octokit: `list --json` imports this.
import { OssScoutError } from '../errors.js';
import { formatIssueRef, type IssueRef } from '../core/refs.js';
import { resolvePaths } from '../paths.js';
import type { Claim, ClaimStatus } from '../core/types.js';
import type { State } from './schema.js';
import { openStateStore, type StateStore } from './store.js';

export function stateStoreFor(env: NodeJS.ProcessEnv): StateStore {
  return openStateStore(resolvePaths(env).stateFile);
}

export function sameIssue(c: Pick<Claim, 'repo' | 'number'>, repo: string, number: number): boolean {
  return c.number === number && c.repo.toLowerCase() === repo.toLowerCase();
}

export function findClaim(state: State, ref: Pick<IssueRef, 'repo' | 'number'>): Claim | undefined {
  return state.claims.find((c) => sameIssue(c, ref.repo, ref.number));
}

export function notClaimed(ref: Pick<IssueRef, 'repo' | 'number'>): OssScoutError {
  return new OssScoutError('not-found', `${formatIssueRef(ref.repo, ref.number)} is not claimed`, {
    hint: 'oss-scout list --all shows every claim',
  });
}

/** Statuses `list` shows without --all: work still in progress. */
export const ACTIVE_STATUSES: readonly ClaimStatus[] = ['claimed', 'pr-open', 'taken-by-other'];

/** Statuses a refresh still looks at: a merged or dropped claim is settled. */
export const REFRESHABLE_STATUSES: readonly ClaimStatus[] = ['claimed', 'pr-open', 'taken-by-other', 'closed'];
