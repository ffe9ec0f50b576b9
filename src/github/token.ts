// Which host we talk to and which token goes there, settled the way the GitHub CLI settles it
// (`gh help environment`), so a token meant for one host is never sent to another by accident.
import { DEFAULT_API_URL, apiUrlForHost, hostKind, hostOf, webHostFor, type HostKind } from '../core/hosts.js';
import { homedir } from 'node:os';
import path from 'node:path';
import { usageError } from '../errors.js';
import { noteRead } from '../io/read-log.js';

export type TokenSource = '--token' | 'GH_TOKEN' | 'GITHUB_TOKEN' | 'GH_ENTERPRISE_TOKEN' | 'GITHUB_ENTERPRISE_TOKEN' | 'gh auth token' | 'none';
export type ApiUrlSource = '--api-url' | 'GITHUB_API_URL' | 'GH_HOST' | 'default';

export interface ResolvedAuth {
  token: string | undefined;
  source: TokenSource;
}

/** Where requests go and with which token. Holds the token: never print or store it whole. */
export interface Connection extends ResolvedAuth {
  apiUrl: string;
  apiUrlSource: ApiUrlSource;
  kind: HostKind;
}

export type GhLookup = (hostname: string) => Promise<string | undefined>;

export function normalizeApiUrl(input: string): string {
  let u: URL;
  try {
    u = new URL(input);
  } catch {
    throw new TypeError(`invalid API URL "${input}": expected something like https://api.github.com`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') {
    throw new TypeError(`invalid API URL "${input}": only http and https are supported`);
  }
  return u.toString().replace(/\/+$/, '');
}

const set = (v: string | undefined): v is string => v !== undefined && v.trim() !== '';

/** --api-url, then GITHUB_API_URL, then the host GH_HOST names, then api.github.com. */
export function resolveApiUrlWithSource(flag: string | undefined, env: NodeJS.ProcessEnv): { apiUrl: string; source: ApiUrlSource } {
  let raw: string;
  let source: ApiUrlSource;
  if (flag !== undefined) [raw, source] = [flag, '--api-url'];
  else if (set(env.GITHUB_API_URL)) [raw, source] = [env.GITHUB_API_URL, 'GITHUB_API_URL'];
  else if (set(env.GH_HOST)) {
    const host = env.GH_HOST.trim();
    // A host name, as gh takes it: no scheme, no path.
    if (!/^[A-Za-z0-9.-]+(?::\d{1,5})?$/.test(host)) {
      throw usageError(`GH_HOST "${host}" is not a host name`, 'set it to github.com, SUBDOMAIN.ghe.com or your Enterprise Server host, without https://');
    }
    [raw, source] = [apiUrlForHost(host), 'GH_HOST'];
  } else [raw, source] = [DEFAULT_API_URL, 'default'];
  try {
    return { apiUrl: normalizeApiUrl(raw), source };
  } catch (e) {
    throw usageError((e as Error).message, `fix ${source === 'default' ? 'the API URL' : source}: e.g. https://api.github.com or https://HOST/api/v3`);
  }
}

export function resolveApiUrl(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return resolveApiUrlWithSource(flag, env).apiUrl;
}

async function ghAuthToken(hostname: string): Promise<string | undefined> {
  // Loaded when gh is asked: a run with a token in the environment starts no process.
  const { execFile } = await import('node:child_process');
  return new Promise((resolve) => {
    execFile('gh', ['auth', 'token', '--hostname', hostname], { timeout: 3000, windowsHide: true }, (err, stdout) => {
      if (err) return resolve(undefined);
      const t = stdout.trim();
      resolve(t.length > 0 ? t : undefined);
    });
  });
}

/**
 * Environment variables that may hold the token for this host, in order. gh's rule: GH_TOKEN and
 * GITHUB_TOKEN are for github.com and *.ghe.com, GH_ENTERPRISE_TOKEN and GITHUB_ENTERPRISE_TOKEN for
 * Enterprise Server. One extension: an Enterprise base given explicitly (--api-url, GITHUB_API_URL, as
 * GitHub Actions on a server sets it beside GITHUB_TOKEN) also takes GH_TOKEN/GITHUB_TOKEN after the
 * enterprise ones. A host picked by GH_HOST does not: there GH_TOKEN is the github.com token.
 */
export function tokenVariables(kind: HostKind, apiUrlSource: ApiUrlSource): TokenSource[] {
  if (kind !== 'ghes') return ['GH_TOKEN', 'GITHUB_TOKEN'];
  const enterprise: TokenSource[] = ['GH_ENTERPRISE_TOKEN', 'GITHUB_ENTERPRISE_TOKEN'];
  return apiUrlSource === '--api-url' || apiUrlSource === 'GITHUB_API_URL' ? [...enterprise, 'GH_TOKEN', 'GITHUB_TOKEN'] : enterprise;
}

/** gh's list of logged-in hosts, where gh keeps it (`gh help environment`: GH_CONFIG_DIR, XDG_CONFIG_HOME, AppData). */
export function ghHostsFile(env: NodeJS.ProcessEnv): string {
  const dir = env.GH_CONFIG_DIR
    ? env.GH_CONFIG_DIR
    : env.XDG_CONFIG_HOME
      ? path.join(env.XDG_CONFIG_HOME, 'gh')
      : process.platform === 'win32' && env.APPDATA
        ? path.join(env.APPDATA, 'GitHub CLI')
        : path.join(env.HOME ?? homedir(), '.config', 'gh');
  return path.join(dir, 'hosts.yml');
}

/** The token for `apiUrl`: the flag, the host's variables, then `gh auth token --hostname HOST`. */
export async function resolveToken(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  apiUrl: string,
  lookupGh: GhLookup = ghAuthToken,
  apiUrlSource: ApiUrlSource = 'GITHUB_API_URL',
): Promise<ResolvedAuth> {
  if (flag !== undefined && flag !== '') return { token: flag, source: '--token' };
  for (const name of tokenVariables(hostKind(apiUrl), apiUrlSource)) {
    const v = env[name];
    if (set(v)) return { token: v.trim(), source: name };
  }
  if (env.OSS_SCOUT_NO_GH !== '1') {
    // What gh answers depends on its login state: a search's kept output (search/replay.ts) lasts while
    // this file, which `gh auth login` and `logout` rewrite, is unchanged.
    noteRead(ghHostsFile(env));
    const t = await lookupGh(webHostFor(apiUrl));
    if (t) return { token: t, source: 'gh auth token' };
  }
  return { token: undefined, source: 'none' };
}

/** The API base and the token for it, from flags and environment. */
export async function resolveConnection(
  flags: { apiUrl?: string | undefined; token?: string | undefined },
  env: NodeJS.ProcessEnv,
  lookupGh: GhLookup = ghAuthToken,
): Promise<Connection> {
  const { apiUrl, source } = resolveApiUrlWithSource(flags.apiUrl, env);
  const auth = await resolveToken(flags.token, env, apiUrl, lookupGh, source);
  return { apiUrl, apiUrlSource: source, kind: hostKind(apiUrl), ...auth };
}

/** For --verbose: where the token came from and where it goes. Never the token. */
export function describeConnection(c: Pick<Connection, 'apiUrl' | 'apiUrlSource' | 'source'>): string {
  const host = hostOf(c.apiUrl);
  const from = c.apiUrlSource === 'default' ? '' : ` (from ${c.apiUrlSource})`;
  if (c.source === 'none') return `auth: no token; requests go to ${host}${from} unauthenticated`;
  const how = c.source === '--token' ? 'the --token flag' : c.source === 'gh auth token' ? `\`gh auth token --hostname ${webHostFor(c.apiUrl)}\`` : `$${c.source}`;
  return `auth: token from ${how}, sent to ${host}${from}`;
}
