//! The HTML impact report: the JSON view of each run, a timeline picture per run (one bar per
//! activity: up, stopped, recovered; RTO and MTPD marks), laid out by `impact.html.j2` with the
//! runbooks' style, escaping and Content-Security-Policy.

use std::fmt::Write as _;

use anyhow::Result;
use serde::Serialize;

use super::charts::{shorten, step_for, xml};
use super::rich::Markup;
use crate::impact::{Report, json};
use crate::model::spell;

const LABEL_W: u64 = 300;
const CHART_W: u64 = 480;
const ROW_H: u64 = 30;
const TOP: u64 = 8;

#[derive(Serialize)]
struct RunView {
    #[serde(flatten)]
    run: json::Run,
    timeline: Option<Markup>,
}

#[derive(Serialize)]
struct View {
    title: String,
    version: u32,
    scenario: Option<String>,
    breach: bool,
    runs: Vec<RunView>,
}

/// The timeline of one run as inline SVG; `None` when no activity stops. `n` keeps ids unique.
fn timeline(report: &Report, n: usize) -> Option<String> {
    if report.activities.is_empty() {
        return None;
    }
    let max = report
        .activities
        .iter()
        .flat_map(|a| {
            let from = a.stops_at;
            [
                Some(a.stops_at),
                a.recovers_at,
                a.rto.map(|v| from + v),
                a.mtpd.map(|v| from + v),
            ]
            .into_iter()
            .flatten()
        })
        .max()
        .unwrap_or(0)
        .max(60);
    let interval = step_for(max + max / 8);
    let end = (max + max / 8).div_ceil(interval) * interval;
    let x = |m: u64| LABEL_W + m.min(end) * CHART_W / end;
    let rows = report.activities.len() as u64;
    let axis_y = TOP + ROW_H * rows;
    let height = axis_y + 60;
    let width = LABEL_W + CHART_W + 40;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart impact-timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-labelledby="impact-title-{n}"><title id="impact-title-{n}">Timeline: when each activity stops and recovers, with its RTO and MTPD</title>"#
    );
    for tick in (0..=end).step_by(usize::try_from(interval).unwrap_or(usize::MAX)) {
        let tx = x(tick);
        let label = if tick == 0 {
            "T0".to_owned()
        } else {
            spell(tick)
        };
        let _ = write!(
            svg,
            r##"<line x1="{tx}" y1="{TOP}" x2="{tx}" y2="{axis_y}" stroke="#d0d5dd" stroke-width="1"/><text x="{tx}" y="{}" text-anchor="middle" font-size="11" fill="#475467">{label}</text>"##,
            axis_y + 16
        );
    }
    for (i, a) in report.activities.iter().enumerate() {
        let mid = TOP + ROW_H * i as u64 + ROW_H / 2;
        let label = format!("{}/{}", a.plan, a.activity);
        let _ = write!(
            svg,
            r##"<text x="{}" y="{}" text-anchor="end" font-size="12" fill="#101828">{}<title>{} — {}</title></text>"##,
            LABEL_W - 8,
            mid + 4,
            xml(&shorten(&label, 44)),
            xml(&label),
            xml(&a.verdict.text())
        );
        let stop = x(a.stops_at);
        let _ = write!(
            svg,
            r##"<rect class="up" x="{LABEL_W}" y="{}" width="{}" height="12" fill="#a6d8b9"><title>running until {}</title></rect>"##,
            mid - 6,
            stop - LABEL_W,
            xml(&crate::impact::at_text(Some(a.stops_at)))
        );
        let back = a.recovers_at.map_or(LABEL_W + CHART_W, x);
        let _ = write!(
            svg,
            r##"<rect class="stopped" x="{stop}" y="{}" width="{}" height="12" fill="#d92d20"><title>stopped {}</title></rect>"##,
            mid - 6,
            back.saturating_sub(stop),
            xml(&crate::impact::human::outage_text(a))
        );
        if let Some(rec) = a.recovers_at {
            let _ = write!(
                svg,
                r##"<rect class="recovered" x="{back}" y="{}" width="{}" height="12" fill="#12b76a"><title>recovered at {} ({})</title></rect>"##,
                mid - 6,
                (LABEL_W + CHART_W).saturating_sub(back),
                xml(&crate::impact::at_text(Some(rec))),
                a.how.as_str()
            );
        }
        for (name, limit, colour) in [("RTO", a.rto, "#1d4e89"), ("MTPD", a.mtpd, "#b54708")] {
            if let Some(limit) = limit {
                let lx = x(a.stops_at + limit);
                let _ = write!(
                    svg,
                    r#"<line x1="{lx}" y1="{}" x2="{lx}" y2="{}" stroke="{colour}" stroke-width="2"><title>{name} {}</title></line>"#,
                    mid - 11,
                    mid + 11,
                    spell(limit)
                );
            }
        }
    }
    let ly = axis_y + 44;
    let _ = write!(
        svg,
        r##"<g font-size="11" fill="#344054"><rect x="{LABEL_W}" y="{}" width="16" height="10" fill="#a6d8b9"/><text x="{}" y="{ly}">up</text><rect x="{}" y="{}" width="16" height="10" fill="#d92d20"/><text x="{}" y="{ly}">stopped</text><rect x="{}" y="{}" width="16" height="10" fill="#12b76a"/><text x="{}" y="{ly}">recovered</text><line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#1d4e89" stroke-width="2"/><text x="{}" y="{ly}">RTO</text><line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#b54708" stroke-width="2"/><text x="{}" y="{ly}">MTPD</text></g>"##,
        ly - 9,
        LABEL_W + 20,
        LABEL_W + 50,
        ly - 9,
        LABEL_W + 70,
        LABEL_W + 130,
        ly - 9,
        LABEL_W + 150,
        LABEL_W + 220,
        ly - 11,
        LABEL_W + 220,
        ly + 1,
        LABEL_W + 226,
        LABEL_W + 262,
        ly - 11,
        LABEL_W + 262,
        ly + 1,
        LABEL_W + 268,
    );
    svg.push_str("</svg>");
    Some(svg)
}

/// The self-contained HTML report of every run.
pub(crate) fn impact_html(title: &str, scenario: Option<&str>, runs: &[Report]) -> Result<String> {
    let env = super::templates::environment(None, false)?;
    let doc = json::document(scenario, runs);
    let view = View {
        title: title.to_owned(),
        version: doc.version,
        scenario: doc.scenario,
        breach: doc.breach,
        runs: doc
            .runs
            .into_iter()
            .zip(runs)
            .enumerate()
            .map(|(n, (run, r))| RunView {
                run,
                timeline: timeline(r, n).map(Markup),
            })
            .collect(),
    };
    super::render_one(
        &env,
        "impact.html.j2",
        minijinja::Value::from(minijinja::value::Serde(&view)),
    )
}
