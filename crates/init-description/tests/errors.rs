//! Every kind of mistake in a description file is a typed error that
//! names the file, the line and column of the offending key or value, the
//! field, and what was expected.

use init_description::{ErrorKind, parse};

/// A small valid file; each test breaks one thing in it.
const GOOD: &str = r#"[network]
weight_unit = "nS"
seed = 1

[[population]]
name = "E"
size = 40
layout = { type = "uniform", lower = ["0 um", "0 um"], upper = ["100 um", "100 um"] }

[[population]]
name = "I"
size = 10

[[projection]]
pre = "E"
post = "I"
rule = "fixed_indegree"
indegree = 5
weights = { type = "normal", mean = "0.5 nS", std = "0.1 nS" }
delays = "1.5 ms"
"#;

/// `GOOD` with `from` replaced by `to` (which must occur once).
fn with(from: &str, to: &str) -> String {
    assert_eq!(GOOD.matches(from).count(), 1, "{from:?} must occur once");
    GOOD.replacen(from, to, 1)
}

/// The error of `text`, checked to be at `line:column` and of `kind`, its
/// message containing every one of `says`.
fn fails(text: &str, line: usize, column: usize, kind: ErrorKind, says: &[&str]) {
    let e = parse(text, "net.toml").expect_err("must be refused");
    assert_eq!((e.line(), e.column()), (line, column), "{e}");
    assert_eq!(e.kind(), &kind, "{e}");
    let shown = e.to_string();
    assert!(
        shown.starts_with(&format!("net.toml:{line}:{column}: ")),
        "{shown}"
    );
    for s in says {
        assert!(shown.contains(s), "{shown:?} does not say {s:?}");
    }
}

#[test]
fn the_good_file_builds() {
    let d = parse(GOOD, "net.toml").unwrap();
    assert_eq!(d.network().neurons(), 50);
    assert_eq!(d.network().generate_count(1).unwrap(), 50);
}

#[test]
fn not_toml() {
    fails(
        &with("size = 10", "size = = 10"),
        12,
        8,
        ErrorKind::Syntax,
        &["not valid TOML"],
    );
}

#[test]
fn unknown_field() {
    fails(
        &with("indegree = 5", "indegree = 5\nweigths = \"1 nS\""),
        19,
        1,
        ErrorKind::UnknownField {
            field: "weigths".into(),
        },
        &["unknown field `weigths`", "weights"],
    );
    // Inside a distribution, with the list of what the type takes.
    fails(
        &with("std = \"0.1 nS\"", "sd = \"0.1 nS\""),
        19,
        47,
        ErrorKind::UnknownField { field: "sd".into() },
        &["`sd`", "mean", "std"],
    );
}

#[test]
fn missing_field() {
    fails(
        &with("indegree = 5\n", ""),
        14,
        1,
        ErrorKind::MissingField {
            field: "indegree".into(),
        },
        &["needs the field `indegree`", "projection E -> I"],
    );
}

#[test]
fn wrong_unit_dimension() {
    // A length where a conductance belongs.
    fails(
        &with("mean = \"0.5 nS\"", "mean = \"0.5 um\""),
        19,
        37,
        ErrorKind::WrongUnit {
            field: "mean".into(),
        },
        &["`mean` must be a conductance", "found a length", "0.5 um"],
    );
    // A conductance where a time belongs.
    fails(
        &with("delays = \"1.5 ms\"", "delays = \"1.5 nS\""),
        20,
        10,
        ErrorKind::WrongUnit {
            field: "delays".into(),
        },
        &["must be a time", "found a conductance"],
    );
    // A bare number where a quantity belongs, and an unknown unit.
    fails(
        &with("\"100 um\", \"100 um\"", "100, \"100 um\""),
        8,
        65,
        ErrorKind::WrongUnit {
            field: "upper".into(),
        },
        &["a string with a unit"],
    );
    fails(
        &with("\"0.1 nS\"", "\"0.1 nSi\""),
        19,
        53,
        ErrorKind::WrongUnit {
            field: "std".into(),
        },
        &["unknown unit \"nSi\""],
    );
    // The weight unit must be one weights can have.
    fails(
        &with("weight_unit = \"nS\"", "weight_unit = \"ms\""),
        2,
        15,
        ErrorKind::WrongUnit {
            field: "weight_unit".into(),
        },
        &["conductance unit", "current unit"],
    );
}

