//! Dutch compound splitting, so that `management` finds `programmamanagement`
//! and `huur` finds `huurwoningen`, while `genk` never finds `tegenkrachten`.
//!
//! A word is split only into parts that are real words — of the shipped
//! Dutch word list or of the report's own text (`for_report`), so indexing
//! one report never depends on another — joined directly or by a Dutch
//! linking morpheme (`duurzaamheid+s+ambtenaar`, `kind+er+opvang`,
//! `boek+en+kast`). The split with the fewest parts wins, then the one with
//! the longest head (the last part, which carries the inflection:
//! `huur+woningen`), then the one that strips linking letters (`kind+er`
//! rather than `kinder`). Parts that are themselves compounds are split
//! again, so `programmamanagementteam` yields `programma`, `management`,
//! `team`. Every other split with as many parts and the same head is
//! indexed too (`gegevens+verzameling` and `gegeven+s+verzameling`): not only the best reading
//! of the modifiers, as a dictionary decompounder keeps all sub-words.
//!
//! False splits are the danger, so the rules are strict: a modifier has at
//! least [`MIN_MODIFIER`] letters and the head at least [`MIN_HEAD`]
//! (`be+leid`, `bel+eid` are out); a modifier is never a prefix, particle or
//! stop word (`ver+keer`, `onder+zoek`, `tegen+krachten` stay whole); a head
//! is never a derivational suffix that happens to be a word
//! (`regent+schap`, `manage+ment`, `kindvriendelijk+heid` stay whole).

use super::{analyzer, STOP_WORDS};
use crate::wordlist;
use aho_corasick::AhoCorasick;
use rustc_hash::FxHashSet;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::OnceLock;
use tantivy::tokenizer::Token;

/// Fewest letters of a modifier (a part before the head), except [`SHORT_MODIFIERS`].
pub const MIN_MODIFIER: usize = 4;
/// Fewest letters of the head (the last part).
pub const MIN_HEAD: usize = 4;
/// Fewest letters of each part when a part is split again
/// (`management+team` inside `programmamanagementteam`): no three-letter
/// modifiers there.
const MIN_INNER_PART: usize = 4;
/// Fewest letters of a report's own word to count as a part: shorter ones
/// are too often fragments of broken words.
const MIN_REPORT_WORD: usize = 5;
/// Most parts one split may have (deeper structure comes from re-splitting parts).
const MAX_PARTS: usize = 4;
/// Most splits of one word whose parts are indexed (bounds odd input).
const MAX_SPLITS: usize = 16;

/// Dutch linking morphemes between a modifier and what follows. The old
/// linking `e` (`paardebloem`) is left out: it makes `hand+e+laars` of
/// `handelaars`.
const LINKERS: [&str; 3] = ["en", "er", "s"];

/// Three-letter words that are common compound modifiers (`wetgeving` is
/// not split, but `wegenplan`, `rolmodel`, `dagcentrum` are).
const SHORT_MODIFIERS: &[&str] = &[
    "wet", "rol", "dag", "bos", "zee", "vak", "web", "job", "gas", "ijs", "bus", "cel", "bal",
    "kot", "oud", "zon", "pad",
];

/// Words that are prefixes, particles or adverbs when they open a word:
/// `ver+keer`, `onder+zoek`, `samen+werking`, `waar+deren` are derivations,
/// not compounds of `keer`, `zoek`, `werking`, `deren`. (Stop words are
/// excluded as modifiers too.)
const NOT_MODIFIERS: &[&str] = &[
    "ver", "ont", "her", "aan", "achter", "mis", "mee", "toe", "weg", "terug", "samen", "weder",
    "voort", "rond", "neer", "vol", "vooruit", "binnen", "buiten", "boven", "beneden", "onder",
    "over", "door", "voor", "tegen", "uit", "bij", "open", "dicht", "waar", "hier", "wel", "even",
    "overeen", "vast", "mede", "gelijk", "welis", "vanzelf", "opge", "uitge", "terugge",
    // Letter runs that open many non-compounds (`vers+tand` in `verstand`,
    // `best+uren` in `besturen`, `gesp+rekken`, `bete+kent`).
    "vers", "verst", "best", "beste", "gesp", "bete", "geco", "overs", "opent", "type", "schep",
    "dien", "hele", "maxi", "lijk", "prak", "luis", "hande", "waard", "rede", "meed", "acht",
];

