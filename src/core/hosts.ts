// Where a GitHub host keeps its API, its GraphQL endpoint and its web pages, as the GitHub CLI maps them.
// Pure: URLs in, URLs out. Three kinds of host: github.com, GHE.com (data residency, SUBDOMAIN.ghe.com)
// and GitHub Enterprise Server (any other host, API under /api/v3).

export const DEFAULT_API_URL = 'https://api.github.com';

export type HostKind = 'github.com' | 'ghe.com' | 'ghes';

/**
 * Ports fetch refuses to connect to, for any host (the Fetch standard's "bad port" list: ports of other
 * protocols). A request there fails before it leaves, with no error code, so it is caught by number.
 */
export const BLOCKED_PORTS: ReadonlySet<number> = new Set([
  0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110,
  111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540,
  548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000,
  6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

/** The port fetch would refuse for this URL, if it is one of BLOCKED_PORTS. */
export function blockedPortOf(url: string): number | undefined {
  try {
    const u = new URL(url);
    if (u.port === '') return undefined;
    const port = Number(u.port);
    return BLOCKED_PORTS.has(port) ? port : undefined;
  } catch {
    return undefined;
  }
}

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
