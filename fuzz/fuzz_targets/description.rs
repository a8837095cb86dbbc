//! The network description parser on arbitrary text: a network, or an
//! error with a line and column inside the text, never a panic. Networks
//! small enough to build quickly are generated too, so that what the
//! parser accepts is also what the builder accepts.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match init_description::parse(text, "fuzz.toml") {
        Ok(d) => {
            let net = d.network();
            if net.neurons() <= 2000 {
                // Generated with a memory limit (the description may ask
                // for many synapses): Ok, or a typed error.
                let _ = net.generate_count(1);
            }
        }
        Err(e) => {
            let lines = text.lines().count().max(1);
            assert!(
                e.line() >= 1 && e.line() <= lines + 1,
                "line {} of {lines}: {e}",
                e.line()
            );
            assert!(e.column() >= 1, "{e}");
            let _ = e.to_string();
        }
    }
});
