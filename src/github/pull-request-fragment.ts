// The pull-request fields claim refresh and the report both read, in one place so the two cannot drift.
export const PULL_REQUEST_FRAGMENT = `fragment PullRequestFields on PullRequest {
  number
  url
  title
  state
  merged
  mergedAt
  createdAt
  isDraft
  reviewDecision
  author { login }
  repository { nameWithOwner }
}`;
