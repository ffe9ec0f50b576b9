// What a GitHub server's GraphQL schema offers. github.com has everything; older GitHub Enterprise Server
// releases lack some of it, and queries must be built for what the server has.
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
