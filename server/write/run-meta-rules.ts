/** The rule of a run metadata change (`PATCH /api/env/:env`). Pure. */
import type { RunMetaPatch } from '../../protocol/index.js';
import { emptyPlan, type WritePlan, type WriteState } from './plan.js';

/**
 * Sets the fields the patch gives. A missing env is created: a trainer declares its run
 * (and config) before logging. Editing an existing run is not activity: its time stays.
 * The env list entry is announced at once, so every viewer sees the change.
 */
export function planRunMeta(env: string, patch: RunMetaPatch, s: WriteState): WritePlan {
  const plan = emptyPlan();
  if (!s.envExists) plan.ops.push({ op: 'touchEnv', env });
  plan.ops.push({ op: 'setRunMeta', env, patch });
  plan.envs.push(env);
  plan.envsNow = true;
  return plan;
}
