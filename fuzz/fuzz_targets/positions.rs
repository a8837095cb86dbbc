//! The reader of position files (`layout = { type = "file" }`, an N × D
//! `.npy` of float64) on arbitrary bytes: positions, or an error naming
//! the file, never a panic and never an allocation the file cannot fill.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let path = std::env::temp_dir().join(format!("neuroinit-fuzz-{}.npy", std::process::id()));
    std::fs::write(&path, bytes).expect("the temporary directory is writable");
    let text = format!(
        r#"
[network]
weight_unit = "nS"

[[population]]
name = "a"
size = 3
layout = {{ type = "file", path = {path:?}, unit = "um" }}
"#,
        path = path.display().to_string()
    );
    match init_description::parse(&text, "fuzz.toml") {
        Ok(d) => assert_eq!(d.network().neurons(), 3),
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
