// Validates GraphQL documents against GitHub's published schema, so a typo in a query fails a unit test
// instead of a user's search. Shared: other query builders import assertValidGraphQL too.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildASTSchema, buildSchema, parse, validate, visit, type GraphQLSchema } from 'graphql';

// Read by path: the package's exports map does not expose schema.graphql.
const SCHEMA_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../node_modules/@octokit/graphql-schema/schema.graphql',
);

// The packaged schema predates advanced issue search; GitHub accepts these SearchType values today.
const MISSING_SEARCH_TYPES = ['ISSUE_ADVANCED', 'ISSUE_SEMANTIC', 'ISSUE_HYBRID'];

let cached: GraphQLSchema | undefined;

export function githubSchema(): GraphQLSchema {
  if (cached) return cached;
  const sdl = readFileSync(SCHEMA_FILE, 'utf8').replace(
    /enum SearchType \{/,
    `enum SearchType {\n  ${MISSING_SEARCH_TYPES.join('\n  ')}\n`,
  );
  cached = buildSchema(sdl, { assumeValidSDL: true });
  return cached;
}

/** Throws with every validation message when `doc` is not a valid operation against GitHub's schema. */
export function assertValidGraphQL(doc: string): void {
  const errors = validate(githubSchema(), parse(doc));
  if (errors.length > 0) {
    throw new Error(`invalid GraphQL document:\n${errors.map((e) => `- ${e.message}`).join('\n')}`);
  }
}

let reduced: GraphQLSchema | undefined;

/**
 * An older GitHub Enterprise Server's schema: the packaged one without advanced search (it predates
 * ISSUE_ADVANCED) and without `Issue.closedByPullRequestsReferences`, removed from the AST.
 */
export function olderEnterpriseSchema(): GraphQLSchema {
  if (reduced) return reduced;
  const doc = visit(parse(readFileSync(SCHEMA_FILE, 'utf8')), {
    ObjectTypeDefinition(node) {
      if (node.name.value !== 'Issue') return undefined;
      return { ...node, fields: (node.fields ?? []).filter((f) => f.name.value !== 'closedByPullRequestsReferences') };
    },
  });
  reduced = buildASTSchema(doc, { assumeValidSDL: true });
  return reduced;
}

/** Like assertValidGraphQL, against another schema. */
export function assertValidAgainst(schema: GraphQLSchema, doc: string): void {
  const errors = validate(schema, parse(doc));
  if (errors.length > 0) {
    throw new Error(`invalid GraphQL document:\n${errors.map((e) => `- ${e.message}`).join('\n')}`);
  }
}
