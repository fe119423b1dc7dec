// Shared prelude of the PatchMatch kernels (patchmatch_init/_step/_colmin.wgsl;
// CPU twin and algorithm notes: src/engine/patches/patchMatch.ts). The wrapper
// src/gpu/kernels/patchMatch.ts prepends it, as WGSL has no #include.
//
// Every kernel declares the same resources at the same bindings; each entry
// point's auto layout keeps only those it uses, and the wrapper binds those by
// name. Params, WG, NONE, INIT_ROUND and INIT_TRIES are generated from their
// declaration in src/gpu/kernels/patchMatch.ts.
//
// Per query the field is (nn, dist): the current key (NONE = inactive or no
// allowed key) and D to it. Passes read the *_in pair and write the *_out
// pair, so no thread sees another's write from the same pass: that is what
// makes the parallel pass equal to the CPU's sequential loop.

struct KeyInfo {
  next: u32,  // first allowed key at or after this one, cyclically (NONE: none); allowed ⇔ next == own index
  scale: f32, // s_j in the normaliser alpha·s_j + m_j
};

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> q_img: array<f32>;
@group(0) @binding(2) var<storage, read> k_img: array<f32>;
@group(0) @binding(3) var<storage, read> key_info: array<KeyInfo>;
@group(0) @binding(4) var<storage, read> query_active: array<u32>;
@group(0) @binding(5) var<storage, read> init_field: array<u32>;
// m_j estimate, stored as ~bitcast<u32>(m) so that atomicMax takes the minimum
// of non-negative floats and a cleared (zero) word means "no estimate".
@group(0) @binding(6) var<storage, read_write> col_est: array<atomic<u32>>;
@group(0) @binding(7) var<storage, read> nn_in: array<u32>;
@group(0) @binding(8) var<storage, read> dist_in: array<f32>;
@group(0) @binding(9) var<storage, read_write> nn_out: array<u32>;
@group(0) @binding(10) var<storage, read_write> dist_out: array<f32>;
@group(0) @binding(11) var<storage, read_write> score_out: array<f32>;

fn infinity() -> f32 {
  // A runtime value: a constant expression evaluating to infinity is a shader error.
  var bits = 0x7f800000u;
  return bitcast<f32>(bits);
}

// Folded 2-D dispatch back to a flat query index.
fn flat_index(gid: vec3<u32>, nwg: vec3<u32>) -> u32 {
  return gid.x + gid.y * nwg.x * WG;
}

// lowbias32 (C. Wellons); hash32 in patchMatch.ts. u32 products wrap, as Math.imul.
fn hash32(v: u32) -> u32 {
  var x = v;
  x ^= x >> 16u;
  x *= 0x7feb352du;
  x ^= x >> 15u;
  x *= 0x846ca68bu;
  x ^= x >> 16u;
  return x;
}

// patchMatchDraw in patchMatch.ts: depends only on (seed, query, round, step).
fn draw(i: u32, iter: u32, stage: u32) -> u32 {
  return hash32(hash32(hash32(hash32(params.seed) ^ i) ^ iter) ^ stage);
}

fn allowed(j: u32) -> bool {
  return params.has_key_info == 0u || key_info[j].next == j;
}

// D(i, j): Σ(q − k)² in (dy, dx, channel) order, the CPU's order, computed
// directly so that a patch against itself is exactly 0; then sqrt for 'l2'.
fn patch_dist(i: u32, j: u32) -> f32 {
  let qy = i / params.q_grid_w;
  let ky = j / params.k_grid_w;
  var qb = (qy * params.q_img_w + (i - qy * params.q_grid_w)) * 3u;
  var kb = (ky * params.k_img_w + (j - ky * params.k_grid_w)) * 3u;
  let row = 3u * params.patch_size;
  var acc = 0.0;
  for (var dy = 0u; dy < params.patch_size; dy++) {
    for (var e = 0u; e < row; e++) {
      let d = q_img[qb + e] - k_img[kb + e];
      acc = acc + d * d;
    }
    qb += 3u * params.q_img_w;
    kb += 3u * params.k_img_w;
  }
  if (params.squared == 1u) {
    return acc;
  }
  return sqrt(acc);
}

// D / (alpha·s_j + m_j), with alpha·s_j alone for a key no query points to
// (why: patchMatch.ts, "Completeness estimate"). D itself for plain NN.
fn score_of(d: f32, j: u32) -> f32 {
  if (params.plain == 1u) {
    return d;
  }
  var a = params.alpha;
  if (params.has_key_info == 1u) {
    a = params.alpha * key_info[j].scale;
  }
  let raw = atomicLoad(&col_est[j]);
  if (raw != 0u) {
    let m = bitcast<f32>(~raw);
    if (m < infinity()) {
      a = a + m;
    }
  }
  return d / a;
}

// Lexicographic (score, key): the order candidates are tried in cannot matter.
fn better(s: f32, j: u32, best_s: f32, best_j: u32) -> bool {
  return s < best_s || (s == best_s && j < best_j);
}
