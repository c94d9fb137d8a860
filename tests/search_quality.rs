//! Search behaviours of issue 14 on the real binary and the seed report:
//! typo fallback on stems and surface forms (also in `mentions`), Dutch words
//! never "corrected", unknown compounds falling back to their parts below
//! real matches, heading-only matches below text matches, sub-words of
//! compounds, "did you mean" suggestions, question words as noise, and list
//! items found by the sentence that introduces their list.

mod support;

use serde_json::Value;
use std::sync::OnceLock;
use support::Workspace;

/// One indexed copy of the seed report shared by the tests of this file.
fn seeded() -> &'static Workspace {
    static WORKSPACE: OnceLock<Workspace> = OnceLock::new();
    WORKSPACE.get_or_init(|| {
        let workspace = Workspace::new();
        workspace.write("hasselt-2011.txt", support::seed_text());
        workspace.run(&["index"]).assert_code(0);
        workspace
    })
}

fn search(workspace: &Workspace, query: &str, limit: usize) -> Value {
    let limit = limit.to_string();
    let run = workspace.run(&["--json", "search", "--limit", &limit, "--", query]);
    run.assert_code(0);
    run.json()
}

fn hits(results: &Value) -> &Vec<Value> {
    results["hits"].as_array().expect("hits")
}

fn count(workspace: &Workspace, term: &str) -> Value {
    let run = workspace.run(&["--json", "mentions", term, "--count"]);
    run.assert_code(0);
    run.json()
}

/// Whether a hit's snippet marks a word starting with `prefix`.
fn marks(hit: &Value, prefix: &str) -> bool {
    marked_words(hit)
        .iter()
        .any(|word| word.starts_with(prefix))
}

/// The words a hit's snippet marks, lower case.
fn marked_words(hit: &Value) -> Vec<String> {
    let snippet = hit["snippet"].as_str().unwrap_or_default().to_lowercase();
    snippet
        .split('«')
        .skip(1)
        .filter_map(|marked| marked.split('»').next())
        .map(str::to_string)
        .collect()
}

#[test]
fn typos_of_stems_and_surface_forms_find_their_words() {
    let workspace = seeded();
    for (typo, word) in [
        ("duurzaamhied", "duurzaamheid"),
        ("kindvriendelijkhied", "kindvriendelijkheid"),
        ("kindvriendelijkheit", "kindvriendelijkheid"),
        ("leefbaarhied", "leefbaarheid"),
        ("programmamanagment", "programmamanagement"),
    ] {
        let typed = search(workspace, typo, 10);
        let right = search(workspace, word, 10);
        assert_eq!(typed["corrected"][typo], word, "{typo}: {typed}");
        assert!(right["total"].as_u64().unwrap() > 0);
        assert_eq!(
            typed["total"], right["total"],
            "{typo} finds what {word} finds"
        );
        let ids = |results: &Value| -> Vec<Value> {
            hits(results).iter().map(|hit| hit["id"].clone()).collect()
        };
        assert_eq!(ids(&typed), ids(&right), "{typo}");

        // mentions counts the word the typo stands for, and says so.
        let typed = count(workspace, typo);
        let right = count(workspace, word);
        assert_eq!(typed["corrected"], word, "{typo}: {typed}");
        assert!(right["total"].as_u64().unwrap() > 0);
        assert_eq!(typed["total"], right["total"], "{typo}");
        assert_eq!(typed["paragraph_count"], right["paragraph_count"], "{typo}");
    }
    // A word the reports have is never corrected in mentions.
    assert!(count(workspace, "duurzaamheid").get("corrected").is_none());
}

