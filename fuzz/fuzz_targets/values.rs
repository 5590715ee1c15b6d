//! Fuzz target `values`: see `bcplan_fuzz::values`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| bcplan_fuzz::values(data));
