//! The dependency graph of a plan, drawn two ways: inline SVG with a simple layered layout
//! computed here (HTML), and a Mermaid `flowchart` (Markdown, drawn by code hosts).
//!
//! Layers are columns: the plan's activities, what they depend on directly, and what those depend
//! on in turn. Within a column, nodes are ordered by the average position of the nodes pointing at
//! them, which keeps most edges short and uncrossed. Everything is deterministic.

use std::fmt::Write as _;

use super::charts::{shorten, xml};

/// A node: a kind (`activity`, `system`, `site`...), a label, and its column.
#[derive(Clone, Debug)]
pub(crate) struct Node {
    /// Kind of entity, as written in `depends_on`.
    pub(crate) kind: &'static str,
    /// Name shown.
    pub(crate) label: String,
    /// Column, 0 for the plan's activities.
    pub(crate) layer: usize,
}

/// A directed graph: edges go from the dependent node to what it depends on.
#[derive(Clone, Debug, Default)]
pub(crate) struct Graph {
    /// The nodes, in order of discovery.
    pub(crate) nodes: Vec<Node>,
    /// Edges as (from, to) node indexes.
    pub(crate) edges: Vec<(usize, usize)>,
}

const NODE_W: usize = 230;
const NODE_H: usize = 36;
const GAP_X: usize = 80;
const GAP_Y: usize = 12;
const PAD: usize = 45;

impl Graph {
    /// Node positions: (x, y) of each node's top-left corner, and the drawing's size.
    fn layout(&self) -> (Vec<(usize, usize)>, usize, usize) {
        let layers = self
            .nodes
            .iter()
            .map(|n| n.layer)
            .max()
            .map_or(0, |m| m + 1);
        let mut rank: Vec<f64> = vec![0.0; self.nodes.len()];
        let mut columns: Vec<Vec<usize>> = vec![Vec::new(); layers];
        for (layer, slot) in columns.iter_mut().enumerate() {
            let mut column: Vec<(f64, usize)> = (0..self.nodes.len())
                .filter(|i| self.nodes[*i].layer == layer)
                .map(|i| {
                    let parents: Vec<f64> = self
                        .edges
                        .iter()
                        .filter(|(from, to)| *to == i && self.nodes[*from].layer < layer)
                        .map(|(from, _)| rank[*from])
                        .collect();
                    #[allow(clippy::cast_precision_loss)]
                    let key = if layer == 0 || parents.is_empty() {
                        i as f64
                    } else {
                        parents.iter().sum::<f64>() / parents.len() as f64
                    };
                    (key, i)
                })
                .collect();
            column.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            for (position, (_, i)) in column.iter().enumerate() {
                #[allow(clippy::cast_precision_loss)]
                {
                    rank[*i] = position as f64;
                }
            }
            *slot = column.into_iter().map(|(_, i)| i).collect();
        }
        let tallest = columns.iter().map(Vec::len).max().unwrap_or(0);
        let height = PAD * 2 + tallest * (NODE_H + GAP_Y);
        let mut pos = vec![(0, 0); self.nodes.len()];
        for (layer, column) in columns.iter().enumerate() {
            let offset = (tallest - column.len()) * (NODE_H + GAP_Y) / 2;
            for (row, i) in column.iter().enumerate() {
                pos[*i] = (
                    PAD + layer * (NODE_W + GAP_X),
                    PAD + offset + row * (NODE_H + GAP_Y),
                );
            }
        }
        let width = PAD * 2 + layers * NODE_W + layers.saturating_sub(1) * GAP_X;
        (pos, width, height)
    }

