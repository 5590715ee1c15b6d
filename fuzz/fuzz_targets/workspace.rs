//! Fuzz target `workspace`: see `bcplan_fuzz::workspace`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| bcplan_fuzz::workspace(data));
