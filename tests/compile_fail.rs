//! Programs rustc must reject, with the error recorded beside each.
//!
//! * `tests/ui`: unit mistakes (a length where a conductance belongs).
//! * `tests/internals`: engine internals that the facade once exported and
//!   no longer does (`neuroinit::alloc`, `fill_region`, `check`,
//!   `euclidean`, the benchmark `workloads`).

#[test]
fn unit_mistakes_do_not_compile() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}

#[test]
fn engine_internals_are_not_reachable_from_the_facade() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/internals/*.rs");
}