/// Suffixes (and suffix-like words) that are also words: as a "head" they
/// make a derivation, not a compound (`regent+schap`, `manage+ment`,
/// `vriendelijk+heid`, `werk+loos`, `belang+rijk`, `vijf+tien`).
const NOT_HEADS: &[&str] = &[
    "schap",
    "schappen",
    "heid",
    "heden",
    "lijk",
    "lijke",
    "lijker",
    "lijkst",
    "baar",
    "bare",
    "loos",
    "loze",
    "loosheid",
    "zaam",
    "zame",
    "achtig",
    "achtige",
    "ment",
    "menten",
    "ing",
    "ingen",
    "isme",
    "ismen",
    "iteit",
    "teit",
    "ster",
    "sters",
    "tie",
    "ties",
    "ieel",
    "iele",
    "isch",
    "ische",
    "waardig",
    "waardige",
    "dom",
    "dommen",
    "nis",
    "nissen",
    "erij",
    "rij",
    "ling",
    "lingen",
    "rijk",
    "rijke",
    "rijker",
    "rijkste",
    "matig",
    "matige",
    "matiger",
    "schappelijk",
    "schappelijke",
    "tien",
    "honderd",
    "duizend",
    "tiental",
    "honderdtal",
    "eraan",
    "erin",
    "erop",
    "ende",
    // Syllables that are also words, at the end of many non-compounds
    // (`sprei+ding`, `promo+toren`, `flan+kerend`, `rapport+eerden`).
    "ding",
    "dingen",
    "king",
    "ring",
    "ringen",
    "ting",
    "tingen",
    "natie",
    "naties",
    "tering",
    "nering",
    "rende",
    "lende",
    "lange",
    "tender",
    "teren",
    "toren",
    "sten",
    "rekken",
    "taan",
    "tand",
    "maal",
    "tijgen",
    "chillen",
    "richt",
    "trekt",
    "kerend",
    "kerende",
    "zins",
    "vlakte",
];

/// Vowel-initial heads are mostly inflection or suffix (`kind+eren`,
/// `best+uren`, `ambten+aren`): they need this many letters and must not be
/// one of [`NOT_VOWEL_HEADS`] (`kind+opvang` passes).
const MIN_VOWEL_HEAD: usize = 5;
const NOT_VOWEL_HEADS: &[&str] = &[
    "erken", "enken", "ellen", "eerde", "eerden", "aarden", "enden", "ering", "eringen", "ingen",
    "erend", "erende", "ende", "aars", "eerd", "eert",
];

/// Splits words of one report into compound parts. Built per report (its own
/// vocabulary plus the shipped word list), so indexing one report never
/// depends on another.
///
/// A word's split depends on the report only through the report's own words
/// inside it (a part is a word of the list or of the report). The part stems
/// are kept in a per-thread memo shared by all reports ([`SHARED_STEMS`]),
/// keyed by the word and the report's words inside it, so a corpus splits
/// each word once per thread and per such set, not once per report.
#[derive(Debug, Default, Clone)]
pub struct Decompounder {
    /// The report's own words (normalised, letters only, seen at least
    /// twice) that the word list does not have: names of its projects,
    /// services and places.
    report_words: FxHashSet<String>,
    /// Finds any of `report_words` inside a word (`None`: there are none).
    report_word_finder: Option<AhoCorasick>,
}

/// Words whose part stems a thread's [`SHARED_STEMS`] memo keeps before it
/// is emptied (bounds memory on odd input; a corpus has some 10⁵ distinct words).
const SHARED_WORDS: usize = 1 << 19;

thread_local! {
    /// Normalised word, then each of the report's own words inside it after a
    /// `\0` (`Decompounder::report_words_inside`) → its part stems.
    static SHARED_STEMS: std::cell::RefCell<rustc_hash::FxHashMap<Box<str>, Rc<[String]>>> =
        std::cell::RefCell::default();
}

