// PatchMatch initialisation (CPU twin: PatchMatchState.initialise in
// src/engine/patches/patchMatch.ts). Appended to patchmatch_common.wgsl.
// One thread per query: the warm-start key if given and allowed, else the
// first allowed of INIT_TRIES hashed draws, else the precomputed next allowed
// key after the last draw (a bounded cost even when most keys are excluded).

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_index(gid, nwg);
  if (i >= params.q_count) {
    return;
  }
  var j = NONE;
  if (params.has_active == 0u || query_active[i] != 0u) {
    if (params.has_init == 1u) {
      let f = init_field[i];
      if (f < params.k_count && allowed(f)) {
        j = f;
      }
    }
    if (j == NONE) {
      var c = 0u;
      for (var t = 0u; t < INIT_TRIES; t++) {
        c = draw(i, INIT_ROUND, t) % params.k_count;
        if (allowed(c)) {
          j = c;
          break;
        }
      }
      if (j == NONE && params.has_key_info == 1u) {
        j = key_info[c].next;
      }
    }
  }
  nn_out[i] = j;
  if (j == NONE) {
    dist_out[i] = infinity();
  } else {
    dist_out[i] = patch_dist(i, j);
  }
}
