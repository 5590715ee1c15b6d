//! The stdio transport: `Content-Length` framing, a reader thread, and the loop that feeds the
//! session, checks changes after a quiet moment and writes replies. Logs go to standard error only.
//!
//! Framing is read here rather than by `lsp-server`'s connection so that a malformed message gets a
//! JSON-RPC parse error and the server reads on, instead of ending.

use std::io::{BufRead, BufReader, Read, Write};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use super::session::Session;
use crate::model::Date;

/// How long edits must pause before the workspace is checked again.
const DEBOUNCE: Duration = Duration::from_millis(150);

/// The largest message read (larger ones are skipped with an error).
const MAX_MESSAGE: usize = 64 << 20;

enum Incoming {
    Body(Vec<u8>),
    Bad(String),
}

/// Serves the language server protocol on stdin/stdout until `exit` or the end of input; returns
/// the exit code (0 after `shutdown` then `exit`).
pub fn run(today: Date) -> i32 {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let mut input = BufReader::new(std::io::stdin().lock());
        loop {
            match read(&mut input) {
                Ok(Some(incoming)) => {
                    if sender.send(incoming).is_err() {
                        return;
                    }
                }
                Ok(None) => return,
                Err(error) => {
                    eprintln!("bcplan lsp: cannot read standard input: {error}");
                    return;
                }
            }
        }
    });
    let mut session = Session::new(today);
    let mut output = std::io::stdout().lock();
    loop {
        let incoming = match session.pending_since() {
            Some(since) => receiver.recv_timeout(DEBOUNCE.saturating_sub(since.elapsed())),
            None => receiver.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        let replies = match incoming {
            Err(RecvTimeoutError::Timeout) => session.flush(),
            Err(RecvTimeoutError::Disconnected) => {
                eprintln!("bcplan lsp: standard input closed without `exit`");
                return 1;
            }
            Ok(Incoming::Bad(why)) => {
                eprintln!("bcplan lsp: {why}");
                write_raw(&mut output, &parse_error(&why));
                Vec::new()
            }
            Ok(Incoming::Body(body)) => match session.handle_bytes(&body) {
                Ok(replies) => replies,
                Err(why) => {
                    eprintln!("bcplan lsp: ignoring a message that is not JSON-RPC: {why}");
                    write_raw(&mut output, &parse_error(&why));
                    Vec::new()
                }
            },
        };
        for reply in replies {
            if let Err(error) = reply.write(&mut output) {
                eprintln!("bcplan lsp: cannot write to standard output: {error}");
                return 1;
            }
        }
        if let Some(code) = session.exit_code() {
            return code;
        }
    }
}

fn parse_error(why: &str) -> String {
    serde_json::json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": { "code": -32700, "message": format!("parse error: {why}") },
    })
    .to_string()
}

fn write_raw(output: &mut impl Write, text: &str) {
    let _ = write!(output, "Content-Length: {}\r\n\r\n{text}", text.len());
    let _ = output.flush();
}

/// Reads one framed message; `None` at the end of input.
fn read(input: &mut impl BufRead) -> std::io::Result<Option<Incoming>> {
    let mut length: Option<usize> = None;
    let mut bad_header = None;
    let mut saw_header = false;
    loop {
        let mut line = String::new();
        let mut raw = Vec::new();
        if input.read_until(b'\n', &mut raw)? == 0 {
            return Ok(None);
        }
        if raw.len() > 8192 {
            bad_header = Some("a header line longer than 8 KiB".to_owned());
            continue;
        }
        line.push_str(&String::from_utf8_lossy(&raw));
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if saw_header {
                break;
            }
            continue;
        }
        saw_header = true;
        match line.split_once(':') {
            Some((name, value)) if name.eq_ignore_ascii_case("content-length") => {
                match value.trim().parse() {
                    Ok(n) => length = Some(n),
                    Err(_) => {
                        bad_header = Some(format!("invalid Content-Length `{}`", value.trim()));
                    }
                }
            }
            Some(_) => {}
            None => bad_header = Some(format!("invalid header line `{line}`")),
        }
    }
    let Some(length) = length else {
        return Ok(Some(Incoming::Bad(bad_header.unwrap_or_else(|| {
            "a message without Content-Length".to_owned()
        }))));
    };
    if length > MAX_MESSAGE {
        std::io::copy(&mut input.take(length as u64), &mut std::io::sink())?;
        return Ok(Some(Incoming::Bad(format!(
            "a message of {length} bytes is larger than the {MAX_MESSAGE} bytes read"
        ))));
    }
    let mut body = vec![0; length];
    match input.read_exact(&mut body) {
        Ok(()) => Ok(Some(Incoming::Body(body))),
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Ok(None),
        Err(e) => Err(e),
    }
}
