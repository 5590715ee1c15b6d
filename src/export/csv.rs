//! CSV as RFC 4180 writes it: CRLF line ends, fields with a comma, quote or line break in double
//! quotes, quotes doubled; and a guard against formula injection.
//!
//! Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return)
//! as a formula. Text cells come from plan files, so such a text cell gets a leading `'`, which
//! spreadsheets show as text. Phone cells are validated E.164 numbers (`+` and digits only, no
//! formula can be written that way) and are written unchanged, because notification tools need
//! the `+` and the country code.

use super::table::{Cell, Table};

/// The table as CSV, header row first.
pub(crate) fn write(table: &Table) -> String {
    let mut out = String::new();
    let heads: Vec<String> = table.headers.iter().map(|h| field(h)).collect();
    out.push_str(&heads.join(","));
    out.push_str("\r\n");
    for row in &table.rows {
        let cells: Vec<String> = row.iter().map(cell).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

fn cell(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(text) => field(&guard(text)),
        Cell::Phone(phone) => field(phone),
        Cell::Number(n) => n.to_string(),
    }
}

/// `text` with a leading `'` when a spreadsheet would read it as a formula.
fn guard(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// One field, quoted when it must be.
fn field(text: &str) -> String {
    if text.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_guards() {
        let table = Table {
            name: "t",
            headers: vec!["a".into(), "b".into()],
            rows: vec![vec![
                Cell::Text("=1+2, \"x\"".into()),
                Cell::Phone("+46705513842".into()),
            ]],
        };
        assert_eq!(
            write(&table),
            "a,b\r\n\"'=1+2, \"\"x\"\"\",+46705513842\r\n"
        );
    }
}
