//! The query language analysts type, parsed into a small tree before any
//! tantivy query is built. Our own parser rather than tantivy's QueryParser:
//! it runs words through the one Dutch analyzer, never fails on ordinary
//! input (`2008-2013`, `OCMW-voorzitter`, `co-ordinatie`), and reports the
//! few real mistakes with a 1-based position.
//!
//! ```text
//! query   := or+                      all must match (AND)
//! or      := unary ("OR" unary)*      either matches
//! unary   := "-"? primary             "-" excludes
//! primary := WORD | WORD"*" | "\"" words "\"" | "(" query ")"
//! ```

use crate::error::{Error, Result};

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// A word as typed (analysed later: it may be a stop word, or several words).
    Word(String),
    /// `word*`: any indexed word starting with it.
    Prefix(String),
    /// `"words in a row"`.
    Phrase(String),
    /// `-x`: paragraphs matching x are left out.
    Not(Box<Node>),
    /// All must match.
    And(Vec<Node>),
    /// Any may match.
    Or(Vec<Node>),
}

/// Parse a query; an empty query is `And([])`.
pub fn parse(query: &str) -> Result<Node> {
    let tokens = lex(query)?;
    let mut parser = Parser {
        query,
        tokens,
        next: 0,
        depth: 0,
    };
    let node = parser.sequence()?;
    if let Some(token) = parser.peek() {
        // `sequence` only stops early at a `)` without its `(`.
        return Err(parser.error(token.position, "`)` without a matching `(`"));
    }
    Ok(node)
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Lexeme {
    Word(String),
    Phrase(String),
    Open,
    Close,
    Minus,
    Or,
}

#[derive(Debug, Clone)]
struct Token {
    lexeme: Lexeme,
    /// 1-based character position in the query.
    position: usize,
}

fn query_error(query: &str, position: usize, message: &str) -> Error {
    Error::Query {
        query: query.to_string(),
        position,
        message: message.to_string(),
    }
}

fn lex(query: &str) -> Result<Vec<Token>> {
    let chars: Vec<char> = query.chars().collect();
    let mut tokens = Vec::new();
    let mut at = 0;
    while at < chars.len() {
        let c = chars[at];
        let position = at + 1;
        if c.is_whitespace() || c.is_control() {
            at += 1;
        } else if is_quote(c) {
            let close = chars[at + 1..].iter().position(|&d| is_quote(d));
            let Some(length) = close else {
                return Err(query_error(
                    query,
                    position,
                    "unbalanced quote: the phrase is not closed",
                ));
            };
            let phrase: String = chars[at + 1..at + 1 + length].iter().collect();
            if phrase.trim().is_empty() {
                return Err(query_error(query, position, "empty phrase"));
            }
            tokens.push(Token {
                lexeme: Lexeme::Phrase(phrase),
                position,
            });
            at += length + 2;
        } else if c == '(' || c == ')' {
            let lexeme = if c == '(' {
                Lexeme::Open
            } else {
                Lexeme::Close
            };
            tokens.push(Token { lexeme, position });
            at += 1;
        } else if c == '-' {
            let next = chars.get(at + 1).copied();
            if next.is_none_or(|d| d.is_whitespace() || d == ')') {
                return Err(query_error(
                    query,
                    position,
                    "a lone `-`: write `-word` to leave out paragraphs with that word",
                ));
            }
            tokens.push(Token {
                lexeme: Lexeme::Minus,
                position,
            });
            at += 1;
        } else {
            let start = at;
            while at < chars.len() && !ends_word(chars[at]) {
                at += 1;
            }
            let word: String = chars[start..at].iter().collect();
            let lexeme = if word == "OR" {
                Lexeme::Or
            } else {
                Lexeme::Word(word)
            };
            tokens.push(Token { lexeme, position });
        }
    }
    Ok(tokens)
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„')
}

fn ends_word(c: char) -> bool {
    c.is_whitespace() || c.is_control() || c == '(' || c == ')' || is_quote(c)
}

struct Parser<'a> {
    query: &'a str,
    tokens: Vec<Token>,
    next: usize,
    /// Open parentheses around the current token (robustness: bounded, so
    /// `((((…` cannot overflow the stack of this recursive parser).
    depth: usize,
}

