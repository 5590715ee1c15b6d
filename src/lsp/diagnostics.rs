//! The one place findings become LSP diagnostics: range, severity (after `rules:` overrides, which
//! `rules::check` has applied), the rule name as code with a link to its documentation, related
//! places, and waived findings as hints.

use std::path::PathBuf;
use std::sync::Mutex;

use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, Url,
};

use super::text::token_range;
use crate::diagnostics::{Finding, Severity};
use crate::rules::find;
use crate::workspace::Workspace;

/// The rule documentation files checked and written by this process (each once).
static WRITTEN: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Where a rule's documentation is linked from a diagnostic.
#[derive(Clone, Debug)]
pub(crate) enum RuleDocs {
    /// A URL with `{rule}` standing for the rule name (`initializationOptions.ruleDocs`).
    Template(String),
    /// Files holding each rule's `bcplan explain` text, written once into this folder.
    Folder(PathBuf),
    /// No link.
    None,
}

impl RuleDocs {
    /// The default: `bcplan-<version>-rules/` in the temporary folder.
    pub(crate) fn default_folder() -> RuleDocs {
        RuleDocs::Folder(
            std::env::temp_dir().join(format!("bcplan-{}-rules", env!("CARGO_PKG_VERSION"))),
        )
    }

    /// The link for `rule`, if there is one (writing its file when needed).
    pub(crate) fn link(&self, rule: &str) -> Option<Url> {
        match self {
            RuleDocs::Template(template) => Url::parse(&template.replace("{rule}", rule)).ok(),
            RuleDocs::Folder(folder) => {
                let rule = find(rule)?;
                let path = folder.join(format!("{}.md", rule.name));
                let mut written = WRITTEN.lock().ok()?;
                if !written.contains(&path) {
                    let text = rule.explain();
                    if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                        std::fs::create_dir_all(folder).ok()?;
                        crate::output::write_atomic(&path, text.as_bytes()).ok()?;
                    }
                    written.push(path.clone());
                }
                Url::from_file_path(&path).ok()
            }
            RuleDocs::None => None,
        }
    }
}

/// The diagnostic of `finding`, whose file is `ws.sources.get(finding.span.file)`.
pub(crate) fn diagnostic(
    finding: &Finding,
    ws: &Workspace,
    uri_of: &dyn Fn(&std::path::Path) -> Option<Url>,
    docs: &RuleDocs,
) -> Diagnostic {
    let text = ws.sources.get(finding.span.file);
    let mut message = finding.message.clone();
    if !finding.help.is_empty() {
        message.push_str("\nhelp: ");
        message.push_str(&finding.help);
    }
    let severity = match (&finding.waived, finding.severity) {
        (Some(waived), _) => {
            message = format!(
                "waived: {message}\naccepted by plan `{}` until {} ({}): {}",
                waived.plan, waived.expires, waived.approved_by, waived.reason
            );
            DiagnosticSeverity::HINT
        }
        (None, Severity::Error) => DiagnosticSeverity::ERROR,
        (None, Severity::Warning) => DiagnosticSeverity::WARNING,
        (None, Severity::Info) => DiagnosticSeverity::INFORMATION,
    };
    let related: Vec<DiagnosticRelatedInformation> = finding
        .related
        .iter()
        .filter_map(|(span, note)| {
            let file = ws.sources.get(span.file);
            Some(DiagnosticRelatedInformation {
                location: Location::new(uri_of(&file.path)?, token_range(file, span.pos)),
                message: note.clone(),
            })
        })
        .collect();
    Diagnostic {
        range: token_range(text, finding.span.pos),
        severity: Some(severity),
        code: Some(NumberOrString::String(finding.rule.to_owned())),
        code_description: docs.link(finding.rule).map(|href| CodeDescription { href }),
        source: Some("bcplan".to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}
