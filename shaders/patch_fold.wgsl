// GPNN's patch aggregation (CPU twin: foldPatches in
// src/engine/patches/foldPatches.ts). One invocation per output pixel gathers
// the ≤ p² query patches covering it (qy, then qx ascending) instead of each
// patch scattering into its pixels: no atomics, no float-add races, and the
// same summation order as the CPU reference.
//
// The mean is ref + Σ(v − ref)/n around the first sample: exact where all
// covering patches agree (an identity mapping gives back V bit for bit).
// The median (MEDIAN_VOTE, set per pipeline by src/gpu/kernels/patchFold.ts; docs/algorithms.md, "Median voting") is the
// lower median per channel, found by counting: the voted value with fewer
// than k + 1 values below it and at least k + 1 at or below it, k = (n − 1)/2.
// That value is unique, so it is the CPU twin's selectKth result bit for bit.

// Params, WG and MEDIAN_VOTE are generated from their declaration in src/gpu/kernels/patchFold.ts.

@group(0) @binding(0) var<storage, read> values: array<f32>;
@group(0) @binding(1) var<storage, read> nn: array<u32>;
@group(0) @binding(2) var<storage, read> fallback: array<f32>;
@group(0) @binding(3) var<storage, read_write> dst: array<f32>;
@group(0) @binding(4) var<uniform> params: Params;

// Patches of at most 11×11 (validateGpnnParams) cover a pixel at most 121 times.
const MAX_VOTES = 121u;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= params.out_h * params.out_w) {
    return;
  }
  let y = i / params.out_w;
  let x = i - y * params.out_w;
  let p = params.patch_size;
  // First covering patch row/column: max(0, y − p + 1) without u32 underflow.
  let qy0 = select(0u, y + 1u - p, y + 1u >= p);
  let qx0 = select(0u, x + 1u - p, x + 1u >= p);
  let qy1 = min(y, params.q_grid_h - 1u);
  let qx1 = min(x, params.q_grid_w - 1u);
  var n = 0u;
  var ref_v = vec3<f32>(0.0);
  var acc = vec3<f32>(0.0);
  var votes: array<vec3<f32>, MAX_VOTES>;
  for (var qy = qy0; qy <= qy1; qy++) {
    for (var qx = qx0; qx <= qx1; qx++) {
      let j = nn[qy * params.q_grid_w + qx];
      // NO_MATCH (0xFFFFFFFF) and any out-of-range index leave the pixel to the other patches.
      if (j >= params.k_count) {
        continue;
      }
      let ky = j / params.k_grid_w;
      let kx = j - ky * params.k_grid_w;
      let vi = ((ky + y - qy) * params.v_w + (kx + x - qx)) * 3u;
      let v = vec3<f32>(values[vi], values[vi + 1u], values[vi + 2u]);
      if (n == 0u) {
        ref_v = v;
      }
      acc += v - ref_v;
      if (MEDIAN_VOTE && n < MAX_VOTES) {
        votes[n] = v;
      }
      n++;
    }
  }
  var r = vec3<f32>(0.0);
  let oi = i * 3u;
  if (n > 0u && MEDIAN_VOTE) {
    r = lower_median(&votes, min(n, MAX_VOTES));
  } else if (n > 0u) {
    r = ref_v + acc / f32(n);
  } else if (params.has_fallback == 1u) {
    r = vec3<f32>(fallback[oi], fallback[oi + 1u], fallback[oi + 2u]);
  }
  dst[oi] = r.x;
  dst[oi + 1u] = r.y;
  dst[oi + 2u] = r.z;
}

// Per channel, the value with at most k votes below it and more than k at or below it.
fn lower_median(votes: ptr<function, array<vec3<f32>, MAX_VOTES>>, n: u32) -> vec3<f32> {
  let k = (n - 1u) / 2u;
  var found = vec3<bool>(false);
  var r = vec3<f32>(0.0);
  for (var i = 0u; i < n; i++) {
    let v = (*votes)[i];
    var below = vec3<u32>(0u);
    var at_or_below = vec3<u32>(0u);
    for (var j = 0u; j < n; j++) {
      let w = (*votes)[j];
      below += select(vec3<u32>(0u), vec3<u32>(1u), w < v);
      at_or_below += select(vec3<u32>(0u), vec3<u32>(1u), w <= v);
    }
    let hit = !found & (below <= vec3<u32>(k)) & (at_or_below > vec3<u32>(k));
    r = select(r, v, hit);
    found = found | hit;
  }
  return r;
}
