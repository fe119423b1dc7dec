import { ATTENTION_PLACEMENTS, type AttentionPlacement } from './singanConfig';

/**
 * The attention study's variants (docs/algorithms.md, "Attention
 * placements"): where attention sits, and whether a feed-forward block
 * follows it. The benchmark and the page's study view both train these.
 */
export interface Placement {
  readonly label: string;
  readonly attention: AttentionPlacement;
  readonly feedForward: boolean;
}

/**
 * Every variant the studio trains: plain ('none'), then attention at each
 * placement without and then with the feed-forward block ('head+ff', …,
 * 'head+tail+ff').
 */
export const PLACEMENTS: readonly Placement[] = [
  ...ATTENTION_PLACEMENTS.map((attention) => ({ label: attention, attention, feedForward: false })),
  ...ATTENTION_PLACEMENTS.filter((a) => a !== 'none').map((attention) => ({
    label: `${attention}+ff`,
    attention,
    feedForward: true,
  })),
];

/** A variant by its label, or undefined. */
export const placementOf = (label: string): Placement | undefined => PLACEMENTS.find((p) => p.label === label);

/** How a variant is called in tables and titles: 'plain' for no attention. */
export const placementName = (label: string): string => (label === 'none' ? 'plain' : label);
