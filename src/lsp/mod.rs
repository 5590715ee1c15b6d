//! `bcplan lsp`: a language server over standard input and output.
//!
//! Like ruff's server: a [`Session`] holds the open documents and the last loaded workspace of each
//! project; one small module per request kind answers from it; `diagnostics` is the one place
//! findings become LSP diagnostics. `server` is the stdio transport around [`Session::handle`],
//! which takes and returns plain messages so the core can be driven without a process.

mod code_action;
mod completion;
mod diagnostics;
mod documents;
mod hover;
mod navigation;
mod outline;
mod project;
mod rename;
mod schema_nav;
mod server;
mod session;
mod symbols;
mod text;

pub use server::run;
pub use session::Session;
