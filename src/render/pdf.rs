//! `render --pdf`: prints the written HTML runbooks, first-hour sheets and action cards to PDF
//! with a headless Chromium or Chrome. This is the one opt-in use of an external program: without
//! `--pdf`, `render` runs nothing.
//!
//! Each page is printed from a copy that fixes the paper size (`@page { size: A4 }`), in a fresh
//! browser profile inside a temporary folder; the PDF is then written atomically beside the HTML.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, bail};

use super::File;
use crate::cli::{PaperSize, RenderArgs, RenderFormat};

/// Names a Chromium or Chrome is installed under on PATH, in the order they are tried.
const BROWSERS: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
];

/// How long one page may take to print.
const LIMIT: Duration = Duration::from_secs(120);

/// A paper size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Paper {
    /// ISO A4.
    A4,
    /// US Letter.
    Letter,
}

impl Paper {
    /// The CSS `@page` size.
    fn css(self) -> &'static str {
        match self {
            Paper::A4 => "A4",
            Paper::Letter => "letter",
        }
    }

    /// The paper of the locale: Letter when the first set of `LC_ALL`, `LC_PAPER` and `LANG`
    /// names the United States (`en_US.UTF-8`), else A4.
    pub(crate) fn from_locale(var: impl Fn(&str) -> Option<String>) -> Paper {
        let locale = ["LC_ALL", "LC_PAPER", "LANG"]
            .into_iter()
            .filter_map(&var)
            .find(|v| !v.is_empty())
            .unwrap_or_default();
        let territory = locale
            .split(['.', '@'])
            .next()
            .and_then(|l| l.split_once('_'))
            .map(|(_, t)| t);
        if territory == Some("US") {
            Paper::Letter
        } else {
            Paper::A4
        }
    }
}

impl std::fmt::Display for Paper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Paper::A4 => "A4",
            Paper::Letter => "Letter",
        })
    }
}

/// With `--pdf`: the browser and the paper, checked before anything is rendered.
pub(crate) fn setup(args: &RenderArgs) -> Result<Option<(PathBuf, Paper)>> {
    if !args.pdf {
        return Ok(None);
    }
    if args.format == RenderFormat::Md {
        bail!("--pdf prints the HTML runbooks: use --format html or --format both");
    }
    let paper = match args.paper {
        Some(PaperSize::A4) => Paper::A4,
        Some(PaperSize::Letter) => Paper::Letter,
        None => Paper::from_locale(|k| std::env::var(k).ok()),
    };
    Ok(Some((find_browser(args.browser.as_deref())?, paper)))
}

