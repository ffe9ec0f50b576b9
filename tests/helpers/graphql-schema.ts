// Validates GraphQL documents against GitHub's published schema, so a typo in a query fails a unit test
// instead of a user's search. Shared: other query builders import assertValidGraphQL too.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kind, buildASTSchema, buildSchema, parse, validate, visit, type GraphQLSchema } from 'graphql';

// Read by path: the package's exports map does not expose schema.graphql.
const SCHEMA_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../node_modules/@octokit/graphql-schema/schema.graphql',
);

// The packaged schema predates advanced issue search; GitHub accepts these SearchType values today.
const MISSING_SEARCH_TYPES = ['ISSUE_ADVANCED', 'ISSUE_SEMANTIC', 'ISSUE_HYBRID'];

let cached: GraphQLSchema | undefined;

function githubSdl(): string {
  return readFileSync(SCHEMA_FILE, 'utf8').replace(/enum SearchType \{/, `enum SearchType {\n  ${MISSING_SEARCH_TYPES.join('\n  ')}\n`);
}

export function githubSchema(): GraphQLSchema {
  if (cached) return cached;
  cached = buildSchema(githubSdl(), { assumeValidSDL: true });
  return cached;
}

const reduced = new Map<string, GraphQLSchema>();

function schemaWithout(sdl: string, fields: readonly string[], cacheKey: string): GraphQLSchema {
  const hit = reduced.get(cacheKey);
  if (hit) return hit;
  const drop = new Set(fields);
  let typeName = '';
  const ast = visit(parse(sdl), {
    enter(node) {
      if (node.kind === Kind.OBJECT_TYPE_DEFINITION || node.kind === Kind.INTERFACE_TYPE_DEFINITION) typeName = node.name.value;
      if (node.kind === Kind.FIELD_DEFINITION && drop.has(`${typeName}.${node.name.value}`)) return null;
      return undefined;
    },
  });
  const schema = buildASTSchema(ast, { assumeValidSDL: true });
  reduced.set(cacheKey, schema);
  return schema;
}

/**
 * GitHub's schema without some fields ("Issue.closedByPullRequestsReferences"), as an older GitHub
 * Enterprise Server has it: built from the same SDL with those field definitions removed.
 */
export function githubSchemaWithout(fields: readonly string[]): GraphQLSchema {
  return schemaWithout(githubSdl(), fields, `github:${[...fields].sort().join(',')}`);
}

/**
 * An older GitHub Enterprise Server's schema: the packaged one without advanced search (it predates
 * ISSUE_ADVANCED) and without `Issue.closedByPullRequestsReferences`.
 */
export function olderEnterpriseSchema(): GraphQLSchema {
  return schemaWithout(readFileSync(SCHEMA_FILE, 'utf8'), ['Issue.closedByPullRequestsReferences'], 'older-enterprise');
}

/** Throws with every validation message when `doc` is not a valid operation against `schema`. */
export function assertValidAgainst(schema: GraphQLSchema, doc: string): void {
  const errors = validate(schema, parse(doc));
  if (errors.length > 0) throw new Error(`invalid GraphQL document:\n${errors.map((e) => `- ${e.message}`).join('\n')}`);
}

/** Throws with every validation message when `doc` is not a valid operation against GitHub's schema. */
export function assertValidGraphQL(doc: string): void {
  assertValidAgainst(githubSchema(), doc);
}
