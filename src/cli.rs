//! The command line: clap derive structs and nothing else.

use std::path::PathBuf;

use clap::builder::{PossibleValue, StringValueParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};

/// Business continuity plans as code: check YAML plans for gaps, render runbooks.
#[derive(Debug, Parser)]
#[command(name = "bcplan", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load the workspace, run every rule and print the findings.
    Check(CheckArgs),
    /// Check, then write runbooks: Markdown and printable HTML per plan, plus an index.
    Render(RenderArgs),
    /// Print the documentation of one rule, or of a topic (`impact`).
    Explain {
        /// Rule name, e.g. `rto-exceeds-mtpd`, or `impact` for the impact model.
        #[arg(value_parser = Offered(explain_topics), hide_possible_values = true)]
        rule: String,
    },
    /// List every rule with its default severity and summary.
    Rules {
        /// Print the table as Markdown (as in the README).
        #[arg(long)]
        markdown: bool,
    },
    /// Print the JSON Schema (draft 2020-12) of the plan format, for editors and other tools.
    Schema {
        /// Only the schema of documents of this kind (e.g. `Plan`, `People`; any case).
        #[arg(long, value_name = "KIND", value_parser = Offered(kind_names))]
        kind: Option<String>,
    },
    /// Print the shell completion script for SHELL.
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Create a starter workspace that passes `check`: registers, one plan per domain, a CI workflow.
    Init(InitArgs),
    /// Show what changed between two versions of a workspace: folders, or git revisions.
    Diff(DiffArgs),
    /// Export data for the tools used during an incident: contacts, a calendar, the impact analysis.
    Export(ExportArgs),
    /// Serve the language server protocol on standard input and output, for editors.
    Lsp {
        /// The date to check against, YYYY-MM-DD (default: `BCPLAN_TODAY`, else the system date).
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
    },
    /// What if: which activities stop after a loss, when each recovers, which commitments break.
    Impact(ImpactArgs),
}

/// Output formats of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Readable text with source excerpts.
    Human,
    /// JSON, for scripts.
    Json,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
    /// JUnit XML, for CI test reports.
    Junit,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// GitLab Code Quality report (JSON), for merge requests.
    Gitlab,
}

/// What `--deny` can turn into failures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// Warnings fail the check too.
    Warnings,
}

/// Options shared by commands that load a workspace.
#[derive(Debug, Args)]
pub struct LoadArgs {
    /// Files or folders to read (default: the folder holding `bcplan.yaml`, else `.`).
    pub paths: Vec<PathBuf>,
    /// The date to check against, YYYY-MM-DD (default: `BCPLAN_TODAY`, else the system date).
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
    /// Also list skipped files and documents.
    #[arg(long, short)]
    pub verbose: bool,
}

/// Arguments of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Workspace to load.
    #[command(flatten)]
    pub load: LoadArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: CheckFormat,
    /// Write the report to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Make warnings fail the check.
    #[arg(long, value_enum, value_name = "warnings")]
    pub deny: Option<Deny>,
    /// Run only this rule (repeatable).
    #[arg(long = "rule", value_name = "NAME", value_parser = Offered(rule_names), hide_possible_values = true)]
    pub rules: Vec<String>,
    /// Print only failing findings, without the summary.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Arguments of `init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to create the workspace in (created if missing; default: the current folder).
    pub dir: Option<PathBuf>,
    /// The date the scaffold's reviews, contact checks and exercises are dated, YYYY-MM-DD
    /// (default: `BCPLAN_TODAY`, else the system date).
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
}

/// Output formats of `diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// GitHub-flavoured Markdown, for a pull-request comment.
    #[value(alias = "markdown")]
    Md,
    /// JSON, for scripts.
    Json,
}

