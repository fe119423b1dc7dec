// Separable 1-D resampling along height or width (CPU twin: src/engine/image/resample.ts).
// One invocation per output pixel; channels are interleaved RGB float32.

struct Params {
  in_h: u32,
  in_w: u32,
  out_h: u32,
  out_w: u32,
  axis: u32,    // 0: resample along height, 1: along width
  filter_kind: u32,  // 0: gaussian, 1: linear (antialiased triangle)
  sigma: f32,   // gaussian std in input pixels
  radius: f32,  // filter half-width in input pixels
};

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> dst: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;

const WG: u32 = 64u;

fn tap_weight(d: f32) -> f32 {
  if (p.filter_kind == 0u) {
    return exp(-0.5 * d * d / (p.sigma * p.sigma));
  }
  return max(0.0, 1.0 - abs(d) / p.radius);
}

@compute @workgroup_size(64)
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
  let t0 = u32(max(0.0, floor(c - p.radius)));
  let t1 = u32(min(f32(in_len - 1u), ceil(c + p.radius)));
  var acc = vec3<f32>(0.0);
  var wsum = 0.0;
  for (var t = t0; t <= t1; t++) {
    let w = tap_weight(f32(t) - c);
    var idx: u32;
    if (p.axis == 0u) {
      idx = (t * p.in_w + x) * 3u;
    } else {
      idx = (y * p.in_w + t) * 3u;
    }
    acc += w * vec3<f32>(src[idx], src[idx + 1u], src[idx + 2u]);
    wsum += w;
  }
  let r = acc / wsum;
  let oi = i * 3u;
  dst[oi] = r.x;
  dst[oi + 1u] = r.y;
  dst[oi + 2u] = r.z;
}