thread_local! {
    /// The common words inside the word being split (see [`Inside`]).
    static INSIDE: std::cell::RefCell<Inside> = std::cell::RefCell::default();
}

/// The common words inside the word a split is working on, found by one
/// walk of the word list's FST per start (`wordlist::common_words_inside`):
/// a split asks whether each of the word's substrings is a word, many of
/// them several times, and each such question is then a bit test. The
/// substrings it asks about are slices of that word, so where one lies in
/// it says which it is. Set for the duration of a split by [`Inside::of`];
/// any other string is asked of the word list itself.
#[derive(Default)]
struct Inside {
    /// Address and length of the word (length 0: none).
    start: usize,
    len: usize,
    /// Per start byte, the ends of the common words there (bit `e - s - 1`).
    ends: Vec<u64>,
}

/// Clears [`INSIDE`] when the split that set it is done.
struct InsideGuard;

impl Drop for InsideGuard {
    fn drop(&mut self) {
        INSIDE.with(|inside| inside.borrow_mut().len = 0);
    }
}

impl Inside {
    /// Find the common words inside `word` for the split about to run.
    fn of(word: &str) -> InsideGuard {
        INSIDE.with(|inside| {
            let mut inside = inside.borrow_mut();
            let inside = &mut *inside;
            let found = wordlist::common_words_inside(word.as_bytes(), &mut inside.ends);
            inside.start = word.as_ptr() as usize;
            inside.len = if found.is_some() { word.len() } else { 0 };
        });
        InsideGuard
    }

    /// Whether `candidate`, a slice of the current word, is a common word;
    /// `None` when it is not such a slice.
    fn is_common(&self, candidate: &str) -> Option<bool> {
        let at = (candidate.as_ptr() as usize).checked_sub(self.start)?;
        let end = at.checked_add(candidate.len())?;
        if self.len == 0 || candidate.is_empty() || end > self.len {
            return None;
        }
        let ends = self.ends.get(at)?;
        Some(ends >> (end - at - 1) & 1 == 1)
    }
}

/// One part of a word: `start..end` is the part itself, `end..link_end` its
/// linking letters (empty for the head).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Part {
    start: usize,
    end: usize,
    link_end: usize,
}

/// How a split ranks: fewer parts, then a longer head, then fewer linking
/// letters (`plaats+vindt`, not `plaat+s+vindt`).
type Rank = (usize, usize, usize);