#[test]
fn dutch_words_are_never_corrected() {
    let workspace = seeded();
    // `hoeveel` and `telt` are in the word list; the index has neither form.
    let results = search(workspace, "hoeveel inwoners telt Hasselt", 10);
    let corrected = results["corrected"].as_object().unwrap();
    assert!(corrected.is_empty(), "{corrected:?}");
    for word in ["beleg", "kroon"] {
        let results = search(workspace, word, 10);
        assert!(
            results["corrected"].as_object().unwrap().is_empty(),
            "{word}"
        );
        assert_eq!(results["total"], 0, "{word}: not in the reports");
        // …but a search that finds nothing suggests near words of the reports.
        let suggestions = results["suggestions"].as_array().unwrap();
        assert!(!suggestions.is_empty(), "{word}: {results}");
        for suggestion in suggestions {
            let found = search(workspace, suggestion.as_str().unwrap(), 1);
            assert!(found["total"].as_u64().unwrap() > 0, "{suggestion}");
        }
    }
    // Hits have no suggestions.
    let found = search(workspace, "duurzaamheid", 10);
    assert!(found["suggestions"].as_array().unwrap().is_empty());
}

#[test]
fn unknown_compounds_fall_back_to_their_parts_below_real_matches() {
    let workspace = seeded();
    let results = search(workspace, "communicatieplan", 50);
    let found = hits(&results);
    assert!(!found.is_empty(), "the parts are searched: {results}");
    for hit in found {
        assert!(
            marked_words(hit)
                .iter()
                .any(|word| word.contains("communic") || word.contains("plan")),
            "every hit has a part: {hit}"
        );
    }
    // Where the reports do have the compound, its paragraph ranks first.
    let own = Workspace::new();
    let seed = support::seed_text();
    assert!(seed.contains("communicatiestrategie"));
    own.write(
        "hasselt-2011.txt",
        seed.replacen("communicatiestrategie", "communicatieplan", 1),
    );
    own.run(&["index"]).assert_code(0);
    let results = search(&own, "communicatieplan", 50);
    let found = hits(&results);
    assert!(
        found.len() > 1,
        "the real match and paragraphs with its parts"
    );
    let text = found[0]["text"].as_str().unwrap().to_lowercase();
    assert!(text.contains("communicatieplan"), "{text}");
    assert!(found[1..].iter().all(|hit| !hit["text"]
        .as_str()
        .unwrap()
        .to_lowercase()
        .contains("communicatieplan")));

    // The same after a typo correction to that rare word: its parts still count.
    let results = search(&own, "communicatieplam", 50);
    assert_eq!(results["corrected"]["communicatieplam"], "communicatieplan");
    let found = hits(&results);
    assert!(found.len() > 1, "{results}");
    let text = found[0]["text"].as_str().unwrap().to_lowercase();
    assert!(text.contains("communicatieplan"), "{text}");
}

#[test]
fn heading_only_matches_rank_below_text_matches() {
    let workspace = seeded();
    let results = search(workspace, "programmamanagement", 50);
    let found = hits(&results);
    let in_text: Vec<bool> = found.iter().map(|hit| marks(hit, "programmama")).collect();
    assert!(in_text.iter().any(|&has| has));
    assert!(
        in_text.iter().any(|&has| !has),
        "some match only by heading"
    );
    let first_heading_only = in_text.iter().position(|&has| !has).unwrap();
    assert!(
        in_text[first_heading_only..].iter().all(|&has| !has),
        "text matches first: {in_text:?}"
    );
    // The committee's recommendation that names it is among the first ten.
    let top: Vec<&str> = found[..10.min(found.len())]
        .iter()
        .map(|hit| hit["id"].as_str().unwrap())
        .collect();
    assert!(top.contains(&"hasselt-2011:46"), "{top:?}");
}

#[test]
fn a_word_finds_the_compounds_it_starts() {
    let workspace = seeded();
    let results = search(workspace, "jeugd", 50);
    let texts: Vec<String> = hits(&results)
        .iter()
        .map(|hit| hit["text"].as_str().unwrap().to_lowercase())
        .collect();
    for compound in [
        "jeugddienst",
        "jeugdverenigingen",
        "jeugdhuizen",
        "jeugdwerk",
    ] {
        assert!(
            texts.iter().any(|text| text.contains(compound)),
            "jeugd finds {compound}"
        );
    }
}

