// Where a GitHub host keeps its API, its GraphQL endpoint and its web pages, as the GitHub CLI maps them.
// Pure: URLs in, URLs out. Three kinds of host: github.com, GHE.com (data residency, SUBDOMAIN.ghe.com)
// and GitHub Enterprise Server (any other host, API under /api/v3).

export const DEFAULT_API_URL = 'https://api.github.com';

export type HostKind = 'github.com' | 'ghe.com' | 'ghes';

/** "api.github.com" from "https://api.github.com/..."; the input itself when it is not a URL. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function isGheComHost(host: string): boolean {
  return /^[a-z0-9-]+\.ghe\.com$/i.test(host);
}

/** The host gh calls this server by: github.com, SUBDOMAIN.ghe.com, or the Enterprise Server's host. */
export function webHostFor(apiUrl: string): string {
  const host = hostOf(apiUrl).toLowerCase();
  if (host === 'api.github.com') return 'github.com';
  if (host.startsWith('api.') && isGheComHost(host.slice(4))) return host.slice(4);
  return host;
}

export function hostKind(apiUrl: string): HostKind {
  const web = webHostFor(apiUrl);
  if (web === 'github.com') return 'github.com';
  return isGheComHost(web) ? 'ghe.com' : 'ghes';
}

/**
 * An Enterprise Server API: GHES always serves REST under /api/v3. github.com, GHE.com and stand-ins or
 * proxies for them (any other base) run the current schema, so nothing needs detecting there.
 */
export function isEnterpriseServerApi(apiUrl: string): boolean {
  try {
    return /\/api\/v3\/?$/.test(new URL(apiUrl).pathname);
  } catch {
    return false;
  }
}

/**
 * The REST base for a host named the way GH_HOST names it: github.com -> https://api.github.com;
 * SUBDOMAIN.ghe.com -> https://api.SUBDOMAIN.ghe.com; any other host -> https://HOST/api/v3.
 */
export function apiUrlForHost(hostname: string): string {
  const host = hostname.trim().toLowerCase().replace(/\/+$/, '');
  if (host === 'github.com' || host === 'api.github.com') return DEFAULT_API_URL;
  if (isGheComHost(host)) return `https://api.${host}`;
  if (host.startsWith('api.') && isGheComHost(host.slice(4))) return `https://${host}`;
  return `https://${host}/api/v3`;
}

/** GraphQL lives at <base>/graphql, or /api/graphql for an Enterprise base ending in /api/v3. */
export function graphqlUrlFor(apiUrl: string): string {
  const base = apiUrl.replace(/\/+$/, '');
  if (/\/api\/v3$/.test(base)) return base.replace(/\/api\/v3$/, '/api/graphql');
  return `${base}/graphql`;
}

/**
 * The web root for an API base: api.github.com -> github.com, api.SUBDOMAIN.ghe.com -> SUBDOMAIN.ghe.com,
 * HOST/api/v3 -> HOST (and any other api.HOST -> HOST, as stand-ins and proxies name themselves).
 */
export function webUrlFor(apiUrl: string): string {
  let u: URL;
  try {
    u = new URL(apiUrl);
  } catch {
    return 'https://github.com';
  }
  const host = u.host.toLowerCase();
  if (host === 'api.github.com') return 'https://github.com';
  const web = host.startsWith('api.') ? host.slice(4) : host;
  return `${u.protocol}//${web}`;
}

/** The web address of a repository on the host behind `apiUrl`. */
export function repoWebUrl(apiUrl: string, repo: string): string {
  return `${webUrlFor(apiUrl)}/${repo}`;
}
