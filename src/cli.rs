//! The command line: clap derive structs and nothing else.

use std::path::PathBuf;

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
    /// Print the documentation of one rule.
    Explain {
        /// Rule name, e.g. `rto-exceeds-mtpd`.
        rule: String,
    },
    /// List every rule with its default severity and summary.
    Rules {
        /// Print the table as Markdown (as in the README).
        #[arg(long)]
        markdown: bool,
    },
}

/// Output formats of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Readable text with source excerpts.
    Human,
    /// JSON, for scripts.
    Json,
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
    #[arg(long = "rule", value_name = "NAME")]
    pub rules: Vec<String>,
    /// Print only failing findings, without the summary.
    #[arg(long, short)]
    pub quiet: bool,
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

/// Arguments of `render`.
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
}
