// What a GitHub server's GraphQL schema offers. github.com has everything; older GitHub Enterprise Server
// releases lack some of it, and queries must be built for what the server has. Detected once per host by
// introspection and kept on disk for a week, so a server costs one small request a week, github.com none.
import path from 'node:path';
import { hashKey, readJsonFile, writeJsonFile } from '../cache/files.js';
import { isEnterpriseServerApi } from '../core/hosts.js';
import type { GitHubClient } from './client.js';

export interface ServerCapabilities {
  /** `SearchType.ISSUE_ADVANCED` exists (missing on GHES 3.17 and earlier). */
  issueAdvanced: boolean;
  /** `Issue.closedByPullRequestsReferences` exists (entered the public schema in early 2025). */
  closedByPullRequestsReferences: boolean;
}

/** github.com, and any server whose schema has every field we use. */
export const FULL_CAPABILITIES: ServerCapabilities = Object.freeze({
  issueAdvanced: true,
  closedByPullRequestsReferences: true,
});

export const CAPABILITIES_TTL_MS = 7 * 86_400_000;
const FORMAT = 'oss-scout-capabilities';
const VERSION = 1;

/** Two introspection lookups, named so a stand-in server can answer it like any other operation. */
export const CAPABILITIES_QUERY = `query OssScoutCapabilities {
  searchType: __type(name: "SearchType") { enumValues { name } }
  issue: __type(name: "Issue") { fields { name } }
}`;

interface RawCapabilities {
  searchType: { enumValues: { name: string }[] | null } | null;
  issue: { fields: { name: string }[] | null } | null;
}

/** Pure: the introspection answer to capabilities. A type the server does not know has nothing in it. */
export function parseCapabilities(data: RawCapabilities | null | undefined): ServerCapabilities {
  const searchTypes = new Set((data?.searchType?.enumValues ?? []).map((v) => v.name));
  const issueFields = new Set((data?.issue?.fields ?? []).map((f) => f.name));
  return {
    issueAdvanced: searchTypes.has('ISSUE_ADVANCED'),
    closedByPullRequestsReferences: issueFields.has('closedByPullRequestsReferences'),
  };
}

export function capabilitiesFile(cacheDir: string, apiUrl: string): string {
  return path.join(cacheDir, 'capabilities', `${hashKey([FORMAT, VERSION, apiUrl.replace(/\/+$/, '')]).slice(0, 32)}.json`);
}

function parseEntry(raw: unknown, apiUrl: string, now: Date): ServerCapabilities | undefined {
  const r = raw as { format?: unknown; version?: unknown; apiUrl?: unknown; detectedAt?: unknown; capabilities?: Partial<ServerCapabilities> } | undefined;
  if (!r || r.format !== FORMAT || r.version !== VERSION || r.apiUrl !== apiUrl || typeof r.detectedAt !== 'string') return undefined;
  const age = now.getTime() - Date.parse(r.detectedAt);
  if (!Number.isFinite(age) || age < 0 || age > CAPABILITIES_TTL_MS) return undefined;
  const c = r.capabilities;
  if (typeof c?.issueAdvanced !== 'boolean' || typeof c.closedByPullRequestsReferences !== 'boolean') return undefined;
  return { issueAdvanced: c.issueAdvanced, closedByPullRequestsReferences: c.closedByPullRequestsReferences };
}

export interface DetectOptions {
  /** Where the answer is kept between runs; without it, every run asks again. */
  cacheDir?: string | undefined;
  now?: () => Date;
}

/** The capabilities when no request is needed to know them (see detectCapabilities); undefined otherwise. */
export async function knownCapabilities(
  server: Pick<GitHubClient, 'apiUrl' | 'hasToken'>,
  options: DetectOptions = {},
): Promise<ServerCapabilities | undefined> {
  if (!isEnterpriseServerApi(server.apiUrl) || !server.hasToken) return FULL_CAPABILITIES;
  if (options.cacheDir === undefined) return undefined;
  const now = options.now ?? (() => new Date());
  return parseEntry(await readJsonFile(capabilitiesFile(options.cacheDir, server.apiUrl)), server.apiUrl, now());
}

/**
 * The server's capabilities: github.com, *.ghe.com (any base but an Enterprise Server's /api/v3) without
 * a request, no token without one either
 * (nothing uses GraphQL then), otherwise from the on-disk answer younger than a week, or one
 * introspection request. An answer with errors is used for this run but not kept.
 */
export async function detectCapabilities(
  client: Pick<GitHubClient, 'apiUrl' | 'hasToken' | 'graphql'>,
  options: DetectOptions = {},
): Promise<ServerCapabilities> {
  const known = await knownCapabilities(client, options);
  if (known) return known;
  const now = options.now ?? (() => new Date());
  const file = options.cacheDir === undefined ? undefined : capabilitiesFile(options.cacheDir, client.apiUrl);
  const res = await client.graphql<RawCapabilities>(CAPABILITIES_QUERY);
  const caps = parseCapabilities(res.data);
  if (file && res.errors.length === 0) {
    try {
      await writeJsonFile(file, { format: FORMAT, version: VERSION, apiUrl: client.apiUrl, detectedAt: now().toISOString(), capabilities: caps });
    } catch {
      // a read-only cache costs one introspection request next time, nothing else
    }
  }
  return caps;
}
