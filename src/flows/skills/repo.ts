import { createSkillsRepo, type SkillsRepo } from '../../store/skills-repo.js';
import type { Store } from '../../store/store.js';

const repos = new WeakMap<Store, SkillsRepo>();

/**
 * The skills repository over a store, made once per store. The first call
 * (from app.ts at start-up) joins the store's deletion and export, so a
 * person's thought records and plans go with `delete my data`.
 */
export function skillsRepoFor(store: Store): SkillsRepo {
  let repo = repos.get(store);
  if (!repo) {
    const made = createSkillsRepo(store.db);
    store.onDeletePerson((personId) => made.forgetPerson(personId));
    store.onExportPerson((personId) => made.exportPerson(personId));
    repos.set(store, made);
    repo = made;
  }
  return repo;
}