/// A compound is indexed under every reading of its modifiers, not only the
/// best split: `gegevensverzameling` reads `gegevens+verzameling` and
/// `gegeven+s+verzameling`, so `gegeven` finds it — below the paragraphs
/// that have the word itself.
#[test]
fn every_reading_of_a_compound_is_searched_below_the_word() {
    let workspace = seeded();
    let results = search(workspace, "gegeven", 50);
    let texts: Vec<String> = hits(&results)
        .iter()
        .map(|hit| hit["text"].as_str().unwrap().to_lowercase())
        .collect();
    let has_word = |text: &str| {
        text.split(|c: char| !c.is_alphanumeric())
            .any(|word| word == "gegeven")
    };
    let compound = texts
        .iter()
        .position(|text| text.contains("gegevensverzameling") && !has_word(text))
        .expect("gegeven finds gegevensverzameling");
    let last_word = texts.iter().rposition(|text| has_word(text));
    assert!(
        last_word.is_some_and(|last| last < compound),
        "the word itself ranks first: {last_word:?} vs {compound}"
    );
}

#[test]
fn question_words_are_noise() {
    let workspace = seeded();
    let ids = |query: &str| -> Vec<Value> {
        hits(&search(workspace, query, 10))
            .iter()
            .map(|hit| hit["id"].clone())
            .collect()
    };
    // The question word does not change the answer, whichever it is.
    let welke = ids("welke informatiebronnen gebruikte de visitatie");
    assert!(!welke.is_empty());
    assert_eq!(
        welke,
        ids("hoeveel informatiebronnen gebruikte de visitatie")
    );
    assert_eq!(welke, ids("informatiebronnen gebruikte de visitatie?"));
    // A question is answered by paragraphs with some of its words.
    let results = search(workspace, "hoeveel inwoners telt Hasselt", 10);
    assert!(results["total"].as_u64().unwrap() > 0);
    assert!(hits(&results).iter().any(|hit| marks(hit, "inwoner")));
}

/// The heading path of a hit, lower case: `chapter › section › …`.
fn heading_of(hit: &Value) -> String {
    let mut heading = hit["chapter"].as_str().unwrap_or_default().to_lowercase();
    for section in hit["section"].as_array().into_iter().flatten() {
        heading.push_str(" › ");
        heading.push_str(&section.as_str().unwrap_or_default().to_lowercase());
    }
    heading
}

#[test]
fn table_rows_match_several_words_by_their_heading() {
    let workspace = seeded();
    // The members' table: its rows name people; only the heading says
    // `leden visitatiecommissie`.
    let results = search(workspace, "leden visitatiecommissie", 10);
    let rows: Vec<&Value> = hits(&results)
        .iter()
        .filter(|hit| hit["kind"] == "table_row")
        .collect();
    assert!(rows.len() >= 3, "{results}");
    for row in &rows {
        let text = row["text"].as_str().unwrap().to_lowercase();
        assert!(!text.contains("leden"), "{text}");
        assert!(heading_of(row).contains("leden visitatiecommissie"));
    }
    // One word keeps its rule: a heading-only match ranks below text matches.
    let results = search(workspace, "leden", 50);
    let found = hits(&results);
    let in_text: Vec<bool> = found
        .iter()
        .map(|hit| {
            marked_words(hit)
                .iter()
                .any(|word| word.contains("leden") || word == "lid")
        })
        .collect();
    let first_heading_only = in_text
        .iter()
        .position(|&has| !has)
        .unwrap_or(in_text.len());
    assert!(first_heading_only > 0);
    assert!(
        in_text[first_heading_only..].iter().all(|&has| !has),
        "{in_text:?}"
    );
}

