//! A table as the spreadsheet printers take it: a sheet name, column heads and typed cells.
//!
//! The type of a cell decides how it is written: text may come from plan files and is guarded
//! against formula injection in CSV; phone numbers are validated E.164 (`+` and digits) and are
//! written as they are, and as text in xlsx so that the `+` survives; numbers are numbers.

/// One cell.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Cell {
    /// Nothing.
    Empty,
    /// Free text (possibly from plan files).
    Text(String),
    /// An E.164 phone number, validated on load.
    Phone(String),
    /// A number.
    Number(f64),
}

impl Cell {
    /// Text, or empty when `text` is blank.
    pub(crate) fn text(text: impl Into<String>) -> Cell {
        let text = text.into();
        if text.trim().is_empty() {
            Cell::Empty
        } else {
            Cell::Text(text.trim().to_owned())
        }
    }

    /// Optional text.
    pub(crate) fn opt(text: Option<impl Into<String>>) -> Cell {
        text.map_or(Cell::Empty, Cell::text)
    }
}

/// A table: one sheet of a workbook, or one CSV file.
#[derive(Clone, Debug)]
pub(crate) struct Table {
    /// Sheet name (at most 31 characters, no `[]:*?/\`).
    pub(crate) name: &'static str,
    /// Column heads.
    pub(crate) headers: Vec<String>,
    /// Rows, each as long as `headers`.
    pub(crate) rows: Vec<Vec<Cell>>,
}