impl Decompounder {
    /// A decompounder knowing the words of one report's paragraph texts.
    pub fn for_report<'a>(paragraph_texts: impl IntoIterator<Item = &'a str>) -> Decompounder {
        let mut counts: HashMap<String, usize> = HashMap::new();
        for text in paragraph_texts {
            analyzer().for_each_term(text, |term| {
                if let Some(count) = counts.get_mut(term.normalized) {
                    *count += 1;
                } else {
                    counts.insert(term.normalized.to_string(), 1);
                }
            });
        }
        Decompounder::for_word_counts(counts.iter().map(|(word, count)| (word.as_str(), *count)))
    }

    /// `for_report` from the report's words already counted: normalised word
    /// → how often the report has it (words that cannot be split are ignored).
    pub fn for_word_counts<'a>(counts: impl IntoIterator<Item = (&'a str, usize)>) -> Decompounder {
        let report_words: FxHashSet<String> = counts
            .into_iter()
            .filter(|(word, count)| {
                *count >= 2
                    && is_splittable_text(word)
                    && word.chars().count() >= MIN_REPORT_WORD
                    && !wordlist::is_common_word(word)
            })
            .map(|(word, _)| word.to_string())
            .collect();
        // Building the automaton fails only past its size limits; without
        // it every word is treated as containing a report word (same splits, slower).
        let report_word_finder = if report_words.is_empty() {
            None
        } else {
            // A contiguous NFA, not the DFA the builder picks for up to 100
            // words: it is built per report and asked about short words, so
            // building a DFA cost more than its faster search saved.
            AhoCorasick::builder()
                .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
                .build(&report_words)
                .ok()
        };
        Decompounder {
            report_words,
            report_word_finder,
        }
    }

    /// The report's own words inside `word`, sorted and without repeats,
    /// each after a `\0` (a byte no normalised word holds: UAX #29 never
    /// keeps a control character in a word): what, besides the word list,
    /// its split depends on. Empty when it holds none; `None` when the
    /// report's words could not be searched (every word is then split anew).
    fn report_words_inside(&self, word: &str) -> Option<String> {
        if self.report_words.is_empty() {
            return Some(String::new());
        }
        let finder = self.report_word_finder.as_ref()?;
        // Most words hold none: one cheap search says so.
        if !finder.is_match(word) {
            return Some(String::new());
        }
        let mut inside: Vec<&str> = finder
            .find_overlapping_iter(word)
            .map(|found| &word[found.start()..found.end()])
            .collect();
        inside.sort_unstable();
        inside.dedup();
        let mut key = String::new();
        for part in inside {
            key.push('\0');
            key.push_str(part);
        }
        Some(key)
    }

    /// The normalised parts of a normalised word (`programmamanagement` →
    /// `["programma", "management"]`, linking letters dropped:
    /// `duurzaamheidsambtenaar` → `["duurzaamheid", "ambtenaar"]`); empty
    /// when it is not a compound.
    pub fn parts(&self, normalized: &str) -> Vec<String> {
        let _inside = Inside::of(normalized);
        self.split(normalized, MIN_MODIFIER, MIN_HEAD)
            .iter()
            .map(|part| normalized[part.start..part.end].to_string())
            .collect()
    }

    /// The stems a compound word is indexed under in the parts field: each
    /// part's stem and the stem of each consecutive run of parts shorter than
    /// the whole word (`programmamanagementteam` → `programma`, `management`,
    /// `team`, `programmamanagement`, `managementteam`), then the parts of
    /// every other reading of its modifiers (`gegevensverzameling`: `gegevens` and
    /// `gegeven`), without repeats. Each is a term of its own in the parts field
    /// (its own BM25 weight there), which is searched below the text itself.
    /// Empty when the word is not a compound.
    pub fn part_stems(&self, normalized: &str) -> Vec<String> {
        self.shared_part_stems(normalized).to_vec()
    }

    /// `part_stems`, from the per-thread memo of every report's splits,
    /// keyed by the word and the report's own words inside it (see
    /// [`Decompounder`]).
    pub fn shared_part_stems(&self, normalized: &str) -> Rc<[String]> {
        let Some(inside) = self.report_words_inside(normalized) else {
            return self.compute_part_stems(normalized).into();
        };
        // The key: the word, then the report's words inside it. A word
        // splits the same in every report whose words inside it are the same.
        let lookup = |key: &str| SHARED_STEMS.with(|memo| memo.borrow().get(key).cloned());
        let key: std::borrow::Cow<str> = if inside.is_empty() {
            normalized.into()
        } else {
            format!("{normalized}{inside}").into()
        };
        if let Some(stems) = lookup(&key) {
            return stems;
        }
        let stems: Rc<[String]> = self.compute_part_stems(normalized).into();
        SHARED_STEMS.with(|memo| {
            let mut memo = memo.borrow_mut();
            if memo.len() >= SHARED_WORDS {
                memo.clear();
            }
            memo.insert(key.into(), stems.clone());
        });
        stems
    }

    fn compute_part_stems(&self, normalized: &str) -> Vec<String> {
        let _inside = Inside::of(normalized);
        let parts = self.split(normalized, MIN_MODIFIER, MIN_HEAD);
        let stemmer = analyzer().stemmer();
        let mut stems: Vec<String> = Vec::new();
        let mut add = |stem: String| {
            if !stems.contains(&stem) {
                stems.push(stem);
            }
        };
        for length in 1..parts.len() {
            for first in 0..=parts.len() - length {
                let last = &parts[first + length - 1];
                add(stemmer.stem(&normalized[parts[first].start..last.end]));
            }
        }
        if parts.is_empty() {
            return stems;
        }
        // Every other split by the same rules adds its parts,
        // after those of the best split: `ouder+en+zorg` beside
        // `ouderen+zorg`, as a dictionary decompounder that keeps all
        // sub-words, not only the longest match, would.
        let Some(best) = self.best_split(normalized, MIN_MODIFIER, MIN_HEAD) else {
            return stems;
        };
        let head_start = best.last().map_or(0, |head| head.start);
        for split in self.all_splits(normalized, MIN_MODIFIER, MIN_HEAD) {
            // As many parts as the best split, and its head: more parts are
            // the letter runs the fewest-parts rule avoids
            // (`manage+ment+team`), a shorter head eats a linker
            // (`doel+s+telling`); what is left is how the modifiers read
            // (`mens+en` or `mensen`, `gegeven+s` or `gegevens`).
            if split.len() != best.len() || split.last().map_or(0, |head| head.start) != head_start
            {
                continue;
            }
            for part in split {
                add(stemmer.stem(&normalized[part.start..part.end]));
            }
        }
        stems
    }

    /// Tokens for the index's compound-parts field: for each compound word of
    /// `text`, one token per part (and per run of parts, see `part_stems`),
    /// text = its stem, offsets = the whole compound word (highlights cover
    /// its real extent), position = the word's.
    pub fn part_tokens(&self, text: &str) -> Vec<Token> {
        let mut tokens = Vec::new();
        analyzer().for_each_term(text, |term| {
            if term.is_stop {
                return;
            }
            for stem in self.part_stems(term.normalized) {
                tokens.push(Token {
                    offset_from: term.start,
                    offset_to: term.end,
                    position: term.position,
                    text: stem,
                    position_length: 1,
                });
            }
        });
        tokens
    }

    fn is_word(&self, candidate: &str) -> bool {
        let common = INSIDE
            .with(|inside| inside.borrow().is_common(candidate))
            .unwrap_or_else(|| wordlist::is_common_word(candidate));
        common || self.report_words.contains(candidate)
    }

    /// The parts of `word`, each compound part split again (with longer
    /// minimum parts); empty if it is not a compound.
    fn split(&self, word: &str, min_modifier: usize, min_head: usize) -> Vec<Part> {
        if !is_splittable_text(word) || word.len() < 3 + min_head {
            return Vec::new();
        }
        let Some(top) = self.best_split(word, min_modifier, min_head) else {
            return Vec::new();
        };
        let mut parts = Vec::new();
        for part in top {
            let inner = self.split(&word[part.start..part.end], MIN_INNER_PART, MIN_INNER_PART);
            if inner.is_empty() {
                parts.push(part);
                continue;
            }
            let count = inner.len();
            for (index, mut sub) in inner.into_iter().enumerate() {
                sub.start += part.start;
                sub.end += part.start;
                sub.link_end += part.start;
                if index + 1 == count {
                    sub.link_end = part.link_end;
                }
                parts.push(sub);
            }
        }
        parts
    }

    /// The top-level split of `word`, best by [`Rank`].
    fn best_split(&self, word: &str, min_modifier: usize, min_head: usize) -> Option<Vec<Part>> {
        let mut best: Option<(Rank, Vec<Part>)> = None;
        for head_start in 1..word.len() {
            if !word.is_char_boundary(head_start) || word.len() - head_start < min_head {
                continue;
            }
            let head = &word[head_start..];
            if !is_head(head) || !self.is_word(head) {
                continue;
            }
            let prefix = &word[..head_start];
            let Some(modifiers) = self.split_modifiers(prefix, min_modifier, MAX_PARTS - 1) else {
                continue;
            };
            let rank = (modifiers.len() + 1, head_start, linker_letters(&modifiers));
            if best.as_ref().is_none_or(|(best_rank, _)| rank < *best_rank) {
                let mut parts = modifiers;
                parts.push(Part {
                    start: head_start,
                    end: word.len(),
                    link_end: word.len(),
                });
                best = Some((rank, parts));
            }
        }
        best.map(|(_, parts)| parts)
    }

    /// Every top-level split of `word` by the rules of [`best_split`]
    /// (each head, each way to cut what precedes it into modifiers), at most
    /// [`MAX_SPLITS`] of them.
    fn all_splits(&self, word: &str, min_modifier: usize, min_head: usize) -> Vec<Vec<Part>> {
        let mut splits = Vec::new();
        if !is_splittable_text(word) || word.len() < 3 + min_head {
            return splits;
        }
        for head_start in 1..word.len() {
            if !word.is_char_boundary(head_start) || word.len() - head_start < min_head {
                continue;
            }
            let head = &word[head_start..];
            if !is_head(head) || !self.is_word(head) {
                continue;
            }
            let head_part = Part {
                start: head_start,
                end: word.len(),
                link_end: word.len(),
            };
            for mut modifiers in
                self.all_modifiers(&word[..head_start], min_modifier, MAX_PARTS - 1)
            {
                if splits.len() >= MAX_SPLITS {
                    return splits;
                }
                modifiers.push(head_part);
                splits.push(modifiers);
            }
        }
        splits
    }

    /// Every way to write `prefix` as modifiers, each a word optionally
    /// followed by linking letters (as [`split_modifiers`], unranked).
    fn all_modifiers(&self, prefix: &str, min_modifier: usize, max_parts: usize) -> Vec<Vec<Part>> {
        let mut all = Vec::new();
        if max_parts == 0 {
            return all;
        }
        for end in 1..=prefix.len() {
            if !prefix.is_char_boundary(end) || !self.is_modifier(&prefix[..end], min_modifier) {
                continue;
            }
            for link_end in link_ends(prefix, end) {
                let written = &prefix[..link_end];
                if link_end > end
                    && (listed(Lists::NotModifier, written) || listed(Lists::Stop, written))
                {
                    continue;
                }
                let part = Part {
                    start: 0,
                    end,
                    link_end,
                };
                if link_end == prefix.len() {
                    all.push(vec![part]);
                    continue;
                }
                for tail in self.all_modifiers(&prefix[link_end..], min_modifier, max_parts - 1) {
                    let mut parts = vec![part];
                    parts.extend(tail.into_iter().map(|sub| Part {
                        start: sub.start + link_end,
                        end: sub.end + link_end,
                        link_end: sub.link_end + link_end,
                    }));
                    all.push(parts);
                }
            }
        }
        all
    }

    /// `prefix` (everything before the head) as the fewest modifiers, each a
    /// word optionally followed by linking letters; ties go to the split with
    /// the fewest linking letters.
    fn split_modifiers(
        &self,
        prefix: &str,
        min_modifier: usize,
        max_parts: usize,
    ) -> Option<Vec<Part>> {
        if max_parts == 0 {
            return None;
        }
        let mut best: Option<((usize, usize), Vec<Part>)> = None;
        for end in 1..=prefix.len() {
            if !prefix.is_char_boundary(end) || !self.is_modifier(&prefix[..end], min_modifier) {
                continue;
            }
            for link_end in link_ends(prefix, end) {
                // `acht+er+stand` is `achter+stand`: the written form must not
                // be a particle either.
                let written = &prefix[..link_end];
                if link_end > end
                    && (listed(Lists::NotModifier, written) || listed(Lists::Stop, written))
                {
                    continue;
                }
                let part = Part {
                    start: 0,
                    end,
                    link_end,
                };
                let candidate = if link_end == prefix.len() {
                    vec![part]
                } else {
                    let Some(tail) =
                        self.split_modifiers(&prefix[link_end..], min_modifier, max_parts - 1)
                    else {
                        continue;
                    };
                    let mut parts = vec![part];
                    parts.extend(tail.into_iter().map(|sub| Part {
                        start: sub.start + link_end,
                        end: sub.end + link_end,
                        link_end: sub.link_end + link_end,
                    }));
                    parts
                };
                let rank = (candidate.len(), linker_letters(&candidate));
                if best.as_ref().is_none_or(|(best_rank, _)| rank < *best_rank) {
                    best = Some((rank, candidate));
                }
            }
        }
        best.map(|(_, parts)| parts)
    }

    fn is_modifier(&self, base: &str, min_modifier: usize) -> bool {
        let long_enough = base.len() >= min_modifier
            || (min_modifier == MIN_MODIFIER && listed(Lists::ShortModifier, base));
        long_enough
            && !listed(Lists::NotModifier, base)
            && !listed(Lists::Stop, base)
            && self.is_word(base)
    }
}

