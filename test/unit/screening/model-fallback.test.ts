import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createAfterglow } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/core/logger.js';
import { createCombinedScreener } from '../../../src/safety/screening/combined.js';
import { checkModel, describeModelStatus, loadModel, loadModelForScreening } from '../../../src/safety/screening/model/load-model.js';
import { explainWhy } from '../../../src/safety/screening/why.js';
import { createStore } from '../../../src/store/store.js';
import { shippedScreener } from './helpers.js';
import { combinedScreener, MODEL_DIR } from './model-helpers.js';

describe('the screener when the model is missing or corrupt', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'afterglow-model-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  /** A copy of the committed weights with one byte flipped in the middle. */
  function corruptCopy(): string {
    const dir = mkdtempSync(join(tmp, 'corrupt-'));
    cpSync(MODEL_DIR, dir, { recursive: true });
    const file = join(dir, 'screener.bin');
    const bytes = readFileSync(file);
    const mid = bytes.length >> 1;
    bytes[mid] = bytes[mid]! ^ 0xff;
    writeFileSync(file, bytes);
    return dir;
  }

  it('GIVEN a corrupted copy of the weights WHEN loaded THEN it is refused and the cause names the SHA-256', () => {
    const dir = corruptCopy();
    const loaded = loadModel(dir);
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.status.cause).toMatch(/does not match its SHA-256/);
    // config --check reads the file and its hash without decoding it
    expect(describeModelStatus(checkModel(dir))).toMatch(/^screener model: unavailable, the lexicon screens alone \(.*SHA-256/);
  });

  it('GIVEN the weights file missing WHEN loaded THEN the cause says so', () => {
    const dir = mkdtempSync(join(tmp, 'missing-'));
    cpSync(MODEL_DIR, dir, { recursive: true });
    unlinkSync(join(dir, 'screener.bin'));
    const loaded = loadModel(dir);
    expect(!loaded.ok && loaded.status.cause).toMatch(/screener\.bin is missing/);
    expect(loadModel(join(tmp, 'nowhere')).ok).toBe(false);
  });

  it('GIVEN the committed weights WHEN checked THEN config --check says ok with the hash', () => {
    expect(describeModelStatus(checkModel(MODEL_DIR))).toMatch(/^screener model: ok \(.*sha256 [0-9a-f]{12}…\)$/);
  });

  it('GIVEN no model WHEN a message the lexicon catches is screened THEN the lexicon decides alone and why says "model unavailable"', () => {
    const screener = createCombinedScreener(shippedScreener(), loadModelForScreening(corruptCopy()));
    const alone = shippedScreener().screen('i want to kill myself');
    const r = screener.screen('i want to kill myself');
    expect(r.decision).toBe('alert');
    expect(r.severity).toBe(alone.severity);
    expect(r.model).toBeNull();
    expect(explainWhy(r, { minimalData: false })).toMatch(/; model unavailable$/);
    expect(explainWhy(r, { minimalData: true })).not.toContain('kill');
  });

  it('GIVEN the model WHEN the same message is screened THEN why carries the rule, its words and the model figure', () => {
    const r = combinedScreener().screen('i want to kill myself');
    expect(r.decision).toBe('alert');
    expect(r.model).not.toBeNull();
    const why = explainWhy(r, { minimalData: false });
    expect(why).toMatch(/^rule \S+ \((imminent|high)\) "[a-z ]*kill myself".*; model suicidal_ideation \d\.\d\d$/);
    expect(why).not.toContain('model unavailable');
  });

  it('GIVEN a corrupted model WHEN the bot starts THEN one warning line names the cause and the bot runs', async () => {
    const logs = new PassThrough();
    const lines: string[] = [];
    logs.on('data', (b: Buffer) => lines.push(...b.toString().split('\n').filter(Boolean)));
    const dbPath = join(tmp, 'bot.db');
    const app = createAfterglow({
      config: loadConfig({ AFTERGLOW_DB: dbPath, AFTERGLOW_SCREENER_MODEL: 'page' }),
      logger: createLogger({ level: 'info', destination: logs }),
      store: createStore(dbPath),
      screenerModelDir: corruptCopy(),
    });
    await new Promise((r) => setImmediate(r));
    const warnings = lines.map((l) => JSON.parse(l) as { level: number; code?: string; msg: string }).filter((l) => l.code === 'screener_model_unavailable');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.msg).toMatch(/lexicon screens alone: .*SHA-256/);
    expect(app.screener.screen('i want to kill myself').modelUnavailable).toMatch(/SHA-256/);
    app.store.close();
  });
});
