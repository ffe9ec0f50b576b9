// Pure: the `list --json` document. Exactly the documented shape; GitHub text is left as it is (JSON is exact).
import type { Claim } from '../state/schema.js';

export interface ClaimJson {
  repo: string;
  number: number;
  title: string;
  url: string;
  claimedAt: string;
  status: Claim['status'];
  statusHistory: { status: Claim['status']; at: string }[];
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
      claimedAt: c.claimedAt,
      status: c.status,
      statusHistory: c.statusHistory.map((h) => ({ status: h.status, at: h.at })),
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