#[test]
fn bad_number() {
    fails(
        &with("\"0.5 nS\"", "\"0.5.1 nS\""),
        19,
        37,
        ErrorKind::BadNumber {
            field: "mean".into(),
        },
        &["\"0.5.1\" is not a finite number"],
    );
    fails(
        &with("size = 10", "size = -10"),
        12,
        8,
        ErrorKind::BadNumber {
            field: "size".into(),
        },
        &["-10 is negative"],
    );
    fails(
        &with("indegree = 5", "indegree = nan"),
        18,
        12,
        ErrorKind::WrongType {
            field: "indegree".into(),
        },
        &["non-negative integer", "found a float"],
    );
}

#[test]
fn unknown_population() {
    fails(
        &with("post = \"I\"", "post = \"X\""),
        16,
        8,
        ErrorKind::UnknownPopulation { name: "X".into() },
        &[
            "`post` names no declared population: \"X\"",
            "declared: E, I",
        ],
    );
}

#[test]
fn duplicate_names() {
    fails(
        &with("name = \"I\"", "name = \"E\""),
        11,
        8,
        ErrorKind::DuplicateName { name: "E".into() },
        &["population \"E\" is already declared (line 6)"],
    );
    let twice = format!(
        "{GOOD}\n[[projection]]\npre = \"E\"\npost = \"I\"\nrule = \"all_to_all\"\nweights = \"1 nS\"\n"
    );
    fails(
        &twice,
        22,
        1,
        ErrorKind::DuplicateName {
            name: "E -> I".into(),
        },
        &["projection E -> I is already given (line 14)"],
    );
}

#[test]
fn wrong_types() {
    fails(
        &with("rule = \"fixed_indegree\"", "rule = 3"),
        17,
        8,
        ErrorKind::WrongType {
            field: "rule".into(),
        },
        &["`rule` must be a string, found an integer"],
    );
    fails(
        &with("seed = 1", "seed = \"1\""),
        3,
        8,
        ErrorKind::WrongType {
            field: "seed".into(),
        },
        &["non-negative integer", "found a string"],
    );
}

#[test]
fn values_the_model_refuses() {
    // A parameter a distribution refuses, placed at that parameter.
    fails(
        &with("\"0.1 nS\"", "\"-0.1 nS\""),
        19,
        53,
        ErrorKind::Invalid {
            field: "std".into(),
        },
        &["std", "-0.1 nS"],
    );
    // A probability outside [0, 1].
    fails(
        &with(
            "rule = \"fixed_indegree\"\nindegree = 5",
            "rule = \"pairwise_bernoulli\"\np = 1.5",
        ),
        18,
        5,
        ErrorKind::Invalid { field: "p".into() },
        &["probability"],
    );
    // More synapses than distinct pairs, found when the network is built:
    // placed at the projection's rule.
    fails(
        &with(
            "rule = \"fixed_indegree\"\nindegree = 5",
            "rule = \"fixed_total_number\"\nn = 401\nmultapses = false",
        ),
        17,
        8,
        ErrorKind::Invalid {
            field: "rule".into(),
        },
        &["E -> I", "401"],
    );
    // A parameter that does not belong to the rule.
    fails(
        &with("indegree = 5", "indegree = 5\np = 0.1"),
        19,
        1,
        ErrorKind::UnknownField { field: "p".into() },
        &["`p` does not belong to the rule fixed_indegree"],
    );
}
