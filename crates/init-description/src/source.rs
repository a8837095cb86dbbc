//! The text of a description file and where a byte of it lies.

use std::ops::Range;

/// A description file's text, its name for messages, and the byte offset
/// of each line's start (to turn a span into a line and column).
pub(crate) struct Source<'a> {
    pub(crate) text: &'a str,
    pub(crate) name: String,
    line_starts: Vec<usize>,
}

impl<'a> Source<'a> {
    pub(crate) fn new(text: &'a str, name: &str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Source {
            text,
            name: name.to_string(),
            line_starts,
        }
    }

    /// The 1-based line and column (in characters) of byte `at`.
    pub(crate) fn position(&self, at: usize) -> (usize, usize) {
        let at = at.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= at).max(1);
        let start = self.line_starts[line - 1];
        // The span may point inside a multi-byte character only if the
        // parser says so; count whole characters up to it.
        let column = self
            .text
            .get(start..at)
            .map_or(at - start, |s| s.chars().count())
            + 1;
        (line, column)
    }

    /// The position of the start of `span`.
    pub(crate) fn at(&self, span: &Range<usize>) -> (usize, usize) {
        self.position(span.start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_lines_and_character_columns() {
        let s = Source::new("a = 1\nµ = \"x\"\n", "f");
        assert_eq!(s.position(0), (1, 1));
        assert_eq!(s.position(4), (1, 5));
        assert_eq!(s.position(6), (2, 1));
        // 'µ' is two bytes: the '=' after it is the third character.
        assert_eq!(s.position(9), (2, 3));
        assert_eq!(s.position(1000), (3, 1));
    }
}
