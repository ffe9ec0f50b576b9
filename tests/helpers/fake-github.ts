// A stand-in for GitHub's GraphQL endpoint built from the recorded-shape fixtures: it answers each
// `rN: repository(owner: $ownerN, name: $nameN)` alias of our queries, so tests control repos by name.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { HttpResponse, http, type HttpHandler } from 'msw';
import type { CatalogEntry } from '../../src/core/types.js';
import type { GqlIssue, GqlRepository } from '../../src/github/map.js';
import { fileURLToPath } from 'node:url';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/github');

export function fixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as T;
}

const TEMPLATE = fixture<GqlRepository>('graphql-repository.json');

/** The vllm fixture renamed to `repo`, optionally with `count` generated issues instead of its own. */
export function repoNode(repo: string, options: { count?: number; startAt?: number; archived?: boolean } = {}): GqlRepository {
  const node = structuredClone(TEMPLATE);
  node.nameWithOwner = repo;
  node.url = `https://github.com/${repo}`;
  node.isArchived = options.archived ?? false;
  let issues = (node.issues?.nodes ?? []) as GqlIssue[];
  if (options.count !== undefined) {
    const base = issues[0] as GqlIssue;
    issues = Array.from({ length: options.count }, (_, i) => ({
      ...structuredClone(base),
      number: (options.startAt ?? 1) + i,
      comments: { totalCount: 0, nodes: [] },
    }));
  }
  for (const issue of issues) issue.url = `https://github.com/${repo}/issues/${issue.number}`;
  node.issues = { totalCount: issues.length, pageInfo: { hasNextPage: false, endCursor: null }, nodes: issues };
  return node;
}

export interface GraphQLCall {
  operationName: string | undefined;
  query: string;
  variables: Record<string, unknown>;
  /** "owner/name" per alias, in alias order. */
  repos: string[];
  /** "owner/name#N" of every issue whose taken signals the call asked for. */
  signals: string[];
}

export function reposOf(variables: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (let i = 0; variables[`owner${i}`] !== undefined; i++) out.push(`${String(variables[`owner${i}`])}/${String(variables[`name${i}`])}`);
  return out;
}

export interface FakeGraphQLOptions {
  /** Repositories that do not exist. */
  missing?: Set<string>;
  /** Builds the node for one alias; default: the fixture renamed. */
  node?: (repo: string, i: number, call: GraphQLCall) => GqlRepository | null;
  cost?: number;
}

/** POST <graphqlUrl>: records every call into `calls` and answers alias by alias. */
export function fakeGraphQL(graphqlUrl: string, calls: GraphQLCall[], options: FakeGraphQLOptions = {}): HttpHandler {
  return http.post(graphqlUrl, async ({ request }) => {
    const body = (await request.json()) as { query: string; variables?: Record<string, unknown> };
    const variables = body.variables ?? {};
    const call: GraphQLCall = {
      operationName: /^\s*query\s+(\w+)/.exec(body.query)?.[1],
      query: body.query,
      variables,
      repos: reposOf(variables),
      signals: [],
    };
    calls.push(call);
    const data: Record<string, unknown> = {};
    const errors: unknown[] = [];
    call.repos.forEach((repo, i) => {
      if (options.missing?.has(repo)) {
        data[`r${i}`] = null;
        errors.push({
          type: 'NOT_FOUND',
          path: [`r${i}`],
          locations: [{ line: 2 + i, column: 3 }],
          message: `Could not resolve to a Repository with the name '${repo}'.`,
        });
        return;
      }
      data[`r${i}`] = options.node ? options.node(repo, i, call) : repoNode(repo);
    });
    // Follow-ups read the taken signals of issues by number: answered from the same repository nodes.
    for (let i = 0; variables[`so${i}`] !== undefined; i++) {
      const repo = `${String(variables[`so${i}`])}/${String(variables[`sn${i}`])}`;
      const node = options.node ? options.node(repo, i, call) : repoNode(repo);
      if (!node) {
        data[`s${i}`] = null;
        continue;
      }
      const out: Record<string, unknown> = { nameWithOwner: repo };
      for (let j = 0; variables[`s${i}n${j}`] !== undefined; j++) {
        out[`i${j}`] = node.issues?.nodes?.find((x) => x?.number === variables[`s${i}n${j}`]) ?? null;
      }
      data[`s${i}`] = out;
      call.signals.push(...Object.values(out).filter((x): x is GqlIssue => typeof x === 'object' && x !== null).map((x) => `${repo}#${x.number}`));
    }
    data.rateLimit = { cost: options.cost ?? 1, remaining: 4900, resetAt: '2026-03-01T13:00:00Z' };
    return HttpResponse.json(errors.length > 0 ? { data, errors } : { data });
  });
}

export function entries(n: number, labels: (i: number) => string[] = () => ['good first issue']): CatalogEntry[] {
  return Array.from({ length: n }, (_, i) => ({ repo: `org${i}/repo${i}`, category: 'serving' as const, labels: labels(i) }));
}
