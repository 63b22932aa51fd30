import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createAfterglow } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { loadContent } from '../../../src/content/load-content.js';
import { resourcesDueForReview } from '../../../src/content/resource-review.js';
import { ManualClock } from '../../../src/core/clock.js';
import { createLogger } from '../../../src/core/logger.js';
import { createStore } from '../../../src/store/store.js';
import { PROMPTS_DIR, tempContentDir } from './helpers.js';

// A crisis-resource entry older than the clinic's review period gives a
// warning, at start and in the health check, and never a failed start. The
// clock is a fake one, so the suite does not start failing on a date.

const lib = loadContent({ dirs: [PROMPTS_DIR] });

describe('resource review dates', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const c of cleanups.splice(0)) c();
  });

  it('GIVEN entries checked on 2026-11-21 WHEN it is 180 days later THEN none is due; at 181 days each one checked then is, naming its source', () => {
    expect(resourcesDueForReview(lib, new Date('2027-05-20T12:00:00Z'))).toEqual([]);
    const due = resourcesDueForReview(lib, new Date('2027-05-21T12:00:00Z'));
    expect(due.map((d) => d.id)).toContain('us-988');
    expect(due.every((d) => d.checked === '2026-11-21' && d.ageDays === 181)).toBe(true);
    expect(due.find((d) => d.id === 'us-988')!.message).toMatch(/check it against https:\/\/988lifeline\.org/);
  });

  it('GIVEN a clinic review period of 30 days WHEN 31 days have passed THEN the entries are due', () => {
    const { dir, cleanup } = tempContentDir({ 'clinical/settings.yaml': 'resourceReviewDays: 30\n' });
    cleanups.push(cleanup);
    const clinic = loadContent({ dirs: [PROMPTS_DIR, dir] });
    expect(resourcesDueForReview(clinic, new Date('2026-12-22T12:00:00Z')).map((d) => d.id)).toContain('us-988');
  });

  it('GIVEN a review period that is not a number WHEN the content loads THEN it fails naming the setting', () => {
    const { dir, cleanup } = tempContentDir({ 'clinical/settings.yaml': 'resourceReviewDays: soon\n' });
    cleanups.push(cleanup);
    expect(() => loadContent({ dirs: [PROMPTS_DIR, dir] })).toThrow(/settings\.yaml: resourceReviewDays/);
  });

  it('GIVEN stale entries WHEN the bot starts THEN it starts and logs one warning per entry with the code resource_review_due', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'afterglow-review-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const lines: string[] = [];
    const destination = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const config = loadConfig({ AFTERGLOW_DB: join(dir, 'x.db') });
    const app = createAfterglow({ config, clock: new ManualClock('2027-06-01T12:00:00Z'), logger: createLogger({ destination }), store: createStore(config.dbPath) });
    await app.start();
    await app.stop();
    const warnings = lines.map((l) => JSON.parse(l) as { code?: string; resource?: string; level: number }).filter((l) => l.code === 'resource_review_due');
    expect(warnings.map((w) => w.resource)).toContain('us-988');
    expect(warnings.every((w) => w.level === 40)).toBe(true);
  });
});
