//! The Rust ports of the encoders against vectors computed once with the
//! pinned packages' own code — USE: its Python (`scripts/embed-reference.py`
//! → `tests/fixtures/use-v3-reference.json`); e5-small: its C engine `e5.c`
//! (`scripts/embed-reference-e5` → `tests/fixtures/e5-small-reference.json`):
//! the same piece ids, and vectors within rounding, so a broken tokenizer or
//! forward pass fails here.

mod model_support;

use serde::Deserialize;
use visidex::embed::{dot, e5::E5Small, use_v3::UseV3, Encoder, E5_DIR, USE_V3_DIR};

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
    let Some(models) = model_support::one_model_or_skip("embed_reference", USE_V3_DIR) else {
        return;
    };
    let model = UseV3::load(&models.join(USE_V3_DIR)).unwrap();
    let reference = reference();
    assert!(reference.cases.len() >= 6);
    for case in &reference.cases {
        assert_eq!(model.token_ids(&case.text), case.ids, "{:?}", case.text);
        let vector = model.embed(&case.text).unwrap();
        assert_eq!(vector.len(), model.dim());
        let (cosine, worst) = compare(&vector, &case.vector);
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

#[derive(Deserialize)]
struct E5Reference {
    cases: Vec<E5Case>,
}

#[derive(Deserialize)]
struct E5Case {
    text: String,
    query: bool,
    ids: Vec<u32>,
    vector: Vec<f32>,
}

#[test]
fn e5_tokens_and_vectors_match_the_packages_c_engine() {
    let Some(models) = model_support::one_model_or_skip("embed_reference (e5)", E5_DIR) else {
        return;
    };
    let model = E5Small::load(&models.join(E5_DIR)).unwrap();
    let reference: E5Reference =
        serde_json::from_str(include_str!("fixtures/e5-small-reference.json")).unwrap();
    assert!(reference.cases.len() >= 16);
    for case in &reference.cases {
        assert_eq!(
            model.token_ids(&case.text, case.query),
            case.ids,
            "{:?} (query {})",
            case.text,
            case.query
        );
        // One thread and two: the split of the matrix rows must not matter.
        for threads in [1, 2] {
            let vector = model.embed_as(&case.text, case.query, threads);
            assert_eq!(vector.len(), model.dim());
            let (cosine, worst) = compare(&vector, &case.vector);
            assert!(
                cosine > 0.9999 && worst < 2e-3,
                "{:?} (query {}): cosine {cosine}, largest difference {worst}",
                case.text,
                case.query
            );
        }
    }
    // The trait's two sides are the two prefixes.
    let case = &reference.cases[0];
    assert!(case.query);
    assert!(dot(&model.embed_query(&case.text).unwrap(), &case.vector) > 0.9999);
    assert!(
        dot(
            &model.embed(&case.text).unwrap(),
            &reference.cases[1].vector
        ) > 0.9999
    );
    // A query sits nearer its own passage than an unrelated one.
    let query = model.embed_query("betaalbare woningen").unwrap();
    let near = model
        .embed("Het stadsbestuur investeert in betaalbaar wonen.")
        .unwrap();
    let far = model
        .embed("De visitatiecommissie bespreekt het managementteam.")
        .unwrap();
    assert!(dot(&query, &near) > dot(&query, &far));
}

/// The cosine of `vector` with the `reference` one, and their largest
/// difference in one dimension.
fn compare(vector: &[f32], reference: &[f32]) -> (f32, f32) {
    let worst = vector
        .iter()
        .zip(reference)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0f32, f32::max);
    (dot(vector, reference), worst)
}
