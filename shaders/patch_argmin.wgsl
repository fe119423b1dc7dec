// Pass 2 of the patch search (CPU twin: patchArgmin in
// src/engine/patches/nearestPatches.ts): for every active query, the allowed
// key of least D(i, j)/(alpha·s_j + m_j). Appended to patch_tiles.wgsl. Owned
// patches are queries, streamed patches are keys. The wrapper splits the key
// range over several dispatches, each merging into nn/best_score.
//
// Determinism: every reduction (per thread, across threads, across
// dispatches) takes the lexicographic minimum of (score, key index), so equal
// scores always resolve to the smallest key index whatever the evaluation order.

@group(0) @binding(3) var<storage, read> query_active: array<u32>;     // per query; 0 = inactive
@group(0) @binding(4) var<storage, read> key_info: array<f32>;         // per key: s_j, or < 0 = excluded
@group(0) @binding(5) var<storage, read> col_min: array<f32>;          // per key, from pass 1
@group(0) @binding(6) var<storage, read_write> nn: array<u32>;         // per query
@group(0) @binding(7) var<storage, read_write> best_score: array<f32>; // per query

var<workgroup> red_score: array<f32, 512>; // [owned row][tx]
var<workgroup> red_index: array<u32, 512>;

fn better(s: f32, j: u32, best_s: f32, best_j: u32) -> bool {
  return s < best_s || (s == best_s && j < best_j);
}

@compute @workgroup_size(8, 8)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_id) lid: vec3<u32>,
  @builtin(local_invocation_index) li: u32,
) {
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
  var bs: array<f32, 8>;
  var bi: array<u32, 8>;
  for (var a = 0u; a < 8u; a++) {
    bs[a] = inf;
    bi[a] = NONE;
  }
  for (var s0 = params.str_begin; s0 < params.str_end; s0 += TILE) {
    let str_base = patch_base(s0 + li, params.str_end, params.str_grid_w, params.str_img_w);
    var dist = tile_sums(li, tx, ty, own_base, str_base);
    for (var i = 0u; i < 16u; i++) {
      dist[i] = finish_distance(dist[i]);
    }
    for (var b = 0u; b < 8u; b++) {
      let j = s0 + tx + 8u * b;
      if (j >= params.str_end) {
        break;
      }
      var scale = 1.0;
      if (params.has_key_info == 1u) {
        scale = key_info[j];
      }
      if (scale < 0.0) {
        continue;
      }
      let den = params.alpha * scale + col_min[j];
      for (var a = 0u; a < 8u; a++) {
        var s = dist[2u * a + b / 4u][b % 4u];
        if (params.plain == 0u) {
          s = s / den;
        }
        if (better(s, j, bs[a], bi[a])) {
          bs[a] = s;
          bi[a] = j;
        }
      }
    }
  }
  for (var a = 0u; a < 8u; a++) {
    red_score[(ty + 8u * a) * 8u + tx] = bs[a];
    red_index[(ty + 8u * a) * 8u + tx] = bi[a];
  }
  workgroupBarrier();
  let q = own0 + li;
  if (q < params.own_count) {
    var s = red_score[li * 8u];
    var j = red_index[li * 8u];
    for (var t = 1u; t < 8u; t++) {
      let k = li * 8u + t;
      if (better(red_score[k], red_index[k], s, j)) {
        s = red_score[k];
        j = red_index[k];
      }
    }
    if (params.first == 0u && better(best_score[q], nn[q], s, j)) {
      s = best_score[q];
      j = nn[q];
    }
    if (params.has_active == 1u && query_active[q] == 0u) {
      s = inf;
      j = NONE;
    }
    nn[q] = j;
    best_score[q] = s;
  }
}
