import type { AxialCore } from '../attention/axialCore';
import { attentionSite, attentionSpecs } from './attentionBlock';
import { conv, convBlock, type ForwardMode } from './layers';
import type { ParamSpec } from './paramSpec';
import type { AttentionPlacement, SinganConfig } from './singanConfig';
import type { NetWeights, Tf, tfc } from './tfTypes';

export type NetKind = 'G' | 'D';

type NetConfig = Pick<SinganConfig, 'layers' | 'kernel' | 'attention' | 'feedForward'>;
type Site = 'head' | 'body' | 'tail';

const SITES: Record<AttentionPlacement, readonly Site[]> = {
  none: [],
  head: ['head'],
  body: ['body'],
  tail: ['tail'],
  'head+tail': ['head', 'tail'],
};

/** Zero padding on each side of G's input: the valid convolutions shrink it back to the image size. */
export function inputPadding(config: Pick<SinganConfig, 'layers' | 'kernel'>): number {
  return config.layers * Math.floor(config.kernel / 2);
}

function blockNames(config: NetConfig): string[] {
  const names = ['head'];
  for (let i = 1; i <= config.layers - 2; i++) names.push(`body${i}`);
  return names;
}

function convSpecs(prefix: string, k: number, cin: number, cout: number): ParamSpec[] {
  const fanIn = cin * k * k;
  return [
    { name: `${prefix}.w`, shape: [k, k, cin, cout], init: 'conv' },
    { name: `${prefix}.b`, shape: [cout], init: 'linear', fanIn },
  ];
}

/**
 * Every tensor of a net, in a fixed order (it is the model file's order).
 * All convolutions of a scale have the same width, as in the public code
 * (its per-block width max(nfc/2^i, min_nfc) is nfc when nfc = min_nfc).
 */
export function netSpec(kind: NetKind, config: NetConfig, channels: number): ParamSpec[] {
  const k = config.kernel;
  const sites = SITES[config.attention];
  const specs: ParamSpec[] = [];
  for (const [i, block] of blockNames(config).entries()) {
    specs.push(...convSpecs(`${block}.conv`, k, i === 0 ? 3 : channels, channels));
    specs.push(
      { name: `${block}.bn.gamma`, shape: [channels], init: 'bnGamma' },
      { name: `${block}.bn.beta`, shape: [channels], init: 'zeros' },
      { name: `${block}.bn.runningMean`, shape: [channels], init: 'zeros' },
      { name: `${block}.bn.runningVar`, shape: [channels], init: 'ones' },
    );
  }
  const out = kind === 'G' ? 3 : 1;
  specs.push(...convSpecs('tail.conv', k, channels, out));
  for (const site of sites)
    specs.push(...attentionSpecs(`${site}`, site === 'tail' ? out : channels, config.feedForward));
  return specs;
}

/**
 * The shared trunk: head block, [attention], body blocks, [attention], tail
 * conv, [attention]. Tail attention acts on the tail's pre-activation output
 * (3 channels in G, before tanh; 1 channel in D), which is what "attention on
 * the output image" can mean for a net whose output is a residual.
 */
function trunk(
  tf: Tf,
  config: NetConfig,
  w: NetWeights,
  x: tfc.Tensor4D,
  mode: ForwardMode,
  core: AxialCore,
): tfc.Tensor4D {
  const sites = SITES[config.attention];
  const blocks = blockNames(config);
  let h = x;
  for (const [i, block] of blocks.entries()) {
    h = convBlock(tf, h, w, block, mode);
    if (i === 0 && sites.includes('head')) h = attentionSite(tf, h, w, 'head', core);
  }
  if (sites.includes('body')) h = attentionSite(tf, h, w, 'body', core);
  h = conv(tf, h, w, 'tail.conv');
  if (sites.includes('tail')) h = attentionSite(tf, h, w, 'tail', core);
  return h;
}

/**
 * G_n(z, y↑) = y↑ + tanh(net(pad(z + y↑))), where `noise` is already scaled by
 * the scale's amplitude. Padding noise and image with zeros and adding them
 * (the public code) equals padding their sum.
 */
export function generatorForward(
  tf: Tf,
  config: NetConfig,
  w: NetWeights,
  noise: tfc.Tensor4D,
  prev: tfc.Tensor4D,
  mode: ForwardMode,
  core: AxialCore,
): tfc.Tensor4D {
  const p = inputPadding(config);
  const x = tf.pad(tf.add(noise, prev), [
    [0, 0],
    [p, p],
    [p, p],
    [0, 0],
  ]) as tfc.Tensor4D;
  return tf.add<tfc.Tensor4D>(prev, tf.tanh(trunk(tf, config, w, x, mode, core)));
}

/** D's patch map (1 channel, no BatchNorm or activation after the tail); the image is not padded, as in the public code. */
export function discriminatorForward(
  tf: Tf,
  config: NetConfig,
  w: NetWeights,
  x: tfc.Tensor4D,
  mode: ForwardMode,
  core: AxialCore,
): tfc.Tensor4D {
  return trunk(tf, config, w, x, mode, core);
}
