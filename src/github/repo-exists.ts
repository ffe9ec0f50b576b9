// `repos add` asks GitHub whether a repository exists before adding it, and takes GitHub's spelling.
import { OssScoutError } from '../errors.js';
import type { GitHubClient } from './client.js';

/** The repository's canonical owner/name and whether it is archived; a missing one is a usage error (exit 2). */
export async function fetchRepository(client: GitHubClient, owner: string, name: string): Promise<{ repo: string; archived: boolean }> {
  try {
    const { data } = await client.octokit.rest.repos.get({ owner, repo: name });
    return { repo: data.full_name, archived: data.archived };
  } catch (e) {
    const status = (e as { status?: unknown }).status;
    if (status === 404 || status === 410 || status === 451) {
      throw new OssScoutError('not-found', `no such repository on GitHub: ${owner}/${name}`, {
        hint: client.hasToken ? 'check the spelling (owner/name)' : 'check the spelling; a private repository needs a token (GH_TOKEN)',
        cause: e,
      });
    }
    throw client.mapError(e);
  }
}
