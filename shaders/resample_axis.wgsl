// Separable 1-D resampling along height or width (CPU twin: src/engine/image/resample.ts).
// One invocation per output pixel; channels are interleaved RGB float32.

// Params and WG are generated from their declaration in src/gpu/kernels/resampleAxis.ts.

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> dst: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;

fn tap_weight(d: f32) -> f32 {
  if (p.filter_kind == 0u) {
    return exp(-0.5 * d * d / (p.sigma * p.sigma));
  }
  return max(0.0, 1.0 - abs(d) / p.radius);
}

fn load(y: u32, x: u32, t: u32) -> vec3<f32> {
  var idx: u32;
  if (p.axis == 0u) {
    idx = (t * p.in_w + x) * 3u;
  } else {
    idx = (y * p.in_w + t) * 3u;
  }
  return vec3<f32>(src[idx], src[idx + 1u], src[idx + 2u]);
}

// Half-sample-symmetric index, scipy's 'reflect' (CPU twin: reflectIndex).
fn reflect_index(t: i32, n: i32) -> u32 {
  let period = 2 * n;
  let m = ((t % period) + period) % period;
  if (m < n) {
    return u32(m);
  }
  return u32(period - 1 - m);
}

// Kind 2: a truncated, normalised Gaussian blur of the two bilinear taps at c.
fn blur_linear(y: u32, x: u32, c_raw: f32, in_len: u32) -> vec3<f32> {
  let c = clamp(c_raw, 0.0, f32(in_len - 1u));
  let i0 = u32(floor(c));
  let f = c - f32(i0);
  let i1 = min(i0 + 1u, in_len - 1u);
  let r = i32(p.radius);
  let n = i32(in_len);
  var gsum = 0.0;
  for (var d = -r; d <= r; d++) {
    gsum += select(1.0, exp(-0.5 * f32(d * d) / (p.sigma * p.sigma)), p.sigma > 0.0);
  }
  var acc = vec3<f32>(0.0);
  for (var d = -r; d <= r; d++) {
    let g = select(1.0, exp(-0.5 * f32(d * d) / (p.sigma * p.sigma)), p.sigma > 0.0) / gsum;
    acc += (1.0 - f) * g * load(y, x, reflect_index(i32(i0) + d, n));
    acc += f * g * load(y, x, reflect_index(i32(i1) + d, n));
  }
  return acc;
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // 2-D dispatch folds into a flat index so images beyond 65535 workgroups still fit.
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= p.out_h * p.out_w) {
    return;
  }
  let y = i / p.out_w;
  let x = i % p.out_w;
  var o: u32 = x;
  var in_len: u32 = p.in_w;
  var out_len: u32 = p.out_w;
  if (p.axis == 0u) {
    o = y;
    in_len = p.in_h;
    out_len = p.out_h;
  }
  let c = (f32(o) + 0.5) * (f32(in_len) / f32(out_len)) - 0.5;
  if (p.filter_kind == 2u) {
    let v = blur_linear(y, x, c, in_len);
    dst[i * 3u] = v.x;
    dst[i * 3u + 1u] = v.y;
    dst[i * 3u + 2u] = v.z;
    return;
  }
  let t0 = u32(max(0.0, floor(c - p.radius)));
  let t1 = u32(min(f32(in_len - 1u), ceil(c + p.radius)));
  var acc = vec3<f32>(0.0);
  var wsum = 0.0;
  for (var t = t0; t <= t1; t++) {
    let w = tap_weight(f32(t) - c);
    acc += w * load(y, x, t);
    wsum += w;
  }
  let r = acc / wsum;
  let oi = i * 3u;
  dst[oi] = r.x;
  dst[oi + 1u] = r.y;
  dst[oi + 2u] = r.z;
}
