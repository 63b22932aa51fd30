import type { Db } from './database.js';

export interface FlowState {
  flow: string;
  step: string;
  data: Record<string, unknown>;
  updatedAt: string;
}

/** Where each person is in a multi-step flow, so a restart resumes it. */
export function createStateRepo(db: Db) {
  const get = db.prepare<[number], { flow: string; step: string; data: string; updated_at: string }>(
    `SELECT flow, step, data, updated_at FROM conversation_state WHERE person_id = ?`,
  );
  const put = db.prepare<[number, string, string, string, string]>(
    `INSERT INTO conversation_state (person_id, flow, step, data, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(person_id) DO UPDATE SET flow = excluded.flow, step = excluded.step, data = excluded.data, updated_at = excluded.updated_at`,
  );
  const clear = db.prepare<[number]>(`DELETE FROM conversation_state WHERE person_id = ?`);
  return {
    get(personId: number): FlowState | undefined {
      const r = get.get(personId);
      if (!r) return undefined;
      return { flow: r.flow, step: r.step, data: JSON.parse(r.data) as Record<string, unknown>, updatedAt: r.updated_at };
    },
    set(personId: number, state: Omit<FlowState, 'updatedAt'>, at: string): void {
      put.run(personId, state.flow, state.step, JSON.stringify(state.data), at);
    },
    clear(personId: number): void {
      clear.run(personId);
    },
  };
}

export type StateRepo = ReturnType<typeof createStateRepo>;
