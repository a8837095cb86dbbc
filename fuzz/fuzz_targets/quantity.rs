//! The unit-string parser on arbitrary text: a kind and a finite SI value,
//! or a typed error whose message can be printed, never a panic.
#![no_main]

use init_description::parse_quantity;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match parse_quantity(text) {
        Ok((kind, si)) => {
            assert!(si.is_finite(), "{text:?} gave {si} ({kind:?})");
            let _ = kind.described();
        }
        Err(e) => {
            let _ = format!("{e:?}");
        }
    }
});
