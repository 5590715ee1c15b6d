//! The JSON Schema as a real editor reads it: yaml-language-server (the server behind VS Code's
//! YAML extension, and Neovim's, Helix's and Zed's YAML support) driven over stdio with the
//! output of `bcplan schema`. Completion at the top of a document of every kind offers the
//! kind's fields, hover shows a field's own description (not its type's), enumerations are
//! completed with each value's description, and the `yaml.schemas` setting covers every
//! document of a file.
//!
//! `.ci/run` installs the server (`npm install --prefix .ci/node yaml-language-server`). Without
//! it these tests print a note and pass, unless `BCPLAN_REQUIRE_YAMLLS=1` says it must be there.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value as Json, json};

const KINDS: [&str; 9] = [
    "Workspace",
    "Plan",
    "People",
    "Sites",
    "Suppliers",
    "Materials",
    "Systems",
    "Lanes",
    "Scenarios",
];

/// How long one request may take (the first loads the schema).
const LIMIT: Duration = Duration::from_secs(60);

/// The command that starts the server: `BCPLAN_YAMLLS`, the copy `.ci/run` installs, or one
/// on `PATH`.
fn server_command() -> Option<Command> {
    if let Ok(path) = std::env::var("BCPLAN_YAMLLS") {
        return Some(Command::new(path));
    }
    let installed = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(".ci/node/node_modules/yaml-language-server/bin/yaml-language-server");
    if installed.is_file() {
        let mut command = Command::new("node");
        command.arg(installed);
        return Some(command);
    }
    let on_path = Command::new("yaml-language-server")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    on_path.then(|| Command::new("yaml-language-server"))
}

/// A running yaml-language-server with the `yaml` settings it is given.
struct Server {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Json>,
    settings: Json,
    next_id: i64,
}

impl Server {
    /// Starts and initialises the server, or says why the test is skipped.
    fn start(settings: Json) -> Option<Server> {
        let Some(mut command) = server_command() else {
            assert!(
                std::env::var("BCPLAN_REQUIRE_YAMLLS").as_deref() != Ok("1"),
                "yaml-language-server is required (BCPLAN_REQUIRE_YAMLLS=1) but was not found"
            );
            eprintln!(
                "note: yaml-language-server not found; test skipped \
                 (set BCPLAN_REQUIRE_YAMLLS=1 to make this a failure)"
            );
            return None;
        };
        let mut child = command
            .arg("--stdio")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("yaml-language-server starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        let mut server = Server {
            child,
            stdin,
            messages,
            settings,
            next_id: 0,
        };
        server.request(
            "initialize",
            &json!({
                "processId": null,
                "rootUri": null,
                "capabilities": {
                    "workspace": { "configuration": true },
                    "textDocument": {
                        "hover": { "contentFormat": ["markdown", "plaintext"] },
                        "completion": { "completionItem": {
                            "snippetSupport": true,
                            "documentationFormat": ["markdown", "plaintext"],
                        } },
                    },
                },
            }),
        );
        server.notify("initialized", &json!({}));
        // No schema store: it would be fetched from the network.
        server.settings["schemaStore"] = json!({ "enable": false });
        let settings = json!({ "yaml": server.settings });
        server.notify(
            "workspace/didChangeConfiguration",
            &json!({ "settings": settings }),
        );
        // The server pulls its settings with `workspace/configuration` and applies them
        // asynchronously; a code lens request waits until they are applied.
        let probe = json!({ "textDocument": { "uri": "file:///probe.yaml" } });
        server.request("textDocument/codeLens", &probe);
        Some(server)
    }

