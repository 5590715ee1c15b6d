//! Findings: plain data describing one gap, produced by the loader and the rules, read by printers.

use std::borrow::Cow;

use compact_str::CompactString;
use serde::Serialize;

use crate::yaml::spanned::Span;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// For information; never fails a check.
    Info,
    /// Fails a check under `--deny warnings`.
    Warning,
    /// Fails a check.
    Error,
}

impl Severity {
    /// The severity as printed.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A waiver that accepted a finding.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Waived {
    /// Plan holding the waiver.
    pub plan: String,
    /// Why the risk is accepted.
    pub reason: String,
    /// Who accepted it.
    pub approved_by: String,
    /// Until when.
    pub expires: String,
}

/// One gap found in the workspace.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// Rule name, e.g. `rto-exceeds-mtpd`.
    pub rule: &'static str,
    /// Severity after overrides.
    pub severity: Severity,
    /// What is wrong with this instance.
    pub message: String,
    /// Where (line 0 when the finding is about a whole file).
    pub span: Span,
    /// How to fix it (most help is fixed text, held without a copy).
    pub help: Cow<'static, str>,
    /// Other places involved (e.g. the first definition of a duplicate id).
    pub related: Vec<(Span, String)>,
    /// The id the finding is about, matched by waivers' `target`.
    pub target: Option<CompactString>,
    /// The plan the finding belongs to, when it belongs to one.
    pub plan: Option<CompactString>,
    /// The waiver that accepts it, if any (boxed: most findings have none, and a workspace may
    /// hold hundreds of thousands of findings).
    pub waived: Option<Box<Waived>>,
    /// For a structural error: what it is about was loaded anyway (an entry or document with an
    /// unknown field is loaded without that field), so nothing is missing because of it.
    pub loaded_anyway: bool,
}

impl Finding {
    /// A finding of `rule` at `span`; severity is set by the rule context.
    pub fn new(rule: &'static str, span: Span, message: impl Into<String>) -> Self {
        Finding {
            rule,
            severity: Severity::Error,
            message: message.into(),
            span,
            help: Cow::Borrowed(""),
            related: Vec::new(),
            target: None,
            plan: None,
            waived: None,
            loaded_anyway: false,
        }
    }

    /// Sets the help line.
    #[must_use]
    pub fn help(mut self, help: impl Into<Cow<'static, str>>) -> Self {
        self.help = help.into();
        self
    }

    /// Adds a related place.
    #[must_use]
    pub fn related(mut self, span: Span, note: impl Into<String>) -> Self {
        self.related.push((span, note.into()));
        self
    }

    /// Sets the id waivers match against.
    #[must_use]
    pub fn target(mut self, target: impl Into<CompactString>) -> Self {
        self.target = Some(target.into());
        self
    }

    /// Sets the plan the finding belongs to.
    #[must_use]
    pub fn plan(mut self, plan: impl Into<CompactString>) -> Self {
        self.plan = Some(plan.into());
        self
    }

    /// Marks a structural error whose entry or document was loaded anyway.
    #[must_use]
    pub fn loaded_anyway(mut self) -> Self {
        self.loaded_anyway = true;
        self
    }

    /// Whether the finding is a structural error (`yaml-syntax`, `schema`) that left something
    /// out of the workspace: an entry, a document or a file that could not be loaded.
    pub fn leaves_out(&self) -> bool {
        matches!(self.rule, "yaml-syntax" | "schema") && !self.loaded_anyway
    }

    /// Whether the finding fails a check (`deny_warnings` makes warnings fail too).
    pub fn fails(&self, deny_warnings: bool) -> bool {
        self.waived.is_none()
            && (self.severity == Severity::Error
                || (deny_warnings && self.severity == Severity::Warning))
    }
}

impl Finding {
    /// The message followed by a `note:` line per related place and a `help:` line, for formats
    /// that carry one block of plain text per finding (GitHub annotations, JUnit failures).
    pub fn text_with_notes(&self, sources: &crate::workspace::SourceMap) -> String {
        use std::fmt::Write as _;
        let mut text = self.message.clone();
        for (span, note) in &self.related {
            let other = sources.get(span.file).display();
            let _ = write!(
                text,
                "\nnote: {other}:{}:{}: {note}",
                span.pos.line, span.pos.col
            );
        }
        if !self.help.is_empty() {
            let _ = write!(text, "\nhelp: {}", self.help);
        }
        text
    }
}
