import { createDurableJsonFile, type StateDirOptions } from '@dalio-lite/state';
import { type Goal, goalFileSchema } from './goal-schema.ts';

/** File name of the goal in the state directory. */
export const GOAL_FILE = 'goal.json';

/** The goal kept in the state directory: checksummed, written durably, cleared by writing null. */
export interface GoalStore {
  readonly path: string;
  read(): Promise<Goal | null>;
  write(goal: Goal): Promise<void>;
  clear(): Promise<void>;
}

/** Create the goal store of a state directory (the state package's durable JSON file, validated with zod). */
export function createGoalStore(options: StateDirOptions): GoalStore {
  const file = createDurableJsonFile({ ...options, fileName: GOAL_FILE, schema: goalFileSchema });
  return {
    path: file.path,
    async read() {
      return (await file.read())?.goal ?? null;
    },
    write: (goal) => file.write({ goal }),
    clear: () => file.write({ goal: null }),
  };
}
