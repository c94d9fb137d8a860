//! The Rust port of the encoder against vectors computed once with the
//! pinned package's own Python code (`scripts/embed-reference.py` →
//! `tests/fixtures/use-v3-reference.json`): the same piece ids, and vectors
//! within float rounding, so a broken tokenizer or forward pass fails here.

mod model_support;

use serde::Deserialize;
use visidex::embed::{dot, use_v3::UseV3, Encoder, USE_V3_DIR};

#[derive(Deserialize)]
struct Reference {
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    text: String,
    ids: Vec<u32>,
    vector: Vec<f32>,
}

fn reference() -> Reference {
    let text = include_str!("fixtures/use-v3-reference.json");
    serde_json::from_str(text).unwrap()
}

#[test]
fn tokens_and_vectors_match_the_reference_implementation() {
    let Some(models) = model_dir_or_skip() else {
        return;
    };
    let model = UseV3::load(&models.join(USE_V3_DIR)).unwrap();
    let reference = reference();
    assert!(reference.cases.len() >= 6);
    for case in &reference.cases {
        assert_eq!(model.token_ids(&case.text), case.ids, "{:?}", case.text);
        let vector = model.embed(&case.text).unwrap();
        assert_eq!(vector.len(), model.dim());
        let cosine = dot(&vector, &case.vector);
        let worst = vector
            .iter()
            .zip(&case.vector)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0f32, f32::max);
        assert!(
            cosine > 0.99999 && worst < 1e-4,
            "{:?}: cosine {cosine}, largest difference {worst}",
            case.text
        );
    }
    // The vectors are not all alike (a port that returned a constant would
    // fail the comparison above, but say so plainly).
    let first = model.embed(&reference.cases[0].text).unwrap();
    let other = model.embed(&reference.cases[2].text).unwrap();
    assert!(dot(&first, &other) < 0.9);
}

fn model_dir_or_skip() -> Option<std::path::PathBuf> {
    model_support::model_dir_or_skip("embed_reference")
}
