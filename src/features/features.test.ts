import { describe, expect, it } from 'vitest';
import { JOB_KINDS } from '../jobs/jobKinds';
import { TASK_ENGINES } from '../jobs/kindInfo';
import { FEATURE_SETTINGS, FEATURES, recipeViewOf, TASK_IDS, TASKS } from '.';

describe('the feature list', () => {
  it('gives every kind, task and settings slice to exactly one feature, named as its folder', () => {
    const kinds = FEATURES.flatMap((f) => Object.keys(f.kinds));
    expect(new Set(kinds).size).toBe(kinds.length);
    expect(Object.keys(JOB_KINDS).sort()).toEqual([...kinds].sort());
    expect(new Set(FEATURES.map((f) => f.name)).size).toBe(FEATURES.length);
    expect(TASK_IDS).toHaveLength(Object.keys(TASKS).length);
    expect(Object.keys(FEATURE_SETTINGS).sort()).toEqual(
      [
        'analogy',
        'collage',
        'edit',
        'gif2gif',
        'gpnn',
        'gpnnAnimation',
        'masks',
        'pyramid',
        'retarget',
        'sampling',
        'singan',
        'study',
        'vgpnn',
      ].sort(),
    );
  });

  it('lists the tasks engine by engine, as the panel groups them', () => {
    const engines = TASK_IDS.map((id) => TASK_ENGINES.indexOf(TASKS[id].engine));
    expect(engines).toEqual([...engines].sort((a, b) => a - b));
    expect(TASK_IDS[0]).toBe('gpnn-sample');
  });

  it('shows every task-sent job of a recipe in the task that sends it, with the settings that send it again', () => {
    const facts = {
      source: { name: 'x.png', working: { height: 40, width: 60 } },
      selectedModelId: 'm1',
      nextModelId: 'm2',
    };
    for (const id of TASK_IDS) {
      const job = TASKS[id].build({ ...FEATURE_SETTINGS, ...facts });
      const view = recipeViewOf(job, FEATURE_SETTINGS);
      expect(view?.task).toBe(id);
      const again = TASKS[id].build({ ...FEATURE_SETTINGS, ...view?.settings, ...facts });
      expect(again).toEqual(job);
    }
    expect(
      recipeViewOf(
        { kind: 'sifid', real: { height: 1, width: 1, rgba: new Uint8ClampedArray(4) }, fakes: [] },
        FEATURE_SETTINGS,
      ),
    ).toBeNull();
  });
});
