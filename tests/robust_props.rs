//! Property tests on stable Rust for the pieces the fuzz targets (`fuzz/`,
//! nightly) exercise, so `cargo test` keeps checking them: decoding any bytes,
//! sanitizing any text, parsing any query — total, never a panic.

use proptest::prelude::*;
use std::path::Path;
use visidex::corpus::decode_report;
use visidex::error::Error;
use visidex::output::sanitize_for_terminal;
use visidex::search::query;

fn is_terminal_control(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn decoding_any_bytes_gives_text_or_a_named_refusal(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        match decode_report(Path::new("x.txt"), &bytes) {
            Ok(decoded) => {
                prop_assert!(!decoded.text.contains('\r'));
                prop_assert!(!decoded.text.trim().is_empty());
            }
            Err(error) => prop_assert!(error.to_string().starts_with("x.txt: ")),
        }
    }

    #[test]
    fn decoding_text_with_a_few_odd_bytes_never_calls_it_binary(
        text in "[a-zA-Zëéèï ,.\\n-]{1,200}",
        odd in proptest::collection::vec(0x80u8..=0xff, 0..5),
    ) {
        prop_assume!(!text.trim().is_empty());
        let mut bytes = text.into_bytes();
        bytes.extend(odd);
        prop_assert!(decode_report(Path::new("x.txt"), &bytes).is_ok());
    }

    #[test]
    fn sanitized_text_has_no_terminal_controls_and_is_stable(text in any::<String>()) {
        let clean = sanitize_for_terminal(&text);
        prop_assert!(!clean.chars().any(is_terminal_control), "{clean:?}");
        prop_assert_eq!(sanitize_for_terminal(&clean), clean.clone());
    }

    #[test]
    fn text_without_controls_is_left_alone(text in "[^\\p{Cc}]*") {
        prop_assert_eq!(sanitize_for_terminal(&text), text.as_str());
    }

    #[test]
    fn json_strings_never_carry_raw_c0_controls(text in "(\\PC|\\p{Cc})*") {
        // JSON is for programs, and serde escapes C0 controls (ESC included) so
        // it cannot drive a terminal it is printed on; DEL and C1 stay raw, as
        // JSON allows (a program reading it gets the text exactly).
        let json = serde_json::to_string(&text).unwrap();
        prop_assert!(!json.chars().any(|c| c < ' '));
    }

    #[test]
    fn any_query_parses_or_names_a_position_inside_it(text in any::<String>()) {
        match query::parse(&text) {
            Ok(_) => {}
            Err(Error::Query { position, .. }) => {
                prop_assert!(position >= 1 && position <= text.chars().count() + 1);
            }
            Err(other) => prop_assert!(false, "not a query error: {other}"),
        }
    }

    #[test]
    fn queries_of_operators_and_parentheses_never_panic(text in "[()\"\\- *ORa]{0,300}") {
        let _ = query::parse(&text);
    }
}
