//! Unit mistakes must not compile. Each file in tests/ui is a program that
//! rustc must reject, with the error recorded beside it.

#[test]
fn unit_mistakes_do_not_compile() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
