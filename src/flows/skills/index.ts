// The skills capability for app.ts: commands, flows, and the repository's
// place in the store's deletion and export (joined at start-up).
import type { Store } from '../../store/store.js';
import { offerFlow } from '../offers.js';
import type { Command, Flow } from '../router.js';
import { activationCheckFlow, activationFlow } from './activation.js';
import { createSkillCommands } from './commands.js';
import { skillButtonsFlow } from './menu.js';
import { skillsRepoFor } from './repo.js';
import { thoughtRecordFlow } from './thought-record.js';

export function createSkills(store: Store): { commands: Command[]; flows: Flow[] } {
  skillsRepoFor(store);
  return {
    commands: createSkillCommands(),
    flows: [thoughtRecordFlow, activationFlow, activationCheckFlow, skillButtonsFlow, offerFlow],
  };
}
