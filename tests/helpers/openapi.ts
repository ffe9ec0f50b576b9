// Checks fixtures against GitHub's published OpenAPI description, so fake responses keep real shapes.
// Reads the 13 MB spec file directly: the package index loads all ten spec files.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

const SPEC_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../node_modules/@octokit/openapi/generated/api.github.com.json',
);
const COMPONENTS_ID = 'https://oss-scout.test/github-components.json';

type Node = Record<string, unknown>;

// OpenAPI 3.0 `nullable` means nothing to Ajv without a `type` beside it (issue-field-value.value has an
// anyOf instead): turn such nodes into an explicit "or null".
function patchNullableWithoutType(node: unknown): void {
  if (Array.isArray(node)) {
    for (const x of node) patchNullableWithoutType(x);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const n = node as Node;
  if (n.nullable === true && n.type === undefined) {
    delete n.nullable;
    if (Array.isArray(n.anyOf)) n.anyOf.push({ type: 'null' });
    else if (Array.isArray(n.oneOf)) n.oneOf.push({ type: 'null' });
    else if (typeof n.$ref === 'string') {
      n.anyOf = [{ $ref: n.$ref }, { type: 'null' }];
      delete n.$ref;
    }
  }
  for (const v of Object.values(n)) patchNullableWithoutType(v);
}

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

function getAjv(): Ajv {
  if (ajv) return ajv;
  const spec = JSON.parse(readFileSync(SPEC_FILE, 'utf8')) as {
    components: Node;
  };
  patchNullableWithoutType(spec.components);
  const instance = new Ajv({ strict: false, allErrors: true });
  const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
  (addFormats as unknown as (a: Ajv) => void)(instance);
  // Refs look like "#/components/schemas/x": host the whole components object under one id.
  instance.addSchema({ $id: COMPONENTS_ID, components: spec.components });
  ajv = instance;
  return instance;
}

/** Throws with Ajv's messages unless `value` matches components/schemas/<schemaName> of api.github.com. */
export function assertMatchesOpenApi(schemaName: string, value: unknown): void {
  let validate = validators.get(schemaName);
  if (!validate) {
    validate = getAjv().compile({ $ref: `${COMPONENTS_ID}#/components/schemas/${schemaName}` });
    validators.set(schemaName, validate);
  }
  if (!validate(value)) {
    const msgs = (validate.errors ?? []).slice(0, 10).map((e) => `- ${e.instancePath || '/'} ${e.message ?? ''}`);
    throw new Error(`does not match OpenAPI schema ${schemaName}:\n${msgs.join('\n')}`);
  }
}
