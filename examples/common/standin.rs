//! Deterministic pseudo-random stand-in vectors for the vector benchmarks
//! (`embed_bench`, `standin_vectors`): xorshift64 values in [-1, 1].

/// The next `dim` values of the xorshift64 sequence in `state`, each in [-1, 1].
pub fn next_vector(state: &mut u64, dim: usize) -> Vec<f32> {
    (0..dim)
        .map(|_| {
            *state ^= *state << 13;
            *state ^= *state >> 7;
            *state ^= *state << 17;
            (*state % 2001) as f32 / 1000.0 - 1.0
        })
        .collect()
}