#[test]
fn an_unknown_compound_ranks_paragraphs_with_more_of_its_parts_first() {
    // `bevolkingsgroei` is not in the report; `bevolking` is in few
    // paragraphs, `groei` in more. The paragraph with both comes first.
    let workspace = seeded();
    let results = search(workspace, "bevolkingsgroei", 30);
    let found = hits(&results);
    let parts = ["bevolking", "groei"];
    let text_of = |hit: &Value| hit["text"].as_str().unwrap_or_default().to_lowercase();
    assert!(
        found
            .iter()
            .all(|hit| !text_of(hit).contains("bevolkingsgroei")),
        "the premise: an unknown compound"
    );
    // Parts in each hit's text, for hits whose heading has neither part
    // (a heading adds to a paragraph's score).
    let counts: Vec<usize> = found
        .iter()
        .filter(|hit| parts.iter().all(|part| !heading_of(hit).contains(part)))
        .map(|hit| {
            let text = text_of(hit);
            parts.iter().filter(|part| text.contains(*part)).count()
        })
        .collect();
    assert!(counts.len() > 2, "{results}");
    assert_eq!(counts[0], 2, "both parts first: {counts:?}");
}

#[test]
fn partial_matches_rank_by_how_many_words_they_have() {
    let workspace = seeded();
    let words = ["duurza", "mobilit", "energie"];
    let has = |text: &str| -> usize { words.iter().filter(|word| text.contains(*word)).count() };
    let results = search(workspace, "duurzame mobiliteit energie", 30);
    let all_words = results["all_words"].as_u64().unwrap() as usize;
    assert!(results["partial"].as_bool().unwrap(), "{results}");
    let found = hits(&results);
    assert!(found.len() > all_words + 5);
    // (words in the text, words in the heading) of each partial hit.
    let counts: Vec<(usize, usize)> = found[all_words..]
        .iter()
        .map(|hit| {
            let text = hit["text"].as_str().unwrap().to_lowercase();
            (has(&text), has(&heading_of(hit)))
        })
        .collect();
    assert!(counts.iter().any(|(text, _)| *text == 2), "{counts:?}");
    // A heading with the words adds to a paragraph's score, so only hits
    // whose heading has none are held to the order: two words in the text
    // before one.
    let last_two = counts.iter().rposition(|(text, _)| *text == 2).unwrap();
    let first_one = counts
        .iter()
        .position(|(text, heading)| *text == 1 && *heading == 0)
        .unwrap();
    assert!(last_two < first_one, "two words before one: {counts:?}");
}

#[test]
fn an_infinitive_finds_its_regular_forms() {
    let workspace = seeded();
    // Snowball stems `investeren`, `investeert` and `geïnvesteerd` apart.
    let results = search(workspace, "investeren", 50);
    let marked: Vec<String> = hits(&results).iter().flat_map(marked_words).collect();
    for form in ["investeren", "investeert", "geïnvesteerd"] {
        assert!(marked.iter().any(|word| word == form), "{form}: {marked:?}");
    }
    let results = search(workspace, "werken", 50);
    let marked: Vec<String> = hits(&results).iter().flat_map(marked_words).collect();
    assert!(marked.iter().any(|word| word == "werkt"), "{marked:?}");
    // In a question the verb frames it: its other forms are not searched.
    let question = search(workspace, "hoe werken stad en OCMW samen", 50);
    let marked: Vec<String> = hits(&question).iter().flat_map(marked_words).collect();
    assert!(!marked.iter().any(|word| word == "werkt"), "{marked:?}");
}

