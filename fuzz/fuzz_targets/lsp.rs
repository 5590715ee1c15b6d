//! Fuzz target `lsp`: see `bcplan_fuzz::lsp`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| bcplan_fuzz::lsp(data));
