// Pass 1 of the patch search (CPU twin: patchColumnMin in
// src/engine/patches/nearestPatches.ts): col_min[j] = min over active queries i
// of D(i, j). Appended to patch_tiles.wgsl. Owned patches are keys, streamed
// patches are queries. The wrapper splits the query range over several
// dispatches; each folds its minimum into col_min (min is exact, so the split
// cannot change the result).

@group(0) @binding(3) var<storage, read> query_active: array<u32>;    // per query; 0 = inactive
@group(0) @binding(4) var<storage, read_write> col_min: array<f32>;   // per key

var<workgroup> red: array<f32, 512>; // [owned row][tx]

@compute @workgroup_size(8, 8)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_id) lid: vec3<u32>,
  @builtin(local_invocation_index) li: u32,
) {
  // Folded 2-D dispatch; the test is workgroup-uniform, so returning early is legal before barriers.
  let own0 = (wid.x + wid.y * nwg.x) * TILE;
  if (own0 >= params.own_count) {
    return;
  }
  let tx = lid.x;
  let ty = lid.y;
  init_elem_offsets(li);
  workgroupBarrier();
  let own_base = patch_base(own0 + li, params.own_count, params.own_grid_w, params.own_img_w);
  let inf = infinity();
  var best: array<f32, 8>;
  for (var a = 0u; a < 8u; a++) {
    best[a] = inf;
  }
  for (var s0 = params.str_begin; s0 < params.str_end; s0 += TILE) {
    let str_base = patch_base(s0 + li, params.str_end, params.str_grid_w, params.str_img_w);
    let acc = tile_sums(li, tx, ty, own_base, str_base);
    // Inactive and padding queries add +inf, so they never win the minimum.
    // Zeroed explicitly: on Chromium + SwiftShader an initialiser-less `var` declared in a
    // loop kept the previous iteration's values (WGSL says it starts at zero each time).
    var skip = array<vec4<f32>, 2>(vec4<f32>(0.0), vec4<f32>(0.0));
    for (var b = 0u; b < 8u; b++) {
      let q = s0 + tx + 8u * b;
      if (q >= params.str_end || (params.has_active == 1u && query_active[q] == 0u)) {
        skip[b / 4u][b % 4u] = inf;
      }
    }
    for (var a = 0u; a < 8u; a++) {
      let d = min(finish_distance(acc[2u * a]) + skip[0], finish_distance(acc[2u * a + 1u]) + skip[1]);
      best[a] = min(best[a], min(min(d.x, d.y), min(d.z, d.w)));
    }
  }
  for (var a = 0u; a < 8u; a++) {
    red[(ty + 8u * a) * 8u + tx] = best[a];
  }
  workgroupBarrier();
  let j = own0 + li;
  if (j < params.own_count) {
    var m = red[li * 8u];
    for (var t = 1u; t < 8u; t++) {
      m = min(m, red[li * 8u + t]);
    }
    if (params.first == 0u) {
      m = min(col_min[j], m);
    }
    col_min[j] = m;
  }
}
