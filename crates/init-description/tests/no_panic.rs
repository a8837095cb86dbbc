//! No input makes the description parser panic: random byte strings, and
//! random edits of the example files (which reach deep into the format:
//! most edits leave valid TOML with one wrong value). Every case returns
//! a description or a typed error with a position inside the file.
//!
//! 100 000 cases in all (50 000 random strings, 50 000 edits); the longer
//! run recorded in docs/RELIABILITY.md multiplies every count by
//! `NEUROINIT_PROPERTY_SCALE`.

use proptest::prelude::*;

/// `base` cases × `NEUROINIT_PROPERTY_SCALE` (1 unless set).
fn scaled(base: u32) -> u32 {
    let scale: u32 = std::env::var("NEUROINIT_PROPERTY_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    base * scale
}

const FILES: [&str; 3] = [
    include_str!("../../../examples/networks/sparse_cortex.toml"),
    include_str!("../../../examples/networks/sparse_microcircuit.toml"),
    include_str!("../../../examples/networks/pd14.toml"),
];

/// Parse and check that an error points inside the text.
fn parse_checked(text: &str) {
    if let Err(e) = init_description::parse(text, "fuzz.toml") {
        let lines = text.split('\n').count();
        assert!(
            e.line() >= 1 && e.line() <= lines,
            "{e} (file of {lines} lines)"
        );
        assert!(e.column() >= 1, "{e}");
        assert!(e.to_string().starts_with("fuzz.toml:"), "{e}");
    }
}

/// One edit of a text.
#[derive(Clone, Debug)]
enum Edit {
    /// Delete `len` bytes at `at` (fractions of the length).
    Delete(f64, usize),
    /// Insert a string at `at`.
    Insert(f64, String),
    /// Replace the byte at `at` by one of the format's sensitive ones.
    Replace(f64, char),
    /// Replace a number-looking word at `at` by an extreme one.
    Number(f64, &'static str),
    /// Duplicate the line at `at`.
    DuplicateLine(f64),
}

fn edit() -> impl Strategy<Value = Edit> {
    let at = 0.0..1.0f64;
    prop_oneof![
        (at.clone(), 1..20usize).prop_map(|(a, n)| Edit::Delete(a, n)),
        (at.clone(), "[ -~\\n]{0,12}").prop_map(|(a, s)| Edit::Insert(a, s)),
        (
            at.clone(),
            prop::sample::select(vec![
                '"', '=', '[', ']', '{', '}', ',', '-', '.', 'e', '0', '\n', ' ', 'µ', '#'
            ])
        )
            .prop_map(|(a, c)| Edit::Replace(a, c)),
        (
            at.clone(),
            prop::sample::select(vec![
                "0",
                "-1",
                "1e308",
                "-1e308",
                "nan",
                "inf",
                "-inf",
                "4294967296",
                "18446744073709551615",
                "99999999999999999999",
                "1e-320",
                "-0.0",
                "0.5",
                "\"0 um\"",
                "\"-5 nS\"",
                "\"1e300 ms\"",
            ])
        )
            .prop_map(|(a, s)| Edit::Number(a, s)),
        at.prop_map(Edit::DuplicateLine),
    ]
}

/// The largest char boundary at or below `i`.
fn floor(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn apply(text: &str, e: &Edit) -> String {
    let pos = |f: f64| floor(text, (f * text.len() as f64) as usize);
    let mut s = text.to_string();
    match e {
        Edit::Delete(a, n) => {
            let i = pos(*a);
            let j = floor(text, i + n);
            s.replace_range(i..j, "");
        }
        Edit::Insert(a, t) => s.insert_str(pos(*a), t),
        Edit::Replace(a, c) => {
            let i = pos(*a);
            if let Some(old) = s[i..].chars().next() {
                s.replace_range(i..i + old.len_utf8(), &c.to_string());
            }
        }
        Edit::Number(a, n) => {
            // The next run of digits after the position.
            let i = pos(*a);
            if let Some(k) = s[i..].find(|c: char| c.is_ascii_digit()) {
                let start = i + k;
                let end = s[start..]
                    .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                    .map_or(s.len(), |e| start + e);
                s.replace_range(start..end, n);
            }
        }
        Edit::DuplicateLine(a) => {
            let i = pos(*a);
            let start = s[..i].rfind('\n').map_or(0, |k| k + 1);
            let end = s[i..].find('\n').map_or(s.len(), |k| i + k + 1);
            let line = s[start..end].to_string();
            s.insert_str(end, &line);
        }
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: scaled(50_000), ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        parse_checked(&String::from_utf8_lossy(&bytes));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: scaled(50_000), ..ProptestConfig::default() })]

    #[test]
    fn edited_examples_never_panic(
        file in prop::sample::select(vec![0usize, 0, 0, 0, 0, 1, 1, 2]),
        edits in prop::collection::vec(edit(), 1..4),
    ) {
        let mut text = FILES[file].to_string();
        for e in &edits {
            text = apply(&text, e);
        }
        parse_checked(&text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: scaled(20_000), ..ProptestConfig::default() })]

    /// The unit-string parser alone: any string is a quantity or a typed
    /// error, and a quantity's value is finite.
    #[test]
    fn quantity_strings_never_panic(s in "\\PC{0,24}") {
        if let Ok((_, v)) = init_description::parse_quantity(&s) {
            prop_assert!(v.is_finite());
        }
    }
}
