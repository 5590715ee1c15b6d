//! Fuzz target `markdown`: see `bcplan_fuzz::markdown`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| bcplan_fuzz::markdown(data));
