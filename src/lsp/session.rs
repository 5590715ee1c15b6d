//! The session: open documents, the loaded projects, and the dispatch of every message.
//!
//! [`Session::handle`] takes one message and returns the messages to send; it never blocks, reads
//! or writes anything but the workspace files it loads, so it can be driven by the stdio loop, by
//! tests or by a fuzzer. Changes are checked after a quiet moment ([`Session::flush`], called by
//! the loop), or at once when a request needs the current state.

use std::collections::{HashMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::time::Instant;

use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{Notification as _, PublishDiagnostics};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions, Diagnostic,
    DiagnosticSeverity, InitializeResult, OneOf, PublishDiagnosticsParams, RenameOptions,
    ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, Url, WorkDoneProgressOptions,
};
use serde::de::DeserializeOwned;
use serde_json::Value as Json;

use super::diagnostics::{RuleDocs, diagnostic};
use super::project::{Project, key_of, uri_of};
use super::{code_action, completion, documents, hover, navigation, rename};
use crate::model::Date;
use crate::workspace::Overlay;
use crate::yaml::spanned::FileId;

/// An open document.
pub(crate) struct OpenDoc {
    pub(crate) text: String,
    pub(crate) version: i32,
    /// The file it is, for `file:` URIs.
    pub(crate) path: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Uninitialized,
    Running,
    ShutDown,
}

/// A language-server session.
pub struct Session {
    state: State,
    docs: HashMap<Url, OpenDoc>,
    projects: HashMap<PathBuf, Project>,
    dirty: HashSet<PathBuf>,
    changed_at: Option<Instant>,
    today: Date,
    rule_docs: RuleDocs,
    exit: Option<i32>,
}

/// A failed request: code and message.
pub(crate) type Failure = (ErrorCode, String);

impl Session {
    /// A session checking dates against `today`.
    pub fn new(today: Date) -> Session {
        Session {
            state: State::Uninitialized,
            docs: HashMap::new(),
            projects: HashMap::new(),
            dirty: HashSet::new(),
            changed_at: None,
            today,
            rule_docs: RuleDocs::default_folder(),
            exit: None,
        }
    }

    /// The exit code, once `exit` arrived (0 after `shutdown`, 1 without).
    pub fn exit_code(&self) -> Option<i32> {
        self.exit
    }

    /// When the oldest change not yet checked arrived.
    pub fn pending_since(&self) -> Option<Instant> {
        self.changed_at
    }

    /// Handles the JSON body of one message; `Err` carries why it is not a JSON-RPC message.
    pub fn handle_bytes(&mut self, body: &[u8]) -> Result<Vec<Message>, String> {
        let message: Message = serde_json::from_slice(body).map_err(|e| e.to_string())?;
        Ok(self.handle(message))
    }

    /// Handles one message and returns what to send back.
    pub fn handle(&mut self, message: Message) -> Vec<Message> {
        match message {
            Message::Request(request) => self.request(&request),
            Message::Notification(notification) => self.notification(&notification),
            Message::Response(_) => Vec::new(),
        }
    }

    fn request(&mut self, request: &Request) -> Vec<Message> {
        let id = request.id.clone();
        match (self.state, request.method.as_str()) {
            (State::Uninitialized, "initialize") => {
                let result = self.initialize(&request.params);
                self.state = State::Running;
                vec![ok(id, result)]
            }
            (State::Uninitialized, _) => vec![fail(
                id,
                ErrorCode::ServerNotInitialized,
                "the server is not initialized yet",
            )],
            (State::ShutDown, _) => vec![fail(
                id,
                ErrorCode::InvalidRequest,
                "the server is shutting down",
            )],
            (State::Running, "initialize") => vec![fail(
                id,
                ErrorCode::InvalidRequest,
                "the server is already initialized",
            )],
            (State::Running, "shutdown") => {
                self.state = State::ShutDown;
                vec![ok(id, Json::Null)]
            }
            (State::Running, _) => {
                let mut out = self.flush();
                let answer = catch_unwind(AssertUnwindSafe(|| self.answer(request)));
                out.push(match answer {
                    Ok(Ok(result)) => ok(id, result),
                    Ok(Err((code, message))) => fail(id, code, &message),
                    Err(_) => fail(
                        id,
                        ErrorCode::InternalError,
                        &format!("bcplan could not answer {}", request.method),
                    ),
                });
                out
            }
        }
    }

