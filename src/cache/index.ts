// The cache: per-repository fetch results by age (GraphQL) and ETag revalidation (REST GETs).
export * from './repo-cache.js';
export * from './etag.js';
export { hashKey } from './files.js';
