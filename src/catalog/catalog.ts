import type { CatalogEntry } from '../core/types.js';

// Placeholder while the curated catalog is written.
export const CATALOG: readonly CatalogEntry[] = [
  { repo: 'vllm-project/vllm', category: 'serving', labels: ['good first issue', 'help wanted'] },
  { repo: 'pytorch/pytorch', category: 'training', labels: ['good first issue', 'actionable'] },
];

/** Labels tried for a repository that is not in the catalog. */
export const DEFAULT_BEGINNER_LABELS: readonly string[] = [
  'good first issue',
  'Good First Issue',
  'good-first-issue',
  'help wanted',
  'contributions welcome',
];