#[test]
fn a_strong_verb_form_the_index_lacks_finds_the_verbs_other_forms() {
    let workspace = seeded();
    // `aangetrokken` is not in the report; `aantrekken` (a separable
    // prefix: joined in the infinitive and the participle) is.
    let results = search(workspace, "aangetrokken", 50);
    let marked: Vec<String> = hits(&results).iter().flat_map(marked_words).collect();
    assert!(marked.iter().any(|word| word == "aantrekken"), "{marked:?}");
    // `betrok` is not in the report either: `betrokken` (an inseparable
    // prefix, no `ge-`) and, by its stem, `betrokkenheid` are.
    let results = search(workspace, "betrok", 50);
    let marked: Vec<String> = hits(&results).iter().flat_map(marked_words).collect();
    assert!(marked.iter().any(|word| word == "betrokken"), "{marked:?}");
    assert!(
        marked.iter().any(|word| word == "betrokkenheid"),
        "{marked:?}"
    );
    // A form the index has is its own evidence: `betrekken` does not
    // search `betrokken`.
    let results = search(workspace, "betrekken", 50);
    let marked: Vec<String> = hits(&results).iter().flat_map(marked_words).collect();
    assert!(!marked.iter().any(|word| word == "betrokken"), "{marked:?}");
}

#[test]
fn a_verb_and_its_latin_noun_find_each_other_below_the_word() {
    let workspace = seeded();
    // `-eren` ↔ `-atie` / `-ering`: Snowball stems them apart.
    let results = search(workspace, "evalueren", 50);
    let found = hits(&results);
    let marked: Vec<String> = found.iter().flat_map(marked_words).collect();
    assert!(
        marked.iter().any(|word| word.starts_with("evaluatie")),
        "{marked:?}"
    );
    // The word's own forms rank above paragraphs with only the noun.
    let own = |hit: &Value| {
        marked_words(hit)
            .iter()
            .any(|word| !word.contains("evaluatie"))
    };
    let first_noun_only = found.iter().position(|hit| !own(hit)).expect("noun only");
    assert!(
        found[first_noun_only..].iter().all(|hit| !own(hit)),
        "{results}"
    );
    let results = search(workspace, "communicatie", 50);
    let marked: Vec<String> = hits(&results).iter().flat_map(marked_words).collect();
    assert!(
        marked.iter().any(|word| word.starts_with("communice")),
        "{marked:?}"
    );
}

#[test]
fn a_plural_with_a_doubled_consonant_is_the_same_noun() {
    let workspace = seeded();
    let results = search(workspace, "plan", 50);
    let marked: Vec<String> = hits(&results).iter().flat_map(marked_words).collect();
    assert!(marked.iter().any(|word| word == "plannen"), "{marked:?}");
    let results = search(workspace, "plannen", 50);
    let marked: Vec<String> = hits(&results).iter().flat_map(marked_words).collect();
    assert!(marked.iter().any(|word| word == "plan"), "{marked:?}");
    // Not in a question, where the other number mostly finds something else.
    let question = search(workspace, "welke plannen heeft de stad", 50);
    let marked: Vec<String> = hits(&question).iter().flat_map(marked_words).collect();
    assert!(!marked.iter().any(|word| word == "plan"), "{marked:?}");
}

#[test]
fn a_hyphenated_word_finds_it_written_joined() {
    let workspace = seeded();
    let results = search(workspace, "co-creatie", 50);
    let marked: Vec<String> = hits(&results).iter().flat_map(marked_words).collect();
    assert!(marked.iter().any(|word| word == "cocreatie"), "{marked:?}");
    assert!(
        hits(&results)
            .iter()
            .any(|hit| hit["text"].as_str().unwrap().contains("co-creatie")),
        "{results}"
    );
}