    fn answer(&self, request: &Request) -> Result<Json, Failure> {
        let result = match request.method.as_str() {
            "textDocument/hover" => {
                let p: lsp_types::HoverParams = params(request)?;
                let at = &p.text_document_position_params;
                self.at(&at.text_document.uri, |project, file| {
                    to_json(hover::hover(project, file, at.position))
                })
            }
            "textDocument/definition" => {
                let p: lsp_types::GotoDefinitionParams = params(request)?;
                let at = &p.text_document_position_params;
                self.at(&at.text_document.uri, |project, file| {
                    to_json(navigation::definition(project, file, at.position))
                })
            }
            "textDocument/references" => {
                let p: lsp_types::ReferenceParams = params(request)?;
                let at = &p.text_document_position;
                self.at(&at.text_document.uri, |project, file| {
                    to_json(navigation::references(
                        project,
                        file,
                        at.position,
                        p.context.include_declaration,
                    ))
                })
            }
            "textDocument/completion" => {
                let p: lsp_types::CompletionParams = params(request)?;
                let at = &p.text_document_position;
                let Some(doc) = self.docs.get(&at.text_document.uri) else {
                    return Ok(Json::Null);
                };
                let project = doc
                    .path
                    .as_ref()
                    .and_then(|path| self.projects.get(&key_of(path)).map(|p| (p, path)));
                let project = project.and_then(|(p, path)| Some((p, p.file_id(path)?)));
                to_json(completion::complete(project, &doc.text, at.position))
            }
            "textDocument/prepareRename" => {
                let p: lsp_types::TextDocumentPositionParams = params(request)?;
                self.at(&p.text_document.uri, |project, file| {
                    to_json(rename::prepare(project, file, p.position))
                })
            }
            "textDocument/rename" => {
                let p: lsp_types::RenameParams = params(request)?;
                let at = &p.text_document_position;
                match self.locate(&at.text_document.uri) {
                    Some((project, file)) => {
                        let edit = rename::rename(project, file, at.position, &p.new_name)
                            .map_err(|message| (ErrorCode::InvalidParams, message))?;
                        to_json(edit)
                    }
                    None => Json::Null,
                }
            }
            "textDocument/codeAction" => {
                let p: lsp_types::CodeActionParams = params(request)?;
                self.at(&p.text_document.uri, |project, file| {
                    to_json(code_action::actions(project, file, p.range, self.today))
                })
            }
            method => {
                return Err((
                    ErrorCode::MethodNotFound,
                    format!("bcplan lsp does not handle {method}"),
                ));
            }
        };
        Ok(result)
    }

    /// Runs `f` on the project and file of `uri`; `null` when the file is not in a loaded project.
    fn at(&self, uri: &Url, f: impl FnOnce(&Project, FileId) -> Json) -> Json {
        self.locate(uri)
            .map_or(Json::Null, |(project, file)| f(project, file))
    }

    /// The loaded project and file of `uri`.
    fn locate(&self, uri: &Url) -> Option<(&Project, FileId)> {
        let path = uri.to_file_path().ok()?;
        let project = self.projects.get(&key_of(&path))?;
        Some((project, project.file_id(&path)?))
    }

