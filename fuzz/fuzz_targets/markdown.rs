//! Fuzz target: see `herald_fuzz::markdown` for what must hold.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| herald_fuzz::markdown(data));
