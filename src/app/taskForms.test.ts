import { describe, expect, it } from 'vitest';
import { TASKS, type TaskId } from '../features';
import { collectForms, TASK_FORMS, type TaskForm } from './taskForms';

describe('forms found by feature folder', () => {
  it('gives every task exactly one form', () => {
    expect(Object.keys(TASK_FORMS.forms).sort()).toEqual(Object.keys(TASKS).sort());
    expect(Object.keys(TASK_FORMS.canvases ?? {}).sort()).toEqual([
      'gpnn-edit',
      'gpnn-inpaint',
      'gpnn-retarget',
      'vgpnn-inpaint',
    ]);
  });

  it('refuses a missing form, a second form for a task and a form for an undeclared task', () => {
    const form: TaskForm = () => null;
    const all = Object.fromEntries(Object.keys(TASKS).map((task) => [task, form])) as Record<TaskId, TaskForm>;
    const { pyramid: _dropped, ...withoutPyramid } = all;
    expect(() => collectForms({ a: { forms: withoutPyramid as Record<TaskId, TaskForm> } })).toThrow(
      'No form for task pyramid.',
    );
    expect(() =>
      collectForms({ a: { forms: all }, b: { forms: { pyramid: form } as Record<TaskId, TaskForm> } }),
    ).toThrow('Task "pyramid" has two forms: in a and in b.');
    expect(() => collectForms({ a: { forms: { ...all, vgpnn: form } as Record<TaskId, TaskForm> } })).toThrow(
      'a has a form for "vgpnn", a task no feature declares.',
    );
  });
});
