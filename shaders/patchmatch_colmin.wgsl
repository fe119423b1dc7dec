// The completeness estimate and the final scores (CPU twins:
// PatchMatchState.estimateColumnMin and .finish in
// src/engine/patches/patchMatch.ts). Appended to patchmatch_common.wgsl.
//
// col_est holds ~bits(m): for non-negative floats the bit pattern orders like
// the value, so atomicMax of the complement is the minimum, exact and
// independent of the order threads arrive in; the wrapper clears it to 0
// ("no estimate") or seeds it (seed_estimate) before a scatter.

// m_j = min dist_in[i] over the queries i with nn_in[i] = j.
@compute @workgroup_size(WG)
fn colmin(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_index(gid, nwg);
  if (i >= params.q_count) {
    return;
  }
  let j = nn_in[i];
  if (j != NONE) {
    atomicMax(&col_est[j], ~bitcast<u32>(dist_in[i]));
  }
}

// 'reverse' estimate: col_est[j] = the reverse search's distance of key j
// (dist_in is indexed by key here, k_count entries); +inf = none.
@compute @workgroup_size(WG)
fn seed_estimate(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let j = flat_index(gid, nwg);
  if (j >= params.k_count) {
    return;
  }
  let d = dist_in[j];
  var raw = 0u;
  if (d < infinity()) {
    raw = ~bitcast<u32>(d);
  }
  atomicStore(&col_est[j], raw);
}

// score[i] = score_of(D, nn) under the estimate from the same field.
@compute @workgroup_size(WG)
fn finish_score(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_index(gid, nwg);
  if (i >= params.q_count) {
    return;
  }
  let j = nn_in[i];
  if (j == NONE) {
    score_out[i] = infinity();
  } else {
    score_out[i] = score_of(dist_in[i], j);
  }
}
