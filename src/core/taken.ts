// Is someone already on this issue? Pure: the clock comes in through options.now.
import type { IssueComment, IssueRecord, LinkedPullRequest, TakenVerdict } from './types.js';

export interface TakenOptions {
  now: Date;
  /** A claim comment counts for this many days; older ones with no PR are stale. */
  claimWindowDays: number;
  /** The user's own login: their claims and PRs do not make an issue taken for them. */
  viewer?: string;
}

const MAINTAINER = new Set(['OWNER', 'MEMBER', 'COLLABORATOR']);
const DAY_MS = 86_400_000;

// "this", "it", "this issue", "this one", "the task"... Claims must name their object, so that
// "can I take a look at the logs" or "I'd like to work on the docs someday" are not claims.
const NOT_A_CLAIM_AFTER = String.raw`(?! (?:approach|opportunity|into|workaround|as|out|offline|with|discussion|conversation|further|idea|suggestion|change|patch|code|version|release|step|example|feedback|advice|comment|branch|fork|build|wheel|commit)\b)`;
const OBJ = String.raw`(?:th(?:is|e) (?:issue|task|bug|ticket|feature|fix|pr|one)|this|it)\b${NOT_A_CLAIM_AFTER}`;
const VERB = String.raw`(?:work on|take|pick(?: up)?|grab|tackle|handle|fix|solve|attempt|address|implement|do|look into|contribute to|help (?:with|on))`;
// What a claim says it will do with the issue. Every pattern ends with it, so "pick it up" needs no
// `(?: up)?`: a match without the "up" is already a match. The object is written once, after all the verbs
// that take one: V8 compiles each expression the first time it runs, in time that grows faster than its
// length, and the object with its lookahead, six times over, made one pattern take 15-40 ms to compile.
const ACT = String.raw`(?:(?:${VERB}|take a (?:stab|crack|shot) at|have a go at) ${OBJ}|give (?:it|this) a (?:try|shot|go))`;
const PR = String.raw`(?:submit|open|send|raise|make|create|put up) (?:a|the) (?:pr|pull request|fix)`;