/// Deeper nesting is refused: no real query needs it, and the parser and the
/// query compiler recurse once per level.
const MAX_NESTING: usize = 32;

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.next)
    }

    fn error(&self, position: usize, message: &str) -> Error {
        query_error(self.query, position, message)
    }

    /// Clauses up to the end or a `)`, AND-ed.
    fn sequence(&mut self) -> Result<Node> {
        let mut clauses = Vec::new();
        while let Some(token) = self.peek() {
            if token.lexeme == Lexeme::Close {
                break;
            }
            clauses.push(self.or()?);
        }
        Ok(Node::And(clauses))
    }

    fn or(&mut self) -> Result<Node> {
        let mut alternatives = vec![self.unary()?];
        while let Some(token) = self.peek() {
            if token.lexeme != Lexeme::Or {
                break;
            }
            let position = token.position;
            self.next += 1;
            match self.peek().map(|token| &token.lexeme) {
                None | Some(Lexeme::Close) | Some(Lexeme::Or) => {
                    return Err(self.error(position, "`OR` needs a word on each side"))
                }
                _ => alternatives.push(self.unary()?),
            }
        }
        Ok(if alternatives.len() == 1 {
            alternatives.remove(0)
        } else {
            Node::Or(alternatives)
        })
    }

    fn unary(&mut self) -> Result<Node> {
        let Some(token) = self.peek().cloned() else {
            return Err(self.error(self.query.chars().count().max(1), "the query ends early"));
        };
        if token.lexeme == Lexeme::Minus {
            self.next += 1;
            return match self.peek().map(|token| token.lexeme.clone()) {
                Some(Lexeme::Minus) | Some(Lexeme::Or) | None => Err(self.error(
                    token.position,
                    "a lone `-`: write `-word` to leave out paragraphs with that word",
                )),
                _ => Ok(Node::Not(Box::new(self.primary()?))),
            };
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Node> {
        let Some(token) = self.peek().cloned() else {
            return Err(self.error(self.query.chars().count().max(1), "the query ends early"));
        };
        self.next += 1;
        match token.lexeme {
            Lexeme::Word(word) => Ok(word_node(word)),
            Lexeme::Phrase(phrase) => Ok(Node::Phrase(phrase)),
            Lexeme::Open => {
                if self.depth >= MAX_NESTING {
                    return Err(self.error(
                        token.position,
                        &format!("parentheses nested more than {MAX_NESTING} deep"),
                    ));
                }
                self.depth += 1;
                let inner = self.sequence();
                self.depth -= 1;
                let inner = inner?;
                match self.peek() {
                    Some(close) if close.lexeme == Lexeme::Close => {
                        self.next += 1;
                        match &inner {
                            Node::And(clauses) if clauses.is_empty() => {
                                Err(self.error(token.position, "empty parentheses"))
                            }
                            _ => Ok(inner),
                        }
                    }
                    _ => {
                        Err(self.error(token.position, "unbalanced parenthesis: `(` is not closed"))
                    }
                }
            }
            Lexeme::Or => Err(self.error(token.position, "`OR` needs a word on each side")),
            Lexeme::Close => Err(self.error(token.position, "`)` without a matching `(`")),
            Lexeme::Minus => Err(self.error(
                token.position,
                "a lone `-`: write `-word` to leave out paragraphs with that word",
            )),
        }
    }
}

fn word_node(word: String) -> Node {
    match word.strip_suffix('*') {
        Some(stem) if !stem.trim_end_matches('*').is_empty() => {
            Node::Prefix(stem.trim_end_matches('*').to_string())
        }
        _ => Node::Word(word),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Node::*;

    fn word(text: &str) -> Node {
        Word(text.to_string())
    }

    fn error_position(query: &str) -> usize {
        match parse(query) {
            Err(Error::Query { position, .. }) => position,
            other => panic!("{query:?} should fail, got {other:?}"),
        }
    }

    #[test]
    fn words_are_anded() {
        assert_eq!(
            parse("kind armoede").unwrap(),
            And(vec![word("kind"), word("armoede")])
        );
        assert_eq!(parse("").unwrap(), And(vec![]));
        assert_eq!(parse("  ").unwrap(), And(vec![]));
    }

    #[test]
    fn hyphens_inside_words_are_not_exclusion() {
        assert_eq!(parse("2008-2013").unwrap(), And(vec![word("2008-2013")]));
        assert_eq!(
            parse("OCMW-voorzitter").unwrap(),
            And(vec![word("OCMW-voorzitter")])
        );
    }

    #[test]
    fn phrases_exclusion_or_prefix() {
        assert_eq!(
            parse("\"sociaal huis\" -armoede kind*").unwrap(),
            And(vec![
                Phrase("sociaal huis".into()),
                Not(Box::new(word("armoede"))),
                Prefix("kind".into())
            ])
        );
        assert_eq!(
            parse("wonen OR huisvesting stad").unwrap(),
            And(vec![
                Or(vec![word("wonen"), word("huisvesting")]),
                word("stad")
            ])
        );
        assert_eq!(
            parse("-(a b)").unwrap(),
            And(vec![Not(Box::new(And(vec![word("a"), word("b")])))])
        );
        assert_eq!(
            parse("“armoede”").unwrap(),
            And(vec![Phrase("armoede".into())])
        );
    }

    #[test]
    fn lower_case_or_is_a_word() {
        assert_eq!(
            parse("a or b").unwrap(),
            And(vec![word("a"), word("or"), word("b")])
        );
    }

    #[test]
    fn mistakes_name_their_position() {
        assert_eq!(error_position("armoede \"kind"), 9);
        assert_eq!(error_position("(armoede kind"), 1);
        assert_eq!(error_position("armoede)"), 8);
        assert_eq!(error_position("armoede - kind"), 9);
        assert_eq!(error_position("armoede -"), 9);
        assert_eq!(error_position("OR armoede"), 1);
        assert_eq!(error_position("armoede OR"), 9);
        assert_eq!(error_position("a OR OR b"), 3);
        assert_eq!(error_position("()"), 1);
        assert_eq!(error_position("\"\""), 1);
        assert_eq!(error_position("--a"), 1);
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        assert_eq!(error_position("coördinatie \"x"), 13);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = format!("{}stad{}", "(".repeat(5000), ")".repeat(5000));
        assert_eq!(error_position(&deep), MAX_NESTING + 1);
        let fine = format!("{}stad{}", "(".repeat(MAX_NESTING), ")".repeat(MAX_NESTING));
        assert!(parse(&fine).is_ok());
    }

    #[test]
    fn control_characters_separate_words() {
        assert_eq!(
            parse("stad\u{1b}[31m\u{7}beleid").unwrap(),
            And(vec![word("stad"), word("[31m"), word("beleid")])
        );
    }

    #[test]
    fn a_lone_star_is_a_word() {
        assert_eq!(parse("*").unwrap(), And(vec![word("*")]));
    }
}
