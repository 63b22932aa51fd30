// `afterglow patient <person>` and `afterglow chart <person> --out file.png`:
// the same view and chart as in chat, read from the database without
// starting the bot. Like `cases`, the database is opened read-only, so the
// shell (which holds the database file itself) leaves no audit row.
import { writeFileSync } from 'node:fs';
import type { Config } from '../config.js';
import { loadContent } from '../content/load-content.js';
import { CodedError } from '../core/errors.js';
import { PROMPTS_DIR } from '../paths.js';
import { chartText } from '../charts/chart-data.js';
import type { Person } from '../store/people-repo.js';
import { openExistingStore, type Store } from '../store/store.js';
import { chartFor, gatherFacts } from './patient-view.js';
import { patientViewText } from './patient-view-model.js';

/** `#12`, `slack:U123`, or a handle that names exactly one person. */
function resolve(store: Store, ref: string): Person {
  const platformId = /^(console|slack|discord):(\S+)$/.exec(ref);
  const found = /^#\d+$/.test(ref)
    ? [store.people.get(Number(ref.slice(1)))].filter((p): p is Person => p !== undefined)
    : platformId
      ? [store.people.findByIdentity(platformId[1] as 'console', platformId[2]!)].filter((p): p is Person => p !== undefined)
      : store.people.findByHandle(ref);
  if (found.length === 0) throw new CodedError('not_found', `no person "${ref}" (use #id, platform:userId or a handle)`);
  if (found.length > 1) throw new CodedError('input_invalid', `more than one person is called "${ref}": ${found.map((p) => `#${p.id}`).join(', ')}`);
  return found[0]!;
}

export async function runPatientCli(config: Config, command: 'patient' | 'chart', args: string[], out: (s: string) => void): Promise<number> {
  const ref = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--out');
  if (!ref) throw new CodedError('input_invalid', `${command} needs a person: #id, platform:userId or a handle`);
  const outIndex = args.indexOf('--out');
  const outPath = outIndex >= 0 ? args[outIndex + 1] : undefined;
  if (outIndex >= 0 && !outPath) throw new CodedError('input_invalid', '--out needs a file name');
  const content = loadContent({ dirs: [PROMPTS_DIR, ...(config.contentDir ? [config.contentDir] : [])] });
  const store = openExistingStore(config.dbPath);
  try {
    const person = resolve(store, ref);
    const now = new Date();
    const chart = chartFor(store, content, person, now, (k) => content.text(k, 'en'));
    if (command === 'patient') out(patientViewText(gatherFacts(store, content, config, person, now), now));
    if (command === 'chart' && !outPath) {
      out(chartText(chart));
      return 0;
    }
    if (outPath) {
      const { renderChartPng } = await import('../charts/render-png.js');
      const png = await renderChartPng(chart);
      writeFileSync(outPath, png);
      out(`Wrote ${outPath} (${png.byteLength} bytes, PNG) for ${person.handle}.`);
    } else {
      out(`\n${chartText(chart)}`);
    }
    return 0;
  } finally {
    store.close();
  }
}
