//! The diff report: plain data describing what changed between two versions of a workspace,
//! built by `compare` and read by the Markdown and JSON printers. Its serialized form is the
//! documented `--format json` shape, so fields are only ever added, never renamed or removed.

use serde::Serialize;
use serde_json::Value;

/// Everything that changed between two versions of a workspace.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Report {
    /// Version of this JSON shape.
    pub version: u32,
    /// What the old version is (a folder, or a git revision).
    pub old: String,
    /// What the new version is (a folder, a git revision, or the working tree).
    pub new: String,
    /// Counts, for a summary line.
    pub summary: Summary,
    /// Changes to `bcplan.yaml` (organisation, policy, rule overrides, ...).
    pub workspace: Vec<FieldChange>,
    /// Plans added, removed and changed.
    pub plans: PlanChanges,
    /// Register entries (people, sites, suppliers, ...) added, removed and changed.
    pub registers: RegisterChanges,
    /// Findings introduced by the new version and resolved since the old one.
    pub findings: FindingChanges,
}

/// Counts of the changes in a report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Plans only in the new version.
    pub plans_added: usize,
    /// Plans only in the old version.
    pub plans_removed: usize,
    /// Plans in both, with differences.
    pub plans_changed: usize,
    /// Register entries added, removed or changed.
    pub register_changes: usize,
    /// Whether `bcplan.yaml` changed.
    pub workspace_changed: bool,
    /// Findings only in the new version.
    pub findings_introduced: usize,
    /// Findings only in the old version.
    pub findings_resolved: usize,
    /// Introduced findings that fail a check (errors; warnings too under `--deny warnings`).
    pub failing_introduced: usize,
}

impl Summary {
    /// Whether nothing changed at all.
    pub fn is_empty(&self) -> bool {
        !self.workspace_changed
            && self.plans_added
                + self.plans_removed
                + self.plans_changed
                + self.register_changes
                + self.findings_introduced
                + self.findings_resolved
                == 0
    }
}

/// One field whose value differs. Values are as written in YAML (durations, dates and ids as
/// text); `None` (JSON `null`) means the field is absent, or empty, on that side.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldChange {
    /// Field name as written in YAML, e.g. `rto`; dotted for nested fields, with the entry's id
    /// (`teams.crisis-team.members`) or, for entries without ids, what names it in brackets
    /// (`training[2026-11-20 'Crisis team tabletop']`, `distribution[li.wei].copy`).
    pub field: String,
    /// `changed`, `set` (absent before), `unset` (absent now), or for a whole list entry `added`
    /// or `removed`.
    pub change: &'static str,
    /// Value in the old version.
    pub old: Option<Value>,
    /// Value in the new version.
    pub new: Option<Value>,
}

/// Plans added, removed and changed.
#[derive(Clone, Debug, Default, Serialize)]
pub struct PlanChanges {
    /// Plans only in the new version.
    pub added: Vec<PlanEntry>,
    /// Plans only in the old version.
    pub removed: Vec<PlanEntry>,
    /// Plans in both versions that differ.
    pub changed: Vec<PlanChange>,
}

/// A plan, as listed when added or removed.
#[derive(Clone, Debug, Serialize)]
pub struct PlanEntry {
    /// Plan id.
    pub id: String,
    /// Plan title.
    pub title: String,
    /// File holding it, relative to the current folder.
    pub file: String,
}

/// The differences within one plan.
#[derive(Clone, Debug, Serialize)]
pub struct PlanChange {
    /// Plan id.
    pub id: String,
    /// Plan title (new version).
    pub title: String,
    /// Plan-level fields that differ (owner, deputy, status, version, scope, teams, ...).
    pub fields: Vec<FieldChange>,
    /// Activities of the business impact analysis.
    pub activities: ItemChanges,
    /// Strategies.
    pub strategies: ItemChanges,
    /// Procedures.
    pub procedures: ItemChanges,
}

/// Entries of a list keyed by id (activities, strategies, procedures) added, removed, changed.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ItemChanges {
    /// Only in the new version.
    pub added: Vec<Item>,
    /// Only in the old version.
    pub removed: Vec<Item>,
    /// In both, with differing fields.
    pub changed: Vec<ItemChange>,
}

impl ItemChanges {
    /// Whether nothing was added, removed or changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// An entry named by id.
#[derive(Clone, Debug, Serialize)]
pub struct Item {
    /// Id.
    pub id: String,
    /// Name, title or type, as shown to readers (may be empty).
    pub name: String,
}

/// An entry present in both versions, with the fields that differ.
#[derive(Clone, Debug, Serialize)]
pub struct ItemChange {
    /// Id.
    pub id: String,
    /// Name, title or type (new version).
    pub name: String,
    /// Fields that differ.
    pub fields: Vec<FieldChange>,
}

/// Register entries added, removed and changed, across all register kinds.
#[derive(Clone, Debug, Default, Serialize)]
pub struct RegisterChanges {
    /// Only in the new version.
    pub added: Vec<Entry>,
    /// Only in the old version.
    pub removed: Vec<Entry>,
    /// In both, with differing fields.
    pub changed: Vec<EntryChange>,
}

/// A register entry.
#[derive(Clone, Debug, Serialize)]
pub struct Entry {
    /// `person`, `site`, `supplier`, `material`, `system`, `lane`, `scenario` or `obligation`.
    pub kind: &'static str,
    /// Id.
    pub id: String,
    /// Name (may be empty).
    pub name: String,
}

/// A register entry present in both versions, with the fields that differ.
#[derive(Clone, Debug, Serialize)]
pub struct EntryChange {
    /// `person`, `site`, `supplier`, `material`, `system`, `lane`, `scenario` or `obligation`.
    pub kind: &'static str,
    /// Id.
    pub id: String,
    /// Name (new version).
    pub name: String,
    /// Fields that differ, e.g. `phones`, `email`, `sources`.
    pub fields: Vec<FieldChange>,
}

/// Findings introduced and resolved.
#[derive(Clone, Debug, Default, Serialize)]
pub struct FindingChanges {
    /// Findings of the new version that the old one did not have.
    pub introduced: Vec<FindingEntry>,
    /// Findings of the old version that the new one no longer has.
    pub resolved: Vec<FindingEntry>,
}

/// A finding, as listed in a diff.
#[derive(Clone, Debug, Serialize)]
pub struct FindingEntry {
    /// Rule name.
    pub rule: &'static str,
    /// `error`, `warning` or `info`.
    pub severity: &'static str,
    /// What is wrong.
    pub message: String,
    /// Plan it belongs to, if any.
    pub plan: Option<String>,
    /// Id it is about, if any.
    pub target: Option<String>,
    /// File, relative to the current folder, in the version that has the finding.
    pub file: String,
    /// 1-based line (0 for a whole file).
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// Whether a waiver accepts it.
    pub waived: bool,
    /// Whether it fails a check.
    pub fails: bool,
}
