// Shared prelude of patch_colmin.wgsl and patch_argmin.wgsl (the TypeScript
// wrapper src/gpu/kernels/patchNearest.ts prepends it; WGSL has no #include).
//
// Both passes are a tiled "matrix product" of patch distances that never
// stores the matrix: a workgroup owns TILE patches of one image (keys in pass
// 1, queries in pass 2) and streams TILE-patch tiles of the other image over
// this dispatch's range [str_begin, str_end). Patch vectors are never built:
// each CHUNK of patch elements is gathered straight from the image (im2col on
// the fly) into workgroup memory. Distances are Σ(a − b)², never
// |a|² + |b|² − 2a·b, so a patch compared with itself is exactly 0.
//
// Tiling: 64 owned × 64 streamed patches per step, 8×8 threads each holding an
// 8×8 block of pair sums in registers (16 per-element loads per 64 pairs), the
// patch dimension staged 16 elements at a time. Workgroup memory stays within
// WebGPU's default 16 KiB: 8 KiB of tiles + 1.5 KiB element table + the pass's
// reduction (2 KiB colmin, 4 KiB argmin). Fewer, fatter threads also means
// fewer barriers per pair: the first layout (16×16 threads × 4×4 pairs,
// 8-element chunks) measured about 3× slower on SwiftShader, where barriers are costly.

// Params and the constants TILE (patches per tile on each side: 8×8 threads ×
// 8×8 pairs each), CHUNK (patch elements staged per step: 2 × 64 × 16 floats =
// 8 KiB), MAX_ELEMS (the longest patch rounded up to CHUNK) and NONE are
// generated from their declaration in src/gpu/kernels/patchNearest.ts.

@group(0) @binding(0) var<storage, read> own_img: array<f32>;
@group(0) @binding(1) var<storage, read> str_img: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

// Per patch element: (dy << 16) | (dx·3 + c), so one multiply by the image row
// length turns it into an offset in either image; NONE past the real elements.
var<workgroup> elem_off: array<u32, MAX_ELEMS>;
// Layout [element][patch]: threads read consecutive floats, conflict-free.
var<workgroup> own_tile: array<f32, 1024>;
var<workgroup> str_tile: array<f32, 1024>;

fn infinity() -> f32 {
  // A runtime value: a constant expression evaluating to infinity is a shader error.
  var bits = 0x7f800000u;
  return bitcast<f32>(bits);
}

fn init_elem_offsets(li: u32) {
  let row = 3u * params.patch_size;
  for (var e = li; e < MAX_ELEMS; e += TILE) {
    var o = NONE;
    if (e < params.elems) {
      let dy = e / row;
      o = (dy << 16u) | (e - dy * row);
    }
    elem_off[e] = o;
  }
}

// Offset of patch i's first value in its image, or NONE past `end` (padding patch).
fn patch_base(i: u32, end: u32, grid_w: u32, img_w: u32) -> u32 {
  if (i >= end) {
    return NONE;
  }
  let y = i / grid_w;
  return (y * img_w + (i - y * grid_w)) * 3u;
}

// Thread li stages patch li of both tiles (one chunk of its elements).
// Padding patches and elements read as 0 on both sides, so they add exactly 0.
fn stage_chunk(e0: u32, li: u32, own_base: u32, str_base: u32) {
  for (var el = 0u; el < CHUNK; el++) {
    let o = elem_off[e0 + el];
    var a = 0.0;
    var b = 0.0;
    if (o != NONE) {
      let dy = o >> 16u;
      let rest = o & 0xffffu;
      if (own_base != NONE) {
        a = own_img[own_base + dy * params.own_img_w * 3u + rest];
      }
      if (str_base != NONE) {
        b = str_img[str_base + dy * params.str_img_w * 3u + rest];
      }
    }
    own_tile[el * TILE + li] = a;
    str_tile[el * TILE + li] = b;
  }
}

// Sums of squared differences for this thread's 8×8 pairs: owned patch ty + 8a
// against streamed patch tx + 8b is component b % 4 of acc[2a + b / 4].
// Elements are added in ascending order, like the CPU reference. Must be
// called in uniform control flow (it synchronises the workgroup).
fn tile_sums(li: u32, tx: u32, ty: u32, own_base: u32, str_base: u32) -> array<vec4<f32>, 16> {
  // Zeroed explicitly, not by relying on `var` default initialisation (see patch_colmin.wgsl).
  var acc: array<vec4<f32>, 16>;
  for (var i = 0u; i < 16u; i++) {
    acc[i] = vec4<f32>(0.0);
  }
  for (var e0 = 0u; e0 < params.elems; e0 += CHUNK) {
    stage_chunk(e0, li, own_base, str_base);
    workgroupBarrier();
    for (var e = 0u; e < CHUNK; e++) {
      let r = e * TILE + tx;
      let s_lo = vec4<f32>(str_tile[r], str_tile[r + 8u], str_tile[r + 16u], str_tile[r + 24u]);
      let s_hi = vec4<f32>(str_tile[r + 32u], str_tile[r + 40u], str_tile[r + 48u], str_tile[r + 56u]);
      for (var a = 0u; a < 8u; a++) {
        let o = own_tile[e * TILE + ty + 8u * a];
        let d_lo = s_lo - o;
        let d_hi = s_hi - o;
        acc[2u * a] += d_lo * d_lo;
        acc[2u * a + 1u] += d_hi * d_hi;
      }
    }
    workgroupBarrier();
  }
  return acc;
}

fn finish_distance(sum_sq: vec4<f32>) -> vec4<f32> {
  if (params.squared == 1u) {
    return sum_sq;
  }
  return sqrt(sum_sq);
}
