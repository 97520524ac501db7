//! Fuzz target: see `herald_fuzz::statuspage` for what must hold.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| herald_fuzz::statuspage(data));