    fn send(&mut self, message: &Json) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: &Json) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns its result, answering the server's own requests meanwhile
    /// (`workspace/configuration` with the settings, anything else with null).
    fn request(&mut self, method: &str, params: &Json) -> Json {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        let deadline = Instant::now() + LIMIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let message = match self.messages.recv_timeout(left) {
                Ok(message) => message,
                Err(RecvTimeoutError::Timeout) => panic!("no answer to {method} in {LIMIT:?}"),
                Err(RecvTimeoutError::Disconnected) => panic!("the server stopped during {method}"),
            };
            if let (Some(their_id), Some(their_method)) = (message.get("id"), message.get("method"))
            {
                let result = if their_method == "workspace/configuration" {
                    let items = message["params"]["items"].as_array().map_or(0, Vec::len);
                    Json::Array(vec![self.settings.clone(); items])
                } else {
                    Json::Null
                };
                let reply = json!({ "jsonrpc": "2.0", "id": their_id, "result": result });
                self.send(&reply);
            } else if message.get("id") == Some(&json!(id)) {
                assert!(message.get("error").is_none(), "{method}: {message}");
                return message["result"].clone();
            }
        }
    }

    fn open(&mut self, path: &Path, text: &str) -> String {
        let uri = file_uri(path);
        self.notify(
            "textDocument/didOpen",
            &json!({ "textDocument": { "uri": uri, "languageId": "yaml", "version": 1, "text": text } }),
        );
        uri
    }

    fn at(&mut self, method: &str, uri: &str, line: usize, character: usize) -> Json {
        self.request(
            method,
            &json!({
                "textDocument": { "uri": uri },
                "position": { "line": line, "character": character },
            }),
        )
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn read_message(reader: &mut impl BufRead) -> Option<Json> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length:") {
            length = value.trim().parse().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// Writes `bcplan schema ARGS` into `dir` and returns its path.
fn write_schema(dir: &Path, name: &str, args: &[&str]) -> PathBuf {
    let mut all = vec!["schema"];
    all.extend_from_slice(args);
    let run = common::bcplan(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = dir.join(name);
    std::fs::write(&path, run.stdout).unwrap();
    path
}

fn schema_of(kind: &str) -> Json {
    let run = common::bcplan(&["schema", "--kind", kind]);
    serde_json::from_str(&run.stdout).unwrap()
}

fn labels(completion: &Json) -> Vec<String> {
    let items = completion
        .get("items")
        .unwrap_or(completion)
        .as_array()
        .cloned()
        .unwrap_or_default();
    items
        .iter()
        .filter_map(|i| i["label"].as_str().map(str::to_owned))
        .collect()
}

fn hover_text(hover: &Json) -> String {
    let contents = &hover["contents"];
    contents["value"]
        .as_str()
        .or_else(|| contents.as_str())
        .unwrap_or_default()
        .replace('\\', "")
}

#[test]
fn completion_at_the_top_of_every_kind_offers_its_fields() {
    let dir = tempfile::tempdir().unwrap();
    let schema = write_schema(dir.path(), "bcplan.schema.json", &[]);
    let Some(mut server) = Server::start(json!({ "validate": true, "completion": true })) else {
        return;
    };
    for kind in KINDS {
        // A required field after `kind` (the register's list, a plan's id), or any field.
        let own = schema_of(kind);
        let required: Vec<&str> = own["required"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Json::as_str)
            .filter(|f| !["apiVersion", "kind"].contains(f))
            .collect();
        let expected = required.first().copied().unwrap_or_else(|| {
            own["properties"]
                .as_object()
                .unwrap()
                .keys()
                .find(|k| !["apiVersion", "kind"].contains(&k.as_str()))
                .unwrap()
        });
        let text = format!(
            "# yaml-language-server: $schema={}\napiVersion: bcplan/v1\nkind: {kind}\n\n",
            file_uri(&schema)
        );
        let uri = server.open(&dir.path().join(format!("{kind}.yaml")), &text);
        let found = labels(&server.at("textDocument/completion", &uri, 3, 0));
        assert!(
            found.iter().any(|l| l == expected),
            "{kind}: completion at the top offers {found:?}, not `{expected}`"
        );
    }
}

#[test]
fn hover_shows_the_field_s_own_description() {
    let dir = tempfile::tempdir().unwrap();
    let schema = write_schema(dir.path(), "bcplan.schema.json", &[]);
    let Some(mut server) = Server::start(json!({ "validate": true, "hover": true })) else {
        return;
    };
    let systems = schema_of("Systems");
    let plan = schema_of("Plan");
    let cases = [
        (
            "Systems",
            "systems:\n  - id: mes\n    name: MES\n    rto: 4h\n",
            6,
            systems["$defs"]["System"]["properties"]["rto"]["description"].clone(),
        ),
        (
            "Plan",
            "id: p\ntitle: P\nstatus: draft\nactivities:\n  - id: a\n    name: A\n    rto: 4h\n",
            9,
            plan["$defs"]["Activity"]["properties"]["rto"]["description"].clone(),
        ),
        (
            "Plan",
            "id: p\ntitle: P\nstatus: draft\n",
            5,
            plan["properties"]["status"]["description"].clone(),
        ),
    ];
    for (i, (kind, body, line, expected)) in cases.into_iter().enumerate() {
        let expected = expected.as_str().expect("the field has a description");
        let text = format!(
            "# yaml-language-server: $schema={}\napiVersion: bcplan/v1\nkind: {kind}\n{body}",
            file_uri(&schema)
        );
        let key_column = text
            .lines()
            .nth(line)
            .unwrap()
            .find(|c: char| c.is_alphabetic());
        let uri = server.open(&dir.path().join(format!("hover{i}.yaml")), &text);
        let shown =
            hover_text(&server.at("textDocument/hover", &uri, line, key_column.unwrap() + 1));
        // The first paragraph after the title is the field's own text: not the shared type's,
        // nor one of the enumeration's values.
        assert_eq!(
            shown.split("\n\n").nth(1),
            Some(expected),
            "{kind} line {line}: hover shows {shown:?}"
        );
    }
}

#[test]
fn enumerations_complete_with_each_value_s_description() {
    let dir = tempfile::tempdir().unwrap();
    let schema = write_schema(dir.path(), "plan.schema.json", &["--kind", "Plan"]);
    let Some(mut server) = Server::start(json!({ "completion": true })) else {
        return;
    };
    let text = format!(
        "# yaml-language-server: $schema={}\napiVersion: bcplan/v1\nkind: Plan\nid: p\ntitle: P\nstatus: \n",
        file_uri(&schema)
    );
    let uri = server.open(&dir.path().join("plan.yaml"), &text);
    let completion = server.at("textDocument/completion", &uri, 5, 8);
    let items = completion["items"].as_array().cloned().unwrap_or_default();
    let approved = items
        .iter()
        .find(|i| i["label"] == "approved")
        .unwrap_or_else(|| panic!("no `approved` in {completion}"));
    let documentation = approved["documentation"]["value"]
        .as_str()
        .or_else(|| approved["documentation"].as_str())
        .unwrap_or_default();
    assert!(
        documentation.contains("Approved and in force."),
        "{approved}"
    );
}

#[test]
fn the_yaml_schemas_setting_covers_every_document_of_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let schema = write_schema(dir.path(), "bcplan.schema.json", &[]);
    let registers = dir.path().join("registers.yaml");
    let settings = json!({
        "completion": true,
        "schemas": { file_uri(&schema): [registers.display().to_string()] },
    });
    let Some(mut server) = Server::start(settings) else {
        return;
    };
    let text = "apiVersion: bcplan/v1\nkind: People\npeople: []\n---\napiVersion: bcplan/v1\nkind: Sites\n\n";
    let uri = server.open(&registers, text);
    let found = labels(&server.at("textDocument/completion", &uri, 6, 0));
    assert!(found.iter().any(|l| l == "sites"), "{found:?}");
}

#[test]
fn a_modeline_covers_the_document_it_is_in() {
    let dir = tempfile::tempdir().unwrap();
    let schema = write_schema(dir.path(), "bcplan.schema.json", &[]);
    let Some(mut server) = Server::start(json!({ "completion": true })) else {
        return;
    };
    let modeline = format!("# yaml-language-server: $schema={}\n", file_uri(&schema));
    let first = format!("{modeline}apiVersion: bcplan/v1\nkind: People\npeople: []\n---\n");
    let second = "apiVersion: bcplan/v1\nkind: Sites\n\n";
    // Without a modeline of its own, the second document has no schema.
    let once = server.open(&dir.path().join("once.yaml"), &format!("{first}{second}"));
    assert_eq!(
        labels(&server.at("textDocument/completion", &once, 7, 0)),
        Vec::<String>::new()
    );
    // Repeated after `---`, it has.
    let twice = server.open(
        &dir.path().join("twice.yaml"),
        &format!("{first}{modeline}{second}"),
    );
    let found = labels(&server.at("textDocument/completion", &twice, 8, 0));
    assert!(found.iter().any(|l| l == "sites"), "{found:?}");
}