/// Arguments of `diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The two workspaces to compare (OLD NEW); with `--git`, files or folders to limit the
    /// comparison to (default: the workspace found from the current folder).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Compare git revisions instead of folders: `REV` (against the working tree), `A..B`, or
    /// `A...B` (from the merge base of A and B).
    #[arg(long, value_name = "REV[..REV]")]
    pub git: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "md")]
    pub format: DiffFormat,
    /// Write the report to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The date both versions are checked against, YYYY-MM-DD (default: `BCPLAN_TODAY`, else the
    /// system date).
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
    /// Exit with 1 when the new version introduces failing findings.
    #[arg(long)]
    pub fail_on_new_findings: bool,
    /// Count introduced warnings as failing too.
    #[arg(long, value_enum, value_name = "warnings")]
    pub deny: Option<Deny>,
}

/// Output formats of `render`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RenderFormat {
    /// GitHub-flavoured Markdown only.
    Md,
    /// Self-contained, printable HTML only.
    Html,
    /// Both.
    Both,
}

/// Paper sizes of `render --pdf`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PaperSize {
    /// ISO A4 (210 × 297 mm).
    A4,
    /// US Letter (8.5 × 11 in).
    Letter,
}

/// Arguments of `render`.
// Each switch is an independent command-line flag.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// Workspace to load.
    #[command(flatten)]
    pub load: LoadArgs,
    /// Folder to write the runbooks to (default: `output:` in bcplan.yaml); created if missing.
    #[arg(long, short, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Which files to write per plan.
    #[arg(long, value_enum, default_value = "both")]
    pub format: RenderFormat,
    /// Render only this plan (repeatable).
    #[arg(long = "plan", value_name = "ID")]
    pub plans: Vec<String>,
    /// Folder of templates overriding the built-in ones by file name.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Mask personal phone numbers and e-mail addresses, for wider distribution.
    #[arg(long)]
    pub redact: bool,
    /// Exit with 1 when the checks find failing findings (the runbooks are still written).
    #[arg(long)]
    pub fail_on_findings: bool,
    /// Also write each plan's action cards: every person's and team's steps (`<plan>-cards.html`/`.md`).
    #[arg(long)]
    pub cards: bool,
    /// Also print each HTML runbook, first-hour sheet and action cards to PDF, with a headless
    /// Chromium or Chrome (opt-in: the only time bcplan runs another program).
    #[arg(long)]
    pub pdf: bool,
    /// The browser `--pdf` prints with (default: chromium, chromium-browser or google-chrome on PATH).
    #[arg(long, value_name = "PATH", requires = "pdf")]
    pub browser: Option<PathBuf>,
    /// Paper size of `--pdf` (default: Letter when the locale is a US one, else A4).
    #[arg(long, value_enum, requires = "pdf")]
    pub paper: Option<PaperSize>,
}

/// A value that shell completion offers from a fixed set, while any text parses: the command
/// checks it and suggests the closest on a typo (and `schema --kind` takes any case).
#[derive(Clone, Copy)]
pub struct Offered(fn() -> Vec<PossibleValue>);

impl TypedValueParser for Offered {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new((self.0)().into_iter()))
    }
}

/// Every rule name, with its summary.
fn rule_names() -> Vec<PossibleValue> {
    crate::rules::RULES
        .iter()
        .map(|r| PossibleValue::new(r.name).help(r.summary()))
        .collect()
}

/// Every rule name, and the other topics `explain` knows.
fn explain_topics() -> Vec<PossibleValue> {
    let mut topics = rule_names();
    topics.push(PossibleValue::new("impact").help("How `bcplan impact` models a loss."));
    topics
}

/// Every document kind.
fn kind_names() -> Vec<PossibleValue> {
    crate::schema::Kind::ALL
        .iter()
        .map(|k| PossibleValue::new(k.name()))
        .collect()
}

/// Output formats of `impact`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ImpactFormat {
    /// A readable table.
    Human,
    /// JSON, for scripts (versioned).
    Json,
    /// GitHub-flavoured Markdown.
    #[value(alias = "md")]
    Markdown,
    /// A self-contained HTML report with a timeline.
    Html,
}