/** Comments that ask for an issue or say the author is on it. Tested one by one in tests/taken.test.ts. */
export const CLAIM_PATTERNS: readonly RegExp[] = [
  // slash commands on a line of their own, as Prow and several bots read them
  /^\s*\/(?:assign|take|claim|self-assign)(?:\s+@?me)?\s*$/m,
  new RegExp(String.raw`\b(?:can|could|may|might) i (?:please )?(?:${ACT}|be assigned|get assigned)`),
  new RegExp(String.raw`\b(?:i'd|i would|i'm|i am|i) (?:really )?(?:like|love|want|wish|be happy|be glad|happy|glad|keen|willing|planning|going|eager|interested) (?:to|in) (?:(?:${VERB}|take a (?:stab|crack|shot) at|have a go at|working on|taking) ${OBJ}|give (?:it|this) a (?:try|shot|go)|picking ${OBJ} up|be assigned|get assigned|${PR})`),
  new RegExp(String.raw`\b(?:i'm|i am|im) (?:currently |already |now |actively )?(?:working on|on|taking|tackling|looking into|fixing) ${OBJ}`),
  new RegExp(String.raw`\bi(?:'ll| will| shall| can) (?:${ACT}|${PR})`),
  new RegExp(String.raw`\bi(?:'ve| have) (?:already )?(?:started|begun) (?:working on|on|to work on|fixing) ${OBJ}`),
  new RegExp(String.raw`\blet me (?:${ACT}|${PR})`),
  /(?<!(?:n't|not|never) )\bassign (?:(?:this|it|this issue|the issue) )?to me\b/,
  /\b(?:please|pls|kindly|could you|can you|would you|you can) assign me\b/,
  /^\s*(?:i'm |i am )?on it[.!]*\s*$/m,
];

/** The claimant backs out. */
const SELF_RELEASE: readonly RegExp[] = [
  /\b(?:i'm|i am) (?:no longer|not) (?:working on|going to work on|able to (?:work on|finish|continue))/,
  /\bi (?:can't|cannot|can not|won't|will not) (?:work on|continue|finish|take|pick|get to)/,
  /\bunassign(?:ing)? (?:me|myself)\b/,
  /^\s*\/unassign\s*$/m,
  /\b(?:up for grabs|free to take|anyone (?:else )?(?:can|could) (?:take|pick))\b/,
];

/** A maintainer reopens the issue to everyone. Always a release. */
const MAINTAINER_RELEASE_STRONG: readonly RegExp[] = [
  /\bstill (?:available|open for|up for grabs|free)\b/,
  /\bup for grabs\b/,
  /\bunassign(?:ed|ing)\b/,
  /^\s*\/unassign\b/m,
  /\banyone (?:else )?(?:can|could|may|is welcome to|should feel free to|is free to) (?:take|pick|work|grab|claim)/,
  /\b(?:no one|nobody|noone) (?:is|seems to be) (?:currently |actively )?working on\b/,
  /\bnot (?:being )?(?:actively )?worked on\b/,
  /\b(?:open|available) (?:to|for) (?:anyone|anybody|everyone|contributors|new contributors|other contributors)\b/,
];

/** "feel free to pick this up": a release when said to everyone, a go-ahead when said to the claimant. */
const MAINTAINER_RELEASE_WEAK: readonly RegExp[] = [
  /\bfeel free to (?:pick|take|grab|work on|claim|tackle|send|open|submit)\b/,
];

/** Lower case, without quoted replies, code and links, with curly apostrophes straightened. */
export function normalizeComment(body: string): string {
  return body
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/`[^`\n]*`/g, ' ')
    .split('\n')
    .filter((line) => !/^\s*>/.test(line))
    .join('\n')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .toLowerCase()
    .replace(/[ \t]+/g, ' ');
}

// The *Text variants take a comment already normalised: a conversation is normalised once per comment.
const claimText = (text: string): boolean => CLAIM_PATTERNS.some((re) => re.test(text));
const selfReleaseText = (text: string): boolean => SELF_RELEASE.some((re) => re.test(text));
const strongReleaseText = (text: string): boolean => MAINTAINER_RELEASE_STRONG.some((re) => re.test(text));
const weakReleaseText = (text: string): boolean => MAINTAINER_RELEASE_WEAK.some((re) => re.test(text));

export function isClaim(body: string): boolean {
  return claimText(normalizeComment(body));
}

export function isSelfRelease(body: string): boolean {
  return selfReleaseText(normalizeComment(body));
}

/** Whether a maintainer's comment frees the issue from the given claimants. */
export function isMaintainerRelease(body: string, claimants: string[]): boolean {
  return maintainerRelease(readComment(body, undefined), claimants);
}

// What a comment says, as bits. The patterns above cost far more to compile (V8 compiles a regular expression
// on its first use: ~20 ms for these) than to run, so the repository cache keeps each comment's bits and a
// search answered from it compiles none of them.
const SAYS_CLAIM = 1;
const SAYS_SELF_RELEASE = 2;
const SAYS_RELEASE = 4;
const SAYS_RELEASE_UNLESS_ADDRESSED = 8;

/** A comment's bits, read from its body (the same tests detectTaken makes, all of them). */
export function commentSignals(body: string): number {
  const text = normalizeComment(body);
  return (
    (claimText(text) ? SAYS_CLAIM : 0) |
    (selfReleaseText(text) ? SAYS_SELF_RELEASE : 0) |
    (strongReleaseText(text) ? SAYS_RELEASE : 0) |
    (weakReleaseText(text) ? SAYS_RELEASE_UNLESS_ADDRESSED : 0)
  );
}

/**
 * Compiles the patterns now. V8 compiles a regular expression on its first use and again, to machine code, on
 * the next: a caller with idle time before comments arrive (a search waiting for its taken signals) spends
 * it here instead of after the answer.
 */
export function prepareCommentSignals(): void {
  commentSignals('x');
  commentSignals('x');
}

/**
 * Everything commentSignals' bits depend on: the code and every pattern. Stored bits are used only under
 * the same fingerprint, so a change to any of them (or a different build) reads the comments again.
 */
export function commentSignalsFingerprint(): string {
  const lists = [CLAIM_PATTERNS, SELF_RELEASE, MAINTAINER_RELEASE_STRONG, MAINTAINER_RELEASE_WEAK];
  return [
    [SAYS_CLAIM, SAYS_SELF_RELEASE, SAYS_RELEASE, SAYS_RELEASE_UNLESS_ADDRESSED].join(','),
    ...lists.map((list) => list.map((re) => `/${re.source}/${re.flags}`).join('\n')),
    normalizeComment.toString(),
    commentSignals.toString(),
    [claimText, selfReleaseText, strongReleaseText, weakReleaseText].map((f) => f.toString()).join('\n'),
  ].join('\n\n');
}

// Bits known for comment objects (from the repository cache, or read here once): detectTaken looks here first.
const knownSignals = new WeakMap<IssueComment, number>();

/** Records a comment's bits (as commentSignals gave them, under the same fingerprint). */
export function rememberCommentSignals(comment: IssueComment, bits: number): void {
  knownSignals.set(comment, bits);
}

/** A comment's bits: remembered ones, or read now (and remembered). */
export function commentSignalsOf(comment: IssueComment): number {
  let bits = knownSignals.get(comment);
  if (bits === undefined) {
    bits = commentSignals(comment.body);
    knownSignals.set(comment, bits);
  }
  return bits;
}

/** One comment's say, from its known bits when there are some, else by testing its text as asked. */
interface CommentReading {
  text(): string;
  claim(): boolean;
  selfRelease(): boolean;
  release(): boolean;
  releaseUnlessAddressed(): boolean;
}

function readComment(body: string, bits: number | undefined): CommentReading {
  let text: string | undefined;
  const normalized = (): string => (text ??= normalizeComment(body));
  const says = (bit: number, test: (text: string) => boolean): boolean => (bits === undefined ? test(normalized()) : (bits & bit) !== 0);
  return {
    text: normalized,
    claim: () => says(SAYS_CLAIM, claimText),
    selfRelease: () => says(SAYS_SELF_RELEASE, selfReleaseText),
    release: () => says(SAYS_RELEASE, strongReleaseText),
    releaseUnlessAddressed: () => says(SAYS_RELEASE_UNLESS_ADDRESSED, weakReleaseText),
  };
}

function maintainerRelease(comment: CommentReading, claimants: string[]): boolean {
  if (comment.release()) return true;
  if (!comment.releaseUnlessAddressed()) return false;
  const text = comment.text();
  const addressesClaimant = claimants.some((c) => text.includes(`@${c.toLowerCase()}`));
  return !addressesClaimant;
}

function same(a: string, b: string | undefined): boolean {
  return b !== undefined && a.toLowerCase() === b.toLowerCase();
}

function ago(from: Date, now: Date): string {
  const days = Math.max(0, Math.floor((now.getTime() - from.getTime()) / DAY_MS));
  if (days === 0) return 'today';
  return days === 1 ? '1 day ago' : `${days} days ago`;
}

function prLabel(pr: LinkedPullRequest, issueRepo: string): string {
  const ref = same(pr.repo, issueRepo) ? `#${pr.number}` : `${pr.repo}#${pr.number}`;
  return `open ${pr.isDraft ? 'draft ' : ''}PR ${ref} by @${pr.author}`;
}

interface Claim {
  author: string;
  at: Date;
}

/** Claims still standing after the conversation: latest per author, minus those released later. */
function standingClaims(comments: IssueComment[], viewer: string | undefined): Claim[] {
  const ordered = comments
    .map((c, i) => ({ c, i, t: Date.parse(c.createdAt) }))
    .filter((x) => Number.isFinite(x.t))
    .sort((a, b) => a.t - b.t || a.i - b.i);
  const claims = new Map<string, Claim>();
  for (const { c, t } of ordered) {
    const key = c.author.toLowerCase();
    const said = readComment(c.body, knownSignals.get(c));
    if (MAINTAINER.has(c.authorAssociation) && maintainerRelease(said, [...claims.values()].map((x) => x.author))) {
      claims.clear();
    } else if (claims.has(key) && said.selfRelease()) {
      claims.delete(key);
      continue;
    }
    if (!same(c.author, viewer) && !said.selfRelease() && said.claim()) {
      claims.set(key, { author: c.author, at: new Date(t) });
    }
  }
  return [...claims.values()].sort((a, b) => b.at.getTime() - a.at.getTime());
}

/**
 * Verdicts one search has read, by issue record: a search reads its candidates up to four times (pick,
 * signal rounds, result) and a verdict depends only on the record and the options. A replaced record
 * (new signals) is read again; so is one read with other options.
 */
export type TakenMemo = WeakMap<IssueRecord, { options: string; verdict: TakenVerdict }>;

export function createTakenMemo(): TakenMemo {
  return new WeakMap();
}

/** What a verdict depends on besides the record: verdicts are reused only for the same. */
export function takenOptionsKey(options: TakenOptions): string {
  return `${options.now.getTime()} ${options.claimWindowDays} ${options.viewer ?? ''}`;
}

/**
 * detectTaken, through `memo` when there is one (`key`: takenOptionsKey(options), worked out once by a
 * caller that asks for many issues). The verdict returned may be shared: read it, never change it.
 */
export function detectTakenOnce(issue: IssueRecord, options: TakenOptions, memo: TakenMemo | undefined, key = memo ? takenOptionsKey(options) : ''): TakenVerdict {
  if (!memo) return detectTaken(issue, options);
  const known = memo.get(issue);
  if (known?.options === key) return known.verdict;
  const verdict = detectTaken(issue, options);
  memo.set(issue, { options: key, verdict });
  return verdict;
}

export function detectTaken(issue: IssueRecord, options: TakenOptions): TakenVerdict {
  // Most beginner issues have nobody on them yet: the same verdict as below, without building it.
  if (issue.assignees.length === 0 && issue.pullRequests.length === 0 && issue.comments.length === 0) return { taken: false, stale: false, reasons: [] };
  const { now, viewer } = options;
  const reasons: string[] = [];

  const assignees = issue.assignees.filter((a) => !same(a, viewer));
  if (assignees.length > 0) reasons.push(`assigned to ${assignees.map((a) => `@${a}`).join(', ')}`);

  // A PR that will close the issue takes it. One that only mentions it ("see #123") does not: it stays
  // listed, with the reason, and search ranks it lower.
  const openPrs = issue.pullRequests.filter((pr) => pr.state === 'OPEN' && !same(pr.author, viewer));
  for (const pr of openPrs.filter((p) => p.closesIssue)) reasons.push(`${prLabel(pr, issue.repo)} will close it`);
  const mentions = openPrs.filter((p) => !p.closesIssue);
  const mentionReasons = mentions.map((pr) => `mentioned by open PR ${same(pr.repo, issue.repo) ? `#${pr.number}` : `${pr.repo}#${pr.number}`}`);
  const mentionedBy = mentions.length > 0 ? { mentionedBy: mentions.map((pr) => ({ repo: pr.repo, number: pr.number })) } : {};

  const claims = standingClaims(issue.comments, viewer);
  const windowStart = now.getTime() - options.claimWindowDays * DAY_MS;
  const recent = claims.find((c) => c.at.getTime() >= windowStart);
  if (recent) reasons.push(`claimed by @${recent.author} ${ago(recent.at, now)}`);

  if (reasons.length > 0) return { taken: true, stale: false, reasons: [...reasons, ...mentionReasons], ...mentionedBy };

  const old = claims[0];
  if (old) {
    return { taken: false, stale: true, reasons: [`claimed by @${old.author} ${ago(old.at, now)}, no PR since (stale)`, ...mentionReasons], ...mentionedBy };
  }
  return { taken: false, stale: false, reasons: mentionReasons, ...mentionedBy };
}
