//! The Python reader used by the file-format tests exists and has numpy
//! and scipy.

#[test]
fn python_has_numpy_and_scipy() {
    let out = init_testkit::run_python("import numpy, scipy.sparse; print(numpy.arange(3).sum())");
    assert_eq!(out.trim(), "3");
}