/// Arguments of `impact`.
#[derive(Debug, Args)]
pub struct ImpactArgs {
    /// Workspace to load.
    #[command(flatten)]
    pub load: LoadArgs,
    /// A site lost at T0 (repeatable).
    #[arg(long = "site", value_name = "ID")]
    pub sites: Vec<String>,
    /// A region lost at T0: every site and supplier location in it (repeatable).
    #[arg(long = "region", value_name = "REGION")]
    pub regions: Vec<String>,
    /// A supplier lost at T0 (repeatable).
    #[arg(long = "supplier", value_name = "ID")]
    pub suppliers: Vec<String>,
    /// A system lost at T0 (repeatable).
    #[arg(long = "system", value_name = "ID")]
    pub systems: Vec<String>,
    /// A lane lost at T0 (repeatable).
    #[arg(long = "lane", value_name = "ID")]
    pub lanes: Vec<String>,
    /// A person unavailable from T0 (repeatable).
    #[arg(long = "person", value_name = "ID")]
    pub people: Vec<String>,
    /// The scenario: only strategies and procedures listing it (or listing none) apply.
    #[arg(long, value_name = "ID")]
    pub scenario: Option<String>,
    /// One run per site (with `--scenario`: per site whose hazards name it, and per region for a
    /// scenario with `reach: region`), and a summary table.
    #[arg(long, conflicts_with_all = ["sites", "regions", "suppliers", "systems", "lanes", "people"])]
    pub all_sites: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: ImpactFormat,
    /// Write the report to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Arguments of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to export.
    #[command(subcommand)]
    pub what: ExportCommand,
}

/// What `export` can write.
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// The people of every call tree and team, for mass-notification tools or phones.
    CallTree {
        /// Output format.
        #[arg(long, value_enum, default_value = "csv")]
        format: CallTreeFormat,
        /// Workspace, output and date.
        #[command(flatten)]
        common: ExportCommon,
    },
    /// An iCalendar feed of what falls due: reviews, exercises, actions, waivers, assessments.
    Calendar {
        /// Web address the workspace's files are browsed under, for each event's link to its file
        /// (default: `source_url` in bcplan.yaml; without one, a file: URI on this machine).
        #[arg(long, value_name = "URL")]
        source_url: Option<String>,
        /// Workspace, output and date.
        #[command(flatten)]
        common: ExportCommon,
    },
    /// The business impact analysis of every plan as a spreadsheet.
    Bia {
        /// Output format (xlsx also has sheets for suppliers and open actions).
        #[arg(long, value_enum, default_value = "xlsx")]
        format: BiaFormat,
        /// Workspace, output and date.
        #[command(flatten)]
        common: ExportCommon,
    },
}

impl ExportCommand {
    /// The options every export takes.
    pub fn common(&self) -> &ExportCommon {
        match self {
            ExportCommand::CallTree { common, .. }
            | ExportCommand::Calendar { common, .. }
            | ExportCommand::Bia { common, .. } => common,
        }
    }
}

/// Options every export takes.
#[derive(Debug, Args)]
pub struct ExportCommon {
    /// Workspace to load.
    #[command(flatten)]
    pub load: LoadArgs,
    /// Write the export to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Refused with a message: exports are for the people running the incident.
    #[arg(long, hide = true)]
    pub redact: bool,
}

/// Formats of `export call-tree`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CallTreeFormat {
    /// RFC 4180 CSV in the column layout of mass-notification contact uploads.
    Csv,
    /// vCard 4.0 (RFC 6350), one card per person.
    Vcard,
}

/// Formats of `export bia`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum BiaFormat {
    /// An Excel workbook: impact analysis, suppliers and open actions.
    Xlsx,
    /// RFC 4180 CSV of the impact analysis sheet.
    Csv,
}
