//! The recovery timeline chart, as inline SVG: for each activity an MTPD bar, an RTO bar inside
//! it, a tick for the customer commitment and a diamond for each strategy's `ready_within`, on a
//! shared time axis with labelled ticks. No scripts, no fonts, no external references.

use std::fmt::Write as _;

use crate::model::spell;

/// A duration drawn on the chart: its length, and its text as the runbook's tables show it.
pub(crate) type Span = (u64, String);

/// One activity's row of the timeline.
#[derive(Clone, Debug)]
pub(crate) struct TimelineRow {
    /// Activity name.
    pub(crate) label: String,
    /// RTO.
    pub(crate) rto: Option<Span>,
    /// MTPD.
    pub(crate) mtpd: Option<Span>,
    /// Customer commitment.
    pub(crate) commitment: Option<Span>,
    /// Strategies covering the activity: (id, ready_within).
    pub(crate) strategies: Vec<(String, Span)>,
}

const LABEL_W: u64 = 270;
const CHART_W: u64 = 470;
const ROW_H: u64 = 34;
const TOP: u64 = 8;

/// Escapes text for SVG content and attributes (the same escaping as all HTML output).
pub(crate) fn xml(text: &str) -> String {
    super::markdown::escape_html(text)
}

/// Characters per line of a row label: the label column (262 px) over a conservative width of
/// 8 px per character at 12 px, wide enough for DejaVu Sans, the usual Linux fallback font.
const LABEL_CHARS: usize = 32;

/// `text` wrapped at spaces into at most `lines` lines of at most `width` characters; a word
/// longer than a line is cut, and what does not fit ends with an ellipsis on the last line.
pub(crate) fn wrap(text: &str, width: usize, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let extra = usize::from(!current.is_empty());
        if current.chars().count() + extra + word.chars().count() <= width {
            if extra == 1 {
                current.push(' ');
            }
            current.push_str(word);
            continue;
        }
        if !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        if out.len() == lines {
            break;
        }
        if word.chars().count() > width {
            out.push(shorten(word, width));
        } else {
            word.clone_into(&mut current);
        }
        if out.len() == lines {
            break;
        }
    }
    if !current.is_empty() && out.len() < lines {
        out.push(current);
    }
    let shown: usize = out.iter().map(|l| l.split_whitespace().count()).sum();
    if shown < text.split_whitespace().count()
        && let Some(last) = out.last_mut()
        && !last.ends_with('…')
    {
        let mut cut: String = last.chars().take(width.saturating_sub(1)).collect();
        cut.truncate(cut.trim_end().len());
        cut.push('…');
        *last = cut;
    }
    out
}

/// Shortens `text` to `max` characters, with an ellipsis.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

/// The axis step (minutes) giving at most eight intervals up to `max`.
pub(crate) fn step_for(max: u64) -> u64 {
    const H: u64 = 60;
    const D: u64 = 24 * H;
    [
        H,
        2 * H,
        4 * H,
        6 * H,
        12 * H,
        D,
        2 * D,
        3 * D,
        7 * D,
        14 * D,
        30 * D,
        60 * D,
        90 * D,
        180 * D,
        365 * D,
    ]
    .into_iter()
    .find(|s| max.div_ceil(*s) <= 8)
    .unwrap_or(730 * D)
}

