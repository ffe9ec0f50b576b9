// Pure: the `list --json` document. Exactly the documented shape; GitHub text is left as it is (JSON is exact).
import type { Claim } from '../core/types.js';

export interface ClaimJson extends Pick<Claim, 'repo' | 'number' | 'title' | 'url' | 'labels' | 'claimedAt' | 'status'> {
  /** Why the claim has its status, from its last change (e.g. "assigned to @someone" for taken-by-other). */
  statusDetail: string | null;
  /** The reason given to `unclaim --reason`; null when none was given or the claim is not dropped. */
  droppedReason: string | null;
  statusHistory: { status: Claim['status']; at: string; detail: string | null }[];
  notes: { at: string; text: string }[];
  pullRequests: { number: number; url: string; state: string; merged: boolean; mergedAt: string | null; createdAt: string }[];
}

export function claimsJson(claims: Claim[]): { claims: ClaimJson[] } {
  return {
    claims: claims.map((c) => ({
      repo: c.repo,
      number: c.number,
      title: c.title,
      url: c.url,
      labels: [...c.labels],
      claimedAt: c.claimedAt,
      status: c.status,
      statusDetail: c.statusHistory.at(-1)?.detail ?? null,
      droppedReason: c.droppedReason,
      statusHistory: c.statusHistory.map((h) => ({ status: h.status, at: h.at, detail: h.detail ?? null })),
      notes: c.notes.map((n) => ({ at: n.at, text: n.text })),
      pullRequests: c.pullRequests.map((p) => ({
        number: p.number,
        url: p.url,
        state: p.state,
        merged: p.merged,
        mergedAt: p.mergedAt,
        createdAt: p.createdAt,
      })),
    })),
  };
}
