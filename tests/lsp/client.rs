//! A minimal LSP client for tests: spawns `bcplan lsp`, frames JSON-RPC over its stdio, keeps
//! every notification it receives, and fails on anything on stdout that is not a framed message.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub(crate) struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    pub(crate) notifications: Vec<Value>,
    next_id: i64,
    pub(crate) root: PathBuf,
}

const WAIT: Duration = Duration::from_secs(30);

pub(crate) fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

impl Client {
    /// Starts the server in `root` (not yet initialized).
    pub(crate) fn spawn(root: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_bcplan"))
            .arg("lsp")
            .current_dir(root)
            .env("BCPLAN_TODAY", "2026-06-01")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("bcplan lsp starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    let (name, value) = line.split_once(": ").unwrap_or_else(|| {
                        panic!("stdout holds something that is not a header: {line:?}")
                    });
                    assert_eq!(name, "Content-Length", "unexpected header {line:?}");
                    length = Some(value.parse::<usize>().unwrap());
                }
                let mut body = vec![0; length.expect("a Content-Length header")];
                reader.read_exact(&mut body).unwrap();
                let value: Value = serde_json::from_slice(&body).expect("a JSON message");
                assert_eq!(value["jsonrpc"], "2.0");
                if sender.send(value).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            incoming,
            notifications: Vec::new(),
            next_id: 1,
            root: root.to_path_buf(),
        }
    }

    /// Starts and initializes the server for the workspace at `root`.
    pub(crate) fn start(root: &Path) -> Client {
        let mut client = Client::spawn(root);
        let result = client.request(
            "initialize",
            json!({ "processId": null, "rootUri": uri(root), "capabilities": {} }),
        );
        assert!(
            result["result"]["capabilities"]["hoverProvider"] == true,
            "{result}"
        );
        client.notify("initialized", json!({}));
        client
    }

    pub(crate) fn send_raw(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).unwrap();
        self.stdin.flush().unwrap();
    }

    pub(crate) fn send(&mut self, message: &Value) {
        let body = message.to_string();
        self.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    pub(crate) fn notify(&mut self, method: &str, params: Value) {
        let mut message = json!({ "jsonrpc": "2.0", "method": method });
        message["params"] = params;
        self.send(&message);
    }

    /// The next message for which `wanted` holds (others are kept as notifications).
    pub(crate) fn wait_for(&mut self, what: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + WAIT;
        if let Some(i) = self.notifications.iter().position(&wanted) {
            return self.notifications.remove(i);
        }
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let message = self
                .incoming
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no {what} within {WAIT:?}"));
            if wanted(&message) {
                return message;
            }
            if message.get("method").is_some() && message.get("id").is_none() {
                self.notifications.push(message);
            }
        }
    }

    /// Sends a request and returns the whole response (with `result` or `error`).
    pub(crate) fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let mut message = json!({ "jsonrpc": "2.0", "id": id, "method": method });
        message["params"] = params;
        self.send(&message);
        self.wait_for(&format!("response to {method}"), |m| {
            m.get("id") == Some(&json!(id)) && m.get("method").is_none()
        })
    }

    /// The result of a request, failing on an error.
    pub(crate) fn call(&mut self, method: &str, params: Value) -> Value {
        let response = self.request(method, params);
        assert!(
            response.get("error").is_none(),
            "{method} failed: {response}"
        );
        response["result"].clone()
    }

    pub(crate) fn open(&mut self, path: &Path, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri(path), "languageId": "yaml", "version": 1, "text": text } }),
        );
    }

    pub(crate) fn change(&mut self, path: &Path, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri(path), "version": version }, "contentChanges": [{ "text": text }] }),
        );
    }

    /// The next diagnostics published for `path` (dropping older ones already received).
    pub(crate) fn diagnostics(&mut self, path: &Path) -> Vec<Value> {
        let uri = uri(path);
        let is_for = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri.as_str()
        };
        let message = self.wait_for("diagnostics", is_for);
        message["params"]["diagnostics"].as_array().unwrap().clone()
    }

    /// The last diagnostics for `path` received so far (after waiting for a later message).
    pub(crate) fn latest_diagnostics(&mut self, path: &Path) -> Vec<Value> {
        // A request is answered after every pending check has published.
        self.call("textDocument/hover", json!({ "textDocument": { "uri": "file:///nowhere.yaml" }, "position": { "line": 0, "character": 0 } }));
        let uri = uri(path);
        let i = self
            .notifications
            .iter()
            .rposition(|m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == uri.as_str()
            })
            .unwrap_or_else(|| panic!("no diagnostics for {uri} yet"));
        let message = self.notifications.remove(i);
        self.notifications
            .retain(|m| m["params"]["uri"] != uri.as_str());
        message["params"]["diagnostics"].as_array().unwrap().clone()
    }

    /// Diagnostics for `path` published with document version `version`.
    pub(crate) fn diagnostics_of_version(&mut self, path: &Path, version: i32) -> Vec<Value> {
        let uri = uri(path);
        let message = self.wait_for("diagnostics of the version", |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri.as_str()
                && m["params"]["version"] == version
        });
        message["params"]["diagnostics"].as_array().unwrap().clone()
    }

    #[allow(clippy::unused_self)] // Reads as `client.at(...)` next to the requests.
    pub(crate) fn at(&self, path: &Path, line: u32, character: u32) -> Value {
        json!({ "textDocument": { "uri": uri(path) }, "position": { "line": line, "character": character } })
    }

    /// `shutdown` then `exit`; returns the exit code.
    pub(crate) fn stop(mut self) -> i32 {
        let response = self.request("shutdown", Value::Null);
        assert!(response.get("error").is_none(), "{response}");
        self.notify("exit", Value::Null);
        self.wait_exit()
    }

    pub(crate) fn wait_exit(mut self) -> i32 {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().unwrap_or(-1);
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}
