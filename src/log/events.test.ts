import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOG_EVENTS } from './events';

describe('docs/log-events.md', () => {
  const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'log-events.md'), 'utf8');
  const documented = [...doc.matchAll(/^\| `([a-z0-9_.]+)` \| (.+) \|$/gm)].map((m) => [m[1], m[2]]);

  it('lists exactly the registered events, with the same meanings, in the same order', () => {
    expect(documented).toEqual(Object.entries(LOG_EVENTS));
  });
});
