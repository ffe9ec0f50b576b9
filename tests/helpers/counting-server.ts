// An msw server for one test file that fails on any request without a handler and counts the requests it
// sees; handlers and the count reset after each test. Call it at the top level of the test file.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

export function countingServer(): { server: ReturnType<typeof setupServer>; requests: () => number } {
  const server = setupServer();
  let requests = 0;
  beforeAll(() => {
    server.listen({ onUnhandledRequest: 'error' });
    server.events.on('request:start', () => {
      requests += 1;
    });
  });
  afterEach(() => {
    server.resetHandlers();
    requests = 0;
  });
  afterAll(() => server.close());
  return { server, requests: () => requests };
}