/// Whether `head` may be the last part of a compound, by its form alone.
fn is_head(head: &str) -> bool {
    if listed(Lists::NotHead, head) || listed(Lists::Stop, head) {
        return false;
    }
    let vowel_initial = head.starts_with(['a', 'e', 'i', 'o', 'u']);
    !vowel_initial || (head.len() >= MIN_VOWEL_HEAD && !listed(Lists::NotVowelHead, head))
}

/// The word lists a split consults, for [`listed`].
#[derive(Clone, Copy)]
enum Lists {
    Stop,
    NotModifier,
    ShortModifier,
    NotHead,
    NotVowelHead,
}

/// Whether `word` is on one of the lists: a hash probe rather than a scan,
/// as the lists are asked about every substring of every word.
fn listed(list: Lists, word: &str) -> bool {
    type Set = rustc_hash::FxHashSet<&'static str>;
    static SETS: OnceLock<[Set; 5]> = OnceLock::new();
    let sets = SETS.get_or_init(|| {
        let set = |words: &[&'static str]| words.iter().copied().collect::<Set>();
        [
            set(STOP_WORDS),
            set(NOT_MODIFIERS),
            set(SHORT_MODIFIERS),
            set(NOT_HEADS),
            set(NOT_VOWEL_HEADS),
        ]
    });
    sets[list as usize].contains(word)
}

fn linker_letters(parts: &[Part]) -> usize {
    parts.iter().map(|part| part.link_end - part.end).sum()
}

/// Where the linking letters after `prefix[..end]` may end: no linker, or
/// one of `LINKERS` that `prefix` continues with.
fn link_ends(prefix: &str, end: usize) -> Vec<usize> {
    let mut ends = vec![end];
    for linker in LINKERS {
        if prefix[end..].starts_with(linker) {
            ends.push(end + linker.len());
        }
    }
    ends
}

/// Only plain lower-case letter words are split (no digits, no symbols).
fn is_splittable_text(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| c.is_alphabetic() && !c.is_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parts a word splits into with the word list alone.
    fn assert_parts(word: &str, expected: &[&str]) {
        assert_eq!(
            Decompounder::default().parts(word),
            expected,
            "parts of {word:?}"
        );
    }

    #[test]
    fn splits_compounds_into_real_words() {
        assert_parts("programmamanagement", &["programma", "management"]);
        assert_parts("managementteam", &["management", "team"]);
        assert_parts("programmaplan", &["programma", "plan"]);
    }

    #[test]
    fn the_head_carries_the_inflection() {
        assert_parts("huurwoningen", &["huur", "woningen"]);
    }

    #[test]
    fn linking_letters_are_dropped() {
        assert_parts("duurzaamheidsambtenaar", &["duurzaamheid", "ambtenaar"]);
        // `stads` is a word itself; its stem is `stad` all the same.
        let stems = Decompounder::default().part_stems("stadsmonitor");
        assert!(stems.contains(&analyzer().stem_word("stad")), "{stems:?}");
        assert_parts("kinderopvang", &["kind", "opvang"]);
    }

    #[test]
    fn compound_parts_are_split_again() {
        assert_parts(
            "programmamanagementteam",
            &["programma", "management", "team"],
        );
    }

    #[test]
    fn derivations_are_not_compounds() {
        // `vriendelijk+heid`: `heid` is a suffix, not a head.
        assert_parts("kindvriendelijkheid", &["kind", "vriendelijkheid"]);
        assert_parts("management", &[]); // not manage+ment
        assert_parts("regentschap", &[]); // not regent+schap
        assert_parts("beleid", &[]); // not be+leid, bel+eid
        assert_parts("verkeer", &[]); // not ver+keer
        assert_parts("onderzoek", &[]); // not onder+zoek
        assert_parts("achterstand", &[]); // not acht+er+stand
    }

    #[test]
    fn inflections_and_syllables_are_not_heads() {
        assert_parts("kinderen", &[]); // not kind+eren
        assert_parts("jongeren", &[]); // not jong+eren
        assert_parts("besturen", &[]); // not best+uren
        assert_parts("ambtenaren", &[]); // not ambten+aren
        assert_parts("verstand", &[]); // not vers+tand
        assert_parts("spreiding", &[]); // not sprei+ding
        assert_parts("handelaars", &[]); // not hand+e+laars
    }

    #[test]
    fn no_part_hides_inside_another_word() {
        // `genk` stands inside `tegenkrachten`, but `te` is no part.
        assert_parts("tegenkrachten", &[]);
        assert_parts("programma", &[]);
        assert_parts("ocmw", &[]);
        assert_parts("2008", &[]);
    }

    #[test]
    fn the_report_vocabulary_adds_parts() {
        assert!(Decompounder::default().parts("xqzafdeling").is_empty());
        let decompounder =
            Decompounder::for_report(["De xqzwerf werkt.", "De xqzwerf.", "De xqzwerfafdeling."]);
        assert_eq!(
            decompounder.parts("xqzwerfafdeling"),
            ["xqzwerf", "afdeling"]
        );
        // A word the report has only once may be a fragment of a broken word.
        let decompounder = Decompounder::for_report(["De xqzwerf werkt.", "De xqzwerfafdeling."]);
        assert!(decompounder.parts("xqzwerfafdeling").is_empty());
    }

    #[test]
    fn the_shared_memo_keeps_each_reports_split() {
        // One thread, reports in turn: a word splits by the report's own
        // words inside it, whatever an earlier report memoised for it.
        let plain = Decompounder::for_report(["De xqzwerfafdeling."]);
        let with_one =
            Decompounder::for_report(["De xqzwerf werkt.", "De xqzwerf.", "De xqzwerfafdeling."]);
        let with_two = Decompounder::for_report([
            "De xqzwerf, xqzwerf, xqzwerfaf en xqzwerfaf.",
            "De xqzwerfafdeling.",
        ]);
        let stem = |word: &str| analyzer().stem_word(word);
        for _ in 0..2 {
            for decompounder in [&plain, &with_one, &with_two, &Decompounder::default()] {
                assert_eq!(
                    decompounder.part_stems("xqzwerfafdeling"),
                    decompounder.compute_part_stems("xqzwerfafdeling"),
                );
            }
        }
        assert!(plain.part_stems("xqzwerfafdeling").is_empty());
        let stems = with_one.part_stems("xqzwerfafdeling");
        assert!(stems.contains(&stem("xqzwerf")) && stems.contains(&stem("afdeling")));
    }

    #[test]
    fn part_stems_include_runs() {
        let stems = Decompounder::default().part_stems("programmamanagementteam");
        for expected in ["programma", "management", "team", "managementteam"] {
            let stem = analyzer().stem_word(expected);
            assert!(stems.contains(&stem), "{expected} in {stems:?}");
        }
        assert!(Decompounder::default().part_stems("management").is_empty());
    }

    #[test]
    fn every_reading_of_the_modifiers_is_kept() {
        let stem = |word: &str| analyzer().stem_word(word);
        // `gegevens+verzameling` is the best split, `gegeven+s+verzameling`
        // another; their stems differ (`gegeven`, `gegev`), so a query for
        // `gegeven` finds the compound too, below the word itself.
        let stems = Decompounder::default().part_stems("gegevensverzameling");
        assert_ne!(stem("gegevens"), stem("gegeven"));
        for part in ["gegevens", "gegeven", "verzameling"] {
            assert!(stems.contains(&stem(part)), "{part} in {stems:?}");
        }
        // Not letter runs of more parts, nor a head that eats a linker.
        let stems = Decompounder::default().part_stems("managementteam");
        assert!(!stems.contains(&stem("ment")), "{stems:?}");
        let stems = Decompounder::default().part_stems("doelstellingen");
        assert!(!stems.contains(&stem("telling")), "{stems:?}");
        assert!(stems.contains(&stem("stellingen")), "{stems:?}");
    }

    #[test]
    fn part_tokens_span_the_whole_word() {
        let text = "De huurwoningen in Hasselt";
        let tokens = Decompounder::default().part_tokens(text);
        let texts: Vec<&str> = tokens.iter().map(|token| token.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                analyzer().stem_word("huur"),
                analyzer().stem_word("woningen")
            ]
        );
        for token in &tokens {
            assert_eq!(&text[token.offset_from..token.offset_to], "huurwoningen");
            assert_eq!(token.position, 1);
        }
    }
}
