//! Words within a few edits of a query word, found without a scan: a
//! bounded optimal-string-alignment distance (a swap of neighbours is one
//! edit) computed one row per letter of the candidate, so that candidates
//! sharing a prefix share its rows, and a prefix whose row is already past
//! the bound rules out every word that starts with it. Only the band of
//! cells within the bound of the diagonal is computed.
//!
//! [`NearAutomaton`] drives an FST — tantivy's term dictionary through
//! `terms().search(…)`, the built-in word list's FST (`wordlist`) — which
//! then follows only prefixes that can still match. Unlike tantivy's
//! `FuzzyTermQuery` it needs no Levenshtein tables, which cost tens of
//! milliseconds to build in every new process.

/// Longest word (bytes) looked at; longer ones have no near words.
pub const MAX_BYTES: usize = 48;
const WIDTH: usize = MAX_BYTES + 1;

/// One row of the distance table: the distance of the candidate's prefix
/// read so far to each prefix of the query, the row before it (for swaps)
/// and the candidate's last byte.
#[derive(Clone, Debug)]
pub struct Row {
    current: [u8; WIDTH],
    previous: [u8; WIDTH],
    last: Option<u8>,
    /// Bytes of the candidate read.
    depth: usize,
}

/// Bounded OSA distance to one query word, as an automaton over the bytes of
/// a candidate.
#[derive(Clone, Debug)]
pub struct NearAutomaton {
    query: Vec<u8>,
    limit: u8,
}

impl NearAutomaton {
    /// `None` for an empty word or one longer than [`MAX_BYTES`].
    pub fn new(query: &str, max_edits: usize) -> Option<NearAutomaton> {
        let query = query.as_bytes().to_vec();
        if query.is_empty() || query.len() > MAX_BYTES {
            return None;
        }
        Some(NearAutomaton {
            query,
            limit: max_edits.min(MAX_BYTES) as u8,
        })
    }

    pub fn start_row(&self) -> Row {
        let over = self.limit + 1;
        let mut current = [over; WIDTH];
        for (j, cell) in current.iter_mut().enumerate().take(self.query.len() + 1) {
            *cell = (j as u8).min(over);
        }
        Row {
            current,
            previous: [over; WIDTH],
            last: None,
            depth: 0,
        }
    }

    /// The row after one more byte of the candidate.
    pub fn step(&self, row: &Row, byte: u8) -> Row {
        let q = &self.query;
        let over = self.limit + 1;
        let depth = row.depth + 1;
        let mut next = [over; WIDTH];
        next[0] = depth.min(usize::from(over)) as u8;
        // A cell further than `limit` from the diagonal is past the bound
        // (the lengths differ by more): only the band is computed.
        let band = usize::from(self.limit);
        let first = depth.saturating_sub(band).max(1);
        let last = (depth + band).min(q.len());
        for j in first..=last {
            let cost = u8::from(q[j - 1] != byte);
            let mut best = (row.current[j] + 1)
                .min(next[j - 1] + 1)
                .min(row.current[j - 1] + cost);
            if j > 1 && row.last == Some(q[j - 1]) && byte == q[j - 2] {
                best = best.min(row.previous[j - 2] + 1);
            }
            // Cells past the bound only need to stay past it.
            next[j] = best.min(over);
        }
        Row {
            current: next,
            previous: row.current,
            last: Some(byte),
            depth,
        }
    }

    /// Whether some word starting with the candidate so far can be near.
    pub fn alive(&self, row: &Row) -> bool {
        row.current[..=self.query.len()]
            .iter()
            .any(|&cell| cell <= self.limit)
    }

    /// The distance of a whole candidate, when within the bound.
    pub fn distance_of(&self, candidate: &[u8]) -> Option<usize> {
        let mut row = self.start_row();
        for &byte in candidate {
            row = self.step(&row, byte);
        }
        self.distance(&row)
    }

    /// The candidate's distance, when within the bound.
    pub fn distance(&self, row: &Row) -> Option<usize> {
        let distance = row.current[self.query.len()];
        (distance <= self.limit).then_some(usize::from(distance))
    }
}

impl tantivy_fst::Automaton for NearAutomaton {
    type State = Option<Row>;

    fn start(&self) -> Option<Row> {
        Some(self.start_row())
    }

    fn is_match(&self, state: &Option<Row>) -> bool {
        state
            .as_ref()
            .is_some_and(|row| self.distance(row).is_some())
    }

    fn can_match(&self, state: &Option<Row>) -> bool {
        state.is_some()
    }

    fn accept(&self, state: &Option<Row>, byte: u8) -> Option<Row> {
        let row = state.as_ref()?;
        let next = self.step(row, byte);
        self.alive(&next).then_some(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The distance by the full table, for comparison.
    fn osa(a: &[u8], b: &[u8]) -> usize {
        let mut table = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for (i, row) in table.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in table[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut best = (table[i - 1][j] + 1)
                    .min(table[i][j - 1] + 1)
                    .min(table[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = best.min(table[i - 2][j - 2] + 1);
                }
                table[i][j] = best;
            }
        }
        table[a.len()][b.len()]
    }

    #[test]
    fn rows_give_the_bounded_distance() {
        let words = [
            "duurzaamheid",
            "duurzaamhied",
            "duurzaam",
            "armoede",
            "amroede",
            "armoed",
            "stad",
            "stadt",
            "tsad",
            "a",
            "",
        ];
        for query in &words[..words.len() - 1] {
            for limit in 0..=3 {
                let automaton = NearAutomaton::new(query, limit).unwrap();
                for candidate in words {
                    let mut row = automaton.start_row();
                    let mut alive = true;
                    for &byte in candidate.as_bytes() {
                        row = automaton.step(&row, byte);
                        alive &= automaton.alive(&row);
                    }
                    let expected = osa(query.as_bytes(), candidate.as_bytes());
                    let got = automaton.distance(&row);
                    if expected <= limit {
                        assert_eq!(got, Some(expected), "{query} {candidate} {limit}");
                        assert!(alive, "{query} {candidate} {limit}");
                    } else {
                        assert_eq!(got, None, "{query} {candidate} {limit}");
                    }
                }
            }
        }
    }

    #[test]
    fn too_long_or_empty_words_have_no_automaton() {
        assert!(NearAutomaton::new("", 1).is_none());
        assert!(NearAutomaton::new(&"a".repeat(MAX_BYTES + 1), 1).is_none());
    }
}
