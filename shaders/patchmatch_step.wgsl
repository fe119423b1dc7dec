// One PatchMatch pass (CPU twin: PatchMatchState.step in
// src/engine/patches/patchMatch.ts). Appended to patchmatch_common.wgsl.
// One thread per query; reads (nn_in, dist_in), writes (nn_out, dist_out).
//
// Propagation, jump-flood style: the neighbours at distance `jump` up, left,
// right and down suggest their key moved back by the same offset (coherent
// images keep offsets constant). Random search (the round's last pass): one
// hashed sample per window around the best key so far, the window radius
// halving from the whole key grid down to 1. m (col_est) is fixed for the pass.

var<private> best_j: u32;
var<private> best_d: f32;
var<private> best_s: f32;

fn try_key(i: u32, j: u32) {
  if (j == best_j || !allowed(j)) {
    return;
  }
  let d = patch_dist(i, j);
  let s = score_of(d, j);
  if (better(s, j, best_s, best_j)) {
    best_s = s;
    best_j = j;
    best_d = d;
  }
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_index(gid, nwg);
  if (i >= params.q_count) {
    return;
  }
  best_j = nn_in[i];
  best_d = dist_in[i];
  if (best_j == NONE) {
    nn_out[i] = NONE;
    dist_out[i] = infinity();
    return;
  }
  best_s = score_of(best_d, best_j);
  let qy = i32(i / params.q_grid_w);
  let qx = i32(i % params.q_grid_w);
  let kgw = i32(params.k_grid_w);
  let kgh = i32(params.k_grid_h);
  if (params.jump > 0u) {
    let k = i32(params.jump);
    // Same neighbours as PROPAGATION_NEIGHBOURS: up, left, right, down.
    var offs = array<vec2<i32>, 4>(vec2<i32>(-k, 0), vec2<i32>(0, -k), vec2<i32>(0, k), vec2<i32>(k, 0));
    for (var n = 0u; n < 4u; n++) {
      let dy = offs[n].x;
      let dx = offs[n].y;
      let y = qy + dy;
      let x = qx + dx;
      if (y < 0 || y >= i32(params.q_grid_h) || x < 0 || x >= i32(params.q_grid_w)) {
        continue;
      }
      let nj = nn_in[u32(y) * params.q_grid_w + u32(x)];
      if (nj == NONE) {
        continue;
      }
      let cy = i32(nj / params.k_grid_w) - dy;
      let cx = i32(nj % params.k_grid_w) - dx;
      if (cy < 0 || cy >= kgh || cx < 0 || cx >= kgw) {
        continue;
      }
      try_key(i, u32(cy * kgw + cx));
    }
  }
  if (params.random_search == 1u) {
    var t = 0u;
    for (var radius = i32(params.radius0); radius >= 1; radius = radius / 2) {
      let by = i32(best_j / params.k_grid_w);
      let bx = i32(best_j % params.k_grid_w);
      let y0 = max(by - radius, 0);
      let y1 = min(by + radius, kgh - 1);
      let x0 = max(bx - radius, 0);
      let x1 = min(bx + radius, kgw - 1);
      let cy = y0 + i32(draw(i, params.iter, 2u * t) % u32(y1 - y0 + 1));
      let cx = x0 + i32(draw(i, params.iter, 2u * t + 1u) % u32(x1 - x0 + 1));
      try_key(i, u32(cy * kgw + cx));
      t++;
    }
  }
  nn_out[i] = best_j;
  dist_out[i] = best_d;
}