/// The browser to print with: `explicit` (`--browser`), else the first of [`BROWSERS`] on PATH.
pub(crate) fn find_browser(explicit: Option<&Path>) -> Result<PathBuf> {
    if let Some(path) = explicit {
        if !path.is_file() {
            bail!(
                "{}: --browser must name a Chromium or Chrome program (no such file)",
                path.display()
            );
        }
        return Ok(path.to_path_buf());
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for name in BROWSERS {
        for dir in std::env::split_paths(&path) {
            let candidate = dir.join(name);
            if is_executable(&candidate) {
                return Ok(candidate);
            }
        }
    }
    bail!(
        "--pdf needs a headless Chromium or Chrome, and none was found on PATH (looked for {}); install one (Debian/Ubuntu: `sudo apt-get install chromium`; Fedora: `sudo dnf install chromium`; macOS: `brew install --cask chromium`) or pass --browser PATH",
        BROWSERS.join(", ")
    )
}

/// Whether `path` is a file the user may run.
fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        path.metadata()
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

/// The files `--pdf` prints: every HTML file but the index.
fn printable(files: &[File]) -> Vec<&File> {
    files
        .iter()
        .filter(|f| {
            f.name
                .strip_suffix(".html")
                .is_some_and(|stem| stem != "index")
        })
        .collect()
}

/// Prints each HTML file of `files` but the index (already written) to `<name>.pdf` in `out` on
/// `paper`, and says so on stderr.
pub(crate) fn print_all(browser: &Path, out: &Path, files: &[File], paper: Paper) -> Result<()> {
    let work = tempfile::Builder::new()
        .prefix("bcplan-pdf-")
        .tempdir()
        .context("cannot create a temporary folder to print in")?;
    let mut written = 0;
    for file in printable(files) {
        let stem = file.name.strip_suffix(".html").unwrap_or(&file.name);
        let html = work.path().join(&file.name);
        let style = format!("<style>@page {{ size: {} }}</style>\n</head>", paper.css());
        let text = file.contents.replacen("</head>", &style, 1);
        std::fs::write(&html, text)
            .with_context(|| format!("{}: cannot write file", html.display()))?;
        let pdf = work.path().join(format!("{stem}.pdf"));
        print_one(browser, &html, &pdf, &work.path().join("profile"))
            .with_context(|| format!("{}: cannot print {} to PDF", browser.display(), file.name))?;
        let bytes = std::fs::read(&pdf)
            .with_context(|| format!("{}: cannot read the printed PDF", pdf.display()))?;
        let name = format!("{stem}.pdf");
        crate::output::write_atomic(&out.join(&name), &bytes)?;
        written += 1;
    }
    eprintln!(
        "printed {written} PDF file{} ({paper}) with {}",
        if written == 1 { "" } else { "s" },
        crate::visible::visible(&browser.display().to_string())
    );
    Ok(())
}

/// Runs the browser once: `html` printed to `pdf`, killed after [`LIMIT`].
fn print_one(browser: &Path, html: &Path, pdf: &Path, profile: &Path) -> Result<()> {
    let url = format!(
        "file://{}",
        std::path::absolute(html)
            .context("cannot resolve path")?
            .display()
    );
    let mut command = Command::new(browser);
    command
        .args(["--headless", "--disable-gpu", "--no-first-run"])
        .args([
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--disable-dev-shm-usage",
        ])
        .args(["--no-pdf-header-footer", "--print-to-pdf-no-header"])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    // Chromium refuses to start as root with its sandbox on; the page runs no scripts (its
    // Content-Security-Policy forbids them), so it is printed without the sandbox then.
    if running_as_root() {
        command.arg("--no-sandbox");
    }
    let mut child = command.spawn().context("cannot start the browser")?;
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().context("cannot wait for the browser")? {
            break status;
        }
        if start.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            bail!("the browser did not finish within {} s", LIMIT.as_secs());
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        let _ = std::io::Read::read_to_string(&mut pipe, &mut stderr);
    }
    if !status.success() || !pdf.is_file() {
        let tail: Vec<&str> = stderr.lines().rev().take(3).collect();
        bail!(
            "the browser exited with {status} and wrote no PDF{}",
            if tail.is_empty() {
                String::new()
            } else {
                format!(
                    ": {}",
                    tail.into_iter().rev().collect::<Vec<_>>().join(" / ")
                )
            }
        );
    }
    Ok(())
}

/// Whether this process runs as root (Linux: from `/proc/self/status`).
fn running_as_root() -> bool {
    std::fs::read_to_string("/proc/self/status").is_ok_and(|s| {
        s.lines()
            .find_map(|l| l.strip_prefix("Uid:"))
            .and_then(|u| u.split_whitespace().nth(1))
            == Some("0")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paper_follows_the_locale() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        assert_eq!(
            Paper::from_locale(env(&[("LANG", "en_US.UTF-8")])),
            Paper::Letter
        );
        assert_eq!(
            Paper::from_locale(env(&[("LANG", "en_GB.UTF-8")])),
            Paper::A4
        );
        assert_eq!(
            Paper::from_locale(env(&[("LC_PAPER", "de_DE.UTF-8"), ("LANG", "en_US.UTF-8")])),
            Paper::A4
        );
        assert_eq!(
            Paper::from_locale(env(&[("LC_ALL", "es_US"), ("LC_PAPER", "de_DE")])),
            Paper::Letter
        );
        assert_eq!(
            Paper::from_locale(env(&[("LC_ALL", ""), ("LANG", "C")])),
            Paper::A4
        );
        assert_eq!(Paper::from_locale(env(&[])), Paper::A4);
    }
}
