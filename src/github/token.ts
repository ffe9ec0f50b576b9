import { execFile } from 'node:child_process';
import { DEFAULT_API_URL, normalizeApiUrl } from './client.js';
import { usageError } from '../errors.js';

export type TokenSource = '--token' | 'GH_TOKEN' | 'GITHUB_TOKEN' | 'GH_ENTERPRISE_TOKEN' | 'GITHUB_ENTERPRISE_TOKEN' | 'gh auth token' | 'none';

export interface ResolvedAuth {
  token: string | undefined;
  source: TokenSource;
}

/** --api-url, then GITHUB_API_URL, then api.github.com. */
export function resolveApiUrl(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  const raw = flag ?? (env.GITHUB_API_URL && env.GITHUB_API_URL !== '' ? env.GITHUB_API_URL : DEFAULT_API_URL);
  try {
    return normalizeApiUrl(raw);
  } catch (e) {
    throw usageError((e as Error).message);
  }
}

function isDotCom(apiUrl: string): boolean {
  return new URL(apiUrl).host === 'api.github.com';
}

function ghAuthToken(hostname: string | undefined): Promise<string | undefined> {
  return new Promise((resolve) => {
    const args = ['auth', 'token', ...(hostname ? ['--hostname', hostname] : [])];
    execFile('gh', args, { timeout: 3000, windowsHide: true }, (err, stdout) => {
      if (err) return resolve(undefined);
      const t = stdout.trim();
      resolve(t.length > 0 ? t : undefined);
    });
  });
}

/**
 * The token, as the GitHub CLI looks for it: the flag, GH_TOKEN, GITHUB_TOKEN (Enterprise hosts:
 * GH_ENTERPRISE_TOKEN, GITHUB_ENTERPRISE_TOKEN), then `gh auth token` when gh is installed.
 */
export async function resolveToken(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  apiUrl: string,
  lookupGh: (hostname: string | undefined) => Promise<string | undefined> = ghAuthToken,
): Promise<ResolvedAuth> {
  if (flag !== undefined && flag !== '') return { token: flag, source: '--token' };
  const candidates: TokenSource[] = isDotCom(apiUrl)
    ? ['GH_TOKEN', 'GITHUB_TOKEN']
    : ['GH_ENTERPRISE_TOKEN', 'GITHUB_ENTERPRISE_TOKEN', 'GH_TOKEN', 'GITHUB_TOKEN'];
  for (const name of candidates) {
    const v = env[name];
    if (v !== undefined && v.trim() !== '') return { token: v.trim(), source: name };
  }
  if (env.OSS_SCOUT_NO_GH !== '1') {
    const host = isDotCom(apiUrl) ? undefined : new URL(apiUrl).host;
    const t = await lookupGh(host);
    if (t) return { token: t, source: 'gh auth token' };
  }
  return { token: undefined, source: 'none' };
}