#[test]
fn a_joined_word_finds_it_written_with_a_hyphen() {
    let workspace = seeded();
    // The seed writes `doe-cultuur` and `e-loket` only with the hyphen, and
    // `co-creatie` both ways.
    for (query, written) in [
        ("doecultuur", "doe-cultuur"),
        ("eloket", "e-loket"),
        ("cocreatie", "co-creatie"),
    ] {
        let results = search(workspace, query, 50);
        assert!(
            results["corrected"]
                .as_object()
                .is_none_or(|c| c.is_empty()),
            "{query}: {results}"
        );
        let found = hits(&results);
        assert!(
            found
                .iter()
                .any(|hit| marked_words(hit).contains(&written.to_string())),
            "{query}: {results}"
        );
    }
    let both = search(workspace, "cocreatie", 50);
    let marked: Vec<String> = hits(&both).iter().flat_map(marked_words).collect();
    assert!(marked.iter().any(|word| word == "cocreatie"), "{marked:?}");
    // A typo of a word the reports write only hyphenated is corrected to
    // that word, shown joined (not as its stem).
    let typo = search(workspace, "doecultuuur", 50);
    assert_eq!(typo["corrected"]["doecultuuur"], "doecultuur", "{typo}");
    // The parts stay words of their own.
    let part = search(workspace, "cultuur", 50);
    let marked: Vec<String> = hits(&part).iter().flat_map(marked_words).collect();
    assert!(marked.iter().any(|word| word == "cultuur"), "{marked:?}");
}

#[test]
fn an_unknown_compound_is_read_as_two_indexed_words() {
    let workspace = seeded();
    // The word list alone splits `steden` + `fonds` + `geld`; `steden`
    // (stem `stad`) is in most paragraphs. The index has `stedenfonds`.
    let results = search(workspace, "stedenfondsgeld", 50);
    let found = hits(&results);
    assert!(!found.is_empty(), "{results}");
    for hit in found {
        let marked = marked_words(hit);
        assert!(
            marked
                .iter()
                .all(|word| word.contains("stedenfonds") || word.contains("geld")),
            "only the two parts: {marked:?}"
        );
    }
    let first = marked_words(&found[0]);
    assert!(
        first.iter().any(|word| word.contains("geld"))
            && first.iter().any(|word| word.contains("stedenfonds")),
        "both parts first: {first:?}"
    );
    // A question drops its modal verbs and adverbs of direction too.
    let question = search(workspace, "waar gaat het stedenfondsgeld naartoe", 10);
    let marked: Vec<String> = hits(&question).iter().flat_map(marked_words).collect();
    assert!(!marked.iter().any(|word| word == "naartoe"), "{marked:?}");
    let first = marked_words(&hits(&question)[0]);
    assert!(first.iter().any(|word| word.contains("geld")), "{first:?}");
}

#[test]
fn list_items_match_the_sentence_that_introduces_their_list() {
    let workspace = seeded();
    let seed = workspace.corpus().join("hasselt-2011.txt");
    let parsed = workspace.run(&["--json", "parse", &seed.to_string_lossy()]);
    parsed.assert_code(0);
    let parsed = parsed.json();
    let paragraphs = parsed["paragraphs"].as_array().expect("paragraphs");
    let text = |hit: &Value| hit["text"].as_str().unwrap_or_default().to_lowercase();
    // The sources the reports are based on are a list under `… gebaseerd op
    // de volgende informatiebronnen:`; no item has the word itself.
    let results = search(
        workspace,
        "welke informatiebronnen gebruikte de visitatie",
        10,
    );
    let items: Vec<&Value> = hits(&results)
        .iter()
        .filter(|hit| hit["kind"] == "list_item" && !text(hit).contains("informatiebron"))
        .collect();
    let introduced: Vec<&&Value> = items
        .iter()
        .filter(|item| {
            let at = paragraphs
                .iter()
                .position(|p| p["id"] == item["id"])
                .expect("a hit is a parsed paragraph");
            let intro = paragraphs[..at]
                .iter()
                .rev()
                .find(|p| p["kind"] != "list_item")
                .map(text)
                .unwrap_or_default();
            intro.trim_end().ends_with(':') && intro.contains("informatiebronnen")
        })
        .collect();
    assert!(introduced.len() >= 4, "{results}");
    // One word: the paragraph whose text has it ranks above the items that
    // have it only in their introduction.
    let results = search(workspace, "informatiebronnen", 10);
    let found = hits(&results);
    assert!(text(&found[0]).contains("informatiebronnen"), "{results}");
    assert!(found.len() >= 5, "{results}");
}
