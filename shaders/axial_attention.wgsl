// Axial attention core along one axis (CPU twin: src/engine/attention/axialCoreReference.ts):
// out[i] = Σ_j softmax_j(q[i]·k[j]·scale) · v[j], j over the line (row or column) of i.
// One invocation per query position with an online softmax (running max, rescaled
// sum and accumulator), so no score matrix is ever stored: memory stays O(H·W·C).
// The host maps rows and columns onto "lines" with strides, so this kernel has no axis.

// Params, WG and MAX_C are generated from their declaration in src/gpu/kernels/axialAttention.ts.

@group(0) @binding(0) var<storage, read> k: array<f32>;
@group(0) @binding(1) var<storage, read> v: array<f32>;
// Queries in, outputs out: an invocation reads only its own query, all of it,
// before it writes its own output, so the two can share one buffer.
@group(0) @binding(2) var<storage, read_write> qo: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // 2-D dispatch folds into a flat index so more than 65535 workgroups still fit.
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= p.count) {
    return;
  }
  // Line-major order: neighbouring invocations share a line and so read the
  // same key and value at the same time (one cache line serves the workgroup).
  let base = (i / p.len) * p.line_stride;
  let qi = base + (i % p.len) * p.pos_stride;
  let c = p.channels;

  var qs = array<f32, MAX_C>();
  var acc = array<f32, MAX_C>();
  for (var ch = 0u; ch < c; ch++) {
    qs[ch] = qo[qi + ch] * p.scale;
  }

  // Key 0 starts the running max, so no infinity is ever needed.
  var s0: f32 = 0.0;
  for (var ch = 0u; ch < c; ch++) {
    s0 += qs[ch] * k[base + ch];
  }
  var m: f32 = s0;
  var l: f32 = 1.0;
  for (var ch = 0u; ch < c; ch++) {
    acc[ch] = v[base + ch];
  }

  for (var j = 1u; j < p.len; j++) {
    let kj = base + j * p.pos_stride;
    var s: f32 = 0.0;
    for (var ch = 0u; ch < c; ch++) {
      s += qs[ch] * k[kj + ch];
    }
    // Rescale only when the max grows: after the first few keys that is rare.
    if (s > m) {
      let shrink = exp(m - s);
      l *= shrink;
      for (var ch = 0u; ch < c; ch++) {
        acc[ch] *= shrink;
      }
      m = s;
    }
    let e = exp(s - m);
    l += e;
    for (var ch = 0u; ch < c; ch++) {
      acc[ch] += e * v[kj + ch];
    }
  }

  let inv = 1.0 / l;
  for (var ch = 0u; ch < c; ch++) {
    qo[qi + ch] = acc[ch] * inv;
  }
}

// The same kernel four channels at a time, for C % 4 == 0 (SinGAN's widths):
// vector loads and a quarter of the loop trips. Same bindings, viewed as vec4.
@group(0) @binding(0) var<storage, read> k4: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> v4: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> qo4: array<vec4<f32>>;

@compute @workgroup_size(WG)
fn main_vec4(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= p.count) {
    return;
  }
  let base = (i / p.len) * p.line_stride / 4u;
  let qi = base + (i % p.len) * p.pos_stride / 4u;
  let c4 = p.channels / 4u;
  let step = p.pos_stride / 4u;

  var qs = array<vec4<f32>, MAX_C / 4u>();
  var acc = array<vec4<f32>, MAX_C / 4u>();
  for (var ch = 0u; ch < c4; ch++) {
    qs[ch] = qo4[qi + ch] * p.scale;
  }

  var s0: f32 = 0.0;
  for (var ch = 0u; ch < c4; ch++) {
    s0 += dot(qs[ch], k4[base + ch]);
  }
  var m: f32 = s0;
  var l: f32 = 1.0;
  for (var ch = 0u; ch < c4; ch++) {
    acc[ch] = v4[base + ch];
  }

  for (var j = 1u; j < p.len; j++) {
    let kj = base + j * step;
    var s: f32 = 0.0;
    for (var ch = 0u; ch < c4; ch++) {
      s += dot(qs[ch], k4[kj + ch]);
    }
    if (s > m) {
      let shrink = exp(m - s);
      l *= shrink;
      for (var ch = 0u; ch < c4; ch++) {
        acc[ch] *= shrink;
      }
      m = s;
    }
    let e = exp(s - m);
    l += e;
    for (var ch = 0u; ch < c4; ch++) {
      acc[ch] += e * v4[kj + ch];
    }
  }

  let inv = 1.0 / l;
  for (var ch = 0u; ch < c4; ch++) {
    qo4[qi + ch] = acc[ch] * inv;
  }
}