/// The timeline as an SVG element; `None` when no row has a time to draw.
pub(crate) fn timeline(rows: &[TimelineRow]) -> Option<String> {
    let max = rows
        .iter()
        .flat_map(|r| {
            [&r.rto, &r.mtpd, &r.commitment]
                .into_iter()
                .flatten()
                .map(|s| s.0)
                .chain(r.strategies.iter().map(|s| s.1.0))
        })
        .max()
        .filter(|m| *m > 0)?;
    let step = step_for(max);
    let end = max.div_ceil(step) * step;
    let x = |minutes: u64| LABEL_W + minutes * CHART_W / end;
    let axis_y = TOP + ROW_H * rows.len() as u64;
    let height = axis_y + 72;
    let width = LABEL_W + CHART_W + 130;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-labelledby="timeline-title"><title id="timeline-title">Recovery timeline: RTO and MTPD of each activity, with strategy lead times</title>"#
    );
    for tick in (0..=end).step_by(usize::try_from(step).unwrap_or(usize::MAX)) {
        let tx = x(tick);
        let _ = write!(
            s,
            r##"<line class="grid" x1="{tx}" y1="{TOP}" x2="{tx}" y2="{axis_y}" stroke="#d0d5dd" stroke-width="1"/><text class="tick" x="{tx}" y="{}" text-anchor="middle" font-size="11" fill="#475467">{}</text>"##,
            axis_y + 16,
            if tick == 0 {
                "0".to_owned()
            } else {
                spell(tick)
            }
        );
    }
    let _ = write!(
        s,
        r##"<line class="axis" x1="{LABEL_W}" y1="{axis_y}" x2="{}" y2="{axis_y}" stroke="#475467" stroke-width="1"/><text class="axis-title" x="{}" y="{}" text-anchor="middle" font-size="12" fill="#344054">Time since the disruption began</text>"##,
        LABEL_W + CHART_W,
        LABEL_W + CHART_W / 2,
        axis_y + 36
    );
    for (i, row) in rows.iter().enumerate() {
        let y = TOP + ROW_H * i as u64;
        let mid = y + ROW_H / 2;
        let lines = wrap(&row.label, LABEL_CHARS, 2);
        let first_y = if lines.len() > 1 { mid - 3 } else { mid + 4 };
        let _ = write!(
            s,
            r##"<text class="row-label" x="{}" y="{first_y}" text-anchor="end" font-size="12" fill="#101828">"##,
            LABEL_W - 8,
        );
        for (n, line) in lines.iter().enumerate() {
            let _ = write!(
                s,
                r#"<tspan x="{}" dy="{}">{}</tspan>"#,
                LABEL_W - 8,
                if n == 0 { 0 } else { 14 },
                xml(line)
            );
        }
        let _ = write!(s, "<title>{}</title></text>", xml(&row.label));
        if let Some((mtpd, text)) = &row.mtpd {
            let _ = write!(
                s,
                r##"<rect class="mtpd" x="{LABEL_W}" y="{}" width="{}" height="20" fill="#f9dcc4" stroke="#e59866" stroke-width="1"><title>MTPD {}</title></rect>"##,
                mid - 10,
                x(*mtpd) - LABEL_W,
                xml(text)
            );
        }
        if let Some((rto, text)) = &row.rto {
            let _ = write!(
                s,
                r##"<rect class="rto" x="{LABEL_W}" y="{}" width="{}" height="10" fill="#1d4e89"><title>RTO {}</title></rect>"##,
                mid - 5,
                x(*rto) - LABEL_W,
                xml(text)
            );
        }
        if let Some((c, text)) = &row.commitment {
            let cx = x(*c);
            let _ = write!(
                s,
                r##"<line class="commitment" x1="{cx}" y1="{}" x2="{cx}" y2="{}" stroke="#b42318" stroke-width="2"><title>Customer commitment {}</title></line>"##,
                mid - 13,
                mid + 13,
                xml(text)
            );
        }
        let values: Vec<String> = [("RTO", &row.rto), ("MTPD", &row.mtpd)]
            .into_iter()
            .filter_map(|(name, v)| Some(format!("{name} {}", xml(&v.as_ref()?.1))))
            .collect();
        let minutes = |v: &Option<Span>| v.as_ref().map(|v| v.0);
        let _ = write!(
            s,
            r##"<text class="values" x="{}" y="{}" font-size="11" fill="#344054">{}</text>"##,
            x(minutes(&row.mtpd).max(minutes(&row.rto)).unwrap_or(0))
                .max(x(minutes(&row.commitment).unwrap_or(0)))
                + 8,
            mid + 4,
            if values.is_empty() {
                "no RTO or MTPD".to_owned()
            } else {
                values.join(" · ")
            }
        );
        for (id, (ready, text)) in &row.strategies {
            let sx = x(*ready);
            let _ = write!(
                s,
                r##"<path class="strategy" d="M{sx} {} l6 6 l-6 6 l-6 -6 z" fill="#12b76a" stroke="#054f31" stroke-width="1"><title>Strategy {} ready within {}</title></path>"##,
                mid - 6,
                xml(id),
                xml(text)
            );
        }
    }
    legend(&mut s, axis_y + 60);
    s.push_str("</svg>");
    Some(s)
}

fn legend(s: &mut String, y: u64) {
    let _ = write!(
        s,
        r##"<g class="legend" font-size="11" fill="#344054"><rect x="{LABEL_W}" y="{}" width="18" height="10" fill="#1d4e89"/><text x="{}" y="{y}">RTO</text><rect x="{}" y="{}" width="18" height="10" fill="#f9dcc4" stroke="#e59866"/><text x="{}" y="{y}">MTPD</text><path d="M{} {} l6 6 l-6 6 l-6 -6 z" fill="#12b76a" stroke="#054f31"/><text x="{}" y="{y}">strategy ready within</text><line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#b42318" stroke-width="2"/><text x="{}" y="{y}">customer commitment</text></g>"##,
        y - 9,
        LABEL_W + 24,
        LABEL_W + 70,
        y - 9,
        LABEL_W + 94,
        LABEL_W + 150,
        y - 10,
        LABEL_W + 162,
        LABEL_W + 300,
        y - 11,
        LABEL_W + 300,
        y + 1,
        LABEL_W + 308,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_and_escaping() {
        assert_eq!(step_for(24 * 60), 4 * 60);
        assert_eq!(step_for(21 * 1440), 3 * 1440);
        let svg = timeline(&[TimelineRow {
            label: "<script>".into(),
            rto: Some((60, "1h".into())),
            mtpd: Some((120, "2h".into())),
            commitment: None,
            strategies: vec![("a&b".into(), (30, "30min".into()))],
        }])
        .unwrap();
        assert!(!svg.contains("<script"), "{svg}");
        assert!(svg.contains("a&amp;b"), "{svg}");
        assert!(timeline(&[]).is_none());
    }

    #[test]
    fn labels_wrap_at_spaces_into_two_lines() {
        assert_eq!(wrap("Take orders", 32, 2), ["Take orders"]);
        assert_eq!(
            wrap("Replenishment of Middle East & Africa spares depots", 32, 2),
            ["Replenishment of Middle East &", "Africa spares depots"]
        );
        let long = wrap(
            "one two three four five six seven eight nine ten eleven twelve",
            20,
            2,
        );
        assert_eq!(long, ["one two three four", "five six seven eigh…"]);
        assert!(long.iter().all(|l| l.chars().count() <= 20));
        assert_eq!(
            wrap("Supercalifragilisticexpialidocious", 10, 2),
            ["Supercali…"]
        );
    }
}
