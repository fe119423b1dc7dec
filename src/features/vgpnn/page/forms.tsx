/** VGPNN's forms in the task panel and the hole its inpainting paints over the source; found by src/app/taskForms.ts. GIF → GIF's forms show its engine choice too. */
import type { FeatureForms } from '../../../app/taskForms';
import type { TasksOf } from '../../../jobs/kindInfo';
import type { vgpnnFeature } from '..';
import { VgpnnFields } from './VgpnnFields';
import { VgpnnInpaintFields, VideoHoleEditor } from './VgpnnInpaintFields';

export { GifEngineChoice } from './EngineChoice';

export const { forms, canvases }: FeatureForms<TasksOf<typeof vgpnnFeature>> = {
  forms: { 'vgpnn-generate': VgpnnFields, 'vgpnn-inpaint': VgpnnInpaintFields },
  canvases: {
    'vgpnn-inpaint': { title: 'Hole to fill (the same on every frame)', Editor: VideoHoleEditor },
  },
};