    /// The graph as an SVG element.
    pub(crate) fn svg(&self) -> String {
        let (pos, width, height) = self.layout();
        let mut s = String::new();
        let _ = write!(
            s,
            r##"<svg class="chart dependencies" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-labelledby="deps-title"><title id="deps-title">Dependency graph: activities and what they depend on</title><defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0 0 L10 5 L0 10 z" fill="#667085"/></marker></defs>"##
        );
        for (from, to) in &self.edges {
            let (fx, fy) = pos[*from];
            let (tx, ty) = pos[*to];
            let (fy, ty) = (fy + NODE_H / 2, ty + NODE_H / 2);
            let d = if self.nodes[*from].layer == self.nodes[*to].layer {
                // Same column: loop out to the left of the column.
                format!(
                    "M{fx} {fy} C{} {fy} {} {ty} {tx} {ty}",
                    fx.saturating_sub(40),
                    tx.saturating_sub(40)
                )
            } else {
                let (sx, ex) = (fx + NODE_W, tx);
                let mx = usize::midpoint(sx, ex);
                format!("M{sx} {fy} C{mx} {fy} {mx} {ty} {ex} {ty}")
            };
            let _ = write!(
                s,
                r##"<path class="edge" d="{d}" fill="none" stroke="#98a2b3" stroke-width="1.2" marker-end="url(#arrow)"/>"##
            );
        }
        for (i, node) in self.nodes.iter().enumerate() {
            let (x, y) = pos[i];
            let (fill, stroke) = colours(node.kind);
            let _ = write!(
                s,
                r##"<g class="node {kind}"><title>{kind}: {full}</title><rect x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" rx="6" fill="{fill}" stroke="{stroke}" stroke-width="1"/><text x="{}" y="{}" font-size="9" fill="#475467">{kind}</text><text x="{}" y="{}" font-size="12" fill="#101828">{label}</text></g>"##,
                x + 8,
                y + 12,
                x + 8,
                y + 28,
                kind = node.kind,
                full = xml(&node.label),
                label = xml(&shorten(&node.label, 33)),
            );
        }
        s.push_str("</svg>");
        s
    }

    /// The graph as a Mermaid flowchart, left to right.
    pub(crate) fn mermaid(&self) -> String {
        let mut s = String::from("flowchart LR\n");
        for (i, node) in self.nodes.iter().enumerate() {
            let label = mermaid_label(&format!("{}: {}", node.kind, node.label));
            let shape = match node.kind {
                "activity" => format!("[\"{label}\"]"),
                "system" => format!("[(\"{label}\")]"),
                "site" => format!("{{{{\"{label}\"}}}}"),
                "supplier" => format!("([\"{label}\"])"),
                "material" => format!("[/\"{label}\"/]"),
                _ => format!("(\"{label}\")"),
            };
            let _ = writeln!(s, "  n{i}{shape}");
        }
        for (from, to) in &self.edges {
            let _ = writeln!(s, "  n{from} --> n{to}");
        }
        s
    }
}

/// Text safe inside a quoted Mermaid label (entity codes for markup characters and `%`).
fn mermaid_label(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '`' => out.push_str("#96;"),
            // `%%` starts a comment or a `%%{init}%%` directive, which Mermaid removes from labels.
            '%' => out.push_str("#37;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn colours(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "activity" => ("#e0ecff", "#1d4e89"),
        "system" => ("#ede9fe", "#6941c6"),
        "site" => ("#ecfdf3", "#067647"),
        "supplier" => ("#fef0c7", "#b54708"),
        "material" => ("#fdf2fa", "#c11574"),
        "lane" => ("#e0f2fe", "#026aa2"),
        _ => ("#f2f4f7", "#475467"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_and_escaping() {
        let g = Graph {
            nodes: vec![
                Node {
                    kind: "activity",
                    label: "A <b>".into(),
                    layer: 0,
                },
                Node {
                    kind: "system",
                    label: "S \"x\" %%{init}%%".into(),
                    layer: 1,
                },
            ],
            edges: vec![(0, 1)],
        };
        let svg = g.svg();
        assert!(svg.contains("A &lt;b&gt;") && !svg.contains("<b>"), "{svg}");
        assert_eq!(
            g.mermaid(),
            "flowchart LR\n  n0[\"activity: A #lt;b#gt;\"]\n  n1[(\"system: S #quot;x#quot; #37;#37;{init}#37;#37;\")]\n  n0 --> n1\n"
        );
    }
}