    fn initialize(&mut self, params: &Json) -> Json {
        if let Some(options) = params.get("initializationOptions") {
            match options.get("ruleDocs") {
                Some(Json::String(template)) if !template.is_empty() => {
                    self.rule_docs = RuleDocs::Template(template.clone());
                }
                Some(Json::Bool(false)) => self.rule_docs = RuleDocs::None,
                _ => {}
            }
        }
        let capabilities = ServerCapabilities {
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::FULL),
                    ..TextDocumentSyncOptions::default()
                },
            )),
            hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
            definition_provider: Some(OneOf::Left(true)),
            references_provider: Some(OneOf::Left(true)),
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some(
                    [":", " ", "-", "/", "{", "[", ","]
                        .map(str::to_owned)
                        .to_vec(),
                ),
                ..CompletionOptions::default()
            }),
            rename_provider: Some(OneOf::Right(RenameOptions {
                prepare_provider: Some(true),
                work_done_progress_options: WorkDoneProgressOptions::default(),
            })),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                ..CodeActionOptions::default()
            })),
            ..ServerCapabilities::default()
        };
        to_json(InitializeResult {
            capabilities,
            server_info: Some(ServerInfo {
                name: "bcplan".to_owned(),
                version: Some(env!("CARGO_PKG_VERSION").to_owned()),
            }),
        })
    }

    fn notification(&mut self, notification: &Notification) -> Vec<Message> {
        if notification.method == "exit" {
            self.exit = Some(i32::from(self.state != State::ShutDown));
            return Vec::new();
        }
        if self.state != State::Running {
            return Vec::new();
        }
        let mut out = Vec::new();
        let changed = match notification.method.as_str() {
            "textDocument/didOpen" => documents::open(&mut self.docs, &notification.params),
            "textDocument/didChange" => documents::change(&mut self.docs, &notification.params),
            "textDocument/didClose" => {
                let closed = documents::close(&mut self.docs, &notification.params);
                if let Some((uri, _)) = &closed {
                    out.push(publish(uri.clone(), Vec::new(), None));
                }
                closed.and_then(|(_, path)| path)
            }
            "textDocument/didSave" | "workspace/didChangeWatchedFiles" => {
                // Files changed on disk: every project may see them.
                self.dirty.extend(self.projects.keys().cloned());
                self.changed_at.get_or_insert_with(Instant::now);
                None
            }
            _ => None,
        };
        if let Some(path) = changed {
            self.dirty.insert(key_of(&path));
            self.changed_at.get_or_insert_with(Instant::now);
        }
        out
    }

    /// Checks every project with unchecked changes and publishes the diagnostics of its open files.
    pub fn flush(&mut self) -> Vec<Message> {
        self.changed_at = None;
        if self.dirty.is_empty() {
            return Vec::new();
        }
        let mut overlay = Overlay::default();
        for doc in self.docs.values() {
            if let Some(path) = &doc.path {
                overlay.insert(path, doc.text.clone());
            }
        }
        let mut out = Vec::new();
        let mut dirty: Vec<PathBuf> = self.dirty.drain().collect();
        dirty.sort();
        let open: HashSet<PathBuf> = self
            .docs
            .values()
            .filter_map(|d| d.path.as_ref().map(|p| key_of(p)))
            .collect();
        for key in dirty {
            if !open.contains(&key) {
                self.projects.remove(&key);
                continue;
            }
            let today = self.today;
            let project = self
                .projects
                .entry(key.clone())
                .or_insert_with(|| Project::new(key.clone()));
            let reloaded = catch_unwind(AssertUnwindSafe(|| project.reload(&overlay, today)));
            if reloaded.is_err() {
                project.error = Some("bcplan could not check this workspace".to_owned());
            }
            out.extend(self.publish(&key));
        }
        out
    }

    /// The diagnostics of every open document of project `key`.
    fn publish(&self, key: &PathBuf) -> Vec<Message> {
        let Some(project) = self.projects.get(key) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut uris: Vec<&Url> = self.docs.keys().collect();
        uris.sort();
        for uri in uris {
            let doc = &self.docs[uri];
            let Some(path) = doc.path.as_ref().filter(|p| key_of(p) == *key) else {
                continue;
            };
            let diagnostics = if let Some(error) = &project.error {
                vec![Diagnostic {
                    severity: Some(DiagnosticSeverity::ERROR),
                    source: Some("bcplan".to_owned()),
                    message: format!("bcplan cannot load this workspace: {error}"),
                    ..Diagnostic::default()
                }]
            } else if project.key == *path && !doc.text.contains("bcplan/") {
                // A YAML file outside any workspace that is not a bcplan document.
                Vec::new()
            } else {
                project.file_id(path).map_or_else(Vec::new, |file| {
                    project
                        .findings
                        .iter()
                        .filter(|f| f.span.file == file)
                        .map(|f| diagnostic(f, &project.ws, &uri_of, &self.rule_docs))
                        .collect()
                })
            };
            out.push(publish(uri.clone(), diagnostics, Some(doc.version)));
        }
        out
    }
}

fn publish(uri: Url, diagnostics: Vec<Diagnostic>, version: Option<i32>) -> Message {
    Message::Notification(Notification::new(
        PublishDiagnostics::METHOD.to_owned(),
        PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        },
    ))
}

fn params<P: DeserializeOwned>(request: &Request) -> Result<P, Failure> {
    serde_json::from_value(request.params.clone()).map_err(|e| {
        (
            ErrorCode::InvalidParams,
            format!("invalid parameters for {}: {e}", request.method),
        )
    })
}

fn to_json<T: serde::Serialize>(value: T) -> Json {
    serde_json::to_value(value).unwrap_or(Json::Null)
}

fn ok(id: RequestId, result: Json) -> Message {
    Message::Response(Response::new_ok(id, result))
}

fn fail(id: RequestId, code: ErrorCode, message: &str) -> Message {
    Message::Response(Response::new_err(id, code as i32, message.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Garbage, truncated messages and messages of the wrong shape never panic and always get an
    /// answer when they are requests.
    #[test]
    fn any_bytes_are_handled() {
        let mut session = Session::new(Date::today());
        let init =
            br#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#;
        assert!(matches!(
            session.handle_bytes(init).as_deref(),
            Ok([Message::Response(_)])
        ));
        let open = br#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///nowhere/x.yaml","languageId":"yaml","version":1,"text":"kind: Plan\nowner: { ["}}}"#;
        let hover = br#"{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///nowhere/x.yaml"},"position":{"line":1,"character":9}}}"#;
        let mut seed: u32 = 7;
        for message in [&open[..], &hover[..], init] {
            for end in 0..message.len() {
                let _ = session.handle_bytes(&message[..end]);
                let mut bytes = message.to_vec();
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                let at = (seed as usize) % bytes.len();
                bytes[at] = seed.to_le_bytes()[2];
                let _ = session.handle_bytes(&bytes);
            }
        }
        session.flush();
        let replies = session.handle_bytes(hover).unwrap();
        assert!(matches!(replies.last(), Some(Message::Response(r)) if r.id == 2.into()));
    }
}
