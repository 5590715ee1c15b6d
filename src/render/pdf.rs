//! `render --pdf`: prints the rendered HTML runbooks, first-hour sheets and action cards to PDF
//! with a headless Chromium or Chrome. This is the one opt-in use of an external program: without
//! `--pdf`, `render` runs nothing.
//!
//! Each page is printed from a copy that fixes the paper size (`@page { size: A4 }`), in a fresh
//! browser profile inside a temporary folder; the PDF is then written beside the HTML through the
//! same temporary files and manifest as every other file `render` writes.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
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

/// The PDF `--pdf` prints from the file named `html`: `<stem>.pdf` for every HTML file but the
/// index.
pub(crate) fn pdf_name(html: &str) -> Option<String> {
    html.strip_suffix(".html")
        .filter(|stem| *stem != "index")
        .map(|stem| format!("{stem}.pdf"))
}

/// Prints rendered HTML files to PDF, each in a fresh browser profile inside one temporary
/// folder; may print several files at once.
pub(crate) struct Printer {
    browser: PathBuf,
    paper: Paper,
    work: tempfile::TempDir,
    printed: AtomicUsize,
}

impl Printer {
    /// A printer using `browser` on `paper`.
    pub(crate) fn new(browser: PathBuf, paper: Paper) -> Result<Printer> {
        let work = tempfile::Builder::new()
            .prefix("bcplan-pdf-")
            .tempdir()
            .context("cannot create a temporary folder to print in")?;
        Ok(Printer {
            browser,
            paper,
            work,
            printed: AtomicUsize::new(0),
        })
    }

    /// The PDF printed from `file` (its name and contents), if `file` is one `--pdf` prints.
    pub(crate) fn print(&self, file: &File) -> Result<Option<(String, Vec<u8>)>> {
        let Some(name) = pdf_name(&file.name) else {
            return Ok(None);
        };
        let n = self.printed.fetch_add(1, Ordering::Relaxed);
        let dir = self.work.path().join(n.to_string());
        std::fs::create_dir(&dir)
            .with_context(|| format!("{}: cannot create folder", dir.display()))?;
        let html = dir.join(&file.name);
        let style = format!(
            "<style>@page {{ size: {} }}</style>\n</head>",
            self.paper.css()
        );
        let text = file.contents.replacen("</head>", &style, 1);
        std::fs::write(&html, text)
            .with_context(|| format!("{}: cannot write file", html.display()))?;
        let pdf = dir.join(&name);
        print_one(&self.browser, &html, &pdf, &dir.join("profile")).with_context(|| {
            format!(
                "{}: cannot print {} to PDF",
                self.browser.display(),
                file.name
            )
        })?;
        let bytes = std::fs::read(&pdf)
            .with_context(|| format!("{}: cannot read the printed PDF", pdf.display()))?;
        // The copy and the browser profile are no longer needed.
        let _ = std::fs::remove_dir_all(&dir);
        Ok(Some((name, bytes)))
    }

    /// Says on stderr how many PDFs were printed, and with what.
    pub(crate) fn report(&self) {
        let printed = self.printed.load(Ordering::Relaxed);
        eprintln!(
            "printed {printed} PDF file{} ({}) with {}",
            if printed == 1 { "" } else { "s" },
            self.paper,
            crate::visible::visible(&self.browser.display().to_string())
        );
    }
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
